import type { Chance } from '../chance';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import { TrafficGenerator, type TrafficSettings } from './generator';
import type { TrafficSummary } from './stats';
import type { JourneyResult } from './virtual-user';

export type TrafficStartSettings = Omit<TrafficSettings, 'target' | 'maxJourneys'>;

/**
 * `running`: journeys start; `finishing`: stopped, journeys under way walk to their end (the
 * summary's activeUsers says how many); `idle`: nothing runs.
 */
export type TrafficState = 'idle' | 'running' | 'finishing';

export interface TrafficStatus {
  state: TrafficState;
  running: boolean;
  startedAt: string | null;
  settings: TrafficStartSettings | null;
  summary: TrafficSummary | null;
}

/** How soon to ask again while journeys finish: most steps' think time is a few seconds. */
const FINISHING_RETRY_SECONDS = 5;

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
    private readonly clock: Clock,
    private readonly chance: Chance,
  ) {}

  start(settings: TrafficStartSettings): TrafficStatus {
    const state = this.state();
    if (state === 'running') throw new AppError('traffic_running', 'Stop the running virtual users first');
    if (state === 'finishing') {
      const users = this.generator?.stats.summary().activeUsers ?? 0;
      throw new AppError(
        'traffic_finishing',
        `${users} virtual users are still walking their journeys after the stop; start again once they are done`,
        { retryAfterSeconds: FINISHING_RETRY_SECONDS, extensions: { activeUsers: users } },
      );
    }
    const target = this.target();
    if (!target) throw new AppError('service_unavailable', 'The server is not listening yet');
    this.generator = new TrafficGenerator(
      { ...settings, target },
      this.chance.random('traffic'),
      this.onJourneyEnd,
      this.clock,
    );
    this.startedAt = this.clock.now();
    this.generator.start();
    return this.status();
  }

  /** Stops new arrivals; journeys under way finish (`state: finishing` until they have). */
  stop(): TrafficStatus {
    this.generator?.stop();
    return this.status();
  }

  /** Resolves once nothing runs: arrivals over and every journey ended (at once when idle). */
  async idle(): Promise<void> {
    await this.generator?.done;
  }

  /** For shutdown: no new arrivals, journeys under way cut short and reported. */
  async close(): Promise<void> {
    await this.generator?.cancel();
  }

  private state(): TrafficState {
    const generator = this.generator;
    if (!generator?.isRunning) return 'idle';
    return generator.isArriving ? 'running' : 'finishing';
  }

  status(): TrafficStatus {
    const generator = this.generator;
    if (!generator) return { state: 'idle', running: false, startedAt: null, settings: null, summary: null };
    const { target: _target, maxJourneys: _max, ...settings } = generator.settings;
    return {
      state: this.state(),
      running: generator.isRunning,
      startedAt: this.startedAt?.toISOString() ?? null,
      settings,
      summary: generator.stats.summary(),
    };
  }
}
