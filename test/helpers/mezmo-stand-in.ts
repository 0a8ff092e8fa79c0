import { EventEmitter, once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
// The OTLP protobuf messages, as compiled by an earlier @opentelemetry/otlp-transformer release.
import generated from 'otlp-proto/build/src/generated/root';
import { waitForData } from './wait';

type Signal = 'logs' | 'metrics' | 'traces';
type Plain = Record<string, unknown>;

/** What the test reads of a compiled message type (the package types its root loosely). */
interface MessageType {
  decode(data: Uint8Array): unknown;
  toObject(message: unknown, options: object): unknown;
}
const collector = (
  generated as unknown as {
    opentelemetry: { proto: { collector: Record<string, { v1: Record<string, MessageType> }> } };
  }
).opentelemetry.proto.collector;

const requestTypes: Record<Signal, MessageType> = {
  logs: collector.logs?.v1.ExportLogsServiceRequest as MessageType,
  metrics: collector.metrics?.v1.ExportMetricsServiceRequest as MessageType,
  traces: collector.trace?.v1.ExportTraceServiceRequest as MessageType,
};

/** Decoded with ids as hex, 64-bit numbers as strings and enums as numbers. */
const TO_OBJECT = { longs: String, enums: Number, bytes: String, defaults: false, arrays: true };

function hex(base64: unknown): string {
  return typeof base64 === 'string' ? Buffer.from(base64, 'base64').toString('hex') : '';
}

export function attributeMap(list: unknown): Record<string, unknown> {
  return Object.fromEntries(
    ((list ?? []) as { key: string; value?: Plain }[]).map(({ key, value }) => [
      key,
      value ? (Object.values(value)[0] as unknown) : undefined,
    ]),
  );
}

export interface MezmoLogRecord {
  resource: Record<string, unknown>;
  attributes: Record<string, unknown>;
  body: unknown;
  timeUnixNano: number;
  severityNumber: number;
  severityText: string;
  traceId: string;
  spanId: string;
}
export interface MezmoSpan {
  resource: Record<string, unknown>;
  name: string;
  traceId: string;
  spanId: string;
}
export interface MezmoMetric {
  resource: Record<string, unknown>;
  name: string;
}

/**
 * The records of one OTLP export request (logs, traces or metrics) as plain objects: OTLP/JSON as
 * the collector's file exporter writes it, or protobuf decoded with `toObject`. `id` turns a
 * trace or span id into hex (base64 in decoded protobuf, hex already in JSON).
 */
export function flattenOtlp(
  request: Plain,
  id: (raw: unknown) => string,
): { logs: MezmoLogRecord[]; spans: MezmoSpan[]; metrics: MezmoMetric[] } {
  const out = { logs: [] as MezmoLogRecord[], spans: [] as MezmoSpan[], metrics: [] as MezmoMetric[] };
  const resources = (request.resourceLogs ??
    request.resourceSpans ??
    request.resourceMetrics ??
    []) as Plain[];
  for (const entry of resources) {
    const resource = attributeMap((entry.resource as Plain | undefined)?.attributes);
    const scopes = (entry.scopeLogs ?? entry.scopeSpans ?? entry.scopeMetrics ?? []) as Plain[];
    for (const scope of scopes) {
      for (const record of (scope.logRecords ?? []) as Plain[]) {
        out.logs.push({
          resource,
          attributes: attributeMap(record.attributes),
          body: record.body ? Object.values(record.body as Plain)[0] : undefined,
          timeUnixNano: Number(record.timeUnixNano ?? 0),
          severityNumber: Number(record.severityNumber ?? 0),
          severityText: String(record.severityText ?? ''),
          traceId: id(record.traceId),
          spanId: id(record.spanId),
        });
      }
      for (const span of (scope.spans ?? []) as Plain[]) {
        out.spans.push({
          resource,
          name: String(span.name),
          traceId: id(span.traceId),
          spanId: id(span.spanId),
        });
      }
      for (const metric of (scope.metrics ?? []) as Plain[])
        out.metrics.push({ resource, name: String(metric.name) });
    }
  }
  return out;
}

/**
 * A stand-in for Mezmo's Pipeline OpenTelemetry sources: one path per source id, `/v1/<id>`,
 * each accepting only its own ingestion key as the raw Authorization value; and for Log
 * Analysis's OTLP logs endpoint, `/otel`, with its key in the `apiKey` header. Both decode the
 * OTLP protobuf (gzipped) the collector sends.
 */
export class MezmoStandIn {
  readonly logs: MezmoLogRecord[] = [];
  readonly spans: MezmoSpan[] = [];
  readonly metrics: MezmoMetric[] = [];
  /** What reached the Log Analysis endpoint. */
  readonly legacyLogs: MezmoLogRecord[] = [];
  readonly rejected: { path: string; reason: string }[] = [];
  private readonly events = new EventEmitter();
  private readonly server = http.createServer((req, res) => this.handle(req, res));

  private constructor(
    private readonly sources: Record<string, { signal: Signal; key: string }>,
    private readonly legacyKey: string | undefined,
  ) {}

  /** Pipeline sources by id, and optionally the Log Analysis endpoint (`/otel`) with its key. */
  static async start(
    sources: Record<string, { signal: Signal; key: string }>,
    legacyKey?: string,
    listen: { host: string; port: number } = { host: '127.0.0.1', port: 0 },
  ): Promise<MezmoStandIn> {
    const standIn = new MezmoStandIn(sources, legacyKey);
    standIn.server.listen(listen.port, listen.host);
    await once(standIn.server, 'listening');
    return standIn;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** Resolves with the first value `find` returns from what has arrived, waiting for more until the deadline. */
  waitFor<T>(find: () => T | undefined, timeoutMs = 60_000): Promise<T> {
    return waitForData(this.events, find, timeoutMs, 'the Mezmo stand-in');
  }

  /** Everything received so far, as `GET /received` answers it (for a stand-in in a container). */
  received() {
    const { logs, legacyLogs, spans, metrics, rejected } = this;
    return { logs, legacyLogs, spans, metrics, rejected };
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method === 'GET' && req.url === '/received') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(this.received()));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = req.url ?? '';
      const legacy = url === '/otel' || url.startsWith('/otel?');
      const id = /^\/v1\/([^/?]+)/.exec(url)?.[1] ?? '';
      const source = legacy ? { signal: 'logs' as const, key: this.legacyKey } : this.sources[id];
      if (!source) return this.reject(res, 404, url, 'unknown source');
      const key = legacy ? req.headers.apikey : req.headers.authorization;
      if (source.key === undefined || key !== source.key) return this.reject(res, 401, url, 'wrong key');
      if (!String(req.headers['content-type']).startsWith('application/x-protobuf')) {
        return this.reject(res, 415, url, 'not protobuf');
      }
      let body = Buffer.concat(chunks);
      if (req.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
      const type = requestTypes[source.signal];
      const request = type.toObject(type.decode(body), TO_OBJECT) as Plain;
      const { logs, spans, metrics } = flattenOtlp(request, hex);
      (legacy ? this.legacyLogs : this.logs).push(...logs);
      this.spans.push(...spans);
      this.metrics.push(...metrics);
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      this.events.emit('data');
    });
  }

  private reject(res: http.ServerResponse, status: number, path: string, reason: string): void {
    this.rejected.push({ path, reason });
    res.writeHead(status).end();
  }
}
