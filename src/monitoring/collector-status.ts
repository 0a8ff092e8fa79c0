import type { Config } from '../config';

export interface ExporterStatus {
  exporter: string;
  signal: 'logs' | 'metrics' | 'traces';
  sent: number;
  failed: number;
}

export interface CollectorStatus {
  mode: Config['collector']['mode'];
  checkedAt: string;
  collector:
    | { reachable: true; healthy: boolean; status: string }
    | { reachable: false; error: string; hint: string };
  exporters: ExporterStatus[];
}

const TIMEOUT_MS = 1500;
const SIGNALS = { log_records: 'logs', metric_points: 'metrics', spans: 'traces' } as const;
/** `otelcol_exporter_sent_spans{exporter="otlp_http/mezmo_traces",…} 42` (with or without `_total`). */
const EXPORTER_SAMPLE =
  /^otelcol_exporter_(sent|send_failed)_(log_records|metric_points|spans)(?:_total)?\{([^}]*)\}\s+([0-9.eE+-]+)$/;

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error instanceof Error ? error.message : String(error));
}

/** Exporter counters from the collector's Prometheus text, one entry per exporter and signal. */
export function parseExporterMetrics(text: string): ExporterStatus[] {
  const byKey = new Map<string, ExporterStatus>();
  for (const line of text.split('\n')) {
    const match = EXPORTER_SAMPLE.exec(line.trim());
    if (!match) continue;
    const [, kind, unit, labels = '', value] = match;
    const exporter = /exporter="([^"]*)"/.exec(labels)?.[1];
    if (!exporter) continue;
    const signal = SIGNALS[unit as keyof typeof SIGNALS];
    const key = `${exporter} ${signal}`;
    const entry = byKey.get(key) ?? { exporter, signal, sent: 0, failed: 0 };
    if (kind === 'sent') entry.sent += Number(value);
    else entry.failed += Number(value);
    byKey.set(key, entry);
  }
  return [...byKey.values()].sort(
    (a, b) => a.exporter.localeCompare(b.exporter) || a.signal.localeCompare(b.signal),
  );
}

/** Asks the collector how it is: its health check, and records sent and failed per exporter. */
export async function collectorStatus(config: Config['collector'], now: Date): Promise<CollectorStatus> {
  const base = { mode: config.mode, checkedAt: now.toISOString() };
  let health: Response;
  try {
    health = await fetch(config.healthUrl, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    return {
      ...base,
      collector: {
        reachable: false,
        error: describe(error),
        hint: 'The collector is not running or not reachable: start it with `npm run collector` or `npm run demo`',
      },
      exporters: [],
    };
  }
  const body = (await health.json().catch(() => ({}))) as { status?: unknown };
  let exporters: ExporterStatus[] = [];
  try {
    const metrics = await fetch(config.metricsUrl, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (metrics.ok) exporters = parseExporterMetrics(await metrics.text());
  } catch {
    // Health answered but internal metrics did not: report what is known.
  }
  return {
    ...base,
    collector: {
      reachable: true,
      healthy: health.ok,
      status: typeof body.status === 'string' ? body.status : '',
    },
    exporters,
  };
}
