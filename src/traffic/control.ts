import { AppError } from '../errors';
import { TrafficGenerator, type TrafficSettings } from './generator';
import type { TrafficSummary } from './stats';
import type { JourneyResult } from './virtual-user';

export type TrafficStartSettings = Omit<TrafficSettings, 'target' | 'maxJourneys'>;

export interface TrafficStatus {
  running: boolean;
  startedAt: string | null;
  settings: TrafficStartSettings | null;
  summary: TrafficSummary | null;
}

/** Default pace for demos and TRAFFIC_AUTOSTART: a busy evening on a laptop. */
export const DEMO_TRAFFIC: TrafficStartSettings = {
  usersPerMinute: 30,
  maxConcurrentUsers: 10,
  thinkTimeScale: 1,
  rushHour: true,
};

/** The in-app virtual users: one generator at a time, aimed at this app's own address. */
export class TrafficControl {
  private generator: TrafficGenerator | undefined;
  private startedAt: Date | undefined;

  constructor(
    /** The app's own base URL, known once it listens. */
    private readonly target: () => string | undefined,
    private readonly onJourneyEnd: (result: JourneyResult) => void,
  ) {}

  start(settings: TrafficStartSettings): TrafficStatus {
    if (this.generator?.isRunning)
      throw new AppError('traffic_running', 'Stop the running virtual users first');
    const target = this.target();
    if (!target) throw new AppError('service_unavailable', 'The server is not listening yet');
    this.generator = new TrafficGenerator({ ...settings, target }, Math.random, this.onJourneyEnd);
    this.startedAt = new Date();
    this.generator.start();
    return this.status();
  }

  /** Stops new arrivals; journeys under way finish. */
  stop(): TrafficStatus {
    this.generator?.stop();
    return this.status();
  }

  /** For shutdown: no new arrivals, journeys under way cut short and reported. */
  async close(): Promise<void> {
    await this.generator?.cancel();
  }

  status(): TrafficStatus {
    const generator = this.generator;
    if (!generator) return { running: false, startedAt: null, settings: null, summary: null };
    const { target: _target, maxJourneys: _max, ...settings } = generator.settings;
    return {
      running: generator.isRunning,
      startedAt: this.startedAt?.toISOString() ?? null,
      settings,
      summary: generator.stats.summary(),
    };
  }
}
