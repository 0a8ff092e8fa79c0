import type { tracing } from '@opentelemetry/sdk-node';
import { createChance } from '../src/chance';
import { inBackground } from './tracing';

/**
 * Trace and span ids from RANDOM_SEED, so two seeded runs given the same requests, one after
 * another, write the same trace ids to their log files and send the same spans. Background work
 * (the kitchen, virtual users) draws from a stream of its own: its timers may fire between other
 * requests' spans in one run and not the next, and must not shift the ids those requests get.
 */
export function seededIdGenerator(seed: string): tracing.IdGenerator {
  const chance = createChance(seed);
  const ids = () => chance.ids(inBackground() ? 'background-spans' : 'spans');
  return {
    generateTraceId: () => ids().hex(16),
    generateSpanId: () => ids().hex(8),
  };
}
