import { ABANDONED_AFTER_MS } from '../src/domain/payments';
import { toCents } from '../src/money';
import { cardPayment, DECLINING_CARD, GOOD_CARD, orderBody } from './helpers/factories';
import { readJsonLines } from './helpers/logs';
import { eventually, startTestApp, type TestApp, tempDir } from './helpers/test-app';

describe('payments', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });

  /** Paid orders go straight to the kitchen, so "paid" may already read "preparing". */
  async function expectPaid(orderId: string) {
    const order = (await t.http.get(`/api/orders/${orderId}`).expect(200)).body;
    expect(['paid', 'preparing']).toContain(order.status);
    expect(order.paidAt).not.toBeNull();
  }

  async function newOrder() {
    return (await t.http.post('/api/orders').send(orderBody()).expect(201)).body;
  }

  test('when a card pays the exact total, then 201 authorized, the order is paid, and only brand and last4 are kept', async () => {
    const order = await newOrder();
    const res = await t.http.post('/api/payments').send(cardPayment(order)).expect(201);
    expect(res.body).toMatchObject({
      orderId: order.id,
      status: 'authorized',
      method: 'card',
      amount: order.total,
      currency: 'USD',
      card: { brand: 'visa', last4: '4242' },
      declineReason: null,
    });
    expect(JSON.stringify(res.body)).not.toContain(GOOD_CARD);
    expect(JSON.stringify(res.body)).not.toContain('"123"');
    await expectPaid(order.id);
    expect((await t.http.get(`/api/payments/${res.body.id}`).expect(200)).body).toEqual(res.body);
  });

  test('when cash or a wallet pays, then no card is needed', async () => {
    const cash = await newOrder();
    await t.http
      .post('/api/payments')
      .send({ orderId: cash.id, method: 'cash', amount: cash.total })
      .expect(201);
    const wallet = await newOrder();
    const res = await t.http
      .post('/api/payments')
      .send({ orderId: wallet.id, method: 'wallet', amount: wallet.total })
      .expect(201);
    expect(res.body.card).toBeNull();
  });

  test('when the amount differs from the total by a cent, then 422 and nothing is charged', async () => {
    const order = await newOrder();
    const res = await t.http
      .post('/api/payments')
      .send(cardPayment(order, { amount: Math.round(order.total * 100 - 1) / 100 }))
      .expect(422);
    expect(res.body).toMatchObject({ code: 'amount_mismatch' });
    expect((await t.http.get(`/api/orders/${order.id}`)).body.status).toBe('pending_payment');
  });

  test('when the amount has three decimals, then 400', async () => {
    const order = await newOrder();
    const res = await t.http
      .post('/api/payments')
      .send(cardPayment(order, { amount: 10.005 }))
      .expect(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'amount' })]);
  });

  test('when the order is already paid, then 409', async () => {
    const order = await newOrder();
    await t.http.post('/api/payments').send(cardPayment(order)).expect(201);
    const res = await t.http.post('/api/payments').send(cardPayment(order)).expect(409);
    expect(res.body.code).toBe('order_already_paid');
  });

  test('when the order does not exist, then 404', async () => {
    await t.http
      .post('/api/payments')
      .send(cardPayment({ id: 'ord_000000000000000000000000', total: 10 }))
      .expect(404);
  });

  test('when the card is missing, fails the Luhn check or is sent with cash, then 4xx names the field', async () => {
    const order = await newOrder();
    const missing = await t.http
      .post('/api/payments')
      .send({ orderId: order.id, method: 'card', amount: order.total });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'card' })]);

    const luhn = await t.http
      .post('/api/payments')
      .send(
        cardPayment(order, { card: { number: '4242424242424241', expMonth: 1, expYear: 2099, cvc: '123' } }),
      );
    expect(luhn.status).toBe(422);
    expect(luhn.body.code).toBe('invalid_card');

    const cashWithCard = await t.http.post('/api/payments').send(cardPayment(order, { method: 'cash' }));
    expect(cashWithCard.status).toBe(400);
  });

  test('when a test card declines, then 402 carries paymentId and declineReason, and another card can pay', async () => {
    const order = await newOrder();
    const declined = await t.http
      .post('/api/payments')
      .send(cardPayment(order, { card: { number: DECLINING_CARD, expMonth: 1, expYear: 2099, cvc: '123' } }))
      .expect(402)
      .expect('content-type', /application\/problem\+json/);
    expect(declined.body).toMatchObject({ code: 'payment_declined', declineReason: 'do_not_honor' });
    expect(declined.body.paymentId).toMatch(/^pay_/);
    const payment = (await t.http.get(`/api/payments/${declined.body.paymentId}`).expect(200)).body;
    expect(payment).toMatchObject({
      status: 'declined',
      declineReason: 'do_not_honor',
      card: { last4: '0002' },
    });
    expect((await t.http.get(`/api/orders/${order.id}`)).body.status).toBe('payment_failed');

    await t.http.post('/api/payments').send(cardPayment(order)).expect(201);
    await expectPaid(order.id);
  });

  test('when an expired card is used, then the gateway declines it as expired_card', async () => {
    const order = await newOrder();
    const res = await t.http
      .post('/api/payments')
      .send(cardPayment(order, { card: { number: GOOD_CARD, expMonth: 1, expYear: 2020, cvc: '123' } }))
      .expect(402);
    expect(res.body.declineReason).toBe('expired_card');
  });

  describe('Idempotency-Key', () => {
    test('when a request is retried with the same key and body, then the same response comes back and nothing is charged twice', async () => {
      const order = await newOrder();
      const first = await t.http
        .post('/api/payments')
        .set('Idempotency-Key', 'retry-1')
        .send(cardPayment(order))
        .expect(201);
      const retry = await t.http
        .post('/api/payments')
        .set('Idempotency-Key', 'retry-1')
        .send(cardPayment(order))
        .expect(201);
      expect(retry.body).toEqual(first.body);
      expect(retry.headers['idempotent-replayed']).toBe('true');
      // A new key is a new request, and the order is already paid.
      await t.http
        .post('/api/payments')
        .set('Idempotency-Key', 'retry-2')
        .send(cardPayment(order))
        .expect(409);
    });

    test('when a declined request is retried with its key, then the same 402 is replayed', async () => {
      const order = await newOrder();
      const body = cardPayment(order, {
        card: { number: DECLINING_CARD, expMonth: 1, expYear: 2099, cvc: '123' },
      });
      const first = await t.http
        .post('/api/payments')
        .set('Idempotency-Key', 'decline-1')
        .send(body)
        .expect(402);
      const retry = await t.http
        .post('/api/payments')
        .set('Idempotency-Key', 'decline-1')
        .send(body)
        .expect(402);
      expect(retry.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(retry.body).toEqual(first.body);
    });

    test('when a key is reused with another body, then 422', async () => {
      const order = await newOrder();
      await t.http
        .post('/api/payments')
        .set('Idempotency-Key', 'reuse-1')
        .send(cardPayment(order))
        .expect(201);
      const other = await newOrder();
      const res = await t.http
        .post('/api/payments')
        .set('Idempotency-Key', 'reuse-1')
        .send(cardPayment(other))
        .expect(422);
      expect(res.body.code).toBe('idempotency_key_reused');
      expect((await t.http.get(`/api/orders/${other.id}`)).body.status).toBe('pending_payment');
    });

    test('when the key is not a safe token, then 400', async () => {
      const order = await newOrder();
      const res = await t.http
        .post('/api/payments')
        .set('Idempotency-Key', 'bad key!')
        .send(cardPayment(order))
        .expect(400);
      expect(res.body.errors).toEqual([
        expect.objectContaining({ location: 'header', field: 'Idempotency-Key' }),
      ]);
    });
  });
});

describe('payments racing for one order', () => {
  let t: TestApp;
  beforeAll(async () => {
    // A slow gateway keeps the first payment in flight while the others arrive.
    t = await startTestApp({ PAYMENT_LATENCY_MS: '150' });
  });

  test('when several payments for one order arrive at once, then exactly one is authorized', async () => {
    const order = (await t.http.post('/api/orders').send(orderBody()).expect(201)).body;
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        t.http.post('/api/payments').set('Idempotency-Key', `race-${i}`).send(cardPayment(order)),
      ),
    );
    const statuses = results.map((res) => res.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409]);
    expect(
      results.filter((res) => res.status === 409).every((res) => res.body.code === 'payment_in_progress'),
    ).toBe(true);
  });

  test('when the same key is sent twice at once, then the second is told the first is in progress', async () => {
    const order = (await t.http.post('/api/orders').send(orderBody()).expect(201)).body;
    const [a, b] = await Promise.all([
      t.http.post('/api/payments').set('Idempotency-Key', 'twin').send(cardPayment(order)),
      t.http.post('/api/payments').set('Idempotency-Key', 'twin').send(cardPayment(order)),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const replay = await eventually(async () => {
      const res = await t.http.post('/api/payments').set('Idempotency-Key', 'twin').send(cardPayment(order));
      return res.status === 201 ? res : undefined;
    });
    expect(replay.body.id).toBe([a, b].find((res) => res.status === 201)?.body.id);
  });
});

describe('a payment left in flight by a process that died', () => {
  test('when it has been in flight longer than any gateway call, then it is declined when the app next looks (at start, then every minute) and its order can be paid again', async () => {
    const dirs = { logDir: tempDir('logs'), dataDir: tempDir('data') };
    const first = await startTestApp({}, {}, dirs);
    const order = (await first.http.post('/api/orders').send(orderBody()).expect(201)).body;
    // What a replica killed while the gateway had the payment leaves behind.
    const recorded = await first.runtime.store.payments.insertInFlight({
      id: 'pay_left_in_flight',
      orderId: order.id,
      method: 'card',
      amount: toCents(order.total),
      currency: order.currency,
      card: { brand: 'visa', last4: '4242' },
      createdAt: new Date().toISOString(),
    });
    expect(recorded).toBe(true);
    await first.http.post('/api/payments').send(cardPayment(order)).expect(409);
    // Just started, it may still be a slow gateway: left alone.
    expect(await first.runtime.domain.payments.declineAbandoned()).toBe(0);
    await first.close();

    // The app starts again well past any gateway call: it declines the payment at start.
    const at = new Date(Date.now() + ABANDONED_AFTER_MS + 60_000);
    const later = await startTestApp({}, { clock: { now: () => at } }, dirs);
    const line = await eventually(() => {
      later.runtime.loggers.flushSync();
      return readJsonLines(dirs.logDir, 'app.log').find((l) => l.msg === 'payments left in flight declined');
    });
    expect(line).toMatchObject({ level: 'warn', declined: 1 });
    const declined = (await later.http.get('/api/payments/pay_left_in_flight').expect(200)).body;
    expect(declined).toMatchObject({ status: 'declined', declineReason: 'processing_error' });
    await later.http.post('/api/payments').send(cardPayment(order)).expect(201);
  });
});
