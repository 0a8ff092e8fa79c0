import { setTimeout as sleep } from 'node:timers/promises';
import type { QueryConfig, QueryResult, QueryResultRow } from 'pg';
import { startClientSpan } from '../../../otel/tracing';
import { type StatementHooks, type StatementShape, statementShape } from '../statements';
import type { DatabaseDescription } from '../tables';

/** Runs one parameterised statement; resolves with its rows and how many rows it touched. */
export type Sql = <R extends QueryResultRow = QueryResultRow>(
  text: string,
  values?: readonly unknown[],
) => Promise<{ rows: R[]; rowCount: number }>;

/** Runs `work` in one transaction on one connection (or in the one already open). */
export type Atomically = <T>(work: (sql: Sql) => Promise<T>) => Promise<T>;

/** A connection of the pool, or the pool itself (each statement on whichever connection is free). */
export interface Queryable {
  query(config: QueryConfig | string): Promise<QueryResult>;
}

/**
 * Statements as the tables run them: each in a CLIENT span named by the database conventions
 * (`db.system.name` postgresql, the server's address and port), timed for the request's
 * performance line, and prepared once per connection (a named statement, parsed and planned
 * once). The one seam where PostgreSQL's timings and spans are taken; the db_latency scenario
 * waits here without blocking the event loop, as a slow server does.
 */
export function sqlOn(database: DatabaseDescription, hooks: StatementHooks) {
  const shapes = new Map<string, StatementShape & { name: string }>();
  const shapeOf = (text: string) => {
    let shape = shapes.get(text);
    if (!shape) {
      shape = { ...statementShape(text, database), name: `restaurant_${shapes.size + 1}` };
      shapes.set(text, shape);
    }
    return shape;
  };
  return (on: Queryable): Sql =>
    async (text, values = []) => {
      const { operation, table, summary, attributes, name } = shapeOf(text);
      const endSpan = startClientSpan(summary, attributes);
      const started = performance.now();
      let failure: unknown;
      try {
        const extra = hooks.extraLatencyMs();
        if (extra > 0) await sleep(extra);
        // Transaction control has no plan to keep.
        const result =
          operation === 'BEGIN' || operation === 'COMMIT' || operation === 'ROLLBACK'
            ? await on.query(text)
            : await on.query({ name, text, values: values as unknown[] });
        return { rows: result.rows, rowCount: result.rowCount ?? 0 };
      } catch (error) {
        failure = error;
        throw error;
      } finally {
        hooks.observe({ operation, table, durationMs: performance.now() - started });
        endSpan(failure, failure === undefined ? undefined : statusCodeOf(failure));
      }
    };
}

/** A failure's SQLSTATE, as the conventions name it on the span. */
function statusCodeOf(error: unknown): { 'db.response.status_code'?: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? { 'db.response.status_code': code } : {};
}
