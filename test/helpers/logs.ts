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
