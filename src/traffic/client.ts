import { activeSpanContext } from '../../otel/tracing';
import type { Ids } from '../chance';
import type { TrafficStats } from './stats';

/** Marks every virtual-user request, so logs and traces can tell synthetic traffic apart. */
const SYNTHETIC_HEADER = 'X-Synthetic';
const USER_AGENT = 'restaurant-virtual-user/1.0';
const REQUEST_TIMEOUT_MS = 15_000;

export interface Response<T = unknown> {
  status: number;
  body: T;
}

/**
 * One virtual user's HTTP client: its session id on every request, and the journey's trace in a
 * W3C `traceparent`, so the server's spans join the journey. With the telemetry SDK running the
 * active step span is propagated; without it the journey still has a trace id of its own.
 */
export class VirtualUserClient {
  private readonly fallbackTraceId: string;

  constructor(
    private readonly baseUrl: string,
    readonly sessionId: string,
    private readonly ids: Ids,
    private readonly stats: TrafficStats,
    /** Cancels the request under way when the journey is cut short. */
    private readonly signal?: AbortSignal,
  ) {
    this.fallbackTraceId = ids.hex(16);
  }

  get<T>(path: string): Promise<Response<T>> {
    return this.send<T>('GET', path);
  }

  post<T>(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Response<T>> {
    return this.send<T>('POST', path, body, headers);
  }

  delete<T>(path: string): Promise<Response<T>> {
    return this.send<T>('DELETE', path);
  }

  /** A client journey event, as a browser would report it. */
  async event(event: string, properties: Record<string, unknown> = {}): Promise<void> {
    await this.post('/api/events', { event, properties });
  }

  private traceparent(): string {
    const span = activeSpanContext();
    if (span) return `00-${span.traceId}-${span.spanId}-0${span.traceFlags & 1}`;
    return `00-${this.fallbackTraceId}-${this.ids.hex(8)}-01`;
  }

  private async send<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response<T>> {
    const started = performance.now();
    try {
      const res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          'user-agent': USER_AGENT,
          'x-session-id': this.sessionId,
          [SYNTHETIC_HEADER]: 'true',
          traceparent: this.traceparent(),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: this.signal
          ? AbortSignal.any([this.signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)])
          : AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const text = await res.text();
      this.stats.request(performance.now() - started, res.status);
      return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
    } catch (error) {
      this.stats.request(performance.now() - started, 0);
      throw error;
    }
  }
}
