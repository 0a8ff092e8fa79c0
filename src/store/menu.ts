import type { MenuItem } from '../schemas/menu';
import { type MenuRow, toMenuItem } from './rows';
import type { MenuTable } from './tables';

const NONE: readonly MenuItem[] = Object.freeze([]);

/**
 * The menu, read once: nothing changes it while the app runs (migrations seed it), and it is on
 * the hottest read path, so it is served from memory, deeply frozen (the API serializes a frozen
 * body once), without waiting for the database.
 */
export class Menu implements MenuTable {
  private readonly items: readonly MenuItem[];
  private readonly byId: ReadonlyMap<string, MenuItem>;
  private readonly byCategory: ReadonlyMap<string, readonly MenuItem[]>;

  /** `rows` in menu order. */
  constructor(rows: readonly MenuRow[]) {
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

  async list(category?: string): Promise<readonly MenuItem[]> {
    if (category === undefined) return this.items;
    return this.byCategory.get(category) ?? NONE;
  }

  async get(id: string): Promise<MenuItem | undefined> {
    return this.byId.get(id);
  }
}
