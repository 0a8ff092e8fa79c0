import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/**
 * The Apache/nginx "combined" format as standard parsers read it (goaccess's COMBINED, the
 * collector's regex_parser examples), plus the app's trailing fields.
 */
export const COMBINED =
  /^(?<host>\S+) (?<ident>\S+) (?<user>\S+) \[(?<day>\d{2})\/(?<month>[A-Z][a-z]{2})\/(?<year>\d{4}):(?<hms>\d{2}:\d{2}:\d{2}) (?<zone>[+-]\d{4})\] "(?<request>(?:[^"\\]|\\.)*)" (?<status>\d{3}) (?<bytes>\d+|-) "(?<referer>(?:[^"\\]|\\.)*)" "(?<agent>(?:[^"\\]|\\.)*)"(?<extra>.*)$/;

export interface AccessRecord {
  host: string;
  time: Date;
  method: string;
  path: string;
  protocol: string;
  status: number;
  bytes: number | null;
  referer: string;
  agent: string;
  durationMs: number;
  requestId: string;
  traceId: string;
  sessionId: string;
}

export function parseAccessLine(line: string): AccessRecord {
  const match = COMBINED.exec(line);
  if (!match?.groups) throw new Error(`not a Combined Log Format line: ${JSON.stringify(line)}`);
  const g = match.groups as Record<string, string>;
  const [method = '', requestPath = '', protocol = ''] = (g.request ?? '').split(' ');
  const extra = Object.fromEntries(
    (g.extra ?? '')
      .trim()
      .split(' ')
      .map((pair) => pair.split('=') as [string, string]),
  );
  return {
    host: g.host ?? '',
    time: new Date(`${g.day} ${g.month} ${g.year} ${g.hms} GMT${g.zone}`),
    method,
    path: requestPath,
    protocol,
    status: Number(g.status),
    bytes: g.bytes === '-' ? null : Number(g.bytes),
    referer: g.referer ?? '',
    agent: g.agent ?? '',
    durationMs: Number(extra.durationMs),
    requestId: extra.requestId ?? '',
    traceId: extra.traceId ?? '',
    sessionId: extra.sessionId ?? '',
  };
}

function nonEmptyLines(text: string): string[] {
  return text.split('\n').filter((line) => line.length > 0);
}

/** The lines of a log file and, oldest first, of its rotated archives (gzipped or not). */
export function readAllLines(logDir: string, file: string): string[] {
  const archives = fs
    .readdirSync(logDir)
    .filter((name) => name.startsWith(`${file}.`))
    .sort();
  const texts = archives.map((name) => {
    const data = fs.readFileSync(path.join(logDir, name));
    return (name.endsWith('.gz') ? gunzipSync(data) : data).toString('utf8');
  });
  texts.push(fs.existsSync(path.join(logDir, file)) ? fs.readFileSync(path.join(logDir, file), 'utf8') : '');
  return texts.flatMap(nonEmptyLines);
}

/** Every line of a JSON log, parsed; a line that is not one JSON object fails the test. */
export function readJsonLines(logDir: string, file: string): Record<string, unknown>[] {
  return readAllLines(logDir, file).map((line) => {
    const value = JSON.parse(line);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new Error(`not a JSON object line in ${file}: ${line}`);
    }
    return value as Record<string, unknown>;
  });
}

export const JSON_LOG_FILES = [
  'events.log',
  'performance.log',
  'restaurant-performance.log',
  'errors.log',
  'metrics.log',
  'app.log',
] as const;
