import fs from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { createRedactor } from '../redaction';
import { type AccessEntry, formatAccessLine } from './access-log';
import { makeDirectory } from './directory';
import { LogFile, type RotationPolicy } from './log-file';
import { LOG_SCHEMA_VERSION } from './schemas';

const SERVICE_NAME = 'restaurant-app';

/** The seven files, at the stable paths the collector and `tail -f` rely on. */
const LOG_FILES = {
  access: 'access.log',
  events: 'events.log',
  performance: 'performance.log',
  restaurantPerformance: 'restaurant-performance.log',
  errors: 'errors.log',
  metrics: 'metrics.log',
  app: 'app.log',
} as const;

type JsonLog = Exclude<keyof typeof LOG_FILES, 'access'>;

/** `logType` of each JSON file, the field pipelines route on. */
const LOG_TYPES: Record<JsonLog, string> = {
  events: 'business_event',
  performance: 'performance',
  restaurantPerformance: 'restaurant_performance',
  errors: 'error',
  metrics: 'metrics',
  app: 'application',
};

/**
 * The keys pino writes at the top of every JSON line: a field of the same name in a record would
 * write the key twice (parsers keep the last one, the collector would read the wrong time), so it
 * is kept as `data.<key>` instead, wherever a record is built.
 */
const PINO_KEYS = new Set(['time', 'level', 'msg', 'service', 'logType', 'schemaVersion']);
/**
 * The correlation fields: where the line's context has one, a record's field of that name would
 * contradict it and is kept as `data.<key>`; where the context has none (a virtual user's journey
 * ending outside any request), the record's value is the line's.
 */
const CORRELATION_KEYS = new Set(['requestId', 'sessionId', 'traceId', 'spanId', 'traceFlags', 'synthetic']);

function mergeFields(fields: object, correlation: object): object {
  let record = fields as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const taken = PINO_KEYS.has(key) || (CORRELATION_KEYS.has(key) && key in correlation);
    if (!taken) continue;
    if (record === fields) record = { ...record };
    record[`data.${key}`] = record[key];
    delete record[key];
  }
  return Object.assign(correlation, record);
}

export interface LoggingOptions extends RotationPolicy {
  level: string;
  /** Exact secret values (ingestion keys, tokens) scrubbed from every line. */
  secrets?: readonly string[];
  /**
   * The fields every JSON line gets from where it is written (the request's ids, the active
   * span's trace context), at the top of the line; a fresh object per call.
   */
  correlation: () => object;
}

export type BusinessEventData = Record<string, unknown> & {
  orderId?: string;
  paymentId?: string;
  reservationId?: string;
  value?: number;
  unit?: string;
};

export interface Loggers {
  readonly app: Logger;
  readonly events: Logger;
  readonly performance: Logger;
  readonly restaurantPerformance: Logger;
  readonly errors: Logger;
  readonly metrics: Logger;
  /** The one way to write a business event to events.log. */
  logBusinessEvent(event: string, action: string, data?: BusinessEventData): void;
  /** One Combined Log Format line per response. */
  logAccess(entry: AccessEntry): void;
  /** Rotates every non-empty file now (the daily rotation calls this). */
  rotate(): void;
  /** Reopens every file at its path, after an external logrotate moved them (SIGHUP). */
  reopen(): void;
  /** Writes out everything buffered, synchronously: for a process about to die. */
  flushSync(): void;
  /**
   * Resolves, with the files' names, once every line logged before the call is in its file,
   * without stopping anything (the flush control).
   */
  flushed(): Promise<string[]>;
  /** Flushes and closes every file. */
  close(): Promise<void>;
}

export class LogDirError extends Error {
  override readonly name = 'LogDirError';
}

/** Fails fast, naming the directory, when logs could not be written there. */
function ensureWritable(logDir: string): void {
  try {
    makeDirectory(logDir);
    fs.accessSync(logDir, fs.constants.W_OK);
  } catch (cause) {
    throw new LogDirError(`LOG_DIR ${logDir} cannot be created or written: ${(cause as Error).message}`, {
      cause,
    });
  }
}

function msUntilNextUtcMidnight(now = new Date()): number {
  return Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1) - now.getTime();
}

export async function createLoggers(logDir: string, options: LoggingOptions): Promise<Loggers> {
  ensureWritable(logDir);
  const secrets = options.secrets ?? [];
  const redact = createRedactor(secrets);
  // A failing log file must not take the app down, and cannot log to itself: say so on stderr.
  const onFileError = (file: string) => (error: Error) =>
    process.stderr.write(`restaurant-app: log file ${file}: ${error.message}\n`);

  const files = {} as Record<keyof typeof LOG_FILES, LogFile>;
  try {
    for (const [name, file] of Object.entries(LOG_FILES) as [keyof typeof LOG_FILES, string][]) {
      const filePath = path.join(logDir, file);
      // access.log is the record of what was answered: its line is written in the turn the
      // response finished, before anything else runs, so even a killed process has it.
      files[name] = await LogFile.open(filePath, options, onFileError(filePath), name === 'access');
    }
  } catch (cause) {
    throw new LogDirError(`LOG_DIR ${logDir}: cannot open log files: ${(cause as Error).message}`, { cause });
  }

  const jsonLogger = (name: JsonLog): Logger =>
    pino(
      {
        level: options.level,
        base: { service: SERVICE_NAME, logType: LOG_TYPES[name], schemaVersion: LOG_SCHEMA_VERSION },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: {
          level: (label) => ({ level: label }),
          log: (record) => redact(record) as Record<string, unknown>,
        },
        // The request's ids and the trace context reach every line without anyone passing them.
        mixin: options.correlation,
        mixinMergeStrategy: mergeFields,
        serializers: { err: pino.stdSerializers.err },
      },
      files[name],
    );

  const loggers = {
    app: jsonLogger('app'),
    events: jsonLogger('events'),
    performance: jsonLogger('performance'),
    restaurantPerformance: jsonLogger('restaurantPerformance'),
    errors: jsonLogger('errors'),
    metrics: jsonLogger('metrics'),
  };

  let daily: NodeJS.Timeout;
  const scheduleDaily = () => {
    daily = setTimeout(() => {
      for (const file of Object.values(files)) file.rotate();
      scheduleDaily();
    }, msUntilNextUtcMidnight());
    daily.unref();
  };
  scheduleDaily();

  return {
    ...loggers,
    logBusinessEvent: (event, action, data = {}) => loggers.events.info({ ...data, event, action }, event),
    logAccess: (entry) => {
      files.access.write(formatAccessLine(entry, secrets));
    },
    rotate: () => {
      for (const file of Object.values(files)) file.rotate();
    },
    reopen: () => {
      for (const file of Object.values(files)) file.reopen();
    },
    flushSync: () => {
      for (const file of Object.values(files)) file.flushSync();
    },
    flushed: async () => {
      await Promise.all(Object.values(files).map((file) => file.flushed()));
      return Object.values(LOG_FILES);
    },
    close: async () => {
      clearTimeout(daily);
      await Promise.all(Object.values(files).map((file) => file.close()));
    },
  };
}
