import { EventEmitter, once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { disown, own } from './owned';
import { waitForData } from './wait';

/** OTLP/JSON shapes, as much of them as the tests read. */
type OtlpValue = {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
  arrayValue?: { values?: OtlpValue[] };
};
export interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
export interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano?: string;
  endTimeUnixNano?: string;
  attributes?: OtlpAttribute[];
  links?: { traceId: string; spanId: string }[];
  status?: { code?: number; message?: string };
  events?: { name: string; attributes?: OtlpAttribute[] }[];
}
export interface ReceivedSpan extends OtlpSpan {
  resource: Record<string, unknown>;
}
export interface ReceivedMetric {
  name: string;
  resource: Record<string, unknown>;
  data: Record<string, unknown>;
}

export const SPAN_KIND = { INTERNAL: 1, SERVER: 2, CLIENT: 3 } as const;

function plain(value: OtlpValue): unknown {
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(plain);
  if (value.intValue !== undefined) return Number(value.intValue);
  return value.stringValue ?? value.doubleValue ?? value.boolValue;
}

export function attributes(list: OtlpAttribute[] | undefined): Record<string, unknown> {
  return Object.fromEntries((list ?? []).map(({ key, value }) => [key, plain(value)]));
}

/**
 * `unavailable` answers 503; `hang` reads the request and never answers; `discard` answers 200
 * without parsing or keeping the body, so a benchmark's receiver costs the machine next to nothing.
 */
export type ReceiverMode = 'accept' | 'discard' | 'unavailable' | 'hang';

/**
 * A real OTLP/HTTP receiver on loopback for tests: it accepts JSON (optionally gzipped) on
 * /v1/traces, /v1/metrics and /v1/logs, keeps what arrives (in `accept` mode), and lets a test
 * wait for it.
 */
export class OtlpReceiver {
  readonly spans: ReceivedSpan[] = [];
  readonly metrics: ReceivedMetric[] = [];
  readonly requests: { path: string; status: number }[] = [];
  private readonly events = new EventEmitter();
  private readonly server = http.createServer((req, res) => this.handle(req, res));
  mode: ReceiverMode = 'accept';

  static async start(): Promise<OtlpReceiver> {
    const receiver = new OtlpReceiver();
    receiver.server.listen(0, '127.0.0.1');
    await once(receiver.server, 'listening');
    return own(receiver);
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Stops listening; idempotent. What a test leaves open is closed after it (./owned.ts). */
  async close(): Promise<void> {
    disown(this);
    if (!this.server.listening) return;
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** Resolves with the first value `find` returns from what has arrived, waiting for more until the deadline. */
  waitFor<T>(find: () => T | undefined, timeoutMs = 15_000): Promise<T> {
    return waitForData(this.events, find, timeoutMs, 'the OTLP receiver');
  }

  spansOf(traceId: string): ReceivedSpan[] {
    return this.spans.filter((span) => span.traceId === traceId);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = req.url ?? '';
      if (this.mode === 'hang') return this.record(path, 0);
      if (this.mode === 'unavailable') {
        res.writeHead(503).end();
        return this.record(path, 503);
      }
      if (this.mode === 'accept') this.collect(path, req, Buffer.concat(chunks));
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      this.record(path, 200);
    });
  }

  private record(path: string, status: number): void {
    this.requests.push({ path, status });
    this.events.emit('data');
  }

  private collect(path: string, req: http.IncomingMessage, raw: Buffer): void {
    const text = (req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8');
    const body = JSON.parse(text || '{}');
    if (path === '/v1/traces') this.collectSpans(body);
    if (path === '/v1/metrics') this.collectMetrics(body);
  }

  private collectSpans(body: {
    resourceSpans?: { resource?: { attributes?: OtlpAttribute[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[];
  }) {
    for (const resourceSpans of body.resourceSpans ?? []) {
      const resource = attributes(resourceSpans.resource?.attributes);
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? []) this.spans.push({ ...span, resource });
      }
    }
  }

  private collectMetrics(body: {
    resourceMetrics?: {
      resource?: { attributes?: OtlpAttribute[] };
      scopeMetrics?: { metrics?: ({ name: string } & Record<string, unknown>)[] }[];
    }[];
  }) {
    for (const resourceMetrics of body.resourceMetrics ?? []) {
      const resource = attributes(resourceMetrics.resource?.attributes);
      for (const scope of resourceMetrics.scopeMetrics ?? []) {
        for (const { name, ...data } of scope.metrics ?? []) this.metrics.push({ name, resource, data });
      }
    }
  }
}
