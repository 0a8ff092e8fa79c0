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

function tables(db: Db, run: <R>(fn: () => R) => Promise<R>): Tables {
  return {
    menu: asyncView(new MenuStore(db), run),
    orders: asyncView(new OrderStore(db), run),
    payments: asyncView(new PaymentStore(db), run),
    reservations: asyncView(new ReservationStore(db), run),
    idempotency: asyncView(new IdempotencyStore(db), run),
  };
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
  const inTurn = <R>(fn: () => R) => {
    // The turn is the transaction's until it ends: waiting for it from inside would never end.
    if (insideTransaction.getStore()) {
      return Promise.reject(new Error('inside a transaction, use the tables it hands you (tx)'));
    }
    return serial.run(fn);
  };
  // Inside a transaction the turn is already held: its statements run at once.
  const inTransaction = tables(db, async (fn) => fn());
  return {
    ...tables(db, inTurn),
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
