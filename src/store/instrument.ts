import type { Statement } from 'better-sqlite3';
import { startClientSpan } from '../../otel/tracing';
import { DATABASE_FILE, type Db } from './database';

export interface StatementTiming {
  /** SELECT, INSERT, UPDATE or DELETE. */
  operation: string;
  /** The main table the statement works on. */
  table: string;
  durationMs: number;
}

export type StatementObserver = (timing: StatementTiming) => void;

const STATEMENT_SHAPE =
  /^\s*(SELECT|INSERT|UPDATE|DELETE)\b[\s\S]*?\b(?:FROM|INTO|UPDATE)\s+([A-Za-z_][A-Za-z0-9_]*)/i;

function describe(sql: string): { operation: string; table: string } {
  const update = /^\s*UPDATE\s+([A-Za-z_][A-Za-z0-9_]*)/i.exec(sql);
  if (update?.[1]) return { operation: 'UPDATE', table: update[1] };
  const match = STATEMENT_SHAPE.exec(sql);
  return { operation: match?.[1]?.toUpperCase() ?? 'OTHER', table: match?.[2] ?? 'unknown' };
}

/**
 * A database whose prepared statements report how long each execution took, with its operation
 * and table, and run inside a CLIENT span: the one seam where database timings and spans are taken
 * (and where `beforeStatement` can slow them, for the db_latency scenario).
 */
export function instrumentDatabase(db: Db, observe: StatementObserver, beforeStatement: () => void): Db {
  const prepare = db.prepare.bind(db);
  const instrumented = Object.create(db) as Db;
  instrumented.prepare = ((sql: string) => {
    const statement = prepare(sql) as Statement;
    const { operation, table } = describe(sql);
    const summary = `${operation} ${table}`;
    const attributes = {
      'db.system.name': 'sqlite',
      'db.namespace': DATABASE_FILE,
      'db.operation.name': operation,
      'db.collection.name': table,
      'db.query.summary': summary,
      // Statements are parameterised: the text holds no values.
      'db.query.text': sql.replace(/\s+/g, ' ').trim(),
    };
    const timed =
      <A extends unknown[], R>(method: (...args: A) => R) =>
      (...args: A): R => {
        const endSpan = startClientSpan(summary, attributes);
        const started = performance.now();
        beforeStatement();
        let failure: unknown;
        try {
          return method.apply(statement, args);
        } catch (error) {
          failure = error;
          throw error;
        } finally {
          observe({ operation, table, durationMs: performance.now() - started });
          endSpan(failure);
        }
      };
    const wrapper = Object.create(statement) as Statement;
    wrapper.run = timed(statement.run);
    wrapper.get = timed(statement.get);
    wrapper.all = timed(statement.all);
    return wrapper;
  }) as Db['prepare'];
  return instrumented;
}
