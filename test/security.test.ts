import { loadConfig } from '../src/config';
import { startTestApp, type TestApp } from './helpers/test-app';

const ALLOWED = 'http://localhost:5173';

describe('security headers and cross-origin access', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ CORS_ORIGINS: `${ALLOWED}, https://demo.example.com` });
  });

  test('when any response is sent, then it carries the API security headers and no fingerprint', async () => {
    for (const res of [await t.http.get('/api/menu'), await t.http.get('/api/nowhere')]) {
      expect(res.headers).toMatchObject({
        'content-security-policy': "default-src 'none';frame-ancestors 'none'",
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'cross-origin-resource-policy': 'same-origin',
      });
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  test('when an allowed origin calls, then it may read the response and its correlation headers', async () => {
    const res = await t.http.get('/api/menu').set('Origin', ALLOWED).expect(200);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(res.headers.vary).toMatch(/Origin/);
    expect(res.headers['access-control-expose-headers']).toMatch(/X-Request-Id.*X-Trace-Id.*traceresponse/);
  });

  test('when an allowed origin sends a preflight, then 204 names the methods and headers it may use', async () => {
    const res = await t.http
      .options('/api/orders')
      .set('Origin', ALLOWED)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type,idempotency-key,traceparent')
      .expect(204);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(res.headers['access-control-allow-methods']).toMatch(/POST/);
    expect(res.headers['access-control-allow-headers']).toMatch(/Idempotency-Key.*traceparent/);
    expect(res.headers['access-control-max-age']).toBe('600');
  });

  test('when another origin calls, then the response grants it nothing', async () => {
    for (const origin of ['https://evil.example', 'null', `${ALLOWED}.evil.example`]) {
      const res = await t.http.get('/api/menu').set('Origin', origin).expect(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      const preflight = await t.http
        .options('/api/orders')
        .set('Origin', origin)
        .set('Access-Control-Request-Method', 'POST');
      expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
      expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
    }
  });

  test('when CORS_ORIGINS holds something that is not an origin, then the configuration is refused', () => {
    for (const value of ['*', 'localhost:5173', 'https://a.example/path', 'ftp://files.example']) {
      expect(() => loadConfig({ CORS_ORIGINS: value })).toThrow(/CORS_ORIGINS/);
    }
    expect(loadConfig({}).corsOrigins).toEqual([]);
  });
});
