import { type Db, openDatabase } from './database';
import { IdempotencyStore } from './idempotency-store';
import { instrumentDatabase, type StatementObserver } from './instrument';
import { MenuStore } from './menu-store';
import { OrderStore } from './order-store';
import { PaymentStore } from './payment-store';
import { ReservationStore } from './reservation-store';

/**
 * Data access for the whole app, behind one small interface so that a server database could
 * replace SQLite without touching the domain.
 */
export interface Store {
  readonly menu: MenuStore;
  readonly orders: OrderStore;
  readonly payments: PaymentStore;
  readonly reservations: ReservationStore;
  readonly idempotency: IdempotencyStore;
  /** Runs `fn` atomically: all its writes land or none do. */
  transaction<T>(fn: () => T): T;
  /** Throws when the database cannot be read or written (locked, read-only, failing I/O). */
  ping(): void;
  close(): void;
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
  return {
    menu: new MenuStore(db),
    orders: new OrderStore(db),
    payments: new PaymentStore(db),
    reservations: new ReservationStore(db),
    idempotency: new IdempotencyStore(db),
    transaction: (fn) => raw.transaction(fn).immediate(),
    ping: () => void ping.run(),
    close: () => raw.close(),
  };
}
