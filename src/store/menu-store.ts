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
    allergens: Object.freeze(JSON.parse(row.allergens)) as MenuItem['allergens'],
    available: row.available === 1,
  };
}

const NONE: readonly MenuItem[] = Object.freeze([]);

/**
 * The menu, read once: nothing changes it while the app runs (migrations seed it), and it is on
 * the hottest read path, so it is served from memory, deeply frozen (the API serializes a frozen
 * body once).
 */
export class MenuStore {
  private readonly items: readonly MenuItem[];
  private readonly byId: ReadonlyMap<string, MenuItem>;
  private readonly byCategory: ReadonlyMap<string, readonly MenuItem[]>;

  constructor(db: Db) {
    const rows = db.prepare<[], MenuRow>('SELECT * FROM menu_items ORDER BY position').all();
    this.items = Object.freeze(rows.map((row) => Object.freeze(toMenuItem(row))));
    this.byId = new Map(this.items.map((item) => [item.id, item]));
    const categories = new Set(this.items.map((item) => item.category));
    this.byCategory = new Map(
      [...categories].map((category) => [
        category,
        Object.freeze(this.items.filter((item) => item.category === category)),
      ]),
    );
  }

  list(category?: string): readonly MenuItem[] {
    if (category === undefined) return this.items;
    return this.byCategory.get(category) ?? NONE;
  }

  get(id: string): MenuItem | undefined {
    return this.byId.get(id);
  }
}
