import { AsyncLocalStorage } from 'node:async_hooks';
import { activeSpanContext, outsideTrace } from '../otel/tracing';
import type { Ids } from './chance';

/** What one request spent on inner operations, for its performance.log record. */
export interface RequestTimings {
  dbCalls: number;
  dbMs: number;
  gatewayMs: number;
  poolWaitMs: number;
}

/**
 * The correlation context of one request. It lives in AsyncLocalStorage for the whole request,
 * so loggers and spans read it instead of being handed ids through every call. This module is
 * the one place that makes one (newRequestContext) and adds to its timings (recordTiming).
 */
export interface RequestContext {
  readonly requestId: string;
  readonly sessionId: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly timings: RequestTimings;
  /** Failure scenarios active when the request arrived: the answer key on its lines and spans. */
  readonly scenarios?: readonly string[];
  /** Sent by a load generator (virtual users), not a person: marked on its lines and spans. */
  readonly synthetic?: boolean;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** A request's context: the ids given, new ones from `ids` for the rest, and empty timings. */
export function newRequestContext(
  ids: Ids,
  given: Partial<Pick<RequestContext, 'requestId' | 'sessionId' | 'traceId' | 'spanId'>> & {
    scenarios?: readonly string[];
    synthetic?: boolean;
  } = {},
): RequestContext {
  const { scenarios, synthetic, ...known } = given;
  return {
    requestId: known.requestId ?? ids.uuid(),
    sessionId: known.sessionId ?? '-',
    traceId: known.traceId ?? ids.hex(16),
    spanId: known.spanId ?? ids.hex(8),
    timings: { dbCalls: 0, dbMs: 0, gatewayMs: 0, poolWaitMs: 0 },
    ...(scenarios && scenarios.length > 0 ? { scenarios } : {}),
    ...(synthetic ? { synthetic } : {}),
  };
}

/** Adds time spent on an inner operation to the current request's timings (none outside one). */
export function recordTiming(kind: 'db' | 'gateway' | 'poolWait', durationMs: number): void {
  const timings = storage.getStore()?.timings;
  if (!timings) return;
  if (kind === 'db') {
    timings.dbCalls++;
    timings.dbMs += durationMs;
  } else if (kind === 'gateway') timings.gatewayMs += durationMs;
  else timings.poolWaitMs += durationMs;
}

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/**
 * Runs `fn` as background work (a timer, a queue): outside the correlation context and the trace
 * of whatever request scheduled it, so its lines and spans are never attributed to that request.
 */
export function runDetached<T>(fn: () => T): T {
  return storage.exit(() => outsideTrace(fn));
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** The fields every JSON log line gets from where it was written; see loggers/README.md. */
export interface CorrelationFields {
  requestId?: string;
  sessionId?: string;
  traceId?: string;
  spanId?: string;
  traceFlags?: string;
  scenarios?: readonly string[];
  synthetic?: boolean;
}

/**
 * The request's ids (none outside a request), and one trace context: the span active where the
 * line is written (a database statement's, a kitchen step's), or, with tracing off, the ids the
 * request was given. Nothing else writes trace fields on a line.
 */
export function correlationFields(): CorrelationFields {
  const request = storage.getStore();
  const span = activeSpanContext();
  const fields: CorrelationFields = {};
  if (request) {
    fields.requestId = request.requestId;
    fields.sessionId = request.sessionId;
  }
  if (span) {
    fields.traceId = span.traceId;
    fields.spanId = span.spanId;
    fields.traceFlags = span.traceFlags.toString(16).padStart(2, '0');
  } else if (request) {
    fields.traceId = request.traceId;
    fields.spanId = request.spanId;
    fields.traceFlags = '00';
  }
  if (request?.scenarios) fields.scenarios = request.scenarios;
  if (request?.synthetic) fields.synthetic = true;
  return fields;
}
