import { orderBody } from './helpers/factories';
import { startTestApp, type TestApp } from './helpers/test-app';

describe('orders', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TAX_RATE: '0.0875' });
  });

  test('when an order is placed, then it is priced exactly in cents and waits for payment', async () => {
    const res = await t.http
      .post('/api/orders')
      .send(
        orderBody({
          items: [
            { menuItemId: 'sparkling-water', quantity: 3 }, // 3 × 3.99
            { menuItemId: 'calamari', quantity: 1 }, // 12.75
            { menuItemId: 'chicken-parmesan', quantity: 1, notes: 'extra sauce' }, // 19.95
          ],
        }),
      )
      .expect(201);
    const order = res.body;
    expect(order.id).toMatch(/^ord_[0-9a-f]{24}$/);
    expect(order.status).toBe('pending_payment');
    expect(order.items.map((line: { lineTotal: number }) => line.lineTotal)).toEqual([11.97, 12.75, 19.95]);
    expect(order.subtotal).toBe(44.67);
    expect(order.tax).toBe(3.91); // 44.67 × 8.75% = 3.9086, half-up to the cent
    expect(order.total).toBe(48.58);
    expect(order.currency).toBe('USD');
    expect(order.items[2]).toMatchObject({
      name: 'Chicken Parmesan',
      unitPrice: 19.95,
      quantity: 1,
      notes: 'extra sauce',
    });
    expect(order).toMatchObject({ type: 'dine_in', tableNumber: 7, customer: { name: 'Ada Lovelace' } });
    expect(Date.parse(order.createdAt)).not.toBeNaN();
  });

  test('when the body omits the type, then the order is dine-in', async () => {
    const { type: _type, tableNumber: _table, ...body } = orderBody();
    const res = await t.http.post('/api/orders').send(body).expect(201);
    expect(res.body).toMatchObject({ type: 'dine_in', tableNumber: null });
  });

  test.each([
    ['zero quantity', { items: [{ menuItemId: 'margherita', quantity: 0 }] }, 'items.0.quantity'],
    ['quantity over 20', { items: [{ menuItemId: 'margherita', quantity: 21 }] }, 'items.0.quantity'],
    ['fractional quantity', { items: [{ menuItemId: 'margherita', quantity: 1.5 }] }, 'items.0.quantity'],
    ['quantity as a string', { items: [{ menuItemId: 'margherita', quantity: '2' }] }, 'items.0.quantity'],
    ['no items', { items: [] }, 'items'],
    ['bad email', { customer: { name: 'A', email: 'not-an-email' } }, 'customer.email'],
    ['unknown type', { type: 'drive_through' }, 'type'],
    ['unknown field', { coupon: 'FREE' }, 'coupon'],
  ])('when the body has %s, then 400 names the field', async (_case, overrides, field) => {
    const res = await t.http.post('/api/orders').send(orderBody(overrides)).expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ location: 'body', field })]),
    );
  });

  test('when an item is unknown, then 422 points at it', async () => {
    const res = await t.http
      .post('/api/orders')
      .send(
        orderBody({
          items: [
            { menuItemId: 'margherita', quantity: 1 },
            { menuItemId: 'unicorn-steak', quantity: 1 },
          ],
        }),
      )
      .expect(422);
    expect(res.body).toMatchObject({ code: 'unknown_menu_item' });
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'items.1.menuItemId' })]);
  });

  test('when an item is unavailable, then 422', async () => {
    const res = await t.http
      .post('/api/orders')
      .send(orderBody({ items: [{ menuItemId: 'truffle-tagliatelle', quantity: 1 }] }))
      .expect(422);
    expect(res.body.code).toBe('menu_item_unavailable');
  });

  test('when orders are listed, then the newest come first, filtered by status and limited', async () => {
    const first = (await t.http.post('/api/orders').send(orderBody()).expect(201)).body;
    const second = (await t.http.post('/api/orders').send(orderBody()).expect(201)).body;
    await t.http.post(`/api/orders/${first.id}/cancel`).expect(200);

    const recent = await t.http.get('/api/orders?limit=2').expect(200);
    expect(recent.body.map((o: { id: string }) => o.id)).toEqual([second.id, first.id]);
    const cancelled = await t.http.get('/api/orders?status=cancelled').expect(200);
    expect(cancelled.body.map((o: { id: string }) => o.id)).toContain(first.id);
    expect(cancelled.body.every((o: { status: string }) => o.status === 'cancelled')).toBe(true);

    await t.http.get('/api/orders?status=lost').expect(400);
    await t.http.get('/api/orders?limit=0').expect(400);
    await t.http.get('/api/orders?limit=101').expect(400);
  });

  test('when an order is fetched, then it is returned; an unknown id is 404', async () => {
    const order = (await t.http.post('/api/orders').send(orderBody()).expect(201)).body;
    expect((await t.http.get(`/api/orders/${order.id}`).expect(200)).body).toEqual(order);
    await t.http.get('/api/orders/ord_000000000000000000000000').expect(404);
  });

  test('when an unpaid order is cancelled twice, then both calls return the cancelled order', async () => {
    const order = (await t.http.post('/api/orders').send(orderBody()).expect(201)).body;
    const once = await t.http.post(`/api/orders/${order.id}/cancel`).expect(200);
    expect(once.body.status).toBe('cancelled');
    expect(once.body.cancelledAt).not.toBeNull();
    const twice = await t.http.post(`/api/orders/${order.id}/cancel`).expect(200);
    expect(twice.body.cancelledAt).toBe(once.body.cancelledAt);
    await t.http.post('/api/orders/ord_000000000000000000000000/cancel').expect(404);
  });
});
