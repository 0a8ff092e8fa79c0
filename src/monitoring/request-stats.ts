import { createHistogram } from 'node:perf_hooks';

export interface RequestWindow {
  count: number;
  serverErrors: number;
  clientErrors: number;
  active: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number };
}

/** Request counts and latency over the current reporting interval, and requests in flight. */
export class RequestStats {
  private active = 0;
  private count = 0;
  private serverErrors = 0;
  private clientErrors = 0;
  // Microseconds, recorded as integers by Node's HDR histogram: bounded memory at any rate.
  private latency = createHistogram();

  started(): void {
    this.active++;
  }

  finished(durationMs: number, status: number): void {
    this.active--;
    this.count++;
    if (status >= 500) this.serverErrors++;
    else if (status >= 400) this.clientErrors++;
    this.latency.record(Math.max(1, Math.round(durationMs * 1000)));
  }

  /** The interval's figures; the next interval starts empty. */
  takeWindow(): RequestWindow {
    const toMs = (micros: number) => (this.count === 0 ? 0 : Math.round(micros) / 1000);
    const window: RequestWindow = {
      count: this.count,
      serverErrors: this.serverErrors,
      clientErrors: this.clientErrors,
      active: this.active,
      latencyMs: {
        p50: toMs(this.latency.percentile(50)),
        p95: toMs(this.latency.percentile(95)),
        p99: toMs(this.latency.percentile(99)),
        max: toMs(this.latency.max),
      },
    };
    this.count = 0;
    this.serverErrors = 0;
    this.clientErrors = 0;
    this.latency.reset();
    return window;
  }
}
