import type { Request, RequestHandler, Response } from 'express';
import type { Loggers } from '../../loggers';
import type { Clock } from '../clock';
import { currentContext, runWithContext } from '../context';
import type { RequestStats } from '../monitoring/request-stats';
import { accessRecord } from './access-record';

/** nginx's status for a request whose client went away before the response was sent. */
const CLIENT_CLOSED_REQUEST = 499;

function routeTemplate(req: Request): string | null {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${req.baseUrl}${path}` : null;
}

function responseBytes(res: Response): number | undefined {
  const length = Number(res.getHeader('content-length'));
  return Number.isFinite(length) ? length : undefined;
}

/**
 * Writes, once per response, its access.log line and its performance.log record, and counts it
 * for metrics. Mounted right after the correlation middleware, so every response is seen,
 * errors and 404s included; a request the client abandoned is logged as 499.
 */
export function requestLog(
  loggers: Loggers,
  stats: RequestStats,
  slowRequestMs: number,
  clock: Clock,
): RequestHandler {
  return (req, res, next) => {
    const context = currentContext();
    if (!context) {
      next();
      return;
    }
    const time = clock.now();
    const started = performance.now();
    stats.started();
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      const durationMs = performance.now() - started;
      const status = res.writableFinished ? res.statusCode : CLIENT_CLOSED_REQUEST;
      const route = routeTemplate(req);
      const { traceId } = context;
      stats.finished({
        method: req.method,
        route,
        status,
        durationMs,
        traceId,
        public: res.locals.access === 'public',
      });
      runWithContext(context, () => {
        loggers.logAccess(
          accessRecord(context, req, req.socket.remoteAddress, {
            time,
            status,
            bytes: responseBytes(res),
            durationMs,
          }),
        );
        loggers.performance.info(
          {
            method: req.method,
            route,
            status,
            durationMs: Math.round(durationMs * 1000) / 1000,
            slow: durationMs > slowRequestMs,
            dbCalls: context.timings.dbCalls,
            dbMs: Math.round(context.timings.dbMs * 1000) / 1000,
            gatewayMs: context.timings.gatewayMs,
            poolWaitMs: Math.round(context.timings.poolWaitMs * 1000) / 1000,
          },
          'request completed',
        );
      });
    };
    res.once('finish', finish);
    res.once('close', finish);
    next();
  };
}
