import type { RequestHandler } from 'express';
import { withSpan } from '../../otel/tracing';
import { currentContext } from '../context';
import { AppError } from '../errors';
import { busyWait } from '../scenarios/busy';
import type { Faults } from '../scenarios/catalogue';

/** Routes whose handlers use the database, and so take a pool slot under pool exhaustion. */
const DATABASE_ROUTES = /^\/api\/(orders|payments|reservations)(\/|$)/;
/** The controls and probes are never faulted: a demo must be able to switch scenarios off. */
const EXEMPT = /^\/api\/(scenarios|traffic|otel)(\/|$)/;
const POOL_SIZE = 4;

/**
 * Applies the request-path scenarios to API requests: event_loop_block (CPU work), error_burst
 * (a share of 5xx), connection_pool_exhaustion (a small pool every database request waits for).
 */
export function scenarioFaults(faults: Faults, random: () => number): RequestHandler {
  let inUse = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    inUse--;
    waiting.shift()?.();
  };

  return async (req, res, next) => {
    if (!req.path.startsWith('/api/') || EXEMPT.test(req.path)) return next();

    busyWait(100 * faults.intensity('event_loop_block'));

    const errorShare = faults.intensity('error_burst');
    if (errorShare > 0 && random() < errorShare) {
      return next(new AppError('injected_fault', 'error_burst scenario: this request was failed on purpose'));
    }

    const exhaustion = faults.intensity('connection_pool_exhaustion');
    if (exhaustion > 0 && DATABASE_ROUTES.test(req.path)) {
      const slots = Math.max(1, Math.round(POOL_SIZE * (1 - exhaustion)));
      const started = performance.now();
      await withSpan(
        'db.pool.acquire',
        { attributes: { 'db.client.connection.pool.name': 'sqlite' } },
        async () => {
          while (inUse >= slots) await new Promise<void>((resolve) => waiting.push(resolve));
          inUse++;
        },
      );
      const context = currentContext();
      if (context) context.timings.poolWaitMs += performance.now() - started;
      // The slot is held for the request's life, plus the time a slow connection takes to return.
      res.once('close', () => setTimeout(release, 200 * exhaustion));
    }
    next();
  };
}
