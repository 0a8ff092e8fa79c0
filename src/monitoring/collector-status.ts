import type { Config } from '../config';

type Signal = 'logs' | 'metrics' | 'traces';
type Mode = 'local' | 'pipeline' | 'legacy';

export interface ExporterStatus {
  exporter: string;
  signal: Signal;
  sent: number;
  failed: number;
  /** Requests waiting in the send queue and its capacity; null for an exporter without a queue. */
  queueSize: number | null;
  queueCapacity: number | null;
  /** Export requests under way, retries and their backoff included. */
  inFlight: number;
}

export interface CollectorStatus {
  /** The mode the collector runs, as its own telemetry says; null when it cannot be asked. */
  mode: Mode | null;
  checkedAt: string;
  collector:
    | { reachable: true; healthy: boolean; status: string }
    | { reachable: false; error: string; hint: string };
  /** Every exporter the collector runs, once per signal, also before it sent anything. */
  exporters: ExporterStatus[];
}

export interface CollectorMetrics {
  mode: Mode | null;
  exporters: ExporterStatus[];
}

const TIMEOUT_MS = 1500;
const MODES = new Set<string>(['local', 'pipeline', 'legacy']);
const UNIT_SIGNALS: Record<string, Signal> = {
  log_records: 'logs',
  metric_points: 'metrics',
  spans: 'traces',
};
const DATA_TYPES = new Set<string>(['logs', 'metrics', 'traces']);
/** `name{labels} value` of the Prometheus text format. */
const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{([^}]*)\})?\s+(\S+)/;
/** Counters per record kind: `otelcol_exporter_sent_spans{exporter="…"}` (with or without `_total`). */
const COUNTER = /^otelcol_exporter_(sent|send_failed)_(log_records|metric_points|spans)(?:_total)?$/;
/** Gauges per exporter and `data_type`. */
const GAUGES: Record<string, 'queueSize' | 'queueCapacity' | 'inFlight'> = {
  otelcol_exporter_queue_size: 'queueSize',
  otelcol_exporter_queue_capacity: 'queueCapacity',
  otelcol_exporter_in_flight_requests: 'inFlight',
};

function labelsOf(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [, name = '', value = ''] of text.matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
    labels[name] = value;
  }
  return labels;
}

/**
 * The collector's mode (the `mezmo.mode` its mode overlay puts on its own telemetry, in
 * `target_info`) and its exporters, from its Prometheus text: records sent and failed, queue and
 * in-flight requests, one entry per exporter and signal.
 */
export function parseCollectorMetrics(text: string): CollectorMetrics {
  let mode: Mode | null = null;
  const byKey = new Map<string, ExporterStatus>();
  const entry = (exporter: string, signal: Signal) => {
    const key = `${exporter} ${signal}`;
    let found = byKey.get(key);
    if (!found) {
      found = { exporter, signal, sent: 0, failed: 0, queueSize: null, queueCapacity: null, inFlight: 0 };
      byKey.set(key, found);
    }
    return found;
  };
  for (const line of text.split('\n')) {
    const match = SAMPLE.exec(line.trim());
    if (!match) continue;
    const [, name = '', labelText = '', valueText = ''] = match;
    const labels = labelsOf(labelText);
    const value = Number(valueText);
    if (name === 'target_info') {
      if (MODES.has(labels.mezmo_mode ?? '')) mode = labels.mezmo_mode as Mode;
      continue;
    }
    const exporter = labels.exporter;
    if (!exporter || !Number.isFinite(value)) continue;
    const counter = COUNTER.exec(name);
    if (counter) {
      const status = entry(exporter, UNIT_SIGNALS[counter[2] ?? ''] as Signal);
      if (counter[1] === 'sent') status.sent += value;
      else status.failed += value;
      continue;
    }
    const gauge = GAUGES[name];
    if (gauge && DATA_TYPES.has(labels.data_type ?? '')) {
      entry(exporter, labels.data_type as Signal)[gauge] = value;
    }
  }
  const exporters = [...byKey.values()].sort(
    (a, b) => a.exporter.localeCompare(b.exporter) || a.signal.localeCompare(b.signal),
  );
  return { mode, exporters };
}

function describe(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error instanceof Error ? error.message : String(error));
}

/** Asks the collector how it is: its health check, its mode and every exporter's figures. */
export async function collectorStatus(config: Config['collector'], now: Date): Promise<CollectorStatus> {
  const checkedAt = now.toISOString();
  let health: Response;
  try {
    health = await fetch(config.healthUrl, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    return {
      mode: null,
      checkedAt,
      collector: {
        reachable: false,
        error: describe(error),
        hint: 'The collector is not running or not reachable: start it with `npm run collector` or `npm run demo`',
      },
      exporters: [],
    };
  }
  const body = (await health.json().catch(() => ({}))) as { status?: unknown };
  let metrics: CollectorMetrics = { mode: null, exporters: [] };
  try {
    const response = await fetch(config.metricsUrl, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (response.ok) metrics = parseCollectorMetrics(await response.text());
  } catch {
    // Health answered but internal metrics did not: report what is known.
  }
  return {
    mode: metrics.mode,
    checkedAt,
    collector: {
      reachable: true,
      healthy: health.ok,
      status: typeof body.status === 'string' ? body.status : '',
    },
    exporters: metrics.exporters,
  };
}
