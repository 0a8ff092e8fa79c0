import type { Random } from '../chance';
import type { Clock } from '../clock';
import type { MenuItem } from '../schemas/menu';
import type { Order } from '../schemas/orders';
import type { JourneyKind } from '../schemas/traffic';
import type { VirtualUserClient } from './client';
import type { JourneyOutcome } from './stats';

/** What a journey's steps can use: the user's client, randomness, think time, and named steps. */
export interface JourneyContext {
  client: VirtualUserClient;
  random: Random;
  clock: Clock;
  /** Waits like a person reading, between `min` and `max` seconds (scaled by the settings). */
  think(minSeconds: number, maxSeconds: number): Promise<void>;
  /** Runs one step of the journey, in a span of its own. */
  step<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

export interface Journey {
  kind: JourneyKind;
  weight: number;
  run(ctx: JourneyContext): Promise<JourneyOutcome>;
}

const GOOD_CARD = '4242424242424242';
const NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Donald', 'Margaret', 'Ken', 'Radia', 'Linus'];

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function between(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

function customer(ctx: JourneyContext) {
  const name = pick(ctx.random, NAMES);
  // example.com never receives mail; the number makes sessions tell apart in the data.
  return { name, email: `${name.toLowerCase()}.${between(ctx.random, 1, 9999)}@example.com` };
}

async function browseMenu(ctx: JourneyContext): Promise<MenuItem[]> {
  return ctx.step('browse_menu', async () => {
    await ctx.client.event('page_view', { page: '/' });
    const menu = await ctx.client.get<MenuItem[]>('/api/menu');
    await ctx.client.event('menu_viewed', { items: menu.body.length });
    return menu.body.filter((item) => item.available);
  });
}

async function viewItem(ctx: JourneyContext, item: MenuItem): Promise<void> {
  await ctx.step('view_item', async () => {
    await ctx.client.get(`/api/menu/${item.id}`);
    await ctx.client.event('item_viewed', { menuItemId: item.id, category: item.category });
  });
}

async function addToCart(ctx: JourneyContext, cart: Map<string, number>, item: MenuItem, quantity = 1) {
  await ctx.client.event('CART_ADD', { menuItemId: item.id, quantity, price: item.price });
  // The API takes at most 20 of one item per line.
  cart.set(item.id, Math.min(20, (cart.get(item.id) ?? 0) + quantity));
}

/** Checkout: places the order and pays it; a declined card is tried once more with another. */
async function checkout(
  ctx: JourneyContext,
  cart: Map<string, number>,
  extra: { type?: Order['type']; tableNumber?: number } = {},
): Promise<JourneyOutcome> {
  const order = await ctx.step('place_order', async () => {
    await ctx.client.event('checkout_started', { lines: cart.size });
    const res = await ctx.client.post<Order>('/api/orders', {
      customer: customer(ctx),
      items: [...cart.entries()].map(([menuItemId, quantity]) => ({ menuItemId, quantity })),
      ...extra,
    });
    return res.status === 201 ? res.body : undefined;
  });
  if (!order) return 'failed';
  await ctx.think(2, 6);
  for (let attempt = 0; attempt < 2; attempt++) {
    const status = await ctx.step('pay', async () => {
      await ctx.client.event('payment_initiated', { orderId: order.id, amount: order.total });
      const method = ctx.random() < 0.8 ? 'card' : 'wallet';
      const res = await ctx.client.post(
        '/api/payments',
        {
          orderId: order.id,
          method,
          amount: order.total,
          ...(method === 'card'
            ? { card: { number: GOOD_CARD, expMonth: 12, expYear: 2035, cvc: '123' } }
            : {}),
        },
        { 'Idempotency-Key': `${order.id}-${attempt}` },
      );
      return res.status;
    });
    if (status === 201) {
      await ctx.client.event('order_placed', { orderId: order.id, total: order.total });
      return 'completed';
    }
    if (status !== 402) return 'failed';
    await ctx.think(3, 8);
  }
  await ctx.client.event('journey_abandoned', { reason: 'payment_declined' });
  return 'abandoned';
}

async function reserve(ctx: JourneyContext, partySize: number): Promise<string | undefined> {
  return ctx.step('reserve_table', async () => {
    await ctx.client.event('reservation_started', { partySize });
    for (let attempt = 0; attempt < 3; attempt++) {
      const at = new Date(ctx.clock.now().getTime() + between(ctx.random, 1, 14) * 86_400_000);
      at.setUTCHours(between(ctx.random, 11, 21), pick(ctx.random, [0, 15, 30, 45]), 0, 0);
      const res = await ctx.client.post<{ id: string }>('/api/reservations', {
        ...customer(ctx),
        partySize,
        time: at.toISOString(),
      });
      if (res.status === 201) {
        await ctx.client.event('reservation_completed', { reservationId: res.body.id, partySize });
        return res.body.id;
      }
      if (res.status !== 409) return undefined;
    }
    return undefined;
  });
}

export const journeys: readonly Journey[] = [
  {
    kind: 'quick_buyer',
    weight: 30,
    async run(ctx) {
      const menu = await browseMenu(ctx);
      await ctx.think(1, 4);
      const cart = new Map<string, number>();
      for (let i = between(ctx.random, 1, 3); i > 0; i--) await addToCart(ctx, cart, pick(ctx.random, menu));
      return checkout(ctx, cart, { type: pick(ctx.random, ['takeout', 'delivery', 'dine_in'] as const) });
    },
  },
  {
    kind: 'browser',
    weight: 25,
    async run(ctx) {
      const menu = await browseMenu(ctx);
      await ctx.think(2, 8);
      if (ctx.random() < 0.5) await viewItem(ctx, pick(ctx.random, menu));
      await ctx.client.event('journey_abandoned', { reason: 'bounced' });
      return 'abandoned';
    },
  },
  {
    kind: 'researcher',
    weight: 10,
    async run(ctx) {
      const menu = await browseMenu(ctx);
      for (let i = between(ctx.random, 4, 8); i > 0; i--) {
        await viewItem(ctx, pick(ctx.random, menu));
        await ctx.think(2, 6);
      }
      if (ctx.random() < 0.3) {
        const cart = new Map<string, number>();
        await addToCart(ctx, cart, pick(ctx.random, menu));
        return checkout(ctx, cart, { type: 'takeout' });
      }
      await ctx.client.event('journey_abandoned', { reason: 'still_deciding' });
      return 'abandoned';
    },
  },
  {
    kind: 'reservation_maker',
    weight: 12,
    async run(ctx) {
      await ctx.client.event('page_view', { page: '/reservations' });
      await ctx.think(1, 5);
      const reservationId = await reserve(ctx, between(ctx.random, 1, 6));
      if (!reservationId) return 'failed';
      if (ctx.random() < 0.1) {
        await ctx.think(2, 6);
        await ctx.step('cancel_reservation', () => ctx.client.delete(`/api/reservations/${reservationId}`));
      }
      return 'completed';
    },
  },
  {
    kind: 'indecisive_shopper',
    weight: 10,
    async run(ctx) {
      const menu = await browseMenu(ctx);
      const cart = new Map<string, number>();
      for (let i = between(ctx.random, 3, 6); i > 0; i--) {
        const item = pick(ctx.random, menu);
        await addToCart(ctx, cart, item);
        await ctx.think(1, 4);
        if (ctx.random() < 0.4 && cart.has(item.id)) {
          await ctx.client.event('CART_REMOVE', { menuItemId: item.id });
          cart.delete(item.id);
        }
      }
      if (cart.size === 0 || ctx.random() < 0.5) {
        await ctx.client.event('journey_abandoned', { reason: 'changed_mind', cartLines: cart.size });
        return 'abandoned';
      }
      return checkout(ctx, cart, { type: 'takeout' });
    },
  },
  {
    kind: 'full_evening',
    weight: 8,
    async run(ctx) {
      const partySize = between(ctx.random, 2, 6);
      const reservationId = await reserve(ctx, partySize);
      if (!reservationId) return 'failed';
      await ctx.think(3, 10);
      const menu = await browseMenu(ctx);
      const cart = new Map<string, number>();
      for (let i = 0; i < partySize; i++) await addToCart(ctx, cart, pick(ctx.random, menu));
      return checkout(ctx, cart, { type: 'dine_in', tableNumber: between(ctx.random, 1, 30) });
    },
  },
  {
    kind: 'group_order',
    weight: 5,
    async run(ctx) {
      const menu = await browseMenu(ctx);
      const cart = new Map<string, number>();
      const people = between(ctx.random, 6, 12);
      for (let i = 0; i < people; i++)
        await addToCart(ctx, cart, pick(ctx.random, menu), between(ctx.random, 1, 2));
      await ctx.think(5, 15);
      return checkout(ctx, cart, { type: 'delivery' });
    },
  },
];
