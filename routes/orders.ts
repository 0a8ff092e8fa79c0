import type { Domain } from '../src/domain';
import { type Api, created, ok } from '../src/http/api';
import { problem } from '../src/schemas/common';
import { createOrderBody, listOrdersQuery, order, orderParams } from '../src/schemas/orders';

export function registerOrderRoutes(api: Api, { orders }: Domain): void {
  api.add(
    {
      method: 'post',
      path: '/api/orders',
      operationId: 'createOrder',
      summary: 'Place an order; it waits for payment',
      tag: 'orders',
      database: true,
      body: createOrderBody,
      responses: {
        201: { description: 'The order, priced with tax', schema: order },
        400: { description: 'Invalid fields', schema: problem },
        422: { description: 'An item is unknown or unavailable', schema: problem },
      },
    },
    async ({ body }) => created(await orders.create(body)),
  );

  api.add(
    {
      method: 'get',
      path: '/api/orders',
      operationId: 'listOrders',
      summary: 'List recent orders, newest first',
      tag: 'orders',
      database: true,
      query: listOrdersQuery,
      responses: { 200: { description: 'Orders', schema: order.array() } },
    },
    async ({ query }) => ok(await orders.list(query)),
  );

  api.add(
    {
      method: 'get',
      path: '/api/orders/:id',
      operationId: 'getOrder',
      summary: 'Get one order',
      tag: 'orders',
      database: true,
      params: orderParams,
      responses: {
        200: { description: 'The order', schema: order },
        404: { description: 'No such order', schema: problem },
      },
    },
    async ({ params }) => ok(await orders.get(params.id)),
  );

  api.add(
    {
      method: 'post',
      path: '/api/orders/:id/cancel',
      operationId: 'cancelOrder',
      summary: 'Cancel an order the kitchen has not started; a captured payment is refunded',
      tag: 'orders',
      database: true,
      params: orderParams,
      responses: {
        200: { description: 'The cancelled order', schema: order },
        404: { description: 'No such order', schema: problem },
        409: { description: 'The kitchen has started the order', schema: problem },
      },
    },
    async ({ params }) => ok(await orders.cancel(params.id)),
  );
}
