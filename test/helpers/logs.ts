import fs from 'node:fs';
import path from 'node:path';
import { LogDirectory, parseJsonLine } from '../../testing';

/** The project's own tests read the log files through the published testing entry point. */
export { type AccessRecord, JSON_LOG_FILES, parseAccessLine } from '../../testing';

/** The lines of a log file and, oldest first, of its rotated archives (gzipped or not). */
export function readAllLines(logDir: string, file: string): string[] {
  return new LogDirectory(logDir).lines(file);
}

/** Every line of a JSON log, parsed; a line that is not one JSON object fails the test. */
export function readJsonLines(logDir: string, file: string): Record<string, unknown>[] {
  return new LogDirectory(logDir).lines(file).map((line) => parseJsonLine(file, line));
}

/** Where a test lists the lines it wrote itself on purpose; global-teardown.js does not judge them. */
export const FOREIGN_LINES = '.foreign-lines';

/** Appends a line the app would never write (to see what the collector makes of it), saying so. */
export function plantForeignLine(logDir: string, file: string, line: string): void {
  fs.appendFileSync(path.join(logDir, FOREIGN_LINES), `${JSON.stringify({ file, line })}\n`);
  fs.appendFileSync(path.join(logDir, file), `${line}\n`);
}
