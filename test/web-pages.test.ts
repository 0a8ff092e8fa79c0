import fs from 'node:fs';
import path from 'node:path';
import { builtWebDir } from '../src/http/web-pages';
import { startTestApp } from './helpers/test-app';

describe('the browser pages', () => {
  test('when the storefront is asked for, then it is the built page under a policy of self, scripts and styles from its own hashed assets', async () => {
    const t = await startTestApp();
    const page = await t.http.get('/').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['cache-control']).toBe('no-cache');
    const policy = page.headers['content-security-policy'];
    expect(policy).toContain("script-src 'self'");
    expect(policy).toContain("connect-src 'self' http://localhost:4318");
    expect(policy).toContain("frame-ancestors 'none'");
    // No inline script: every script and stylesheet is an asset of this origin.
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)/);
    const assets = [...page.text.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1] as string);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    for (const asset of assets) {
      const res = await t.http.get(asset).expect(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    await t.http.get('/assets/storefront-nothere.js').expect(404);
  });

  test('when the pages ask for their settings, then they get the browser-facing traces URL and whether the controls need a token', async () => {
    const t = await startTestApp({
      WEB_OTLP_TRACES_URL: 'https://otel.example.com:4318/v1/traces',
      ADMIN_TOKEN: 'a-token-of-16-chars',
    });
    const res = await t.http.get('/api/web/config').expect(200);
    expect(res.body).toEqual({
      otlpTracesUrl: 'https://otel.example.com:4318/v1/traces',
      serviceVersion: expect.any(String),
      adminTokenRequired: true,
      journeyKinds: expect.arrayContaining(['quick_buyer', 'browser']),
    });
    expect((await t.http.get('/')).headers['content-security-policy']).toContain(
      "connect-src 'self' https://otel.example.com:4318",
    );
  });

  test('when browser telemetry is off, then the pages get no traces URL and may connect to their own origin only', async () => {
    const t = await startTestApp({ WEB_OTLP_TRACES_URL: 'none' });
    expect((await t.http.get('/api/web/config')).body).toMatchObject({
      otlpTracesUrl: null,
      adminTokenRequired: false,
    });
    expect((await t.http.get('/')).headers['content-security-policy']).toContain("connect-src 'self';");
  });

  test('when the storefront is built, then its JavaScript, OpenTelemetry included, stays under 150 kB gzipped', () => {
    const sizes = JSON.parse(fs.readFileSync(path.join(builtWebDir() ?? '', 'sizes.json'), 'utf8')) as {
      page: string;
      gzipKb: number;
    }[];
    const storefront = sizes.find((s) => s.page === 'storefront');
    expect(storefront?.gzipKb).toBeGreaterThan(10);
    expect(storefront?.gzipKb).toBeLessThan(150);
  });
});
