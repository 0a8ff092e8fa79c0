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

/** Export failures are reported at most once per interval, with the count in between. */
const EXPORT_FAILURE_REPORT_INTERVAL_MS = 10 * 60 * 1000;

export function setTelemetryShutdown(fn: Shutdown): void {
  shutdown = fn;
}

/**
 * Flushes and stops the SDK, giving up after `timeoutMs` (an unreachable collector must not hold
 * the exit). `export_failed` when the last spans or metrics could not be delivered.
 */
export async function shutdownTelemetry(
  timeoutMs: number,
): Promise<'flushed' | 'export_failed' | 'timed_out' | 'not_started'> {
  if (!shutdown) return 'not_started';
  const failuresBefore = failuresEver;
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timed_out'>((resolve) => {
    timer = setTimeout(() => resolve('timed_out'), timeoutMs);
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
  if (now - reportedAt < EXPORT_FAILURE_REPORT_INTERVAL_MS) return;
  reportedAt = now;
  const count = failures;
  failures = 0;
  // The failure belongs to no request or span, whatever context the exporter called back in.
  context.with(ROOT_CONTEXT, () => {
    for (const listener of listeners) listener(error, count);
  });
}
