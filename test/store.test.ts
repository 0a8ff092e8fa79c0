import { ON_POSTGRES, openTestStore } from './helpers/database';
import { tempDir } from './helpers/test-app';

const newOrder = (id: string) => ({
  id,
  type: 'takeout' as const,
  tableNumber: null,
  customer: { name: 'Ada', email: 'ada@example.com', phone: null },
  lines: [
    {
      menuItemId: 'margherita',
      name: 'Margherita',
      unitPrice: 1350,
      quantity: 1,
      prepMinutes: 12,
      notes: null,
    },
  ],
  subtotal: 1350,
  tax: 118,
  total: 1468,
  currency: 'USD',
  createdAt: new Date().toISOString(),
  origin: undefined,
});

describe('the store', () => {
  test('when a transaction waits between its statements, then no other request sees half of it, and it sees its own writes', async () => {
    const store = await openTestStore(tempDir('data'));
    const seen: string[] = [];
    let release: () => void = () => {};
    const paused = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inserted: () => void = () => {};
    const insertedOnce = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    const transaction = store.transaction(async (tx) => {
      await tx.orders.insert(newOrder('ord_inside'));
      seen.push('inserted');
      inserted();
      await paused;
      seen.push(`inside sees ${(await tx.orders.get('ord_inside'))?.id}`);
    });
    await insertedOnce;
    // Another request's read: on SQLite it waits for the turn (one connection); on PostgreSQL it
    // answers at once from what is committed. Either way it never sees the uncommitted order.
    const outside = store.orders.get('ord_inside').then((order) => {
      seen.push(`outside sees ${order?.id}`);
      return order;
    });
    if (ON_POSTGRES) expect(await outside).toBeUndefined();
    release();
    await transaction;
    await outside;
    expect(seen).toEqual(
      ON_POSTGRES
        ? ['inserted', 'outside sees undefined', 'inside sees ord_inside']
        : ['inserted', 'inside sees ord_inside', 'outside sees ord_inside'],
    );
    expect((await store.orders.get('ord_inside'))?.id).toBe('ord_inside');
    await store.close();
  });

  test('when a transaction fails, then its writes are rolled back and the next statement runs', async () => {
    const store = await openTestStore(tempDir('data'));
    await expect(
      store.transaction(async (tx) => {
        await tx.orders.insert(newOrder('ord_rolled_back'));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await store.orders.get('ord_rolled_back')).toBeUndefined();
    await store.close();
  });

  test('when code inside a transaction uses the store instead of its tables, then it is told, not left waiting forever', async () => {
    const store = await openTestStore(tempDir('data'));
    await expect(store.transaction(() => store.orders.get('ord_x'))).rejects.toThrow(
      'inside a transaction, use the tables it hands you (tx)',
    );
    expect(await store.orders.get('ord_x')).toBeUndefined();
    await store.close();
  });
});
