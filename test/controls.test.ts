import type { Request, Response } from 'express';
import { AppError } from '../src/errors';
import { adminGuard } from '../src/http/admin-guard';
import { isLoopbackAddress } from '../src/loopback';
import { readJsonLines } from './helpers/logs';
import { eventually, startTestApp } from './helpers/test-app';

const TOKEN = 'a-long-admin-token-for-tests';

describe('in-app virtual users', () => {
  test('when traffic is started from this machine, then journeys run against the app, end by themselves and are logged', async () => {
    const t = await startTestApp();
    await t.listen();
    const started = await t.http
      .post('/api/traffic/start')
      .send({ usersPerMinute: 6000, maxConcurrentUsers: 3, durationSeconds: 1, thinkTimeScale: 0 })
      .expect(202);
    expect(started.body).toMatchObject({
      running: true,
      settings: { maxConcurrentUsers: 3, durationMs: 1000 },
    });
    await t.http.post('/api/traffic/start').send({}).expect(409);
    await t.runtime.traffic.idle();
    const done = (await t.http.get('/api/traffic').expect(200)).body;
    expect(done).toMatchObject({ state: 'idle', running: false });
    expect(done.summary.startedJourneys).toBeGreaterThan(0);
    expect(done.summary.activeUsers).toBe(0);
    t.runtime.loggers.flushSync();
    const journeys = readJsonLines(t.dirs.logDir, 'restaurant-performance.log').filter(
      (l) => l.kpi === 'journey',
    );
    expect(journeys).toHaveLength(done.summary.startedJourneys);
    expect(journeys[0]).toMatchObject({ outcome: expect.any(String), durationMs: expect.any(Number) });
  });

  test('when the app closes with journeys under way, then each is cut short and reported before the logs close', async () => {
    const t = await startTestApp();
    await t.listen();
    // Human think times: left alone, these journeys would run for many seconds.
    t.runtime.traffic.start({
      usersPerMinute: 6000,
      maxConcurrentUsers: 3,
      thinkTimeScale: 1,
      rushHour: false,
    });
    await eventually(() => ((t.runtime.traffic.status().summary?.activeUsers ?? 0) >= 3 ? true : undefined));
    // As the server shuts down: arrivals stop, the listener closes (at its deadline, with
    // whatever connections are left), then the runtime closes.
    t.runtime.traffic.stop();
    await t.close();
    const { summary } = t.runtime.traffic.status();
    expect(summary).toMatchObject({ activeUsers: 0 });
    const journeys = readJsonLines(t.dirs.logDir, 'restaurant-performance.log').filter(
      (l) => l.kpi === 'journey',
    );
    expect(journeys).toHaveLength(summary?.startedJourneys ?? -1);
    expect(new Set(journeys.map((l) => l.outcome))).toEqual(new Set(['failed']));
  });

  test('when virtual users are stopped mid-journey, then the stop says they are finishing, a new start is refused with when to retry, and accepted once they are done', async () => {
    const t = await startTestApp();
    await t.listen();
    // One user at a time, with short think times: the journey outlives the stop by a moment.
    const settings = { usersPerMinute: 6000, maxConcurrentUsers: 1, thinkTimeScale: 0.1 };
    await t.http.post('/api/traffic/start').send(settings).expect(202);
    await eventually(() => ((t.runtime.traffic.status().summary?.activeUsers ?? 0) >= 1 ? true : undefined));
    const stopped = await t.http.post('/api/traffic/stop').expect(200);
    expect(stopped.body).toMatchObject({ state: 'finishing', running: true, summary: { activeUsers: 1 } });

    const refused = await t.http.post('/api/traffic/start').send(settings).expect(409);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.body).toMatchObject({ code: 'traffic_finishing', activeUsers: 1 });

    await t.runtime.traffic.idle();
    expect((await t.http.get('/api/traffic').expect(200)).body).toMatchObject({
      state: 'idle',
      running: false,
    });
    await t.http.post('/api/traffic/start').send(settings).expect(202);
    await t.http.post('/api/traffic/stop').expect(200);
  });

  test('when the settings are out of range, then 400 names the field', async () => {
    const t = await startTestApp();
    const res = await t.http
      .post('/api/traffic/start')
      .send({ maxConcurrentUsers: 0, weights: { teleport: 1 } });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['maxConcurrentUsers']),
    );
  });
});

describe('control endpoint protection', () => {
  test('when ADMIN_TOKEN is set, then the controls need it as a bearer token', async () => {
    const t = await startTestApp({ ADMIN_TOKEN: TOKEN });
    const missing = await t.http.get('/api/traffic').expect(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(missing.body.code).toBe('unauthorized');
    await t.http.get('/api/traffic').set('Authorization', 'Bearer wrong-token-of-some-length').expect(401);
    await t.http.get('/api/traffic').set('Authorization', TOKEN).expect(401);
    await t.http.get('/api/traffic').set('Authorization', `Bearer ${TOKEN}`).expect(200);
    // Everything else stays public.
    await t.http.get('/api/menu').expect(200);
  });

  test('when a client calls the controls too often, then 429 problem+json', async () => {
    const t = await startTestApp({ CONTROL_RATE_LIMIT: '3' });
    for (let i = 0; i < 3; i++) await t.http.get('/api/traffic').expect(200);
    const limited = await t.http.get('/api/traffic').expect(429);
    expect(limited.headers['content-type']).toMatch(/problem\+json/);
    expect(limited.body.code).toBe('rate_limited');
    await t.http.get('/api/menu').expect(200);
  });

  test.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['10.0.0.5', false],
    ['203.0.113.7', false],
    ['::ffff:192.0.2.1', false],
    ['2001:db8::1', false],
    [undefined, false],
  ])('when the caller is %p, then loopback is %p', (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });

  /** What the guard answers a caller at `address` (undefined: let through). */
  function authorizeFrom(address: string, control: Partial<Parameters<typeof adminGuard>[0]>): unknown {
    const [, authorize] = adminGuard({
      adminToken: undefined,
      adminTokenGenerated: false,
      callersAreLocal: false,
      ratePerMinute: 60,
      ...control,
    });
    const outcome: unknown[] = [];
    const req = { socket: { remoteAddress: address }, get: () => undefined } as unknown as Request;
    const res = { set: () => res } as unknown as Response;
    authorize?.(req, res, (error?: unknown) => outcome.push(error));
    expect(outcome).toHaveLength(1);
    return outcome[0];
  }

  test('when no ADMIN_TOKEN is set and the caller is not on this machine, then 403', () => {
    const error = authorizeFrom('203.0.113.7', {});
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('forbidden');
  });

  test("when the port is published on loopback only, then a caller at Docker's gateway address is let through without a token", () => {
    expect(authorizeFrom('172.18.0.1', { callersAreLocal: true })).toBeUndefined();
  });

  test('when a token was made because the port is published beyond this machine, then callers need it, loopback ones too', () => {
    const error = authorizeFrom('127.0.0.1', {
      adminToken: 'made-at-start-0123456789',
      adminTokenGenerated: true,
    });
    expect((error as AppError).code).toBe('unauthorized');
  });
});
