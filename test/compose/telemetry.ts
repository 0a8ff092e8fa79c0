import fs from 'node:fs';
import path from 'node:path';
import {
  flattenOtlp,
  type MezmoLogRecord,
  type MezmoMetric,
  type MezmoSpan,
} from '../helpers/mezmo-stand-in';

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

/** The collector's local-mode output: OTLP JSON lines in logs.jsonl, traces.jsonl, metrics.jsonl. */
export function readLocalOutput(outputDir: string): Delivered {
  const delivered: Delivered = { logs: [], spans: [], metrics: [], rejected: [] };
  for (const file of ['logs.jsonl', 'traces.jsonl', 'metrics.jsonl']) {
    for (const request of jsonLines(path.join(outputDir, file))) {
      const { logs, spans, metrics } = flattenOtlp(request, (id) => String(id ?? ''));
      delivered.logs.push(...logs);
      delivered.spans.push(...spans);
      delivered.metrics.push(...metrics);
    }
  }
  return delivered;
}

/** What the Mezmo stand-in on the compose network received; Log Analysis lines count as logs. */
export async function readStandIn(url: string): Promise<Delivered> {
  const received = (await (await fetch(`${url}/received`)).json()) as Delivered & {
    legacyLogs: MezmoLogRecord[];
  };
  return { ...received, logs: [...received.logs, ...received.legacyLogs] };
}
