import { createHistogram } from 'node:perf_hooks';

/**
 * Latency percentiles in milliseconds, kept in Node's HDR histogram at microsecond precision:
 * bounded memory at any request rate.
 */
export class LatencyHistogram {
  private readonly histogram = createHistogram();

  record(durationMs: number): void {
    this.histogram.record(Math.max(1, Math.round(durationMs * 1000)));
  }

  percentilesMs(): { p50: number; p95: number; p99: number; max: number } {
    const ms = (micros: number) => (this.histogram.count === 0 ? 0 : Math.round(micros) / 1000);
    return {
      p50: ms(this.histogram.percentile(50)),
      p95: ms(this.histogram.percentile(95)),
      p99: ms(this.histogram.percentile(99)),
      max: ms(this.histogram.max),
    };
  }

  reset(): void {
    this.histogram.reset();
  }
}
