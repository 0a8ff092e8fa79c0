import type { Order } from '../../src/schemas/orders';

/** Request bodies for tests: valid by default, any field overridable. */

export function orderBody(overrides: Record<string, unknown> = {}) {
  return {
    customer: { name: 'Ada Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0000' },
    items: [
      { menuItemId: 'margherita', quantity: 2 },
      { menuItemId: 'espresso', quantity: 1, notes: 'no sugar' },
    ],
    type: 'dine_in',
    tableNumber: 7,
    ...overrides,
  };
}

export const GOOD_CARD = '4242424242424242';
export const DECLINING_CARD = '4000000000000002';

export function cardPayment(order: Pick<Order, 'id' | 'total'>, overrides: Record<string, unknown> = {}) {
  return {
    orderId: order.id,
    method: 'card',
    amount: order.total,
    card: { number: GOOD_CARD, expMonth: 12, expYear: new Date().getUTCFullYear() + 3, cvc: '123' },
    ...overrides,
  };
}

export function reservationBody(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Grace Hopper',
    email: 'grace@example.com',
    partySize: 4,
    time: hoursFromNow(48),
    ...overrides,
  };
}

/** An ISO time on a whole hour, `hours` from now: reservations made in one test line up. */
export function hoursFromNow(hours: number): string {
  const at = new Date(Date.now() + hours * 3_600_000);
  at.setUTCMinutes(0, 0, 0);
  return at.toISOString();
}
