import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { urlWithoutPassword } from '../../../redaction/secrets';
import { asyncView } from '../async-view';
import { Menu } from '../menu';
import type { MenuRow } from '../rows';
import { classifying, type StatementHooks } from '../statements';
import type { DatabaseDescription, Store, Tables } from '../tables';
import { PostgresIdempotency } from './idempotency';
import { migrate } from './migrations';
import { PostgresOrders } from './orders';
import { PostgresPayments } from './payments';
import { PostgresReservations } from './reservations';
import { type Atomically, type Queryable, type Sql, sqlOn } from './sql';

/** DATABASE_URL names no server that answers, or one that refuses it: the app cannot start. */
export class DatabaseUrlError extends Error {
  override readonly name = 'DatabaseUrlError';
}

/** SQLSTATE classes that mean "cannot serve now": connection (08), resources (53), operator (57, a statement timeout among them). */
const UNAVAILABLE_STATE = /^(08|53|57)/;
/** Serialization failure, deadlock, lock not available, read-only transaction: retrying helps. */
const RETRYABLE_STATES = new Set(['40001', '40P01', '55P03', '25006']);
/** node-postgres' own words for a lost or unobtainable connection. */
const CONNECTION_LOST =
  /timeout exceeded when trying to connect|Connection terminated|connection error|Client was closed|Cannot use a pool after calling end/i;

function isUnavailable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (/^[0-9A-Z]{5}$/.test(code)) return UNAVAILABLE_STATE.test(code) || RETRYABLE_STATES.has(code);
    // ECONNREFUSED, ECONNRESET, ETIMEDOUT, ENOTFOUND, EAI_AGAIN, EHOSTUNREACH…
    if (/^E[A-Z_]+$/.test(code)) return true;
  }
  return typeof message === 'string' && CONNECTION_LOST.test(message);
}

const unavailable = classifying('postgresql', isUnavailable);

/** Where the URL points, without its password. */
function describeDatabaseUrl(url: string): DatabaseDescription & { safeUrl: string } {
  const parsed = new URL(url);
  const server = `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}`;
  const name = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || decodeURIComponent(parsed.username);
  return { system: 'postgresql', name, server, safeUrl: urlWithoutPassword(url) };
}

const insideTransaction = new AsyncLocalStorage<boolean>();

/** How long a starting replica waits for its database (compose and Kubernetes start both at once). */
const CONNECT_PATIENCE_MS = 30_000;

async function firstConnection(pool: pg.Pool, safeUrl: string): Promise<pg.PoolClient> {
  const deadline = Date.now() + CONNECT_PATIENCE_MS;
  for (let wait = 250; ; wait = Math.min(wait * 2, 2000)) {
    try {
      return await pool.connect();
    } catch (cause) {
      // Refused or unreachable may pass while the server starts; a wrong password or database will not.
      if (!isUnavailable(cause) || Date.now() + wait > deadline) {
        throw new DatabaseUrlError(`DATABASE_URL ${safeUrl}: cannot connect: ${(cause as Error).message}`, {
          cause,
        });
      }
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}

function newPool(url: string, poolSize: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    application_name: 'restaurant-app',
    // A request waits this long for a free connection, then answers 503.
    connectionTimeoutMillis: 5000,
    idleTimeoutMillis: 30_000,
    // A statement slower than this is cancelled by the server: 503, not a request hanging on.
    statement_timeout: 10_000,
    // A lock held elsewhere (a migration, an operator's LOCK TABLE) is waited for this long,
    // then 503, as SQLite's busy timeout does.
    lock_timeout: 2000,
    // A transaction left open (a replica stuck mid-request) gives its row locks back.
    idle_in_transaction_session_timeout: 30_000,
    keepAlive: true,
  });
  // A connection lost while idle: the pool drops it and the next statement opens another.
  pool.on('error', () => {});
  return pool;
}

const MISUSE = 'inside a transaction, use the tables it hands you (tx)';

/**
 * The two ways statements reach the server: one at a time on any free connection (the wait for
 * it counted as the request's pool wait), or a transaction holding one connection to the end.
 */
function connections(pool: pg.Pool, hooks: StatementHooks, bind: (on: Queryable) => Sql) {
  const connect = async () => {
    const started = performance.now();
    const connection = await pool.connect();
    hooks.poolWait(performance.now() - started);
    return connection;
  };
  const single: Queryable = {
    query: async (config) => {
      // Outside the transaction's connection, a row it locked would wait for it forever.
      if (insideTransaction.getStore()) throw new Error(MISUSE);
      const connection = await connect();
      try {
        const result = await connection.query(config);
        connection.release();
        return result;
      } catch (error) {
        connection.release(error as Error);
        throw error;
      }
    },
  };
  const atomically: Atomically = async (work) => {
    const connection = await connect();
    const sql = bind(connection);
    let broken: Error | undefined;
    try {
      await sql('BEGIN');
      const result = await insideTransaction.run(true, () => work(sql));
      await sql('COMMIT');
      return result;
    } catch (error) {
      await sql('ROLLBACK').catch((lost: Error) => {
        broken = lost;
      });
      throw error;
    } finally {
      connection.release(broken);
    }
  };
  return { single, atomically };
}

/** Each statement's failure that means "cannot serve now" turned into a DatabaseUnavailableError. */
const classifyingFailures = <R>(fn: () => R): Promise<R> =>
  Promise.resolve().then(fn).catch(unavailable) as Promise<R>;

/**
 * The server store: PostgreSQL through a pool of `poolSize` connections, shared by any number of
 * replicas. Statements outside a transaction take any free connection; a transaction holds one
 * until it ends. Migrations run at start under an advisory lock.
 */
export async function createPostgresStore(
  url: string,
  poolSize: number,
  hooks: StatementHooks,
): Promise<Store> {
  const { safeUrl, ...database } = describeDatabaseUrl(url);
  const pool = newPool(url, poolSize);
  const client = await firstConnection(pool, safeUrl);
  try {
    await migrate(client);
  } finally {
    client.release();
  }
  const menu = new Menu((await pool.query<MenuRow>('SELECT * FROM menu_items ORDER BY position')).rows);
  const bind = sqlOn(database, hooks);
  const { single, atomically } = connections(pool, hooks, bind);

  const tablesWith = (sql: Sql, within: Atomically, inTransaction: boolean): Tables => ({
    menu,
    orders: new PostgresOrders(sql, inTransaction),
    payments: new PostgresPayments(sql),
    reservations: new PostgresReservations(sql, within),
    idempotency: new PostgresIdempotency(sql, within),
  });
  const outside = tablesWith(bind(single), atomically, false);
  let closed: Promise<void> | undefined;
  return {
    menu,
    orders: asyncView(outside.orders, classifyingFailures),
    payments: asyncView(outside.payments, classifyingFailures),
    reservations: asyncView(outside.reservations, classifyingFailures),
    idempotency: asyncView(outside.idempotency, classifyingFailures),
    database,
    shared: true,
    transaction: (work) =>
      insideTransaction.getStore()
        ? Promise.reject(new Error(MISUSE))
        : atomically((sql) => work(tablesWith(sql, (nested) => nested(sql), true))).catch(unavailable),
    ping: async () => {
      await pool.query('DELETE FROM idempotency_keys WHERE false').catch(unavailable);
    },
    close: () => {
      closed ??= pool.end();
      return closed;
    },
  };
}
