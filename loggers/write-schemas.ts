/**
 * npm run schemas: writes loggers/schemas/ from loggers/schemas.ts, JSON Schema 2020-12: one file
 * per JSON log file, one per business event (events/<name>.schema.json). A test fails when the
 * files and the definitions differ, so what is published is what the loggers write.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  BUSINESS_EVENTS,
  type BusinessEventName,
  businessEventLine,
  LOG_LINES,
  LOG_SCHEMA_VERSION,
} from './schemas';

export const SCHEMA_DIR = path.join(__dirname, 'schemas');

function document(id: string, title: string, schema: z.ZodType): string {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'output' });
  return `${JSON.stringify({ ...json, $id: `restaurant-app/logs/v${LOG_SCHEMA_VERSION}/${id}`, title }, null, 2)}\n`;
}

/** Every schema file, by its path under loggers/schemas/. */
export function schemaFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const [file, schema] of Object.entries(LOG_LINES)) {
    files.set(`${file}.schema.json`, document(file, `A line of ${file}`, schema));
  }
  for (const name of Object.keys(BUSINESS_EVENTS) as BusinessEventName[]) {
    files.set(
      `events/${name}.schema.json`,
      document(`events/${name}`, `The ${name} line of events.log`, businessEventLine(name)),
    );
  }
  return files;
}

if (require.main === module) {
  const files = schemaFiles();
  for (const [file, text] of files) {
    fs.mkdirSync(path.dirname(path.join(SCHEMA_DIR, file)), { recursive: true });
    fs.writeFileSync(path.join(SCHEMA_DIR, file), text);
  }
  process.stdout.write(`wrote ${files.size} schemas to ${SCHEMA_DIR}\n`);
}
