/**
 * The reference parser of access.log. The grammar (RFC 5234 ABNF; loggers/README.md explains the
 * fields):
 *
 *   line      = host SP ident SP user SP "[" date "]" SP DQUOTE request DQUOTE SP status SP bytes
 *               SP DQUOTE referer DQUOTE SP DQUOTE agent DQUOTE
 *               SP "durationMs=" decimal SP "requestId=" token SP "traceId=" token
 *               SP "sessionId=" token [SP "schemaVersion=" 1*DIGIT] LF
 *   host      = 1*VCHAR                      ; client address, "-" when unknown
 *   ident     = "-"
 *   user      = "-"
 *   date      = 2DIGIT "/" month "/" 4DIGIT ":" 2DIGIT ":" 2DIGIT ":" 2DIGIT SP "+0000"   ; UTC
 *   month     = "Jan" / "Feb" / "Mar" / "Apr" / "May" / "Jun" / "Jul" / "Aug" / "Sep" / "Oct" / "Nov" / "Dec"
 *   request   = "-" / (method SP target SP "HTTP/" 1*DIGIT "." 1*DIGIT) ; "-": Node could not parse it
 *   status    = 3DIGIT
 *   bytes     = 1*DIGIT / "-"
 *   referer   = escaped / "-"
 *   agent     = escaped / "-"
 *   escaped   = *( %x20-21 / %x23-5B / %x5D-7E / "\" DQUOTE / "\\" / "\x" 2HEXDIG )
 *   decimal   = 1*DIGIT "." 3DIGIT
 *   token     = 1*( ALPHA / DIGIT / "." / "_" / ":" / "~" / "-" )
 *
 * method and target are `escaped` text without SP. Every line is printable ASCII. The app writes
 * `schemaVersion` on every line; lines written before it did (in older archives) end at sessionId.
 */

export interface AccessRecord {
  host: string;
  time: Date;
  /** "-" for a request line Node could not parse. */
  method: string;
  path: string;
  protocol: string;
  status: number;
  bytes: number | null;
  /** Unescaped; "" when the line has "-". */
  referer: string;
  agent: string;
  durationMs: number;
  requestId: string;
  traceId: string;
  sessionId: string;
  /** The line's shape (loggers/CHANGELOG.md); null on lines written before it was named. */
  schemaVersion: number | null;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const QUOTED = String.raw`"((?:[^"\\]|\\.)*)"`;
const LINE = new RegExp(
  String.raw`^(\S+) (\S+) (\S+) \[(\d{2})/([A-Z][a-z]{2})/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-]\d{4})\] ` +
    `${QUOTED} (\\d{3}) (\\d+|-) ${QUOTED} ${QUOTED} ` +
    String.raw`durationMs=(\d+\.\d{3}) requestId=(\S+) traceId=(\S+) sessionId=(\S+?)(?: schemaVersion=(\d+))?$`,
);

/** The text a quoted field stands for: `\"`, `\\` and `\xHH` (UTF-8 bytes) undone. */
export function unescapeField(field: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < field.length; i++) {
    const char = field[i] as string;
    if (char === '\\' && field[i + 1] === 'x') {
      bytes.push(Number.parseInt(field.slice(i + 2, i + 4), 16));
      i += 3;
    } else if (char === '\\') {
      bytes.push((field[i + 1] as string).charCodeAt(0));
      i += 1;
    } else bytes.push(char.charCodeAt(0));
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Parses one access.log line (without its newline); throws, quoting the line, when it is not one. */
export function parseAccessLine(line: string): AccessRecord {
  const m = LINE.exec(line);
  if (!m) throw new Error(`not an access.log line: ${JSON.stringify(line)}`);
  const [, host, , , day, month, year, hh, mm, ss, zone, request, status, bytes, referer, agent] =
    m as unknown as string[];
  const [durationMs, requestId, traceId, sessionId, schemaVersion] = m.slice(16) as (string | undefined)[];
  const monthIndex = MONTHS.indexOf(month as string);
  if (monthIndex < 0 || zone !== '+0000') throw new Error(`not an access.log date: ${JSON.stringify(line)}`);
  const [method = '-', path = '', version = ''] = request === '-' ? ['-'] : (request as string).split(' ');
  return {
    host: host as string,
    time: new Date(Date.UTC(Number(year), monthIndex, Number(day), Number(hh), Number(mm), Number(ss))),
    method: unescapeField(method),
    path: unescapeField(path),
    protocol: version,
    status: Number(status),
    bytes: bytes === '-' ? null : Number(bytes),
    referer: referer === '-' ? '' : unescapeField(referer as string),
    agent: agent === '-' ? '' : unescapeField(agent as string),
    durationMs: Number(durationMs),
    requestId: requestId as string,
    traceId: traceId as string,
    sessionId: sessionId as string,
    schemaVersion: schemaVersion === undefined ? null : Number(schemaVersion),
  };
}
