import { LatencyHistogram } from './latency';
import type { FinishedRequest } from './live-figures';

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
  private readonly latency = new LatencyHistogram();

  /** `onFinished` hears of every answered request too (the control room's live figures). */
  constructor(private readonly onFinished: (request: FinishedRequest) => void = () => {}) {}

  started(): void {
    this.active++;
  }

  finished(request: FinishedRequest): void {
    const { durationMs, status } = request;
    this.active--;
    this.count++;
    if (status >= 500) this.serverErrors++;
    else if (status >= 400) this.clientErrors++;
    this.latency.record(durationMs);
    this.onFinished(request);
  }

  /** The interval's figures; the next interval starts empty. */
  takeWindow(): RequestWindow {
    const window: RequestWindow = {
      count: this.count,
      serverErrors: this.serverErrors,
      clientErrors: this.clientErrors,
      active: this.active,
      latencyMs: this.latency.percentilesMs(),
    };
    this.count = 0;
    this.serverErrors = 0;
    this.clientErrors = 0;
    this.latency.reset();
    return window;
  }
}
