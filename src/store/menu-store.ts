import { fromCents } from '../money';
import type { MenuItem } from '../schemas/menu';
import type { Db } from './database';

interface MenuRow {
  id: string;
  name: string;
  description: string;
  category: MenuItem['category'];
  price_cents: number;
  prep_minutes: number;
  allergens: string;
  available: number;
}

function toMenuItem(row: MenuRow): MenuItem {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    category: row.category,
    price: fromCents(row.price_cents),
    prepMinutes: row.prep_minutes,
    allergens: JSON.parse(row.allergens) as MenuItem['allergens'],
    available: row.available === 1,
  };
}

/**
 * The menu, read once: nothing changes it while the app runs (migrations seed it), and it is on
 * the hottest read path, so it is served from memory.
 */
export class MenuStore {
  private readonly items: readonly MenuItem[];
  private readonly byId: ReadonlyMap<string, MenuItem>;

  constructor(db: Db) {
    const rows = db.prepare<[], MenuRow>('SELECT * FROM menu_items ORDER BY position').all();
    this.items = Object.freeze(rows.map((row) => Object.freeze(toMenuItem(row))));
    this.byId = new Map(this.items.map((item) => [item.id, item]));
  }

  list(category?: string): MenuItem[] {
    return category === undefined ? [...this.items] : this.items.filter((item) => item.category === category);
  }

  get(id: string): MenuItem | undefined {
    return this.byId.get(id);
  }
}
