import fs from 'node:fs';
import path from 'node:path';
import { cardPayment, orderBody } from './helpers/factories';
import { eventually, nextEvent, startTestApp, tempDir } from './helpers/test-app';

describe('kitchen simulation', () => {
  test('when an order is paid, then the kitchen moves it through preparing and ready to completed', async () => {
    // 2 ms per simulated minute: a 10-minute pizza takes about 20 ms.
    const t = await startTestApp({ KITCHEN_MS_PER_MINUTE: '2', KITCHEN_HANDOFF_MINUTES: '1' });
    const order = (await t.http.post('/api/orders').send(orderBody()).expect(201)).body;
    const completed = nextEvent(t, 'order_completed', (e) => e.orderId === order.id);
    await t.http.post('/api/payments').send(cardPayment(order)).expect(201);
    await completed;
    const done = (await t.http.get(`/api/orders/${order.id}`)).body;
    expect(done.status).toBe('completed');
    const times = [done.createdAt, done.paidAt, done.kitchenStartedAt, done.readyAt, done.completedAt].map(
      Date.parse,
    );
    expect(times.every(Number.isFinite)).toBe(true);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  test('when the kitchen has started an order, then cancelling it is a 409', async () => {
    const t = await startTestApp();
    const order = (await t.http.post('/api/orders').send(orderBody()).expect(201)).body;
    const started = nextEvent(t, 'kitchen_started', (e) => e.orderId === order.id);
    await t.http.post('/api/payments').send(cardPayment(order)).expect(201);
    await started;
    expect((await t.http.get(`/api/orders/${order.id}`)).body.status).toBe('preparing');
    const res = await t.http.post(`/api/orders/${order.id}/cancel`).expect(409);
    expect(res.body.code).toBe('order_not_cancellable');
  });

  test('when the kitchen is full, then paid orders wait and a waiting order can still be cancelled and refunded', async () => {
    const t = await startTestApp({ KITCHEN_CAPACITY: '1' });
    const first = (await t.http.post('/api/orders').send(orderBody()).expect(201)).body;
    const second = (await t.http.post('/api/orders').send(orderBody()).expect(201)).body;
    await t.http.post('/api/payments').send(cardPayment(first)).expect(201);
    const payment = (await t.http.post('/api/payments').send(cardPayment(second)).expect(201)).body;
    expect((await t.http.get(`/api/orders/${first.id}`)).body.status).toBe('preparing');
    expect((await t.http.get(`/api/orders/${second.id}`)).body.status).toBe('paid');
    expect(t.runtime.domain.kitchen.queueDepth).toBe(1);

    const cancelled = await t.http.post(`/api/orders/${second.id}/cancel`).expect(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await t.http.get(`/api/payments/${payment.id}`)).body.status).toBe('refunded');
  });

  test('when the app restarts mid-service, then the kitchen resumes the orders it had', async () => {
    const dirs = { logDir: tempDir('logs'), dataDir: tempDir('data') };
    const slow = await startTestApp({}, {}, dirs);
    const order = (await slow.http.post('/api/orders').send(orderBody()).expect(201)).body;
    await slow.http.post('/api/payments').send(cardPayment(order)).expect(201);
    await slow.close();

    const fast = await startTestApp({ KITCHEN_MS_PER_MINUTE: '1', KITCHEN_HANDOFF_MINUTES: '0' }, {}, dirs);
    await nextEvent(fast, 'order_completed', (e) => e.orderId === order.id);
    expect((await fast.http.get(`/api/orders/${order.id}`)).body.status).toBe('completed');
  });

  test('when a kitchen step fails in the background, then it is logged to errors.log and the process carries on', async () => {
    const t = await startTestApp({ KITCHEN_MS_PER_MINUTE: '5' });
    const order = (await t.http.post('/api/orders').send(orderBody()).expect(201)).body;
    await t.http.post('/api/payments').send(cardPayment(order)).expect(201);
    await t.runtime.store.close(); // the next kitchen step finds the database gone
    try {
      const line = await eventually(() => {
        t.runtime.loggers.flushSync();
        const text = fs.readFileSync(path.join(t.dirs.logDir, 'errors.log'), 'utf8');
        return text.split('\n').find((l) => l.includes('kitchen step failed'));
      });
      expect(JSON.parse(line)).toMatchObject({ level: 'error', err: { message: expect.any(String) } });
    } finally {
      t.runtime.domain.kitchen.stop();
    }
  });
});
