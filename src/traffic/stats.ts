import { LatencyHistogram } from '../monitoring/latency';

export type JourneyOutcome = 'completed' | 'abandoned' | 'failed';

export interface TrafficSummary {
  journeys: { kind: string; completed: number; abandoned: number; failed: number }[];
  startedJourneys: number;
  activeUsers: number;
  requests: number;
  errors: number;
  latencyMs: { p50: number; p95: number; p99: number };
}

/** What the virtual users did: journeys by kind and outcome, requests, errors and latency. */
export class TrafficStats {
  private readonly byKind = new Map<string, Record<JourneyOutcome, number>>();
  private readonly latency = new LatencyHistogram();
  private requests = 0;
  private errors = 0;
  started = 0;
  active = 0;

  request(durationMs: number, status: number): void {
    this.requests++;
    // A 4xx a journey expects (a declined card) is an answer, not an error; 5xx and no answer are.
    if (status >= 500 || status === 0) this.errors++;
    this.latency.record(durationMs);
  }

  journeyStarted(): void {
    this.started++;
    this.active++;
  }

  journeyEnded(kind: string, outcome: JourneyOutcome): void {
    this.active--;
    const counts = this.byKind.get(kind) ?? { completed: 0, abandoned: 0, failed: 0 };
    counts[outcome]++;
    this.byKind.set(kind, counts);
  }

  summary(): TrafficSummary {
    const { p50, p95, p99 } = this.latency.percentilesMs();
    return {
      journeys: [...this.byKind.entries()]
        .map(([kind, counts]) => ({ kind, ...counts }))
        .sort((a, b) => a.kind.localeCompare(b.kind)),
      startedJourneys: this.started,
      activeUsers: this.active,
      requests: this.requests,
      errors: this.errors,
      latencyMs: { p50, p95, p99 },
    };
  }
}
