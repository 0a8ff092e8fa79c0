/**
 * The standard OTEL_* variables this product gives defaults to, checked at start: a wrong value
 * would otherwise be ignored or half-applied in silence (an unknown protocol falls back to
 * another, an endpoint that is no URL fails on every export).
 */

const PROTOCOLS = ['http/json', 'http/protobuf', 'grpc'];
const RESOURCE_DETECTORS = ['all', 'none', 'env', 'host', 'os', 'process', 'serviceinstance'];
const SIGNALS = ['', '_TRACES', '_METRICS', '_LOGS'];

export class TelemetryConfigError extends Error {
  override readonly name = 'TelemetryConfigError';
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** What is wrong with one variable's value, or undefined. */
function problem(name: string, value: string): string | undefined {
  if (/^OTEL_EXPORTER_OTLP(_[A-Z]+)?_PROTOCOL$/.test(name) && !PROTOCOLS.includes(value)) {
    return `must be one of ${PROTOCOLS.join(', ')}`;
  }
  if (/^OTEL_EXPORTER_OTLP(_[A-Z]+)?_ENDPOINT$/.test(name) && !isHttpUrl(value)) {
    return 'must be an http:// or https:// URL';
  }
  if (name === 'OTEL_METRIC_EXPORT_INTERVAL' && !/^[1-9]\d*$/.test(value)) {
    return 'must be a whole number of milliseconds above 0';
  }
  if (name === 'OTEL_NODE_RESOURCE_DETECTORS') {
    const unknown = value
      .split(',')
      .map((detector) => detector.trim())
      .filter((d) => !RESOURCE_DETECTORS.includes(d));
    if (unknown.length > 0)
      return `names unknown detectors (${unknown.join(', ')}); known: ${RESOURCE_DETECTORS.join(', ')}`;
  }
  return undefined;
}

/** Throws, naming each variable and quoting its value, when one of them cannot be used. */
export function checkTelemetryEnv(env: NodeJS.ProcessEnv): void {
  const names = [
    ...SIGNALS.flatMap((signal) => [
      `OTEL_EXPORTER_OTLP${signal}_PROTOCOL`,
      `OTEL_EXPORTER_OTLP${signal}_ENDPOINT`,
    ]),
    'OTEL_METRIC_EXPORT_INTERVAL',
    'OTEL_NODE_RESOURCE_DETECTORS',
  ];
  const problems = names.flatMap((name) => {
    const value = env[name];
    if (!value) return [];
    const wrong = problem(name, value.trim());
    return wrong ? [`${name}: ${wrong} (got ${JSON.stringify(value)})`] : [];
  });
  if (problems.length > 0) throw new TelemetryConfigError(`Invalid configuration: ${problems.join('; ')}`);
}
