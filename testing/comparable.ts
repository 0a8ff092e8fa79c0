import type { LogFile } from './log-files';

/**
 * One log line with what differs between two runs of the same requests replaced by a
 * placeholder: times (`time`, any ISO 8601 timestamp, the access log's date), durations (fields
 * whose name ends in `Ms` and everything under them, and a `value` whose `unit` is `ms`) and the
 * process id. Two runs with the same
 * RANDOM_SEED and the same requests, one after another, write lines that are equal under it.
 */
export function comparableLine(file: LogFile, line: string): string {
  if (file === 'access.log') {
    return line.replace(/\[[^\]]+\]/, '[<time>]').replace(/ durationMs=\S+/, ' durationMs=<ms>');
  }
  return JSON.stringify(mask(JSON.parse(line)));
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function mask(value: unknown, key = ''): unknown {
  if (key === 'time' || (typeof value === 'string' && ISO_TIME.test(value))) return '<time>';
  if (key.endsWith('Ms')) return '<ms>';
  if (key === 'pid') return '<pid>';
  if (Array.isArray(value)) return value.map((item) => mask(item));
  if (value !== null && typeof value === 'object') {
    const isDuration = (value as { unit?: unknown }).unit === 'ms';
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, isDuration && k === 'value' ? '<ms>' : mask(v, k)]),
    );
  }
  return value;
}
