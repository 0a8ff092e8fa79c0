import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { Loggers } from '../../loggers';
import { type RequestContext, runWithContext } from '../context';
import { AppError } from '../errors';
import type { RequestStats } from '../monitoring/request-stats';
import { randomHex } from '../random-hex';
import { PROBLEM_CONTENT_TYPE, problemBody } from './problem';

/** Node's parser error codes for requests whose headers are too large. */
const TOO_LARGE = new Set(['HPE_HEADER_OVERFLOW', 'HPE_CHUNK_EXTENSIONS_OVERFLOW']);

/**
 * Answers requests Node's HTTP parser rejects before Express sees them (malformed request line,
 * control characters or CR/LF in headers, oversized headers) with a problem+json 400 or 431,
 * and logs them like any response: an access.log line and a warning in errors.log.
 */
export function clientErrorHandler(loggers: Loggers, stats: RequestStats) {
  return (error: NodeJS.ErrnoException, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = error.code && TOO_LARGE.has(error.code) ? 431 : 400;
    const context: RequestContext = {
      requestId: randomUUID(),
      sessionId: '-',
      traceId: randomHex(16),
      spanId: randomHex(8),
      timings: { dbCalls: 0, dbMs: 0, gatewayMs: 0, poolWaitMs: 0 },
    };
    const problem =
      status === 431
        ? new AppError('headers_too_large', 'The request headers are too large')
        : new AppError('bad_request', 'The request could not be parsed as HTTP');
    const body = JSON.stringify(runWithContext(context, () => problemBody(problem)));
    const { requestId, traceId } = context;
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nX-Trace-Id: ${traceId}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
    stats.started();
    stats.finished(0, status);
    loggers.logAccess({
      remoteAddress: socket.remoteAddress,
      time: new Date(),
      request: undefined,
      status,
      bytes: Buffer.byteLength(body),
      referer: undefined,
      userAgent: undefined,
      durationMs: 0,
      requestId,
      traceId,
      sessionId: '-',
    });
    runWithContext(context, () =>
      loggers.errors.warn(
        { code: problem.code, parserError: error.code, status },
        'request rejected by the HTTP parser',
      ),
    );
  };
}
