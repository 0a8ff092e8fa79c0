import { notFound } from '../errors';
import type { MenuItem } from '../schemas/menu';
import type { Store } from '../store';

export class MenuService {
  constructor(private readonly store: Store) {}

  list(category?: string): Promise<readonly MenuItem[]> {
    return this.store.menu.list(category);
  }

  async get(id: string): Promise<MenuItem> {
    const item = await this.store.menu.get(id);
    if (!item) throw notFound('Menu item', id);
    return item;
  }
}
