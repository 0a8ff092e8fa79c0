import { setTimeout as delay } from 'node:timers/promises';
import { withSpan } from '../../otel/tracing';
import { idsFrom, type Random } from '../chance';
import type { Clock } from '../clock';
import { VirtualUserClient } from './client';
import type { Journey, JourneyContext } from './journeys';
import type { JourneyOutcome, TrafficStats } from './stats';

export interface JourneyResult {
  kind: string;
  sessionId: string;
  outcome: JourneyOutcome;
  durationMs: number;
}

/**
 * One virtual user walking one journey: a session of its own, one trace for the journey with a
 * span per step, think times between steps.
 */
export async function runJourney(
  journey: Journey,
  options: {
    target: string;
    thinkTimeScale: number;
    random: Random;
    clock: Clock;
    stats: TrafficStats;
    /** Cuts the journey short: its pause or request under way ends, and it counts as failed. */
    signal?: AbortSignal;
  },
): Promise<JourneyResult> {
  const ids = idsFrom(options.random);
  const sessionId = `vu_${ids.uuid()}`;
  const client = new VirtualUserClient(options.target, sessionId, ids, options.stats, options.signal);
  const ctx: JourneyContext = {
    client,
    random: options.random,
    clock: options.clock,
    think: async (min, max) => {
      const ms = (min + options.random() * (max - min)) * 1000 * options.thinkTimeScale;
      if (ms > 0) await delay(ms, undefined, { signal: options.signal });
    },
    step: (name, fn) => withSpan(`step ${name}`, { attributes: { 'restaurant.journey.step': name } }, fn),
  };
  const started = performance.now();
  options.stats.journeyStarted();
  let outcome: JourneyOutcome = 'failed';
  try {
    outcome = await withSpan(
      `journey ${journey.kind}`,
      { root: true, attributes: { 'restaurant.journey.kind': journey.kind, 'session.id': sessionId } },
      async (span) => {
        await client.event('journey_started', { journey: journey.kind });
        const result = await journey.run(ctx);
        if (result === 'completed') await client.event('journey_completed', { journey: journey.kind });
        span.setAttribute('restaurant.journey.outcome', result);
        return result;
      },
    );
  } catch {
    outcome = 'failed';
  } finally {
    options.stats.journeyEnded(journey.kind, outcome);
  }
  return { kind: journey.kind, sessionId, outcome, durationMs: performance.now() - started };
}
