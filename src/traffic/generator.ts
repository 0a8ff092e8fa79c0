import { fork, type Random, systemRandom } from '../chance';
import { type Clock, systemClock } from '../clock';
import { runDetached } from '../context';
import type { JourneyKind } from '../schemas/traffic';
import { type Journey, journeys } from './journeys';
import { TrafficStats } from './stats';
import { type JourneyResult, runJourney } from './virtual-user';

export interface TrafficSettings {
  /** Base URL of the API the virtual users call. */
  target: string;
  /** New virtual users per minute (Poisson arrivals). */
  usersPerMinute: number;
  /** Arrivals beyond this many users at once are turned away. */
  maxConcurrentUsers: number;
  /** Stop starting journeys after this long. */
  durationMs?: number;
  /** Stop starting journeys after this many (tests bound the run by count). */
  maxJourneys?: number;
  /** Multiplies every think time: 1 is human pace, 0 no pauses. */
  thinkTimeScale: number;
  /** Relative weight per journey kind; the defaults when absent. */
  weights?: Partial<Record<JourneyKind, number>>;
  /** A compressed day: one day every RUSH_HOUR_DAY_MS, with lunch and dinner peaks. */
  rushHour: boolean;
}

/** A compressed restaurant day: 10 minutes of wall time. */
const RUSH_HOUR_DAY_MS = 10 * 60 * 1000;

/** Arrival-rate multiplier at `elapsedMs` into the run: quiet mornings, lunch and dinner peaks. */
export function rushHourFactor(elapsedMs: number): number {
  const hour = ((elapsedMs % RUSH_HOUR_DAY_MS) / RUSH_HOUR_DAY_MS) * 24;
  const peak = (center: number, height: number) => height * Math.exp(-((hour - center) ** 2) / 2);
  return 0.3 + peak(12.5, 1.5) + peak(19.5, 2);
}

/** Starts virtual users at the configured rate until the duration or count is reached. */
export class TrafficGenerator {
  readonly stats = new TrafficStats();
  private readonly weighted: { journey: Journey; weight: number }[];
  private readonly running = new Set<Promise<void>>();
  private readonly cancellation = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private arriving = false;
  private finished: () => void = () => {};
  /** Resolves once arrivals have stopped and every started journey has ended. */
  readonly done: Promise<void>;

  /** When users arrive; apart from who they are, so users turned away at capacity shift no one's choices. */
  private readonly arrivals: Random;
  /** Each launched user's journey and its stream: the nth user is the same in every seeded run. */
  private readonly users: Random;

  constructor(
    readonly settings: TrafficSettings,
    random: Random = systemRandom,
    /** Told of every journey that ends, for restaurant-performance.log. */
    private readonly onJourneyEnd: (result: JourneyResult) => void = () => {},
    private readonly clock: Clock = systemClock,
  ) {
    this.arrivals = fork(random);
    this.users = fork(random);
    this.weighted = journeys
      .map((journey) => ({ journey, weight: settings.weights?.[journey.kind] ?? journey.weight }))
      .filter((entry) => entry.weight > 0);
    if (this.weighted.length === 0) throw new RangeError('at least one journey needs a positive weight');
    this.done = new Promise((resolve) => {
      this.finished = resolve;
    });
  }

  start(): void {
    if (this.arriving) return;
    this.arriving = true;
    this.startedAt = performance.now();
    runDetached(() => this.arrive());
  }

  /** Stops starting journeys; the ones under way finish (see `done`). */
  stop(): void {
    this.arriving = false;
    clearTimeout(this.timer);
    this.settleIfIdle();
  }

  /** Stops arrivals and cuts the journeys under way short; resolves once each has ended and been reported. */
  cancel(): Promise<void> {
    this.stop();
    this.cancellation.abort();
    return this.done;
  }

  /** New journeys still start (not stopped, not at the end of its duration). */
  get isArriving(): boolean {
    return this.arriving;
  }

  get isRunning(): boolean {
    return this.arriving || this.running.size > 0;
  }

  get elapsedMs(): number {
    return this.startedAt === 0 ? 0 : performance.now() - this.startedAt;
  }

  private arrive(): void {
    if (!this.arriving) return;
    const { durationMs, maxJourneys, maxConcurrentUsers } = this.settings;
    if (
      (durationMs !== undefined && this.elapsedMs >= durationMs) ||
      (maxJourneys !== undefined && this.stats.started >= maxJourneys)
    ) {
      this.stop();
      return;
    }
    if (this.running.size < maxConcurrentUsers) this.launch(this.pickJourney());
    // Arrivals are background work: no journey joins the request that started the traffic.
    this.timer = setTimeout(() => runDetached(() => this.arrive()), this.nextArrivalMs());
    this.timer.unref();
  }

  private launch(journey: Journey): void {
    const run = runJourney(journey, {
      target: this.settings.target,
      thinkTimeScale: this.settings.thinkTimeScale,
      // A stream of its own: users interleave differently from run to run, their choices do not.
      random: fork(this.users),
      clock: this.clock,
      stats: this.stats,
      signal: this.cancellation.signal,
    }).then((result) => {
      this.onJourneyEnd(result);
      this.running.delete(run);
      this.settleIfIdle();
    });
    this.running.add(run);
  }

  private settleIfIdle(): void {
    if (!this.arriving && this.running.size === 0) this.finished();
  }

  private pickJourney(): Journey {
    const total = this.weighted.reduce((sum, entry) => sum + entry.weight, 0);
    let roll = this.users() * total;
    for (const entry of this.weighted) {
      roll -= entry.weight;
      if (roll < 0) return entry.journey;
    }
    return (this.weighted.at(-1) as { journey: Journey }).journey;
  }

  /** Exponential gaps make Poisson arrivals; rush hour scales the rate. */
  private nextArrivalMs(): number {
    const factor = this.settings.rushHour ? rushHourFactor(this.elapsedMs) : 1;
    const meanMs = 60_000 / Math.max(0.001, this.settings.usersPerMinute * factor);
    return Math.min(60_000, -Math.log(1 - this.arrivals()) * meanMs);
  }
}
