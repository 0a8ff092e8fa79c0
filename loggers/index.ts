import fs from 'node:fs';
import path from 'node:path';
import pino, { type Logger } from 'pino';
import { currentContext } from '../src/context';

export const SERVICE_NAME = 'restaurant-app';

type Destination = ReturnType<typeof pino.destination>;

export interface Loggers {
  /** Lifecycle and domain information: `app.log`. */
  readonly app: Logger;
  /** Failed requests and process faults: `errors.log`. */
  readonly errors: Logger;
  /** Writes out everything buffered; call before exit. */
  flush(): void;
}

export class LogDirError extends Error {
  override readonly name = 'LogDirError';
}

/** Fails fast, naming the directory, when logs could not be written there. */
function ensureWritable(logDir: string): void {
  try {
    fs.mkdirSync(logDir, { recursive: true });
    fs.accessSync(logDir, fs.constants.W_OK);
  } catch (cause) {
    throw new LogDirError(`LOG_DIR ${logDir} cannot be created or written: ${(cause as Error).message}`, {
      cause,
    });
  }
}

function fileLogger(
  logDir: string,
  file: string,
  logType: string,
  level: string,
  destinations: Destination[],
) {
  // Opened synchronously so the file is ready (and flushable) before the first line.
  const fd = fs.openSync(path.join(logDir, file), 'a');
  const destination = pino.destination({ fd, sync: false });
  destinations.push(destination);
  return pino(
    {
      level,
      base: { service: SERVICE_NAME, logType },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // The request's correlation ids reach every line without anyone passing them.
      mixin: () => ({ ...currentContext() }),
    },
    destination,
  );
}

export function createLoggers(logDir: string, level = 'info'): Loggers {
  ensureWritable(logDir);
  const destinations: Destination[] = [];
  return {
    app: fileLogger(logDir, 'app.log', 'application', level, destinations),
    errors: fileLogger(logDir, 'errors.log', 'error', level, destinations),
    flush: () => {
      for (const destination of destinations) destination.flushSync();
    },
  };
}
