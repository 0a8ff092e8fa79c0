import { journeyKinds } from '../src/schemas/traffic';
import { parseDuration } from '../src/traffic/duration';
import { rushHourFactor, TrafficGenerator } from '../src/traffic/generator';
import type { JourneyResult } from '../src/traffic/virtual-user';
import { parseAccessLine, readAllLines, readJsonLines } from './helpers/logs';
import { startTestApp, type TestApp } from './helpers/test-app';

/** A seeded generator of numbers in [0, 1): the same journeys every run. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
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
      seeded(7),
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
      seeded(3),
      (result) => results.push(result),
    );
    generator.start();
    await generator.done;
    expect(results.map((r) => `${r.kind}:${r.outcome}`)).toEqual(Array(5).fill('browser:abandoned'));
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
