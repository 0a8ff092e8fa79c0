import { type Context, context } from '@opentelemetry/api';
import { sessionId } from './session';

/** The API's origin: the page's own, or the app's when a dev server serves the page. */
export const API_ORIGIN = __API_ORIGIN__;

/** An answer the API refused, in its own words (application/problem+json). */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    /** Field by field, for validation failures: the same messages the API returns. */
    readonly fields: { field: string; message: string }[],
    readonly traceId: string | null,
    readonly extensions: Record<string, unknown>,
  ) {
    super(detail);
  }
}

/** The trace ids of the latest calls, newest first, for the page to show. */
export const recentTraces: { method: string; path: string; status: number; traceId: string }[] = [];

/**
 * Calls the API with the session id; `action` is the user action the call belongs to (its
 * trace), kept across awaits. Resolves with the JSON body; a 4xx or 5xx rejects with a Problem.
 */
export async function call<T>(
  method: 'GET' | 'POST' | 'DELETE',
  path: string,
  options: {
    body?: unknown;
    action?: Context;
    headers?: Record<string, string>;
    /** A poll (the order's status): kept out of the recent traces, which list what the visitor did. */
    poll?: boolean;
  } = {},
): Promise<T> {
  const headers: Record<string, string> = { 'X-Session-Id': sessionId, ...options.headers };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  const send = () =>
    fetch(`${API_ORIGIN}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  const res = await (options.action ? context.with(options.action, send) : send());
  const traceId = res.headers.get('x-trace-id');
  if (traceId && !options.poll) {
    recentTraces.unshift({ method, path, status: res.status, traceId });
    recentTraces.length = Math.min(recentTraces.length, 20);
  }
  const text = await res.text();
  const body = text ? JSON.parse(text) : undefined;
  if (!res.ok) {
    const { code, detail, title, errors, ...extensions } = (body ?? {}) as Record<string, unknown>;
    throw new Problem(
      res.status,
      String(code ?? 'error'),
      String(detail ?? title ?? res.statusText),
      Array.isArray(errors) ? (errors as { field: string; message: string }[]) : [],
      traceId,
      extensions,
    );
  }
  return body as T;
}

/** A client journey event (CART_ADD, checkout_started, …) for events.log; never fails the page. */
export function journeyEvent(
  event: string,
  properties: Record<string, unknown> = {},
  action?: Context,
): void {
  call('POST', '/api/events', { body: { event, properties }, action }).catch(() => {});
}
