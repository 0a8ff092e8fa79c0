import { parse as parseCookies } from 'cookie';
import type { RequestHandler } from 'express';
import { activeSpanContext, trace } from '../../otel/tracing';
import type { Ids } from '../chance';
import { newRequestContext, runWithContext } from '../context';

const SESSION_COOKIE = 'session_id';
/** The correlation headers a client may send and every response carries. */
export const CORRELATION_HEADERS = ['X-Request-Id', 'X-Session-Id', 'X-Trace-Id'] as const;
/**
 * `X-Synthetic: true` marks a request from a load generator (the virtual users send it): its
 * lines get `synthetic: true` and its server span `user_agent.synthetic.type` `test`, so a
 * dashboard can leave it out, as the OpenTelemetry Demo marks its load generator's requests.
 */
const SYNTHETIC_HEADER = 'x-synthetic';
const SESSION_COOKIE_MAX_AGE_MS = 30 * 24 * 60 * 60 * 1000;

/** Ids a client may choose: short, printable, and unable to break a log line or a header. */
const SAFE_TOKEN = /^[A-Za-z0-9._:~-]{1,128}$/;
/** W3C Trace Context `traceparent`, version 00 or a later version with extra fields. */
const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-[^\s]*)?$/;

function isSafeToken(value: unknown): value is string {
  return typeof value === 'string' && SAFE_TOKEN.test(value);
}

/** The trace id of a valid `traceparent` header, or undefined when it is absent or invalid. */
function traceIdFromTraceparent(header: string | undefined): string | undefined {
  const match = header === undefined ? null : TRACEPARENT.exec(header.trim().toLowerCase());
  if (!match) return undefined;
  const [, version, traceId, parentId, , rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (/^0+$/.test(traceId ?? '0') || /^0+$/.test(parentId ?? '0')) return undefined;
  return traceId;
}

function sessionFromCookie(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const value = parseCookies(header)[SESSION_COOKIE];
  return isSafeToken(value) ? value : undefined;
}

/**
 * Gives every request its correlation context (requestId, sessionId, traceId, spanId), echoes it
 * in the response headers and runs the rest of the chain inside it.
 */
export function correlation(ids: Ids, activeScenarios: () => readonly string[] = () => []): RequestHandler {
  return (req, res, next) => {
    const incomingRequestId = req.get('x-request-id');
    const incomingSession = req.get('x-session-id');
    const requestId = isSafeToken(incomingRequestId) ? incomingRequestId : ids.uuid();

    let sessionId = isSafeToken(incomingSession) ? incomingSession : sessionFromCookie(req.get('cookie'));
    if (sessionId === undefined) {
      sessionId = `sess_${ids.uuid()}`;
      res.cookie(SESSION_COOKIE, sessionId, {
        httpOnly: true,
        sameSite: 'lax',
        path: '/',
        maxAge: SESSION_COOKIE_MAX_AGE_MS,
      });
    }

    // The server span's ids when tracing runs; else the incoming trace continued, or a new one.
    const span = activeSpanContext();
    const scenarios = activeScenarios();
    const synthetic = req.get(SYNTHETIC_HEADER)?.toLowerCase() === 'true';
    const context = newRequestContext(ids, {
      requestId,
      sessionId,
      traceId: span?.traceId ?? traceIdFromTraceparent(req.get('traceparent')),
      spanId: span?.spanId,
      scenarios,
      synthetic,
    });
    const { traceId, spanId } = context;
    const sampled = span ? (span.traceFlags & 1) === 1 : false;
    const serverSpan = trace.getActiveSpan();
    if (scenarios.length > 0) serverSpan?.setAttribute('restaurant.scenarios', [...scenarios]);
    if (synthetic) serverSpan?.setAttribute('user_agent.synthetic.type', 'test');

    // Field names as in CORRELATION_HEADERS.
    res.set({
      'X-Request-Id': requestId,
      'X-Session-Id': sessionId,
      'X-Trace-Id': traceId,
      // W3C Trace Context Level 2: the server's side of the trace, for clients that want to join it.
      traceresponse: `00-${traceId}-${spanId}-${sampled ? '01' : '00'}`,
    });
    runWithContext(context, next);
  };
}
