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

export class MenuStore {
  private readonly all;
  private readonly byCategory;
  private readonly byId;

  constructor(db: Db) {
    this.all = db.prepare<[], MenuRow>('SELECT * FROM menu_items ORDER BY position');
    this.byCategory = db.prepare<[string], MenuRow>(
      'SELECT * FROM menu_items WHERE category = ? ORDER BY position',
    );
    this.byId = db.prepare<[string], MenuRow>('SELECT * FROM menu_items WHERE id = ?');
  }

  list(category?: string): MenuItem[] {
    const rows = category === undefined ? this.all.all() : this.byCategory.all(category);
    return rows.map(toMenuItem);
  }

  get(id: string): MenuItem | undefined {
    const row = this.byId.get(id);
    return row && toMenuItem(row);
  }
}
