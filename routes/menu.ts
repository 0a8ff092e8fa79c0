import type { Domain } from '../src/domain';
import { type Api, ok } from '../src/http/api';
import { problem } from '../src/schemas/common';
import { menuItem, menuItemParams, menuQuery } from '../src/schemas/menu';

export function registerMenuRoutes(api: Api, { menu }: Domain): void {
  api.add(
    {
      method: 'get',
      path: '/api/menu',
      operationId: 'listMenu',
      summary: 'List the menu, optionally one category',
      tag: 'menu',
      query: menuQuery,
      responses: { 200: { description: 'Menu items in menu order', schema: menuItem.array() } },
    },
    async ({ query }) => ok(await menu.list(query.category)),
  );

  api.add(
    {
      method: 'get',
      path: '/api/menu/:id',
      operationId: 'getMenuItem',
      summary: 'Get one menu item',
      tag: 'menu',
      params: menuItemParams,
      responses: {
        200: { description: 'The menu item', schema: menuItem },
        404: { description: 'No such item', schema: problem },
      },
    },
    async ({ params }) => ok(await menu.get(params.id)),
  );
}
