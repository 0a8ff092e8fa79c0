import { LiveFigures } from '../src/monitoring/live-figures';

function steppingClock(startMs: number) {
  let now = startMs;
  return { now: () => new Date(now), advance: (ms: number) => (now += ms) };
}

const request = (status: number, durationMs = 10) => ({
  method: 'GET',
  route: '/api/menu',
  status,
  durationMs,
  traceId: `${status}`.padStart(32, '0'),
  public: true,
});

describe('live figures', () => {
  test('when requests, orders and payments happen in an interval, then its point gives their rates, 5xx share and p95', () => {
    const clock = steppingClock(Date.UTC(2026, 11, 2, 12, 0, 0));
    const live = new LiveFigures(clock);
    for (let i = 0; i < 18; i++) live.requestFinished(request(200, 10));
    live.requestFinished(request(500, 300));
    live.requestFinished(request(404, 5));
    live.orderCreated();
    live.paymentAuthorized(20);
    clock.advance(2000);
    live.requestFinished(request(200));

    const { bucketSeconds, points, recent } = live.snapshot();
    expect(bucketSeconds).toBe(2);
    expect(points).toHaveLength(60);
    const full = points.at(-2);
    expect(full).toEqual({
      at: '2026-12-02T12:00:00.000Z',
      requestsPerSecond: 10,
      errorRate: 0.05,
      p95Ms: 10,
      ordersPerMinute: 30,
      revenuePerMinute: 600,
    });
    // The interval under way is measured over the time it has had (at least half a second).
    expect(points.at(-1)).toMatchObject({ at: '2026-12-02T12:00:02.000Z', requestsPerSecond: 2 });
    expect(points[0]?.requestsPerSecond).toBe(0);
    expect(recent).toHaveLength(20);
    expect(recent[0]).toMatchObject({ status: 200, at: '2026-12-02T12:00:02.000Z' });
  });

  test('when a control, a probe or a page is answered, then it moves no figure: watching the figures must not change them', () => {
    const live = new LiveFigures(steppingClock(Date.UTC(2026, 11, 2, 12, 0, 0)));
    live.requestFinished({ ...request(500), route: '/api/live', public: false });
    const { points, recent } = live.snapshot();
    expect(points.every((p) => p.requestsPerSecond === 0 && p.errorRate === 0)).toBe(true);
    expect(recent).toEqual([]);
  });

  test('when more than two minutes pass, then old intervals leave the window and quiet ones read zero', () => {
    const clock = steppingClock(Date.UTC(2026, 11, 2, 12, 0, 0));
    const live = new LiveFigures(clock);
    for (let second = 0; second < 300; second += 2) {
      live.requestFinished(request(500));
      clock.advance(2000);
    }
    clock.advance(10_000);
    const { points } = live.snapshot();
    expect(points).toHaveLength(60);
    expect(points.slice(-5).every((p) => p.requestsPerSecond === 0 && p.errorRate === 0)).toBe(true);
    expect(points.slice(0, 50).every((p) => p.errorRate === 1)).toBe(true);
  });
});
