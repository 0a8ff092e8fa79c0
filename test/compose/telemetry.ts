import fs from 'node:fs';
import path from 'node:path';
import type { MezmoLogRecord, MezmoMetric, MezmoSpan } from '../helpers/mezmo-stand-in';
import { attributes, type OtlpAttribute } from '../helpers/otlp-receiver';

/** What reached a destination, in the stand-in's shapes, whichever destination it was. */
export interface Delivered {
  logs: MezmoLogRecord[];
  spans: MezmoSpan[];
  metrics: MezmoMetric[];
  rejected: { path: string; reason: string }[];
}

type Json = Record<string, unknown>;

function jsonLines(file: string): Json[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Json);
}

function resourceOf(entry: Json): Record<string, unknown> {
  return attributes((entry.resource as { attributes?: OtlpAttribute[] } | undefined)?.attributes);
}

/** The collector's local-mode output: OTLP JSON lines in logs.jsonl, traces.jsonl, metrics.jsonl. */
export function readLocalOutput(outputDir: string): Delivered {
  const logs: MezmoLogRecord[] = [];
  for (const request of jsonLines(path.join(outputDir, 'logs.jsonl'))) {
    for (const entry of (request.resourceLogs ?? []) as Json[]) {
      const resource = resourceOf(entry);
      for (const scope of (entry.scopeLogs ?? []) as Json[]) {
        for (const record of (scope.logRecords ?? []) as Json[]) {
          logs.push({
            resource,
            attributes: attributes(record.attributes as OtlpAttribute[]),
            body: record.body ? Object.values(record.body as Json)[0] : undefined,
            timeUnixNano: Number(record.timeUnixNano ?? 0),
            severityNumber: Number(record.severityNumber ?? 0),
            severityText: String(record.severityText ?? ''),
            traceId: String(record.traceId ?? ''),
            spanId: String(record.spanId ?? ''),
          });
        }
      }
    }
  }
  const spans: MezmoSpan[] = [];
  for (const request of jsonLines(path.join(outputDir, 'traces.jsonl'))) {
    for (const entry of (request.resourceSpans ?? []) as Json[]) {
      const resource = resourceOf(entry);
      for (const scope of (entry.scopeSpans ?? []) as Json[]) {
        for (const span of (scope.spans ?? []) as Json[]) {
          spans.push({
            resource,
            name: String(span.name),
            traceId: String(span.traceId),
            spanId: String(span.spanId),
          });
        }
      }
    }
  }
  const metrics: MezmoMetric[] = [];
  for (const request of jsonLines(path.join(outputDir, 'metrics.jsonl'))) {
    for (const entry of (request.resourceMetrics ?? []) as Json[]) {
      const resource = resourceOf(entry);
      for (const scope of (entry.scopeMetrics ?? []) as Json[]) {
        for (const metric of (scope.metrics ?? []) as Json[])
          metrics.push({ resource, name: String(metric.name) });
      }
    }
  }
  return { logs, spans, metrics, rejected: [] };
}

/** What the Mezmo stand-in on the compose network received; Log Analysis lines count as logs. */
export async function readStandIn(url: string): Promise<Delivered> {
  const received = (await (await fetch(`${url}/received`)).json()) as Delivered & {
    legacyLogs: MezmoLogRecord[];
  };
  return { ...received, logs: [...received.logs, ...received.legacyLogs] };
}
