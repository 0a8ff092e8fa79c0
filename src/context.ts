import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';

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

/**
 * Binds a callback to the context active now. Stream-driven middleware (the body parser) calls
 * `next` from the socket's async scope, where the request's context is gone; binding `next`
 * carries the context across.
 */
export function bindToContext<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
  return AsyncResource.bind(fn);
}
