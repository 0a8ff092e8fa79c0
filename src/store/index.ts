import { AsyncLocalStorage } from 'node:async_hooks';
import { type Db, openDatabase } from './database';
import { IdempotencyStore } from './idempotency-store';
import { instrumentDatabase, type StatementObserver } from './instrument';
import { MenuStore } from './menu-store';
import { OrderStore } from './order-store';
import { PaymentStore } from './payment-store';
import { ReservationStore } from './reservation-store';
import { type Async, asyncView, Serial } from './serial';

/** The tables, each answering through a Promise: what a transaction's work sees. */
export interface Tables {
  readonly menu: Async<MenuStore>;
  readonly orders: Async<OrderStore>;
  readonly payments: Async<PaymentStore>;
  readonly reservations: Async<ReservationStore>;
  readonly idempotency: Async<IdempotencyStore>;
}

/**
 * Data access for the whole app, behind one asynchronous interface, so that a server database
 * can replace SQLite without touching the domain.
 */
export interface Store extends Tables {
  /** Runs `work` atomically: all its writes land or none do. Use only `tx` inside it. */
  transaction<T>(work: (tx: Tables) => Promise<T>): Promise<T>;
  /** Rejects when the database cannot be read or written (locked, read-only, failing I/O). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

const insideTransaction = new AsyncLocalStorage<boolean>();

type Run = <R>(fn: () => R) => Promise<R>;
const atOnce: Run = async (fn) => fn();

/**
 * The tables' statements prepared once, and a view of them that runs each call through `run`.
 * The menu is memory (read once at start), never the connection: it answers at once, without
 * waiting for a turn behind a transaction.
 */
function tablesOn(db: Db): (run: Run) => Tables {
  const menu = asyncView(new MenuStore(db), atOnce);
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

export function createStore(
  dataDir: string,
  observe: StatementObserver = () => {},
  beforeStatement: () => void = () => {},
): Store {
  const raw: Db = openDatabase(dataDir);
  const db = instrumentDatabase(raw, observe, beforeStatement);
  // A write that changes nothing still needs the write lock and a writable file.
  const ping = raw.prepare('DELETE FROM idempotency_keys WHERE 0');
  const serial = new Serial();
  const inTurn: Run = (fn) => {
    // The turn is the transaction's until it ends: waiting for it from inside would never end.
    if (insideTransaction.getStore()) {
      return Promise.reject(new Error('inside a transaction, use the tables it hands you (tx)'));
    }
    return serial.run(fn);
  };
  const tables = tablesOn(db);
  // Inside a transaction the turn is already held: its statements run at once.
  const inTransaction = tables(atOnce);
  return {
    ...tables(inTurn),
    transaction: (work) =>
      serial.run(async () => {
        raw.exec('BEGIN IMMEDIATE');
        try {
          const result = await insideTransaction.run(true, () => work(inTransaction));
          raw.exec('COMMIT');
          return result;
        } catch (error) {
          if (raw.inTransaction) raw.exec('ROLLBACK');
          throw error;
        }
      }),
    ping: () => inTurn(() => void ping.run()),
    close: () => inTurn(() => void raw.close()),
  };
}
