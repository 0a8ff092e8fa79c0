import {
  type Attributes,
  context,
  createContextKey,
  isSpanContextValid,
  type Link,
  ROOT_CONTEXT,
  type Span,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';

import { getRPCMetadata, RPCType } from '@opentelemetry/core';

export type { Attributes, Link, Span, SpanContext };
export { SpanKind, trace };

/** The app's tracer; a no-op until (and unless) the SDK registers a provider. */
const tracer = trace.getTracer('restaurant-app');

export interface SpanOptions {
  kind?: SpanKind;
  attributes?: Attributes;
  links?: Link[];
  /** Start a new trace rather than a child of the active span. */
  root?: boolean;
  /** When the work began, if before the span is started (work timed from stored timestamps). */
  startTime?: Date;
}

/**
 * Gives the request's server span its route: `http.route` on the span and the HTTP metrics, and
 * the span name `GET /api/menu`. The HTTP instrumentation reads it when the response finishes;
 * no Express instrumentation (and its wrapper around every middleware) is needed for it.
 */
export function setHttpRoute(route: string): void {
  const rpc = getRPCMetadata(context.active());
  if (rpc?.type === RPCType.HTTP) rpc.route = route;
}

function recordFailure(span: Span, error: unknown): void {
  const exception = error instanceof Error ? error : new Error(String(error));
  span.recordException(exception);
  span.setStatus({ code: SpanStatusCode.ERROR, message: exception.message });
}

/**
 * Runs `fn` inside a new active span, sync or async: a thrown error or rejection is recorded
 * on the span with error status, and the span always ends.
 */
export function withSpan<T>(name: string, options: SpanOptions, fn: (span: Span) => T): T {
  return tracer.startActiveSpan(name, options, (span) => {
    let result: T;
    try {
      result = fn(span);
    } catch (error) {
      recordFailure(span, error);
      span.end();
      throw error;
    }
    if (result instanceof Promise) {
      return result.then(
        (value) => {
          span.end();
          return value;
        },
        (error: unknown) => {
          recordFailure(span, error);
          span.end();
          throw error;
        },
      ) as T;
    }
    span.end();
    return result;
  });
}

/** Marks the active span failed without throwing: for outcomes such as a declined charge. */
export function markSpanFailed(span: Span, message: string): void {
  span.setStatus({ code: SpanStatusCode.ERROR, message });
}

/**
 * Runs background work (a kitchen step, a scenario expiring) as a trace of its own: a root span,
 * outside whatever trace is active, linked to its `causes`: the spans of the requests whose story
 * the work continues.
 */
export function withBackgroundSpan<T>(
  name: string,
  options: { causes?: (SpanContext | undefined)[]; attributes?: Attributes; startTime?: Date },
  fn: (span: Span) => T,
): T {
  const links = (options.causes ?? [])
    .filter((cause): cause is SpanContext => cause !== undefined && isSpanContextValid(cause))
    .map((cause) => ({ context: cause }));
  return outsideTrace(() =>
    withSpan(name, { root: true, links, attributes: options.attributes, startTime: options.startTime }, fn),
  );
}

const BACKGROUND = createContextKey('restaurant.background');

/** Runs `fn` in no trace at all: background work must not join the trace of whoever scheduled it. */
export function outsideTrace<T>(fn: () => T): T {
  return context.with(ROOT_CONTEXT.setValue(BACKGROUND, true), fn);
}

/** Whether the code running now is background work (a timer, the kitchen, virtual users). */
export function inBackground(): boolean {
  return context.active().getValue(BACKGROUND) === true;
}

/** The active span's ids, when a real span is active. */
export function activeSpanContext(): SpanContext | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? spanContext : undefined;
}

/** A span context from stored ids, for links; undefined when they are missing or invalid. */
export function spanContextFrom(traceId: string | null, spanId: string | null): SpanContext | undefined {
  if (!traceId || !spanId) return undefined;
  const spanContext = { traceId, spanId, traceFlags: 1, isRemote: true };
  return isSpanContextValid(spanContext) ? spanContext : undefined;
}

const noSpan = () => {};

/**
 * Starts a CLIENT span for a call and returns the function that ends it, with the failure if
 * any (its `code`, such as SQLITE_BUSY or ECONNREFUSED, becomes `error.type`) and attributes
 * learnt by then. Only inside another span: background work (the kitchen, snapshots) would
 * otherwise scatter one-span traces.
 */
export function startClientSpan(
  name: string,
  attributes: Attributes,
): (error?: unknown, learnt?: Attributes) => void {
  if (!trace.getActiveSpan()) return noSpan;
  const span = tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes });
  return (error, learnt) => {
    if (learnt) span.setAttributes(learnt);
    if (error !== undefined) {
      const code = (error as { code?: unknown } | null)?.code;
      span.setAttribute('error.type', typeof code === 'string' ? code : ((error as Error)?.name ?? 'Error'));
      recordFailure(span, error);
    }
    span.end();
  };
}
