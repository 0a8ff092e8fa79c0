import { notFound } from '../errors';
import type { MenuItem } from '../schemas/menu';
import type { Store } from '../store';

export class MenuService {
  constructor(private readonly store: Store) {}

  list(category?: string): readonly MenuItem[] {
    return this.store.menu.list(category);
  }

  get(id: string): MenuItem {
    const item = this.store.menu.get(id);
    if (!item) throw notFound('Menu item', id);
    return item;
  }
}
