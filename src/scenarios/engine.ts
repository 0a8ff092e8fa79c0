import { activeSpanContext, type SpanContext, withBackgroundSpan } from '../../otel/tracing';
import { type Clock, systemClock } from '../clock';
import { runDetached } from '../context';
import { AppError } from '../errors';
import {
  CASCADE,
  type Faults,
  isScenarioName,
  type ScenarioName,
  scenarioDescriptions,
  scenarioNames,
} from './catalogue';

export interface ScenarioState {
  name: ScenarioName;
  description: string;
  active: boolean;
  intensity: number | null;
  startedAt: string | null;
  endsAt: string | null;
  secondsLeft: number | null;
}

export type ScenarioChange =
  | { change: 'started'; name: ScenarioName; intensity: number; durationMs: number; parent?: ScenarioName }
  | { change: 'stopped'; name: ScenarioName; reason: 'stopped' | 'expired'; parent?: ScenarioName };

const NONE_ACTIVE: readonly ScenarioName[] = Object.freeze([]);

interface Active {
  intensity: number;
  startedAt: Date;
  endsAt: Date;
  timer: NodeJS.Timeout;
  parent?: ScenarioName;
  /** The span of the request that started it: what its expiry and phases link to. */
  startedIn?: SpanContext;
}

/**
 * Which failure scenarios are on, how strongly and until when. Each ends by itself at its
 * deadline; every start and stop is reported. `intensity()` is the hot-path question the app asks.
 * What happens later by itself (an expiry, a cascade's next phase) is background work: a trace of
 * its own (`scenario.expire`, `scenario.phase`), linked to the request that started the scenario.
 */
export class ScenarioEngine implements Faults {
  private readonly active = new Map<ScenarioName, Active>();
  private readonly cascadeTimers = new Set<NodeJS.Timeout>();
  private readonly listeners: ((change: ScenarioChange) => void)[] = [];

  constructor(private readonly clock: Clock = systemClock) {}

  /** Tells `listener` of every start and stop, in the order they happen. */
  onChange(listener: (change: ScenarioChange) => void): void {
    this.listeners.push(listener);
  }

  private report(change: ScenarioChange): void {
    for (const listener of this.listeners) listener(change);
  }

  intensity(name: ScenarioName): number {
    return this.active.get(name)?.intensity ?? 0;
  }

  /** Asked on every request: no allocation while nothing is active, the usual case. */
  activeNames(): readonly ScenarioName[] {
    return this.active.size === 0 ? NONE_ACTIVE : [...this.active.keys()];
  }

  start(name: string, durationMs: number, intensity: number): ScenarioState {
    if (!isScenarioName(name)) throw this.unknown(name);
    this.stop(name);
    const startedIn = activeSpanContext();
    this.begin(name, durationMs, intensity, startedIn);
    if (name === 'cascading_failure') this.cascade(durationMs, intensity, startedIn);
    return this.state(name);
  }

  stop(name: string, reason: 'stopped' | 'expired' = 'stopped'): ScenarioState {
    if (!isScenarioName(name)) throw this.unknown(name);
    const current = this.active.get(name);
    if (current) {
      clearTimeout(current.timer);
      this.active.delete(name);
      this.report({ change: 'stopped', name, reason, ...(current.parent ? { parent: current.parent } : {}) });
      if (name === 'cascading_failure') {
        for (const timer of this.cascadeTimers) clearTimeout(timer);
        this.cascadeTimers.clear();
        for (const [child, state] of this.active) if (state.parent === name) this.stop(child, reason);
      }
    }
    return this.state(name);
  }

  stopAll(): ScenarioState[] {
    for (const name of [...this.active.keys()]) if (this.active.has(name)) this.stop(name);
    return this.list();
  }

  list(): ScenarioState[] {
    return scenarioNames.map((name) => this.state(name));
  }

  private begin(
    name: ScenarioName,
    durationMs: number,
    intensity: number,
    startedIn: SpanContext | undefined,
    parent?: ScenarioName,
  ): void {
    const startedAt = this.clock.now();
    const timer = this.later(durationMs, 'scenario.expire', name, startedIn, () =>
      this.stop(name, 'expired'),
    );
    this.active.set(name, {
      intensity,
      startedAt,
      endsAt: new Date(startedAt.getTime() + durationMs),
      timer,
      parent,
      startedIn,
    });
    this.report({ change: 'started', name, intensity, durationMs, ...(parent ? { parent } : {}) });
  }

  /** Runs the cascade's phases one after the other, each a quarter of its time. */
  private cascade(durationMs: number, intensity: number, startedIn: SpanContext | undefined): void {
    const phaseMs = durationMs / CASCADE.length;
    CASCADE.forEach((phase, index) => {
      const timer = this.later(index * phaseMs, 'scenario.phase', phase, startedIn, () => {
        this.cascadeTimers.delete(timer);
        if (this.active.has('cascading_failure')) {
          this.stop(phase);
          this.begin(phase, phaseMs, intensity, startedIn, 'cascading_failure');
        }
      });
      this.cascadeTimers.add(timer);
    });
  }

  /** Work for later, in the background: outside the request that scheduled it, in a trace of its own. */
  private later(
    ms: number,
    span: string,
    name: ScenarioName,
    startedIn: SpanContext | undefined,
    fn: () => void,
  ): NodeJS.Timeout {
    const timer = setTimeout(
      () =>
        runDetached(() =>
          withBackgroundSpan(span, { causes: [startedIn], attributes: { 'restaurant.scenario': name } }, fn),
        ),
      ms,
    );
    timer.unref();
    return timer;
  }

  private state(name: ScenarioName): ScenarioState {
    const current = this.active.get(name);
    return {
      name,
      description: scenarioDescriptions[name],
      active: current !== undefined,
      intensity: current?.intensity ?? null,
      startedAt: current?.startedAt.toISOString() ?? null,
      endsAt: current?.endsAt.toISOString() ?? null,
      secondsLeft: current
        ? Math.max(0, Math.round((current.endsAt.getTime() - this.clock.now().getTime()) / 1000))
        : null,
    };
  }

  private unknown(name: string): AppError {
    return new AppError('not_found', `There is no scenario "${name}"; known: ${scenarioNames.join(', ')}`);
  }
}
