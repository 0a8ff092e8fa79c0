import type { Statement } from 'better-sqlite3';
import { startClientSpan } from '../../../otel/tracing';
import { busyWait } from '../../scenarios/busy';
import { type StatementHooks, statementShape } from '../statements';
import type { DatabaseDescription } from '../tables';
import type { Db } from './database';

/**
 * A database whose prepared statements report how long each execution took, with its operation
 * and table, and run inside a CLIENT span: the one seam where SQLite's timings and spans are
 * taken, and where the db_latency scenario slows statements (SQLite runs on the event loop, so
 * a slow statement blocks it: the scenario busy-waits).
 */
export function instrumentDatabase(db: Db, database: DatabaseDescription, hooks: StatementHooks): Db {
  const prepare = db.prepare.bind(db);
  const instrumented = Object.create(db) as Db;
  instrumented.prepare = ((sql: string) => {
    const statement = prepare(sql) as Statement;
    const { operation, table, summary, attributes } = statementShape(sql, database);
    const timed =
      <A extends unknown[], R>(method: (...args: A) => R) =>
      (...args: A): R => {
        const endSpan = startClientSpan(summary, attributes);
        const started = performance.now();
        busyWait(hooks.extraLatencyMs());
        let failure: unknown;
        try {
          return method.apply(statement, args);
        } catch (error) {
          failure = error;
          throw error;
        } finally {
          hooks.observe({ operation, table, durationMs: performance.now() - started });
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
