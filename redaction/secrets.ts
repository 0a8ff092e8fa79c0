/**
 * Values no log line or span may carry: ingestion keys, tokens, passwords and OTLP auth headers
 * found in the environment, whoever reads them (the collector reads the Mezmo keys, not the app).
 * Shorter values are left out here, the one place that decides, so scrubbing never erases
 * ordinary words.
 */
const SECRET_VARIABLE = /(^|_)(KEY|TOKEN|SECRET|PASSWORD)$/;
/** May carry a password: never echoed whole (even when it does not parse); its password is a secret. */
const CREDENTIAL_URL_VARIABLE = /^DATABASE_URL$/;
const MIN_SECRET_LENGTH = 8;

/** Whether a variable of this name holds a secret (its value is never shown, even in an error). */
export function isSecretVariable(name: string): boolean {
  return SECRET_VARIABLE.test(name) || CREDENTIAL_URL_VARIABLE.test(name);
}

export function secretsIn(env: Record<string, string | undefined>): string[] {
  const secrets = new Set<string>();
  for (const [name, value] of Object.entries(env)) {
    if (!value) continue;
    if (SECRET_VARIABLE.test(name)) secrets.add(value);
    // `DATABASE_URL=postgres://user:password@host/db`: the password, as given and as decoded.
    const password = urlPassword(value);
    if (password) {
      secrets.add(password);
      secrets.add(decodeURIComponentSafe(password));
    }
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

/** `url` as it may be shown: its password, if any, replaced by `***`. */
export function urlWithoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

function urlPassword(value: string): string | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\/[^/@]*:[^/@]*@/i.test(value)) return undefined;
  try {
    return new URL(value).password || undefined;
  } catch {
    return undefined;
  }
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
