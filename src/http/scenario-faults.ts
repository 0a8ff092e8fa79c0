import type { RequestHandler } from 'express';
import { withSpan } from '../../otel/tracing';
import { recordTiming } from '../context';
import { AppError } from '../errors';
import { busyWait } from '../scenarios/busy';
import type { Faults } from '../scenarios/catalogue';

const POOL_SIZE = 4;

/**
 * The request-path scenarios, for the public operations (see Access in ./api): event_loop_block
 * (CPU work), error_burst (a share of 5xx), and, for an operation that declares it uses the
 * database, connection_pool_exhaustion (a small pool every such request waits for). The pool is
 * shared by every operation this returns a handler for.
 */
export function scenarioFaults(
  faults: Faults,
  random: () => number,
): (operation: { database: boolean }) => RequestHandler {
  let inUse = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    inUse--;
    waiting.shift()?.();
  };

  const takePoolSlot: RequestHandler = async (_req, res, next) => {
    const exhaustion = faults.intensity('connection_pool_exhaustion');
    if (exhaustion === 0) return next();
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
    recordTiming('poolWait', performance.now() - started);
    // The slot is held for the request's life, plus the time a slow connection takes to return.
    res.once('close', () => setTimeout(release, 200 * exhaustion));
    next();
  };

  const requestFaults =
    (database: boolean): RequestHandler =>
    (req, res, next) => {
      busyWait(100 * faults.intensity('event_loop_block'));
      const errorShare = faults.intensity('error_burst');
      if (errorShare > 0 && random() < errorShare) {
        return next(
          new AppError('injected_fault', 'error_burst scenario: this request was failed on purpose'),
        );
      }
      if (database) return takePoolSlot(req, res, next);
      next();
    };
  const withDatabase = requestFaults(true);
  const withoutDatabase = requestFaults(false);
  return ({ database }) => (database ? withDatabase : withoutDatabase);
}
