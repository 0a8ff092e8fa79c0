import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { type AccessRecord, parseAccessLine } from './access-log';
import { schemaProblems } from './schemas';

/** The six JSON-lines files, and all seven. */
export const JSON_LOG_FILES = [
  'events.log',
  'performance.log',
  'restaurant-performance.log',
  'errors.log',
  'metrics.log',
  'app.log',
] as const;
export const LOG_FILES = ['access.log', ...JSON_LOG_FILES] as const;

export type JsonLogFile = (typeof JSON_LOG_FILES)[number];
export type LogFile = (typeof LOG_FILES)[number];
/** One line of a JSON file, parsed. */
export type JsonRecord = Record<string, unknown>;
/** A line of any file, parsed, with the file it came from. */
export type AnyRecord =
  | { file: 'access.log'; record: AccessRecord }
  | { file: JsonLogFile; record: JsonRecord };

/** An access line is valid when the reference parser reads it (it throws on one outside the grammar). */
function accessProblems(line: string): string[] {
  parseAccessLine(line);
  return [];
}

/** Fails when it is not the app's own, so a test is not left waiting on a file that never comes. */
function assertLogFile(file: string): asserts file is LogFile {
  if (!(LOG_FILES as readonly string[]).includes(file)) {
    throw new Error(`${file} is not one of the seven log files (${LOG_FILES.join(', ')})`);
  }
}

/** Parses one line of a JSON file; throws, naming the file and quoting the line, when it is not an object. */
export function parseJsonLine(file: string, line: string): JsonRecord {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new Error(`not a JSON line in ${file}: ${line}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`not a JSON object line in ${file}: ${line}`);
  }
  return value as JsonRecord;
}

/** The complete lines of a text: a last line still being written (no newline yet) is left out. */
function completeLines(text: string): string[] {
  return text
    .slice(0, text.lastIndexOf('\n') + 1)
    .split('\n')
    .filter((line) => line.length > 0);
}

export interface WaitOptions {
  /** How long to wait before failing (5000 ms). */
  timeoutMs?: number;
}

/**
 * The app's log directory (LOG_DIR), read as a test reads it: whole files with their rotated
 * archives, parsed lines, the lines of one request or trace across all seven files, and waits for
 * a line with a deadline. Call the app's flush control first (`POST /api/logs/flush`, or SIGUSR2)
 * to be sure everything logged so far is on disk.
 */
export class LogDirectory {
  constructor(readonly dir: string) {}

  /**
   * The complete lines of a file (one of the seven, or any other the directory holds) and, oldest
   * first, of its rotated archives (gzipped or not).
   */
  lines(file: string): string[] {
    const names = fs.existsSync(this.dir) ? fs.readdirSync(this.dir) : [];
    const archives = names.filter((name) => name.startsWith(`${file}.`)).sort();
    const texts = archives.map((name) => {
      const data = fs.readFileSync(path.join(this.dir, name));
      return (name.endsWith('.gz') ? gunzipSync(data) : data).toString('utf8');
    });
    const live = path.join(this.dir, file);
    if (fs.existsSync(live)) texts.push(fs.readFileSync(live, 'utf8'));
    return texts.flatMap(completeLines);
  }

  /** Every line of a JSON file, parsed. */
  records(file: JsonLogFile): JsonRecord[] {
    return this.lines(file).map((line) => parseJsonLine(file, line));
  }

  /** Every access.log line, parsed by the reference parser. */
  access(): AccessRecord[] {
    return this.lines('access.log').map(parseAccessLine);
  }

  /** Every line of all seven files, parsed. */
  all(): AnyRecord[] {
    const access = this.access().map((record) => ({ file: 'access.log' as const, record }));
    const json = JSON_LOG_FILES.flatMap((file) => this.records(file).map((record) => ({ file, record })));
    return [...access, ...json];
  }

  /**
   * Every line of the seven files (archives included) that does not keep the contract: an
   * access line the reference parser refuses, a JSON line that is no object or fails its schema.
   */
  problems(): { file: LogFile; line: string; problems: string[] }[] {
    const found: { file: LogFile; line: string; problems: string[] }[] = [];
    for (const file of LOG_FILES) {
      for (const line of this.lines(file)) {
        try {
          const problems =
            file === 'access.log' ? accessProblems(line) : schemaProblems(file, parseJsonLine(file, line));
          if (problems.length > 0) found.push({ file, line, problems });
        } catch (error) {
          found.push({ file, line, problems: [(error as Error).message] });
        }
      }
    }
    return found;
  }

  /** The lines of one request (`requestId`) or one trace (`traceId`), from all seven files. */
  linesOf(ids: { requestId?: string; traceId?: string }): AnyRecord[] {
    return this.all().filter(({ record }) => {
      const fields = record as { requestId?: unknown; traceId?: unknown };
      return (
        (ids.requestId === undefined || fields.requestId === ids.requestId) &&
        (ids.traceId === undefined || fields.traceId === ids.traceId)
      );
    });
  }

  /**
   * Resolves with the first line of `file` that `matches`, already there or still to come,
   * watching the directory; rejects at the deadline, saying what it waited for.
   */
  waitFor(
    file: 'access.log',
    matches: (record: AccessRecord) => boolean,
    options?: WaitOptions,
  ): Promise<AccessRecord>;
  waitFor(
    file: JsonLogFile,
    matches: (record: JsonRecord) => boolean,
    options?: WaitOptions,
  ): Promise<JsonRecord>;
  waitFor(
    file: LogFile,
    matches: (record: never) => boolean,
    { timeoutMs = 5000 }: WaitOptions = {},
  ): Promise<AccessRecord | JsonRecord> {
    assertLogFile(file);
    const find = () => {
      const records: (AccessRecord | JsonRecord)[] =
        file === 'access.log' ? this.access() : this.records(file);
      return records.find((record) => (matches as (record: AccessRecord | JsonRecord) => boolean)(record));
    };
    return this.whenFound(find, timeoutMs, `nothing matched in ${path.join(this.dir, file)}`);
  }

  /**
   * Calls `onRecord` with each line appended to `file` from now on, until `stop()`; `onRecord`
   * gets the parsed line. After a rotation it reads the new file from its top; lines the old file
   * took between the last read and the rotation are in the archive (`lines()` reads them). For
   * assertions prefer `waitFor`, which reads archives too.
   */
  follow(file: JsonLogFile, onRecord: (record: JsonRecord) => void): { stop(): void };
  follow(file: 'access.log', onRecord: (record: AccessRecord) => void): { stop(): void };
  follow(file: LogFile, onRecord: (record: never) => void): { stop(): void } {
    assertLogFile(file);
    const parse = (line: string) =>
      file === 'access.log' ? parseAccessLine(line) : parseJsonLine(file, line);
    const live = path.join(this.dir, file);
    const size = () => (fs.existsSync(live) ? fs.statSync(live).size : 0);
    let offset = size();
    let partial = '';
    const readNew = () => {
      const now = size();
      if (now < offset) offset = 0; // rotated: the live file started again
      if (now === offset) return;
      const fd = fs.openSync(live, 'r');
      const buffer = Buffer.alloc(now - offset);
      fs.readSync(fd, buffer, 0, buffer.length, offset);
      fs.closeSync(fd);
      offset = now;
      const text = partial + buffer.toString('utf8');
      const lines = text.split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) if (line) (onRecord as (record: unknown) => void)(parse(line));
    };
    const watcher = fs.watch(this.dir, () => readNew());
    return { stop: () => watcher.close() };
  }

  private whenFound<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const finish = (error: Error | undefined, value?: T) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        watcher?.close();
        if (error) reject(error);
        else resolve(value as T);
      };
      const check = () => {
        try {
          const found = find();
          if (found !== undefined) finish(undefined, found);
        } catch (error) {
          finish(error as Error);
        }
      };
      const timer = setTimeout(() => finish(new Error(`${what} within ${timeoutMs} ms`)), timeoutMs);
      fs.mkdirSync(this.dir, { recursive: true });
      const watcher: fs.FSWatcher | undefined = fs.watch(this.dir, check);
      check();
    });
  }
}
