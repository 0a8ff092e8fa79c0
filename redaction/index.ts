import { types } from 'node:util';
import { passesLuhn } from './card-number';
import { BIDI_CONTROLS } from './unicode';

/**
 * Redaction at the source: every JSON line passes through `redact` before it is written, so no
 * file receives card numbers, CVCs, credentials, tokens or ingestion keys, and emails and phone
 * numbers are masked wherever they appear, including in free-form data callers send.
 */

export const REDACTED = '[REDACTED]';

/** Keys whose values are secrets, compared without case, `_` or `-`. */
const SECRET_KEYS = new Set([
  'password',
  'passwd',
  'secret',
  'token',
  'accesstoken',
  'refreshtoken',
  'idtoken',
  'apikey',
  'authorization',
  'auth',
  'cookie',
  'setcookie',
  'cvc',
  'cvv',
  'cvc2',
  'cardnumber',
  'pan',
  'ingestionkey',
  'admintoken',
  'sessiontoken',
  'privatekey',
]);
const EMAIL_KEYS = new Set(['email', 'emailaddress', 'customeremail']);
const PHONE_KEYS = new Set(['phone', 'phonenumber', 'mobile', 'tel']);

const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9.-]+\.[A-Za-z]{2,})/g;
/**
 * 13 to 19 digits, optionally grouped by spaces or dashes, standing alone: a possible card number.
 * Not part of a longer token, so the digit groups of a UUID or a hex id (`…-4e13-9482-170520712075`)
 * are never taken for one, however their checksum falls.
 */
const DIGIT_RUN = /(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])/g;
const MAX_DEPTH = 12;
/**
 * Characters JSON leaves raw that terminals and line-based tools misread: DEL and C1 controls,
 * line and paragraph separators, bidirectional controls. Written as `\uXXXX` text instead.
 */
const MISREAD = new RegExp(`[\\u007f-\\u009f\\u2028\\u2029${BIDI_CONTROLS}]`, 'g');

function escapeMisread(value: string): string {
  return value.replace(MISREAD, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Keys repeat (most come from the code): their normal forms are kept, up to a bound. */
const normalizedKeys = new Map<string, string>();
const MAX_NORMALIZED_KEYS = 4096;

function normalizeKey(key: string): string {
  let normalized = normalizedKeys.get(key);
  if (normalized === undefined) {
    normalized = key.toLowerCase().replace(/[_-]/g, '');
    if (normalizedKeys.size < MAX_NORMALIZED_KEYS) normalizedKeys.set(key, normalized);
  }
  return normalized;
}

/** `ada@example.com` → `a***@example.com`. */
function maskEmail(value: string): string {
  return value.replace(EMAIL, (_match, first: string, domain: string) => `${first}***@${domain}`);
}

/** Keeps the last two digits: `+44 20 7946 0000` → `***00`. */
function maskPhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  return digits.length <= 2 ? '***' : `***${digits.slice(-2)}`;
}

/** Every occurrence of the exact `secrets` (ingestion keys, tokens) in `text`, replaced by `marker`. */
export function scrubSecrets(text: string, secrets: readonly string[], marker = REDACTED): string {
  let scrubbed = text;
  for (const secret of secrets) {
    if (secret && scrubbed.includes(secret)) scrubbed = scrubbed.split(secret).join(marker);
  }
  return scrubbed;
}

/** Masks emails and Luhn-valid card numbers inside free text, and escapes what could be misread. */
export function redactText(value: string, secrets: readonly string[] = []): string {
  let text = scrubSecrets(escapeMisread(value), secrets);
  if (text.includes('@')) text = maskEmail(text);
  if (/\d{4}/.test(text)) {
    text = text.replace(DIGIT_RUN, (run) => {
      const digits = run.replace(/\D/g, '');
      return passesLuhn(digits) ? `[CARD ****${digits.slice(-4)}]` : run;
    });
  }
  return text;
}

/** Query parameters whose values never reach a log line or a span. */
const SECRET_QUERY_KEYS =
  /^(token|access_token|api_key|apikey|key|password|secret|auth|authorization|session|session_id|card|cvc)$/i;

/** A URL or request target with secret query values replaced, then masked as free text. */
export function redactUrl(url: string, secrets: readonly string[] = []): string {
  const queryAt = url.indexOf('?');
  if (queryAt < 0) return redactText(url, secrets);
  const query = url
    .slice(queryAt + 1)
    .split('&')
    .map((pair) => {
      const name = pair.split('=', 1)[0] ?? '';
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // A name that does not decode is kept as sent.
      }
      return SECRET_QUERY_KEYS.test(decoded) ? `${name}=REDACTED` : pair;
    })
    .join('&');
  return redactText(`${url.slice(0, queryAt)}?${query}`, secrets);
}

export type Redactor = (value: unknown) => unknown;

/**
 * A redactor for log records. `secrets` are exact values (ingestion keys, the admin token)
 * scrubbed from any string they appear in; the config keeps only those long enough to scrub
 * without erasing ordinary words.
 */
/**
 * The trace context a line carries at its top level, in the only shape it can have: W3C ids in
 * lowercase hex. A span id of 16 decimal digits passes the Luhn check one time in ten, and
 * masking it as a card number would cut the line from its trace; in this shape it is no card.
 */
const TRACE_CONTEXT: Record<string, RegExp> = {
  traceId: /^[0-9a-f]{32}$/,
  spanId: /^[0-9a-f]{16}$/,
  traceFlags: /^[0-9a-f]{2}$/,
};

export function createRedactor(secrets: readonly string[] = []): Redactor {
  const visit = (value: unknown, key: string | undefined, depth: number): unknown => {
    if (key !== undefined && depth === 1 && typeof value === 'string' && TRACE_CONTEXT[key]?.test(value)) {
      return value;
    }
    if (key !== undefined) {
      const normalized = normalizeKey(key);
      if (SECRET_KEYS.has(normalized)) return value === null || value === undefined ? value : REDACTED;
      if (typeof value === 'string' && EMAIL_KEYS.has(normalized))
        return maskEmail(redactText(value, secrets));
      if (typeof value === 'string' && PHONE_KEYS.has(normalized)) return maskPhone(value);
      if (normalized === 'card' && value !== null && typeof value === 'object') {
        const { brand, last4 } = value as { brand?: unknown; last4?: unknown };
        return { brand, last4 };
      }
    }
    if (typeof value === 'string') return redactText(value, secrets);
    if (value === null || typeof value !== 'object') return value;
    if (depth >= MAX_DEPTH) return '[TRUNCATED]';
    // Errors go to pino's serializer as they are (isNativeError also sees errors from other realms).
    if (value instanceof Error || types.isNativeError(value)) return value;
    if (Array.isArray(value)) return value.map((item) => visit(item, undefined, depth + 1));
    // A copy only when something changed: most records (the app's own) pass through as they are.
    const entries = Object.entries(value);
    let changed = false;
    for (const entry of entries) {
      const [k, v] = entry;
      const safeKey = escapeMisread(k);
      const safeValue = visit(v, k, depth + 1);
      if (safeKey !== k || safeValue !== v) {
        changed = true;
        entry[0] = safeKey;
        entry[1] = safeValue;
      }
    }
    // fromEntries defines keys such as "__proto__" as plain data, as JSON.parse did.
    return changed ? Object.fromEntries(entries) : value;
  };
  return (value) => visit(value, undefined, 0);
}
