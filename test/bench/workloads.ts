import type autocannon from 'autocannon';
import { orderBody } from '../helpers/factories';

/** What the benchmarks send: the menu, an order (one transaction), and a journey's mix. */
export type Workload = 'menu' | 'orders' | 'mixed';

const ORDER = JSON.stringify(orderBody());
const JSON_HEADERS = { 'content-type': 'application/json' };

export function requestsFor(workload: Workload): autocannon.Request[] {
  if (workload === 'menu') return [{ method: 'GET', path: '/api/menu' }];
  if (workload === 'orders')
    return [{ method: 'POST', path: '/api/orders', headers: JSON_HEADERS, body: ORDER }];
  // A journey's mix: browse, look at an item, tell the app, order.
  return [
    { method: 'GET', path: '/api/menu' },
    { method: 'GET', path: '/api/menu/margherita' },
    {
      method: 'POST',
      path: '/api/events',
      headers: JSON_HEADERS,
      body: JSON.stringify({ event: 'CART_ADD', properties: { menuItemId: 'margherita' } }),
    },
    { method: 'POST', path: '/api/orders', headers: JSON_HEADERS, body: ORDER },
  ];
}
