import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { orderBody } from './helpers/factories';
import { readJsonLines } from './helpers/logs';
import { startTestApp, type TestApp } from './helpers/test-app';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

describe('request correlation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });

  test('when the client sends safe ids, then they are honoured and echoed', async () => {
    const res = await t.http
      .get('/api/menu')
      .set('X-Request-Id', 'req-123.abc_DEF:9')
      .set('X-Session-Id', 'sess-42')
      .set('traceparent', TRACEPARENT)
      .expect(200);
    expect(res.headers['x-request-id']).toBe('req-123.abc_DEF:9');
    expect(res.headers['x-session-id']).toBe('sess-42');
    expect(res.headers['x-trace-id']).toBe(TRACE_ID);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  test('when a request carries X-Synthetic: true, then its lines say synthetic, and those of a person do not', async () => {
    const event = { event: 'CART_ADD', properties: { menuItemId: 'margherita' } };
    await t.http
      .post('/api/events')
      .set('X-Request-Id', 'load-1')
      .set('X-Synthetic', 'true')
      .send(event)
      .expect(202);
    await t.http.post('/api/events').set('X-Request-Id', 'person-1').send(event).expect(202);
    t.runtime.loggers.flushSync();
    const lines = readJsonLines(t.dirs.logDir, 'events.log');
    expect(lines.find((line) => line.requestId === 'load-1')).toMatchObject({
      event: 'CART_ADD',
      synthetic: true,
    });
    expect(lines.find((line) => line.requestId === 'person-1')).not.toHaveProperty('synthetic');
  });

  test.each([
    ['spaces', 'id with spaces'],
    ['quotes and braces', '"},"level":"fatal'],
    ['over 128 characters', 'a'.repeat(129)],
    ['non-ASCII', 'réquest'],
  ])('when X-Request-Id has %s, then a new UUID replaces it', async (_case, unsafe) => {
    const res = await t.http.get('/health').set('X-Request-Id', unsafe).expect(200);
    expect(res.headers['x-request-id']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });

  test('when no session is sent, then a new one is set as an HttpOnly cookie and honoured next time', async () => {
    const first = await t.http.get('/health').expect(200);
    const sessionId = first.headers['x-session-id'];
    expect(sessionId).toMatch(/^sess_/);
    const cookie = String(first.headers['set-cookie']);
    expect(cookie).toContain(`session_id=${sessionId}`);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const second = await t.http.get('/health').set('Cookie', `other=1; session_id=${sessionId}`).expect(200);
    expect(second.headers['x-session-id']).toBe(sessionId);
    expect(second.headers['set-cookie']).toBeUndefined();
  });

  test('when the session header is unsafe, then the cookie, else a new session, is used', async () => {
    const res = await t.http
      .get('/health')
      .set('X-Session-Id', 'bad session')
      .set('Cookie', 'session_id=from-cookie');
    expect(res.headers['x-session-id']).toBe('from-cookie');
  });

  test.each([
    ['malformed', 'not-a-traceparent'],
    ['an all-zero trace id', `00-${'0'.repeat(32)}-00f067aa0ba902b7-01`],
    ['an all-zero parent id', `00-${TRACE_ID}-${'0'.repeat(16)}-01`],
    ['version ff', `ff-${TRACE_ID}-00f067aa0ba902b7-01`],
    ['version 00 with extra fields', `${TRACEPARENT}-extra`],
  ])('when traceparent is %s, then a new trace id is started', async (_case, header) => {
    const res = await t.http.get('/health').set('traceparent', header).expect(200);
    expect(res.headers['x-trace-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(res.headers['x-trace-id']).not.toBe(TRACE_ID);
  });

  test('when a future traceparent version adds fields, then its trace id is still continued', async () => {
    const res = await t.http
      .get('/health')
      .set('traceparent', `01-${TRACE_ID}-00f067aa0ba902b7-01-future`)
      .expect(200);
    expect(res.headers['x-trace-id']).toBe(TRACE_ID);
  });

  test('when a POST body has been parsed, then the handler and error path still see the request context', async () => {
    const res = await t.http
      .post('/api/orders')
      .set('X-Request-Id', 'post-context-1')
      .set('X-Session-Id', 'sess-post')
      .set('traceparent', TRACEPARENT)
      .send(orderBody({ items: [{ menuItemId: 'unicorn-steak', quantity: 1 }] }))
      .expect(422);
    expect(res.body).toMatchObject({ requestId: 'post-context-1', traceId: TRACE_ID });

    t.runtime.loggers.flushSync();
    const lines = fs
      .readFileSync(path.join(t.dirs.logDir, 'errors.log'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toContainEqual(
      expect.objectContaining({
        requestId: 'post-context-1',
        sessionId: 'sess-post',
        traceId: TRACE_ID,
        code: 'unknown_menu_item',
      }),
    );
  });

  test('when the body arrives after the headers, in a later packet, then the context survives body parsing', async () => {
    const { port } = new URL(await t.listen());
    const body = JSON.stringify(orderBody({ items: [{ menuItemId: 'unicorn-steak', quantity: 1 }] }));
    const problem = await new Promise<Record<string, unknown>>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/api/orders',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'x-request-id': 'split-body-1',
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk) => {
            text += chunk;
          });
          res.on('end', () => resolve(JSON.parse(text)));
        },
      );
      req.on('error', reject);
      req.flushHeaders();
      // The body is written only once the server has the headers and has entered the context.
      req.once('socket', (socket) => socket.once('connect', () => setImmediate(() => req.end(body))));
    });
    expect(problem).toMatchObject({ requestId: 'split-body-1', code: 'unknown_menu_item' });
  });
});
