import { AsyncLocalStorage } from 'node:async_hooks';
import { asyncView } from '../async-view';
import { Menu } from '../menu';
import type { MenuRow } from '../rows';
import { classifying, type StatementHooks } from '../statements';
import type { DatabaseDescription, Store, Tables } from '../tables';
import { DATABASE_FILE, type Db, openDatabase } from './database';
import { IdempotencyStore } from './idempotency';
import { instrumentDatabase } from './instrument';
import { OrderStore } from './orders';
import { PaymentStore } from './payments';
import { ReservationStore } from './reservations';
import { Serial } from './serial';

const insideTransaction = new AsyncLocalStorage<boolean>();

type Run = <R>(fn: () => R) => Promise<R>;
const atOnce: Run = async (fn) => fn();

/** SQLite failures that mean "the database cannot serve now", not "the app is broken". */
const UNAVAILABLE = /^SQLITE_(BUSY|LOCKED|READONLY|IOERR|CANTOPEN|FULL|PROTOCOL)/;
const unavailable = classifying('sqlite', (error) => {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && UNAVAILABLE.test(code);
});

/** The tables' statements prepared once, and a view of them that runs each call through `run`. */
function tablesOn(db: Db, menu: Menu): (run: Run) => Tables {
  const orders = new OrderStore(db);
  const payments = new PaymentStore(db);
  const reservations = new ReservationStore(db);
  const idempotency = new IdempotencyStore(db);
  return (run) => ({
    menu,
    orders: asyncView(orders, run),
    payments: asyncView(payments, run),
    reservations: asyncView(reservations, run),
    idempotency: asyncView(idempotency, run),
  });
}

/**
 * The embedded store: one SQLite file in `dataDir`, one connection, one process. Its driver is
 * synchronous; the store answers through Promises and takes one turn at a time (serial.ts).
 */
export function createSqliteStore(dataDir: string, hooks: StatementHooks): Store {
  const raw: Db = openDatabase(dataDir);
  const database: DatabaseDescription = { system: 'sqlite', name: DATABASE_FILE };
  const db = instrumentDatabase(raw, database, hooks);
  const menu = new Menu(raw.prepare<[], MenuRow>('SELECT * FROM menu_items ORDER BY position').all());
  // A write that changes nothing still needs the write lock and a writable file.
  const ping = raw.prepare('DELETE FROM idempotency_keys WHERE 0');
  const serial = new Serial();
  const inTurn: Run = (fn) => {
    // The turn is the transaction's until it ends: waiting for it from inside would never end.
    if (insideTransaction.getStore()) {
      return Promise.reject(new Error('inside a transaction, use the tables it hands you (tx)'));
    }
    return serial.run(fn).catch(unavailable);
  };
  const tables = tablesOn(db, menu);
  // Inside a transaction the turn is already held: its statements run at once.
  const inTransaction = tables(atOnce);
  return {
    ...tables(inTurn),
    database,
    shared: false,
    transaction: (work) =>
      serial
        .run(async () => {
          raw.exec('BEGIN IMMEDIATE');
          try {
            const result = await insideTransaction.run(true, () => work(inTransaction));
            raw.exec('COMMIT');
            return result;
          } catch (error) {
            if (raw.inTransaction) raw.exec('ROLLBACK');
            throw error;
          }
        })
        .catch(unavailable),
    ping: () => inTurn(() => void ping.run()),
    close: () => inTurn(() => void raw.close()),
  };
}
