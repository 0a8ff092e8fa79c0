import { LOG_SCHEMA_VERSION } from '../loggers/schemas';
import { cardPayment, DECLINING_CARD, hoursFromNow, orderBody, reservationBody } from './helpers/factories';
import { JSON_LOG_FILES, parseAccessLine, readAllLines, readJsonLines } from './helpers/logs';
import { startTestApp, type TestApp } from './helpers/test-app';

const SESSION = 'sess-log-test';
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const TRACEPARENT = `00-${TRACE_ID}-b7ad6b7169203331-01`;
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

type Line = Record<string, unknown>;

/**
 * One app serves a known sequence of requests, each with a known X-Request-Id, X-Session-Id and
 * traceparent; then it is closed, which flushes every file, and the files are read.
 */
describe('the seven log files', () => {
  let t: TestApp;
  const responses: { requestId: string; status: number; method: string; path: string }[] = [];
  let orderId: string;
  let paymentId: string;
  let declinedPaymentId: string;
  let reservationId: string;
  const lines: Record<string, Line[]> = {};
  let access: ReturnType<typeof parseAccessLine>[] = [];

  async function call(method: 'get' | 'post' | 'delete', path: string, requestId: string, body?: object) {
    let req = t.http[method](path)
      .set('X-Request-Id', requestId)
      .set('X-Session-Id', SESSION)
      .set('traceparent', TRACEPARENT)
      .set('User-Agent', 'log-test/1.0')
      .set('Referer', 'http://localhost:8080/menu');
    if (body) req = req.send(body);
    const res = await req;
    responses.push({ requestId, status: res.status, method: method.toUpperCase(), path });
    return res;
  }

  beforeAll(async () => {
    t = await startTestApp({ SLOW_REQUEST_MS: '1', PAYMENT_LATENCY_MS: '20', LOG_LEVEL: 'info' });
    await call('get', '/api/menu', 'req-menu');
    const order = (await call('post', '/api/orders', 'req-order', orderBody())).body;
    orderId = order.id;
    paymentId = (await call('post', '/api/payments', 'req-pay', cardPayment(order))).body.id;
    const other = (await call('post', '/api/orders', 'req-order-2', orderBody())).body;
    const card = { number: DECLINING_CARD, expMonth: 1, expYear: 2099, cvc: '123' };
    declinedPaymentId = (await call('post', '/api/payments', 'req-decline', cardPayment(other, { card })))
      .body.paymentId;
    await call('post', `/api/orders/${other.id}/cancel`, 'req-cancel');
    reservationId = (
      await call('post', '/api/reservations', 'req-reserve', reservationBody({ time: hoursFromNow(26) }))
    ).body.id;
    await call('delete', `/api/reservations/${reservationId}`, 'req-unreserve');
    await call('post', '/api/reservations', 'req-reserve-past', reservationBody({ time: hoursFromNow(-1) }));
    await call('post', '/api/events', 'req-journey', {
      event: 'CART_ADD',
      properties: { menuItemId: 'margherita', quantity: 2, nested: { list: [1, 'two', { three: 3 }] } },
    });
    await call('post', '/api/events', 'req-bad-event', { event: 'teleport' });
    await call('get', `/api/orders/${orderId}`, 'req-get-order');
    await call('get', '/api/nowhere', 'req-404');
    await t.runtime.takeSnapshot();
    await t.close();
    for (const file of JSON_LOG_FILES) lines[file] = readJsonLines(t.dirs.logDir, file);
    access = readAllLines(t.dirs.logDir, 'access.log').map(parseAccessLine);
  });

  const byRequest = (file: string, requestId: string) =>
    (lines[file] ?? []).filter((l) => l.requestId === requestId);
  const event = (name: string) => (lines['events.log'] ?? []).find((l) => l.event === name);

  test('when requests are served, then access.log has one Combined Log Format line per response, in order', () => {
    expect(access.map((a) => a.requestId)).toEqual(responses.map((r) => r.requestId));
    access.forEach((line, i) => {
      const response = responses[i];
      expect(line).toMatchObject({
        host: '127.0.0.1',
        method: response?.method,
        path: response?.path,
        protocol: 'HTTP/1.1',
        status: response?.status,
        referer: 'http://localhost:8080/menu',
        agent: 'log-test/1.0',
        traceId: TRACE_ID,
        sessionId: SESSION,
        schemaVersion: LOG_SCHEMA_VERSION,
      });
      expect(line.durationMs).toBeGreaterThan(0);
      expect(Math.abs(line.time.getTime() - Date.now())).toBeLessThan(60_000);
    });
    expect(access.find((a) => a.requestId === 'req-menu')?.bytes).toBeGreaterThan(1000);
    // A line from before the version was written still parses, saying it names none.
    const unversioned =
      readAllLines(t.dirs.logDir, 'access.log')[0]?.replace(/ schemaVersion=\d+$/, '') ?? '';
    expect(parseAccessLine(unversioned)).toMatchObject({
      requestId: responses[0]?.requestId,
      schemaVersion: null,
    });
  });

  test('when any JSON file is written, then every line has the common fields', () => {
    for (const file of JSON_LOG_FILES) {
      expect(lines[file]?.length).toBeGreaterThan(0);
      for (const line of lines[file] ?? []) {
        expect(line.time).toMatch(ISO_MS);
        expect(['trace', 'debug', 'info', 'warn', 'error', 'fatal']).toContain(line.level);
        expect(typeof line.msg).toBe('string');
        expect(line.service).toBe('restaurant-app');
        expect(typeof line.logType).toBe('string');
        if (line.requestId !== undefined) {
          expect(line).toMatchObject({ sessionId: SESSION, traceId: TRACE_ID });
          expect(line.spanId).toMatch(/^[0-9a-f]{16}$/);
        }
      }
    }
  });

  test('when business happens, then events.log tells it with ids, values and the request context', () => {
    expect(event('order_created')).toMatchObject({
      action: 'create',
      orderId,
      unit: 'USD',
      value: expect.any(Number),
      itemCount: 3,
      requestId: 'req-order',
      sessionId: SESSION,
      traceId: TRACE_ID,
    });
    expect(event('payment_initiated')).toMatchObject({
      action: 'authorize',
      orderId,
      paymentId,
      requestId: 'req-pay',
    });
    expect(event('payment_authorized')).toMatchObject({ paymentId, orderId, cardBrand: 'visa', unit: 'USD' });
    expect(event('payment_declined')).toMatchObject({
      paymentId: declinedPaymentId,
      declineReason: 'do_not_honor',
      requestId: 'req-decline',
    });
    expect(event('order_cancelled')).toMatchObject({
      action: 'cancel',
      requestId: 'req-cancel',
      refunded: false,
    });
    expect(event('reservation_created')).toMatchObject({ reservationId, value: 4, unit: 'guests' });
    expect(event('reservation_cancelled')).toMatchObject({ reservationId, requestId: 'req-unreserve' });
    expect(event('reservation_rejected')).toMatchObject({
      reason: 'outside_booking_window',
      requestId: 'req-reserve-past',
    });
    expect(event('kitchen_started')).toMatchObject({ orderId, action: 'prepare' });
  });

  test('when a client journey event is posted, then events.log keeps all its data with the caller session', () => {
    expect(event('CART_ADD')).toMatchObject({
      action: 'journey',
      source: 'client',
      journeyStage: 'checkout',
      requestId: 'req-journey',
      sessionId: SESSION,
      properties: { menuItemId: 'margherita', quantity: 2, nested: { list: [1, 'two', { three: 3 }] } },
    });
    expect(event('teleport')).toBeUndefined();
    expect(responses.find((r) => r.requestId === 'req-bad-event')?.status).toBe(422);
  });

  test('when requests complete, then performance.log has one record per request with route template and timings', () => {
    const records = (lines['performance.log'] ?? []).filter((l) => l.msg === 'request completed');
    expect(records.map((r) => r.requestId)).toEqual(responses.map((r) => r.requestId));
    expect(
      byRequest('performance.log', 'req-get-order').find((l) => l.msg === 'request completed'),
    ).toMatchObject({
      method: 'GET',
      route: '/api/orders/:id',
      status: 200,
      slow: expect.any(Boolean),
      dbCalls: expect.any(Number),
    });
    expect(byRequest('performance.log', 'req-404')[0]).toMatchObject({ route: null, status: 404 });
    const payment = byRequest('performance.log', 'req-pay');
    expect(payment).toContainEqual(
      expect.objectContaining({
        operation: 'payment_gateway.charge',
        outcome: 'authorized',
        durationMs: expect.any(Number),
      }),
    );
    const paymentRecord = payment.find((l) => l.msg === 'request completed');
    expect(paymentRecord).toMatchObject({ slow: true, route: '/api/payments' });
    expect(paymentRecord?.gatewayMs).toBeGreaterThanOrEqual(10);
    expect(paymentRecord?.dbCalls).toBeGreaterThan(2);
  });

  test('when payments and the kitchen run, then restaurant-performance.log has per-event KPIs and a snapshot', () => {
    const kpis = lines['restaurant-performance.log'] ?? [];
    expect(kpis).toContainEqual(
      expect.objectContaining({ kpi: 'payment_gateway', paymentId, outcome: 'authorized' }),
    );
    expect(kpis).toContainEqual(
      expect.objectContaining({ kpi: 'payment_gateway', paymentId: declinedPaymentId, outcome: 'declined' }),
    );
    expect(kpis).toContainEqual(expect.objectContaining({ kpi: 'kitchen_queue', orderId }));
    expect(kpis).toContainEqual(
      expect.objectContaining({ kpi: 'table_assignment', reservationId, tableSeats: 4 }),
    );
    const snapshot = kpis.find((l) => l.kpi === 'snapshot');
    expect(snapshot).toMatchObject({
      kitchen: { queueDepth: 0, inProgress: 1, capacity: 4 },
      tables: { occupied: 0, total: 15 },
      orders: { created: 2, cancelled: 1 },
      payments: { attempts: 2, authorized: 1, declined: 1, declineRate: 0.5 },
      reservations: { created: 1, rejected: 1 },
    });
  });

  test('when requests fail, then errors.log has 4xx at warn with the problem code, declines included', () => {
    const errors = lines['errors.log'] ?? [];
    expect(byRequest('errors.log', 'req-decline')[0]).toMatchObject({
      level: 'warn',
      code: 'payment_declined',
      status: 402,
      paymentId: declinedPaymentId,
      declineReason: 'do_not_honor',
    });
    expect(byRequest('errors.log', 'req-bad-event')[0]).toMatchObject({
      level: 'warn',
      code: 'unknown_event',
    });
    expect(byRequest('errors.log', 'req-404')[0]).toMatchObject({
      level: 'warn',
      code: 'route_not_found',
      status: 404,
    });
    expect(errors.every((l) => l.level === 'warn')).toBe(true);
  });

  test('when the snapshot interval passes, then metrics.log has process, event loop and HTTP figures', () => {
    const snapshot = (lines['metrics.log'] ?? []).at(-1);
    expect(snapshot).toMatchObject({
      msg: 'metrics snapshot',
      cpu: { percent: expect.any(Number), userMs: expect.any(Number) },
      memory: { rssBytes: expect.any(Number), heapUsedBytes: expect.any(Number) },
      eventLoopDelayMs: { p50: expect.any(Number), p99: expect.any(Number) },
      requests: {
        count: responses.length,
        active: 0,
        clientErrors: responses.filter((r) => r.status >= 400 && r.status < 500).length,
        serverErrors: 0,
      },
      latencyMs: { p50: expect.any(Number), p95: expect.any(Number), p99: expect.any(Number) },
    });
    const latency = snapshot?.latencyMs as { p50: number; p99: number };
    expect(latency.p99).toBeGreaterThanOrEqual(latency.p50);
    expect(latency.p50).toBeGreaterThan(0);
  });

  test('when the app starts and stops, then app.log has its lifecycle and a config summary', () => {
    const app = lines['app.log'] ?? [];
    expect(app[0]).toMatchObject({ msg: 'starting', config: { port: 3001, logDir: t.dirs.logDir } });
    expect(app.map((l) => l.msg)).toContain('ready');
  });
});
