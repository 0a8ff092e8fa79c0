import { redactText, redactUrl, scrubSecrets } from '../redaction';
import { LOG_SCHEMA_VERSION } from './schemas';

/**
 * Combined Log Format, as Apache, nginx, goaccess and the collector's regex examples expect:
 *   host ident authuser [10/Oct/2026:13:55:36 +0000] "GET /path HTTP/1.1" 200 2326 "referer" "agent"
 * followed by this app's fields: durationMs=12.345 requestId=… traceId=… sessionId=… schemaVersion=1
 * Everything a client controls is escaped (quotes, backslashes, control and non-ASCII bytes as
 * \xHH), so a request cannot break the line or forge a field.
 */

export interface AccessEntry {
  remoteAddress: string | undefined;
  time: Date;
  /** Undefined when the request line could not be parsed: logged as "-", as Apache does. */
  request: { method: string; url: string; httpVersion: string } | undefined;
  status: number;
  bytes: number | undefined;
  referer: string | undefined;
  userAgent: string | undefined;
  durationMs: number;
  requestId: string;
  traceId: string;
  sessionId: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** `[01/Dec/2026:04:22:10 +0000]`: the CLF date, always in UTC. */
function clfDate(time: Date): string {
  return `${pad(time.getUTCDate())}/${MONTHS[time.getUTCMonth()]}/${time.getUTCFullYear()}:${pad(time.getUTCHours())}:${pad(time.getUTCMinutes())}:${pad(time.getUTCSeconds())} +0000`;
}

/** Printable ASCII other than `"` and `\`: nothing to escape (most fields). */
const PLAIN_FIELD = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** Escapes what could break a quoted CLF field: `"` and `\`, control bytes and non-ASCII. */
function escapeField(value: string): string {
  if (PLAIN_FIELD.test(value)) return value;
  let out = '';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (code >= 0x20 && code < 0x7f) out += char;
    else for (const byte of Buffer.from(char, 'utf8')) out += `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return out;
}

function quoted(value: string | undefined): string {
  return value ? `"${escapeField(value)}"` : '"-"';
}

function clientHost(address: string | undefined): string {
  if (!address) return '-';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/**
 * `secrets` are exact values (ingestion keys, the admin token), scrubbed from the whole line: a
 * client may put one in any field, the request id included.
 */
export function formatAccessLine(entry: AccessEntry, secrets: readonly string[] = []): string {
  const { request: r } = entry;
  const request = r ? `${r.method} ${redactUrl(r.url)} HTTP/${r.httpVersion}` : '-';
  const bytes = entry.bytes && entry.bytes > 0 ? String(entry.bytes) : '-';
  const line =
    `${clientHost(entry.remoteAddress)} - - [${clfDate(entry.time)}] "${escapeField(request)}" ${entry.status} ${bytes} ` +
    `${quoted(entry.referer && redactUrl(entry.referer))} ${quoted(entry.userAgent && redactText(entry.userAgent))} ` +
    `durationMs=${entry.durationMs.toFixed(3)} requestId=${entry.requestId} traceId=${entry.traceId} sessionId=${entry.sessionId} schemaVersion=${LOG_SCHEMA_VERSION}\n`;
  return scrubSecrets(line, secrets, 'REDACTED');
}
