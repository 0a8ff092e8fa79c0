import { AsyncLocalStorage } from 'node:async_hooks';

/** What one request spent on inner operations, for its performance.log record. */
export interface RequestTimings {
  dbCalls: number;
  dbMs: number;
  gatewayMs: number;
  poolWaitMs: number;
}

/**
 * The correlation context of one request. It lives in AsyncLocalStorage for the whole request,
 * so loggers and spans read it instead of being handed ids through every call.
 */
export interface RequestContext {
  readonly requestId: string;
  readonly sessionId: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly timings: RequestTimings;
  /** Failure scenarios active when the request arrived: the answer key on its lines and spans. */
  readonly scenarios?: readonly string[];
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** Runs `fn` outside any request: for background work that a request merely scheduled. */
export function runOutsideContext<T>(fn: () => T): T {
  return storage.exit(fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

/** The ids of the current request, for log lines; empty outside a request. */
export function correlationFields(): {
  requestId?: string;
  sessionId?: string;
  traceId?: string;
  spanId?: string;
  scenarios?: readonly string[];
} {
  const context = storage.getStore();
  if (!context) return {};
  return {
    requestId: context.requestId,
    sessionId: context.sessionId,
    traceId: context.traceId,
    spanId: context.spanId,
    ...(context.scenarios ? { scenarios: context.scenarios } : {}),
  };
}
