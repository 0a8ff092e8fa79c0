import type { Attributes } from '../../otel/tracing';
import type { DatabaseDescription, DatabaseSystem } from './tables';

export interface StatementTiming {
  /** SELECT, INSERT, UPDATE or DELETE; BEGIN, COMMIT or ROLLBACK (a round trip too). */
  operation: string;
  /** The main table the statement works on; empty for BEGIN, COMMIT and ROLLBACK. */
  table: string;
  durationMs: number;
}

export type StatementObserver = (timing: StatementTiming) => void;

/** What both backends take from the runtime: where timings go, and a delay the db_latency scenario adds. */
export interface StatementHooks {
  observe: StatementObserver;
  /** Milliseconds every statement is slowed by now (0 when no scenario runs). */
  extraLatencyMs: () => number;
  /** Time spent waiting for a free connection of the pool (PostgreSQL). */
  poolWait: (durationMs: number) => void;
}

export const NO_HOOKS: StatementHooks = { observe: () => {}, extraLatencyMs: () => 0, poolWait: () => {} };

const STATEMENT_SHAPE =
  /^\s*(SELECT|INSERT|UPDATE|DELETE)\b[\s\S]*?\b(?:FROM|INTO|UPDATE)\s+([A-Za-z_][A-Za-z0-9_]*)/i;
/** `WITH x AS (INSERT INTO orders …) …`: the statement is named by its first part. */
const LEADING_WITH = /^\s*WITH\s+[A-Za-z_][A-Za-z0-9_]*\s+AS\s+\(/i;

function describe(text: string): { operation: string; table: string } {
  const sql = text.replace(LEADING_WITH, '');
  const control = /^\s*(BEGIN|COMMIT|ROLLBACK)\b/i.exec(sql);
  if (control?.[1]) return { operation: control[1].toUpperCase(), table: '' };
  const update = /^\s*UPDATE\s+([A-Za-z_][A-Za-z0-9_]*)/i.exec(sql);
  if (update?.[1]) return { operation: 'UPDATE', table: update[1] };
  const match = STATEMENT_SHAPE.exec(sql);
  return { operation: match?.[1]?.toUpperCase() ?? 'OTHER', table: match?.[2] ?? 'unknown' };
}

export interface StatementShape {
  operation: string;
  table: string;
  /** The span name: `INSERT orders`. */
  summary: string;
  /** The CLIENT span's attributes, after the database semantic conventions. */
  attributes: Attributes;
}

/** A parameterised statement's operation, table and span attributes: its text holds no values. */
export function statementShape(sql: string, database: DatabaseDescription): StatementShape {
  const { operation, table } = describe(sql);
  const summary = `${operation} ${table}`.trim();
  const [address, port] = database.server?.split(':') ?? [];
  return {
    operation,
    table,
    summary,
    attributes: {
      'db.system.name': database.system,
      'db.namespace': database.name,
      ...(address ? { 'server.address': address, 'server.port': Number(port) } : {}),
      'db.operation.name': operation,
      ...(table ? { 'db.collection.name': table } : {}),
      'db.query.summary': summary,
      'db.query.text': sql.replace(/\s+/g, ' ').trim(),
    },
  };
}

/**
 * The database cannot serve now (down, unreachable, locked, read-only, too slow), as opposed to
 * a fault in the app: the API answers 503 with Retry-After, never a 500.
 */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError';

  constructor(
    readonly system: DatabaseSystem,
    cause: unknown,
  ) {
    super(`${system} database unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

/** Rethrows `error` as a DatabaseUnavailableError when `unavailable` says it is one. */
export function classifying(system: DatabaseSystem, unavailable: (error: unknown) => boolean) {
  return (error: unknown): never => {
    if (!(error instanceof DatabaseUnavailableError) && unavailable(error)) {
      throw new DatabaseUnavailableError(system, error);
    }
    throw error;
  };
}
