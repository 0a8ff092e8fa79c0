import { type JsonLogFile, schemaFor } from '../loggers/schemas';

/**
 * What is wrong with one parsed line of a JSON log file against its published schema
 * (loggers/schemas/), as `path: message` strings; none when it is valid.
 */
export function schemaProblems(file: JsonLogFile, record: Record<string, unknown>): string[] {
  const result = schemaFor(file, record).safeParse(record);
  if (result.success) return [];
  return result.error.issues.map((issue) => `${issue.path.join('.') || '(line)'}: ${issue.message}`);
}
