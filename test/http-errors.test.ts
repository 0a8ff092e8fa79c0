import { orderBody } from './helpers/factories';
import { startTestApp, type TestApp } from './helpers/test-app';

const PROBLEM_KEYS = ['code', 'detail', 'requestId', 'status', 'title', 'traceId', 'type'];

describe('error responses', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });

  function expectProblem(
    res: { status: number; headers: Record<string, string>; body: Record<string, unknown> },
    status: number,
    code: string,
  ) {
    expect(res.status).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Object.keys(res.body)).toEqual(expect.arrayContaining(PROBLEM_KEYS));
    expect(res.body).toMatchObject({ status, code, type: `/problems/${code}` });
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
    expect(res.body.traceId).toBe(res.headers['x-trace-id']);
  }

  test('when the JSON is malformed, then 400 malformed_json', async () => {
    const res = await t.http
      .post('/api/orders')
      .set('content-type', 'application/json')
      .send('{"customer": ');
    expectProblem(res, 400, 'malformed_json');
  });

  test('when the body is not JSON, then 415', async () => {
    const res = await t.http.post('/api/orders').set('content-type', 'text/plain').send('customer=ada');
    expectProblem(res, 415, 'unsupported_media_type');
    const form = await t.http.post('/api/reservations').type('form').send({ name: 'x' });
    expectProblem(form, 415, 'unsupported_media_type');
  });

  test('when the body is over 100 kB, then 413', async () => {
    const res = await t.http
      .post('/api/orders')
      .send(orderBody({ customer: { name: 'x'.repeat(101 * 1024), email: 'a@example.com' } }));
    expectProblem(res, 413, 'payload_too_large');
  });

  test('when a POST has no body at all, then 400 says the body is invalid', async () => {
    const res = await t.http.post('/api/orders');
    expectProblem(res, 400, 'validation_failed');
  });

  test('when the JSON body is not an object, then 400', async () => {
    const res = await t.http.post('/api/orders').set('content-type', 'application/json').send('[1,2,3]');
    expectProblem(res, 400, 'validation_failed');
  });

  test.each([
    ['__proto__', '{"__proto__":{"polluted":true},"items":[]}'],
    ['constructor', '{"items":[],"customer":{"constructor":{"prototype":{"polluted":true}}}}'],
    ['prototype', '{"items":[{"menuItemId":"margherita","quantity":1,"prototype":{"polluted":true}}]}'],
  ])(
    'when a body carries a %s key at any depth, then the body guard refuses it by name, before any handler',
    async (key, body) => {
      const res = await t.http.post('/api/orders').set('content-type', 'application/json').send(body);
      expectProblem(res, 400, 'validation_failed');
      expect(res.body.detail).toBe('The request body has an unacceptable shape');
      expect(res.body.errors).toEqual([
        expect.objectContaining({ location: 'body', message: `the key "${key}" is not accepted` }),
      ]);
    },
  );

  test('when the route does not exist, then 404 route_not_found', async () => {
    expectProblem(await t.http.get('/api/kitchen-secrets'), 404, 'route_not_found');
  });

  test('when the method is wrong for a known path, then 405 with Allow', async () => {
    const res = await t.http.put('/api/orders').send({});
    expectProblem(res, 405, 'method_not_allowed');
    expect(res.headers.allow).toBe('POST, GET, HEAD');
  });

  test('when a path segment does not URL-decode, then 400, not 5xx', async () => {
    expectProblem(await t.http.get('/api/orders/%E0%A4%A'), 400, 'bad_request');
  });

  test('when the database is gone, then /ready is 503 and requests get a problem without internals', async () => {
    const broken = await startTestApp();
    await broken.runtime.store.close();
    const ready = await broken.http.get('/ready');
    expectProblem(ready, 503, 'service_unavailable');
    const orders = await broken.http.get('/api/orders');
    // SQLite's closed handle is a fault (500); PostgreSQL's ended pool, a database that cannot serve (503).
    expect(orders.status).toBeGreaterThanOrEqual(500);
    expect(orders.body.detail).toMatch(
      /^(An unexpected error occurred|The database is unavailable; retry later)$/,
    );
    expect(JSON.stringify(orders.body)).not.toMatch(/sqlite|postgres|pool|stack|\.ts/i);
  });
});
