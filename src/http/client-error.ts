import { type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Loggers } from '../../loggers';
import type { Ids } from '../chance';
import type { Clock } from '../clock';
import { newRequestContext, runWithContext } from '../context';
import { AppError } from '../errors';
import type { RequestStats } from '../monitoring/request-stats';
import { accessRecord } from './access-record';
import { PROBLEM_CONTENT_TYPE, problemBody } from './problem';

/** Node's parser error codes for requests whose headers are too large. */
const TOO_LARGE = new Set(['HPE_HEADER_OVERFLOW', 'HPE_CHUNK_EXTENSIONS_OVERFLOW']);

/** Answers for requests Express never sees, written straight to the socket. */
export interface RawAnswers {
  /** The server's `clientError`: requests Node's HTTP parser rejected. */
  onClientError(error: NodeJS.ErrnoException, socket: Duplex): void;
  /** The server's `connect`: this app is no proxy, so CONNECT gets a 405. */
  onConnect(req: IncomingMessage, socket: Duplex): void;
}

/**
 * Requests Node handles before Express (a malformed request line, control characters or CR/LF
 * in headers, oversized headers, CONNECT) get a problem+json answer and are logged like any
 * response: an access.log line and a warning in errors.log. Without this Node would answer with
 * an empty body, or, for CONNECT, close the connection without a word.
 */
export function rawAnswers(loggers: Loggers, stats: RequestStats, clock: Clock, ids: Ids): RawAnswers {
  const answer = (
    socket: Duplex & { remoteAddress?: string },
    problem: AppError,
    request: IncomingMessage | undefined,
    message: string,
    logFields: Record<string, unknown> = {},
  ) => {
    const context = newRequestContext(ids);
    const { status } = problem;
    const body = JSON.stringify(runWithContext(context, () => problemBody(problem)));
    const { requestId, traceId } = context;
    const allow =
      problem.code === 'method_not_allowed' ? 'Allow: GET, HEAD, POST, PUT, PATCH, DELETE\r\n' : '';
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nX-Trace-Id: ${traceId}\r\n` +
        `${allow}Connection: close\r\n\r\n${body}`,
    );
    stats.started();
    stats.finished({
      method: request?.method ?? '-',
      route: null,
      status,
      durationMs: 0,
      traceId,
      public: false,
    });
    loggers.logAccess(
      accessRecord(context, request, socket.remoteAddress, {
        time: clock.now(),
        status,
        bytes: Buffer.byteLength(body),
        durationMs: 0,
      }),
    );
    runWithContext(context, () => loggers.errors.warn({ code: problem.code, status, ...logFields }, message));
  };

  return {
    onClientError: (error, socket) => {
      if (error.code === 'ECONNRESET' || !socket.writable) {
        socket.destroy();
        return;
      }
      const problem =
        error.code && TOO_LARGE.has(error.code)
          ? new AppError('headers_too_large', 'The request headers are too large')
          : new AppError('bad_request', 'The request could not be parsed as HTTP');
      answer(socket, problem, undefined, 'request rejected by the HTTP parser', { parserError: error.code });
    },
    onConnect: (req, socket) => {
      answer(
        socket,
        new AppError('method_not_allowed', 'CONNECT is not supported: this server is not a proxy'),
        req,
        'CONNECT refused',
      );
    },
  };
}
