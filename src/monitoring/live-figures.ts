import { createHistogram, type RecordableHistogram } from 'node:perf_hooks';
import type { Clock } from '../clock';

/** One answered request, as the control room lists it. */
export interface FinishedRequest {
  method: string;
  route: string | null;
  status: number;
  durationMs: number;
  traceId: string;
  /** A public API operation: the restaurant's traffic, not its controls, probes, pages or assets. */
  public: boolean;
}

export interface LivePoint {
  /** The start of the interval, ISO 8601. */
  at: string;
  requestsPerSecond: number;
  /** Share of answers that were 5xx, 0 to 1. */
  errorRate: number;
  p95Ms: number;
  ordersPerMinute: number;
  revenuePerMinute: number;
}

type RecentRequest = Omit<FinishedRequest, 'public'> & { at: string };

interface Bucket {
  start: number;
  requests: number;
  serverErrors: number;
  latency: RecordableHistogram;
  orders: number;
  revenue: number;
}

/** Two-second points over the last two minutes: enough to see an error burst start. */
const BUCKET_MS = 2000;
const BUCKETS = 60;
const RECENT = 20;

/**
 * What the control room charts, measured where it happens and kept for the last two minutes:
 * requests per second, 5xx share and p95 latency of the public API, orders and revenue per
 * minute, and the latest public requests with their trace ids. Unlike metrics.log's interval figures it is never
 * reset by a reader, so any number of pages may watch.
 */
export class LiveFigures {
  private readonly buckets: Bucket[] = [];
  /** The latest public requests, oldest first; shaped for the page only when it asks. */
  private readonly recent: { request: FinishedRequest; at: number }[] = [];

  constructor(private readonly clock: Clock) {}

  /** Counts the restaurant's traffic only: a page watching these figures must not move them. */
  requestFinished(request: FinishedRequest): void {
    if (!request.public) return;
    const now = this.clock.now().getTime();
    const bucket = this.current(now);
    bucket.requests++;
    if (request.status >= 500) bucket.serverErrors++;
    bucket.latency.record(Math.max(1, Math.round(request.durationMs)));
    this.recent.push({ request, at: now });
    if (this.recent.length > RECENT) this.recent.shift();
  }

  orderCreated(): void {
    this.current(this.clock.now().getTime()).orders++;
  }

  paymentAuthorized(amount: number): void {
    this.current(this.clock.now().getTime()).revenue += amount;
  }

  /** The points of the last two minutes, oldest first, the current one included, and the latest requests. */
  snapshot(): { bucketSeconds: number; points: LivePoint[]; recent: RecentRequest[] } {
    const now = this.clock.now().getTime();
    const first = this.startOf(now) - (BUCKETS - 1) * BUCKET_MS;
    const byStart = new Map(this.buckets.map((bucket) => [bucket.start, bucket]));
    const points: LivePoint[] = [];
    for (let start = first; start <= now; start += BUCKET_MS) {
      const bucket = byStart.get(start);
      // The current interval has run only part of its length: rates are per the time it has had.
      const seconds = Math.max(0.5, Math.min(BUCKET_MS, now - start) / 1000);
      points.push({
        at: new Date(start).toISOString(),
        requestsPerSecond: round((bucket?.requests ?? 0) / seconds),
        errorRate: bucket && bucket.requests > 0 ? round(bucket.serverErrors / bucket.requests, 3) : 0,
        p95Ms: bucket && bucket.requests > 0 ? bucket.latency.percentile(95) : 0,
        ordersPerMinute: round(((bucket?.orders ?? 0) * 60) / seconds),
        revenuePerMinute: round(((bucket?.revenue ?? 0) * 60) / seconds),
      });
    }
    const recent = this.recent
      .map(({ request: { public: _, ...shown }, at }) => ({ ...shown, at: new Date(at).toISOString() }))
      .reverse();
    return { bucketSeconds: BUCKET_MS / 1000, points, recent };
  }

  private startOf(time: number): number {
    return time - (time % BUCKET_MS);
  }

  /** The bucket of now; the oldest is reused once two minutes have passed. */
  private current(now: number): Bucket {
    const start = this.startOf(now);
    const last = this.buckets.at(-1);
    if (last?.start === start) return last;
    const reused = this.buckets.length >= BUCKETS ? this.buckets.shift() : undefined;
    const bucket: Bucket = reused ?? {
      start,
      requests: 0,
      serverErrors: 0,
      latency: createHistogram({ lowest: 1, highest: 3_600_000, figures: 2 }),
      orders: 0,
      revenue: 0,
    };
    Object.assign(bucket, { start, requests: 0, serverErrors: 0, orders: 0, revenue: 0 });
    bucket.latency.reset();
    this.buckets.push(bucket);
    return bucket;
  }
}

function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
