import { setTimeout as delay } from 'node:timers/promises';
import type { Loggers } from '../loggers';
import type { Clock } from '../src/clock';
import { AppError } from '../src/errors';
import { type Api, ok } from '../src/http/api';
import { problem } from '../src/schemas/common';
import { logsFlushed } from '../src/schemas/logs';

/** A disk that takes longer than this is failing, not slow: the caller hears so. */
const FLUSH_DEADLINE_MS = 5000;

/**
 * The log files as tests read them: a control that answers once every line logged before it is
 * in its file (the access line of this request itself is written after its response).
 */
export function registerLogRoutes(api: Api, loggers: Loggers, clock: Clock): void {
  api.add(
    {
      method: 'post',
      path: '/api/logs/flush',
      operationId: 'flushLogs',
      summary: 'Answer once every line logged so far is on disk, without stopping the app',
      tag: 'controls',
      access: 'control',
      responses: {
        200: { description: 'On disk', schema: logsFlushed },
        503: { description: 'The files could not be written within 5 s', schema: problem },
      },
    },
    async () => {
      const deadline = new AbortController();
      const flushed = await Promise.race([
        loggers.flushed(),
        delay(FLUSH_DEADLINE_MS, undefined, { signal: deadline.signal }).then(() => undefined),
      ]).finally(() => deadline.abort());
      if (!flushed)
        throw new AppError('service_unavailable', 'The log files could not be written within 5 s');
      return ok({ flushed, at: clock.now().toISOString() });
    },
  );
}
