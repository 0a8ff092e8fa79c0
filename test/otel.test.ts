import { TrafficGenerator } from '../src/traffic/generator';
import type { JourneyResult } from '../src/traffic/virtual-user';
import { ON_POSTGRES } from './helpers/database';
import { cardPayment, orderBody } from './helpers/factories';
import { parseAccessLine, readAllLines, readJsonLines } from './helpers/logs';
import { attributes, OtlpReceiver, type ReceivedSpan, SPAN_KIND } from './helpers/otlp-receiver';
import { postJson, spawnServer } from './helpers/server-process';
import { tempDir } from './helpers/test-app';

function telemetryEnv(receiver: OtlpReceiver, extra: Record<string, string> = {}) {
  return {
    OTEL_SDK_DISABLED: 'false',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_BSP_SCHEDULE_DELAY: '100',
    OTEL_METRIC_EXPORT_INTERVAL: '300',
    LOG_DIR: tempDir('logs'),
    DATA_DIR: tempDir('data'),
    ...extra,
  };
}

async function post(baseUrl: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await postJson(baseUrl, path, body, headers);
  return { res, body: (await res.json()) as { id: string; total: number; [key: string]: unknown } };
}

const attrs = (span: ReceivedSpan | undefined) => attributes(span?.attributes);

describe('OpenTelemetry from the built server', () => {
  let receiver: OtlpReceiver;
  beforeEach(async () => {
    receiver = await OtlpReceiver.start();
  });

  test('when an order is placed and paid, then server, business and database spans and metrics arrive, joined to the logs', async () => {
    const env = telemetryEnv(receiver, { KITCHEN_MS_PER_MINUTE: '5', PAYMENT_LATENCY_MS: '10' });
    const server = await spawnServer(env);
    const headers = { 'X-Session-Id': 'sess-otel' };
    const order = await post(server.baseUrl, '/api/orders', orderBody(), {
      ...headers,
      'X-Request-Id': 'otel-order',
    });
    const orderTrace = order.res.headers.get('x-trace-id') ?? '';
    const payment = await post(server.baseUrl, '/api/payments', cardPayment(order.body), {
      ...headers,
      'X-Request-Id': 'otel-pay',
    });
    const paymentTrace = payment.res.headers.get('x-trace-id') ?? '';
    expect(payment.res.status).toBe(201);
    expect(orderTrace).toMatch(/^[0-9a-f]{32}$/);
    expect(paymentTrace).not.toBe(orderTrace);

    const orderServer = await receiver.waitFor(() =>
      receiver.spansOf(orderTrace).find((s) => s.kind === SPAN_KIND.SERVER),
    );
    expect(attrs(orderServer)).toMatchObject({
      'http.route': '/api/orders',
      'http.request.method': 'POST',
      'http.response.status_code': 201,
    });
    expect(order.res.headers.get('traceresponse')).toBe(`00-${orderTrace}-${orderServer.spanId}-01`);
    expect(orderServer.resource).toMatchObject({
      'service.name': 'restaurant-app',
      'service.version': expect.any(String),
      'deployment.environment.name': 'demo',
      'service.instance.id': expect.any(String),
    });

    const create = await receiver.waitFor(() =>
      receiver.spansOf(orderTrace).find((s) => s.name === 'order.create'),
    );
    expect(create.parentSpanId).toBe(orderServer.spanId);
    expect(attrs(create)).toMatchObject({
      'restaurant.order.id': order.body.id,
      'restaurant.order.item_count': 3,
      'restaurant.order.value': order.body.total,
      'restaurant.order.type': 'dine_in',
    });
    // The business event is on the span it happened in, as in events.log.
    const createdEvent = create.events?.find((event) => event.name === 'order_created');
    expect(attributes(createdEvent?.attributes)).toEqual({ 'restaurant.order.id': order.body.id });
    const insert = receiver.spansOf(orderTrace).find((s) => s.name === 'INSERT orders');
    expect(insert?.kind).toBe(SPAN_KIND.CLIENT);
    expect(insert?.parentSpanId).toBe(create.spanId);
    expect(attrs(insert)).toMatchObject({
      ...(ON_POSTGRES
        ? { 'db.system.name': 'postgresql', 'server.address': '127.0.0.1', 'server.port': expect.any(Number) }
        : { 'db.system.name': 'sqlite' }),
      'db.operation.name': 'INSERT',
      'db.collection.name': 'orders',
    });

    const charge = await receiver.waitFor(() =>
      receiver.spansOf(paymentTrace).find((s) => s.name === 'payment_gateway.charge'),
    );
    const authorize = receiver.spansOf(paymentTrace).find((s) => s.name === 'payment.authorize');
    expect(charge.kind).toBe(SPAN_KIND.CLIENT);
    expect(charge.parentSpanId).toBe(authorize?.spanId);
    expect(attrs(charge)).toMatchObject({
      'restaurant.payment.method': 'card',
      'restaurant.payment.outcome': 'authorized',
    });
    expect(attrs(authorize)).toMatchObject({ 'restaurant.payment.id': payment.body.id });
    // Statements are named by their main table: on PostgreSQL an order's lines come in the
    // order's own statement (a lateral join), which is still `SELECT orders`.
    const statements = receiver.spansOf(paymentTrace).filter((s) => attrs(s)['db.system.name'] !== undefined);
    expect(statements.map((s) => s.name)).toEqual(
      expect.arrayContaining(['SELECT orders', 'INSERT payments']),
    );
    if (ON_POSTGRES) expect(statements.map((s) => s.name)).not.toContain('SELECT order_items');

    // The kitchen's work is traces of its own, linked to the payment's span and the order's.
    const kitchen = await receiver.waitFor(() => receiver.spans.find((s) => s.name === 'kitchen.prepare'));
    expect(kitchen.traceId).not.toBe(orderTrace);
    expect(kitchen.traceId).not.toBe(paymentTrace);
    expect(kitchen.parentSpanId ?? '').toBe('');
    expect(kitchen.links?.map((link) => [link.traceId, link.spanId])).toEqual([
      [paymentTrace, authorize?.spanId],
      [orderTrace, create.spanId],
    ]);
    expect(attrs(kitchen)).toMatchObject({ 'restaurant.order.id': order.body.id });
    // Its statements are its own children, and the payment's trace ended with its response.
    const kitchenUpdate = receiver.spansOf(kitchen.traceId).find((s) => s.name === 'UPDATE orders');
    expect(kitchenUpdate?.parentSpanId).toBe(kitchen.spanId);
    const paymentServer = receiver.spansOf(paymentTrace).find((s) => s.kind === SPAN_KIND.SERVER);
    const lastEnd = Math.max(...receiver.spansOf(paymentTrace).map((s) => Number(s.endTimeUnixNano)));
    expect(lastEnd).toBe(Number(paymentServer?.endTimeUnixNano));

    const names = () => new Set(receiver.metrics.map((m) => m.name));
    await receiver.waitFor(() => {
      const received = names();
      return [
        'http.server.request.duration',
        'restaurant.orders.created',
        'restaurant.order.value',
        'restaurant.payments',
        'restaurant.kitchen.queue.depth',
      ].every((n) => received.has(n)) && [...received].some((n) => n.startsWith('nodejs.eventloop.delay'))
        ? true
        : undefined;
    });
    expect(receiver.metrics.find((m) => m.name === 'restaurant.orders.created')?.resource).toMatchObject({
      'service.name': 'restaurant-app',
    });

    expect(await server.stop()).toBe(0);
    const events = readJsonLines(env.LOG_DIR, 'events.log');
    // One trace context per line: the span active where it was written.
    const created = events.find((l) => l.event === 'order_created');
    expect(created).toMatchObject({ traceId: orderTrace, requestId: 'otel-order', traceFlags: '01' });
    expect(receiver.spansOf(orderTrace).map((s) => s.spanId)).toContain(created?.spanId);
    expect(Object.keys(created ?? {}).filter((key) => /^trace_|^span_/.test(key))).toEqual([]);
    expect(events.find((l) => l.event === 'payment_authorized')).toMatchObject({ traceId: paymentTrace });
    // The kitchen's lines carry its own trace and the order id, and no request's ids.
    const ready = events.find((l) => l.event === 'order_ready');
    expect(ready).toMatchObject({ traceId: kitchen.traceId, spanId: kitchen.spanId, orderId: order.body.id });
    expect(ready).not.toHaveProperty('requestId');
    const performance = readJsonLines(env.LOG_DIR, 'performance.log').filter(
      (l) => l.msg === 'request completed',
    );
    expect(performance.map((l) => l.traceId)).toEqual([orderTrace, paymentTrace]);
    expect(performance[0]?.spanId).toBe(orderServer.spanId);
    const access = readAllLines(env.LOG_DIR, 'access.log').map(parseAccessLine);
    expect(access.map((a) => a.traceId)).toEqual([orderTrace, paymentTrace]);
  });

  test("when virtual users walk journeys, then each journey's requests are server spans of one trace", async () => {
    const env = telemetryEnv(receiver);
    const server = await spawnServer(env);
    const results: JourneyResult[] = [];
    const generator = new TrafficGenerator(
      {
        target: server.baseUrl,
        usersPerMinute: 60_000,
        maxConcurrentUsers: 2,
        maxJourneys: 4,
        thinkTimeScale: 0,
        rushHour: false,
      },
      Math.random,
      (result) => results.push(result),
    );
    generator.start();
    await generator.done;
    expect(await server.stop()).toBe(0);
    const access = readAllLines(env.LOG_DIR, 'access.log').map(parseAccessLine);
    for (const journey of results) {
      const lines = access.filter((line) => line.sessionId === journey.sessionId);
      const traceIds = new Set(lines.map((line) => line.traceId));
      expect(traceIds.size).toBe(1);
      const [traceId = ''] = traceIds;
      const serverSpans = receiver.spansOf(traceId).filter((span) => span.kind === SPAN_KIND.SERVER);
      expect(serverSpans).toHaveLength(lines.length);
      // Virtual users send X-Synthetic: their server spans are marked as test traffic.
      for (const span of serverSpans) expect(attrs(span)['user_agent.synthetic.type']).toBe('test');
    }
  });

  test('when the connection pool is exhausted, then the waits show as db.pool.acquire spans tagged with the scenario', async () => {
    const server = await spawnServer(telemetryEnv(receiver));
    const started = await post(server.baseUrl, '/api/scenarios/connection_pool_exhaustion/start', {
      durationSeconds: 60,
      intensity: 1,
    });
    expect(started.res.status).toBe(200);
    const orders = await Promise.all([1, 2, 3].map(() => post(server.baseUrl, '/api/orders', orderBody())));
    const traceIds = orders.map((order) => order.res.headers.get('x-trace-id') ?? '');
    expect(await server.stop()).toBe(0);
    for (const traceId of traceIds) {
      const spans = receiver.spansOf(traceId);
      expect(spans.map((span) => span.name)).toContain('db.pool.acquire');
      expect(attrs(spans.find((span) => span.kind === SPAN_KIND.SERVER))['restaurant.scenarios']).toEqual([
        'connection_pool_exhaustion',
      ]);
    }
  });

  test('when a request carries a traceparent, then its trace is continued', async () => {
    const server = await spawnServer(telemetryEnv(receiver));
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const parentId = '00f067aa0ba902b7';
    const res = await fetch(`${server.baseUrl}/api/menu`, {
      headers: { traceparent: `00-${traceId}-${parentId}-01` },
    });
    expect(res.headers.get('x-trace-id')).toBe(traceId);
    const span = await receiver.waitFor(() =>
      receiver.spansOf(traceId).find((s) => s.kind === SPAN_KIND.SERVER),
    );
    expect(span.parentSpanId).toBe(parentId);
    expect(attrs(span)['http.route']).toBe('/api/menu');
    expect(await server.stop()).toBe(0);
  });

  test.each([
    ['unset', {}, false],
    ['http,runtime-node,express', { OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,runtime-node,express' }, true],
  ])(
    'when OTEL_NODE_ENABLED_INSTRUMENTATIONS is %s, then Express middleware spans appear only if it names express',
    async (_value, extra, expressSpans) => {
      const server = await spawnServer(telemetryEnv(receiver, extra));
      const menu = await fetch(`${server.baseUrl}/api/menu`);
      const traceId = menu.headers.get('x-trace-id') ?? '';
      expect(await server.stop()).toBe(0);
      const spans = await receiver.waitFor(() => {
        const found = receiver.spansOf(traceId);
        return found.length > 0 ? found : undefined;
      });
      const express = spans.filter((span) => attrs(span)['express.type'] !== undefined);
      expect(express.length > 0).toBe(expressSpans);
      // Either way the runtime's metrics (runtime-node) were exported before the server stopped.
      expect(receiver.metrics.some((metric) => metric.name.startsWith('nodejs.eventloop'))).toBe(true);
    },
  );

  test('when health and readiness are probed, then no span is made for them', async () => {
    const server = await spawnServer(telemetryEnv(receiver));
    await fetch(`${server.baseUrl}/health`);
    await fetch(`${server.baseUrl}/ready`);
    const menu = await fetch(`${server.baseUrl}/api/menu`);
    const menuTrace = menu.headers.get('x-trace-id') ?? '';
    expect(await server.stop()).toBe(0);
    await receiver.waitFor(() => (receiver.spansOf(menuTrace).length > 0 ? true : undefined));
    const routes = receiver.spans.filter((s) => s.kind === SPAN_KIND.SERVER).map((s) => attrs(s)['url.path']);
    expect(routes).toEqual(['/api/menu']);
  });

  test('when SIGTERM arrives right after a request, then its spans are flushed before exit', async () => {
    // A long batch delay: only the shutdown flush can send the span.
    const server = await spawnServer(telemetryEnv(receiver, { OTEL_BSP_SCHEDULE_DELAY: '60000' }));
    const res = await fetch(`${server.baseUrl}/api/menu/espresso`);
    const traceId = res.headers.get('x-trace-id') ?? '';
    expect(receiver.spansOf(traceId)).toEqual([]);
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(receiver.spansOf(traceId).map((s) => s.kind)).toContain(SPAN_KIND.SERVER);
  });

  test('when OTEL_SDK_DISABLED=true, then the app serves with no SDK and still correlates', async () => {
    const env = telemetryEnv(receiver, { OTEL_SDK_DISABLED: 'true' });
    const server = await spawnServer(env);
    const traceId = '0af7651916cd43dd8448eb211c80319c';
    const res = await fetch(`${server.baseUrl}/api/menu`, {
      headers: { traceparent: `00-${traceId}-b7ad6b7169203331-01` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-trace-id')).toBe(traceId);
    expect(res.headers.get('traceresponse')).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-00$`));
    expect(await server.stop()).toBe(0);
    expect(receiver.requests).toEqual([]);
    expect(readJsonLines(env.LOG_DIR, 'app.log').find((l) => l.msg === 'stopped')).toMatchObject({
      telemetry: 'not_started',
    });
    expect(readAllLines(env.LOG_DIR, 'access.log').map((l) => parseAccessLine(l).traceId)).toEqual([traceId]);
  });
});
