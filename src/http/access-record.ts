import type { IncomingMessage } from 'node:http';
import type { AccessEntry } from '../../loggers/access-log';
import type { RequestContext } from '../context';

/** How a request was answered, for its access line. */
export interface Answer {
  /** When the request arrived. */
  time: Date;
  status: number;
  bytes: number | undefined;
  durationMs: number;
}

function header(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The access.log record of one request, for every path that answers one (Express, and the raw
 * answers Node's parser errors get): the ids come from the request's context, nowhere else. An
 * unparseable request has no request line (`-`).
 */
export function accessRecord(
  context: RequestContext,
  request: IncomingMessage | undefined,
  remoteAddress: string | undefined,
  answer: Answer,
): AccessEntry {
  return {
    remoteAddress,
    time: answer.time,
    request: request && {
      method: request.method ?? '-',
      // Express rewrites `url` inside mounted routers; `originalUrl` is what the client sent.
      url: (request as { originalUrl?: string }).originalUrl ?? request.url ?? '-',
      httpVersion: request.httpVersion,
    },
    status: answer.status,
    bytes: answer.bytes,
    referer: request && (header(request, 'referer') ?? header(request, 'referrer')),
    userAgent: request && header(request, 'user-agent'),
    durationMs: answer.durationMs,
    requestId: context.requestId,
    traceId: context.traceId,
    sessionId: context.sessionId,
  };
}
