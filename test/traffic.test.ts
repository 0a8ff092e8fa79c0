import { seededRandom } from '../src/chance';
import { journeyKinds } from '../src/schemas/traffic';
import { parseDuration } from '../src/traffic/duration';
import { rushHourFactor, TrafficGenerator } from '../src/traffic/generator';
import type { JourneyResult } from '../src/traffic/virtual-user';
import { parseAccessLine, readAllLines, readJsonLines } from './helpers/logs';
import { eventually, startTestApp, type TestApp } from './helpers/test-app';

/** What each virtual user did, by session: its journey and the operations it called, in order. */
async function walk(seed: string, target: string, logDir: string, flush: () => void) {
  const results: JourneyResult[] = [];
  const generator = new TrafficGenerator(
    {
      target,
      usersPerMinute: 60_000,
      maxConcurrentUsers: 4,
      maxJourneys: 12,
      thinkTimeScale: 0,
      rushHour: false,
    },
    seededRandom(seed),
    (result) => results.push(result),
  );
  generator.start();
  await generator.done;
  // A response can reach the user a moment before its server has written the request's line:
  // wait until every request the users made has one.
  const sent = generator.stats.summary().requests;
  const calls = await eventually(() => {
    flush();
    const lines = readJsonLines(logDir, 'performance.log');
    return lines.filter((l) => l.msg === 'request completed').length >= sent ? lines : undefined;
  });
  return Object.fromEntries(
    results.map((result) => [
      result.sessionId,
      {
        journey: result.kind,
        calls: calls
          .filter((c) => c.sessionId === result.sessionId)
          .map((c) => (c.route === undefined ? `timed ${c.operation}` : `${c.method} ${c.route}`)),
      },
    ]),
  );
}

describe('virtual users', () => {
  let t: TestApp;
  let target: string;
  beforeAll(async () => {
    t = await startTestApp({ PAYMENT_DECLINE_RATE: '0.1' });
    target = await t.listen();
  });

  test('when the generator runs a bounded number of journeys, then several journey kinds run, each user keeps one session and one trace, and events.log holds the journey', async () => {
    const results: JourneyResult[] = [];
    const generator = new TrafficGenerator(
      {
        target,
        usersPerMinute: 60_000,
        maxConcurrentUsers: 4,
        maxJourneys: 28,
        thinkTimeScale: 0,
        rushHour: false,
      },
      seededRandom('virtual users'),
      (result) => results.push(result),
    );
    generator.start();
    await generator.done;

    const summary = generator.stats.summary();
    expect(summary.startedJourneys).toBe(28);
    expect(summary.activeUsers).toBe(0);
    expect(summary.errors).toBe(0);
    expect(new Set(results.map((r) => r.kind)).size).toBeGreaterThanOrEqual(5);
    expect(summary.requests).toBeGreaterThan(100);
    expect(summary.latencyMs.p99).toBeGreaterThanOrEqual(summary.latencyMs.p50);

    t.runtime.loggers.flushSync();
    const access = readAllLines(t.dirs.logDir, 'access.log').map(parseAccessLine);
    for (const result of results) {
      const lines = access.filter((line) => line.sessionId === result.sessionId);
      expect(lines.length).toBeGreaterThan(1);
      // One journey, one trace: every request of the user carries the journey's trace id.
      expect(new Set(lines.map((line) => line.traceId)).size).toBe(1);
      expect(lines.every((line) => line.agent === 'restaurant-virtual-user/1.0')).toBe(true);
    }
    const events = readJsonLines(t.dirs.logDir, 'events.log');
    const journeyEvents = new Set(events.filter((e) => e.action === 'journey').map((e) => e.event));
    for (const event of [
      'journey_started',
      'page_view',
      'CART_ADD',
      'checkout_started',
      'payment_initiated',
    ]) {
      expect(journeyEvents).toContain(event);
    }
    const first = results[0];
    expect(
      events.filter((e) => e.sessionId === first?.sessionId && e.action === 'journey').length,
    ).toBeGreaterThan(0);
  });

  test('when weights leave one journey, then only that journey runs', async () => {
    const weights = Object.fromEntries(journeyKinds.map((kind) => [kind, kind === 'browser' ? 1 : 0]));
    const results: JourneyResult[] = [];
    const generator = new TrafficGenerator(
      {
        target,
        usersPerMinute: 60_000,
        maxConcurrentUsers: 2,
        maxJourneys: 5,
        thinkTimeScale: 0,
        rushHour: false,
        weights,
      },
      seededRandom('browsers'),
      (result) => results.push(result),
    );
    generator.start();
    await generator.done;
    expect(results.map((r) => `${r.kind}:${r.outcome}`)).toEqual(Array(5).fill('browser:abandoned'));
  });

  test('when two runs start from the same seed, then the same users walk the same journeys and call the same operations, though four at a time interleave differently', async () => {
    const [one, two] = [await startTestApp(), await startTestApp()];
    const flush = (app: TestApp) => () => app.runtime.loggers.flushSync();
    const first = await walk('evening', await one.listen(), one.dirs.logDir, flush(one));
    const second = await walk('evening', await two.listen(), two.dirs.logDir, flush(two));
    expect(second).toEqual(first);
    expect(Object.keys(first)).toHaveLength(12);
    expect(new Set(Object.values(first).map((user) => user.journey)).size).toBeGreaterThan(2);
    expect(Object.values(first).every((user) => user.calls.length > 0)).toBe(true);
  });
});

describe('traffic settings', () => {
  test.each([
    ['12s', 12_000],
    ['2m', 120_000],
    ['500ms', 500],
    ['1h', 3_600_000],
    ['90', 90_000],
  ])('when the duration is %s, then it is %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(['', 'soon', '-5s', '0s'])('when the duration is %p, then it is refused', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  test('when rush hour is on, then lunch and dinner are busier than the morning', () => {
    const at = (hour: number) => rushHourFactor((hour / 24) * 10 * 60 * 1000);
    expect(at(12.5)).toBeGreaterThan(3 * at(8));
    expect(at(19.5)).toBeGreaterThan(at(12.5));
    expect(at(3)).toBeLessThan(0.5);
  });
});
