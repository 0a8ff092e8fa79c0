/**
 * Values no log line or span may carry: ingestion keys, tokens, passwords and OTLP auth headers
 * found in the environment, whoever reads them (the collector reads the Mezmo keys, not the app).
 * Shorter values are left out here, the one place that decides, so scrubbing never erases
 * ordinary words.
 */
const SECRET_VARIABLE = /(^|_)(KEY|TOKEN|SECRET|PASSWORD)$/;
const MIN_SECRET_LENGTH = 8;

/** Whether a variable of this name holds a secret (its value is never shown, even in an error). */
export function isSecretVariable(name: string): boolean {
  return SECRET_VARIABLE.test(name);
}

export function secretsIn(env: Record<string, string | undefined>): string[] {
  const secrets = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (isSecretVariable(name)) secrets.add(value);
    // `OTEL_EXPORTER_OTLP_HEADERS=authorization=Bearer abc,x-api-key=def`: each header's value.
    if (/^OTEL_EXPORTER_OTLP(_[A-Z]+)?_HEADERS$/.test(name)) {
      for (const pair of value.split(',')) {
        const header = decodeURIComponentSafe(pair.slice(pair.indexOf('=') + 1).trim());
        secrets.add(header);
        for (const word of header.split(/\s+/)) secrets.add(word);
      }
    }
  }
  return [...secrets].filter((secret) => secret.length >= MIN_SECRET_LENGTH);
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
