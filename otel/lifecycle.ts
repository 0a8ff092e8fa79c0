import net from 'node:net';
import { context, ROOT_CONTEXT } from '@opentelemetry/api';

/**
 * What the app needs to know of the telemetry SDK started by `register`: how to flush it at
 * shutdown, and when its exports fail. Without the SDK (OTEL_SDK_DISABLED, or a process started
 * without `--require`), both are no-ops.
 */

type Shutdown = () => Promise<void>;
type FailureListener = (error: unknown, failuresSinceLastReport: number) => void;

let shutdown: Shutdown | undefined;
const listeners = new Set<FailureListener>();
let failures = 0;
/** Every failure since start, to tell whether the final flush delivered. */
let failuresEver = 0;
let reportedAt = Number.NEGATIVE_INFINITY;
let lastFailureAt = Number.NEGATIVE_INFINITY;

/** Export failures are reported at most once per interval, with the count in between. */
const EXPORT_FAILURE_REPORT_INTERVAL_MS = 10 * 60 * 1000;
/**
 * When the collector is gone (nothing accepts connections at the endpoint, or an export failed
 * this recently), the final flush gets one short attempt instead of the exporter's whole retry
 * ladder (OTEL_EXPORTER_OTLP_TIMEOUT, 10 s). The window is longer than the default metric
 * interval, so a steady failure always counts as recent.
 */
const RECENT_FAILURE_MS = 30_000;
const FLUSH_WHILE_FAILING_MS = 1000;
const CONNECT_PROBE_MS = 300;

/** Whether anything accepts TCP connections where the traces are exported (true when unknowable). */
function endpointAcceptsConnections(env: NodeJS.ProcessEnv): Promise<boolean> {
  let url: URL;
  try {
    url = new URL(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? env.OTEL_EXPORTER_OTLP_ENDPOINT ?? '');
  } catch {
    return Promise.resolve(true);
  }
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname.replace(/^\[|\]$/g, ''), port });
    const answer = (accepts: boolean) => {
      socket.destroy();
      resolve(accepts);
    };
    socket.setTimeout(CONNECT_PROBE_MS, () => answer(false));
    socket.once('connect', () => answer(true));
    socket.once('error', () => answer(false));
  });
}

export function setTelemetryShutdown(fn: Shutdown): void {
  shutdown = fn;
}

/**
 * Flushes and stops the SDK, giving up after `timeoutMs`, or after a second when the collector is
 * gone: an unreachable collector must not hold the exit. `export_failed` when the last spans or
 * metrics could not be delivered.
 */
export async function shutdownTelemetry(
  timeoutMs: number,
): Promise<'flushed' | 'export_failed' | 'timed_out' | 'not_started'> {
  if (!shutdown) return 'not_started';
  const failuresBefore = failuresEver;
  const gone =
    Date.now() - lastFailureAt < RECENT_FAILURE_MS || !(await endpointAcceptsConnections(process.env));
  const budgetMs = gone ? Math.min(timeoutMs, FLUSH_WHILE_FAILING_MS) : timeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timed_out'>((resolve) => {
    timer = setTimeout(() => resolve('timed_out'), budgetMs);
    timer.unref();
  });
  try {
    const outcome = await Promise.race([shutdown().then(() => 'flushed' as const), timedOut]);
    return outcome === 'flushed' && failuresEver > failuresBefore ? 'export_failed' : outcome;
  } catch {
    return 'export_failed';
  } finally {
    clearTimeout(timer);
  }
}

export function onExportFailure(listener: FailureListener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The SDK's global error handler: counts failures and tells listeners once per interval. */
export function reportExportFailure(error: unknown, now = Date.now()): void {
  failures++;
  failuresEver++;
  lastFailureAt = now;
  if (now - reportedAt < EXPORT_FAILURE_REPORT_INTERVAL_MS) return;
  reportedAt = now;
  const count = failures;
  failures = 0;
  // The failure belongs to no request or span, whatever context the exporter called back in.
  context.with(ROOT_CONTEXT, () => {
    for (const listener of listeners) listener(error, count);
  });
}
