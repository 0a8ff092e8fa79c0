import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The correlation context of one request. It lives in AsyncLocalStorage for the whole request,
 * so loggers and spans read it instead of being handed ids through every call.
 */
export interface RequestContext {
  readonly requestId: string;
  readonly sessionId: string;
  readonly traceId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}
