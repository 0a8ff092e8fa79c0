import type { Cents } from '../money';
import type { MenuItem } from '../schemas/menu';
import type { Order, OrderStatus } from '../schemas/orders';
import type { Payment } from '../schemas/payments';
import type { Reservation } from '../schemas/reservations';

/**
 * The one asynchronous interface the domain sees, whichever database is behind it: SQLite in
 * DATA_DIR (one process) or PostgreSQL at DATABASE_URL (any number of replicas sharing it).
 */

export interface NewOrderLine {
  menuItemId: string;
  name: string;
  unitPrice: Cents;
  quantity: number;
  prepMinutes: number;
  notes: string | null;
}

export interface NewOrder {
  id: string;
  type: Order['type'];
  tableNumber: number | null;
  customer: Order['customer'];
  lines: NewOrderLine[];
  subtotal: Cents;
  tax: Cents;
  total: Cents;
  currency: string;
  createdAt: string;
  /** The span the order was created in, for links from the kitchen's spans. */
  origin: { traceId: string; spanId: string } | undefined;
}

/** What the kitchen needs of an order: when it moved and how long its dishes take. */
export interface KitchenTicket {
  id: string;
  status: OrderStatus;
  createdAt: string;
  paidAt: string | null;
  kitchenStartedAt: string | null;
  readyAt: string | null;
  prepMinutes: number[];
  itemCount: number;
  originTraceId: string | null;
  originSpanId: string | null;
}

/** The statuses an order has while the kitchen owes it work. */
export const KITCHEN_STATUSES: readonly OrderStatus[] = ['paid', 'preparing', 'ready'];

/**
 * A kitchen's hold on orders: `owner` keeps them until `until` (ISO time) and renews the lease
 * while it lives; an order whose lease ran out belongs to whichever kitchen claims it next.
 */
export interface KitchenLease {
  owner: string;
  now: string;
  until: string;
}

/** When an order counts as abandoned by its kitchen. */
export interface Staleness {
  /** A lease that ran out before this time. */
  leaseBefore: string;
  /** An order paid before this time that no kitchen ever claimed. */
  paidBefore: string;
}

export interface NewPayment {
  id: string;
  orderId: string;
  method: Payment['method'];
  amount: Cents;
  currency: string;
  card: { brand: string; last4: string } | null;
  createdAt: string;
}

export interface PaymentOutcome {
  status: 'authorized' | 'declined';
  declineReason: string | null;
  gatewayLatencyMs: number;
  at: string;
}

export interface NewReservation {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  partySize: number;
  tableId: string;
  startsAt: string;
  endsAt: string;
  notes: string | null;
  createdAt: string;
}

export interface StoredResponse {
  status: number;
  body: unknown;
}

export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'in_progress' }
  | { kind: 'mismatch' };

/** The menu, read once at start: it answers from memory. */
export interface MenuTable {
  list(category?: string): Promise<readonly MenuItem[]>;
  get(id: string): Promise<MenuItem | undefined>;
}

export interface OrderTable {
  /** The order and its lines, atomically. */
  insert(order: NewOrder): Promise<void>;
  /** Inside a transaction on PostgreSQL, the order's row stays locked until the transaction ends. */
  get(id: string): Promise<Order | undefined>;
  list(limit: number, status?: OrderStatus): Promise<Order[]>;
  /**
   * Moves an order to `to` only if it is in one of `from`, stamping the matching timestamp.
   * Resolves with whether it moved: the guard makes concurrent transitions safe without locks.
   */
  transition(id: string, from: readonly OrderStatus[], to: OrderStatus, at: string): Promise<boolean>;
  ticket(id: string): Promise<KitchenTicket | undefined>;
  /** Takes one paid order for the kitchen of `lease.owner`, unless another kitchen holds it. */
  claimForKitchen(id: string, lease: KitchenLease): Promise<boolean>;
  /**
   * Takes up to `limit` orders the kitchen owes work and no live kitchen holds, oldest payment
   * first; orders another claimer is taking are skipped, never waited for.
   */
  claimOrphans(lease: KitchenLease, stale: Staleness, limit: number): Promise<KitchenTicket[]>;
  /** Extends the lease on every order `lease.owner` holds; resolves with how many. */
  renewLeases(lease: KitchenLease): Promise<number>;
}

export interface PaymentTable {
  /** Records a payment in flight; false when the order already has one in flight or captured. */
  insertInFlight(payment: NewPayment): Promise<boolean>;
  recordOutcome(id: string, outcome: PaymentOutcome): Promise<Payment>;
  /** Refunds the authorized payment of an order; resolves with how many were refunded. */
  refundForOrder(orderId: string, at: string): Promise<number>;
  /**
   * Declines (`processing_error`) the payments still in flight that started before
   * `startedBefore`: their process died while the gateway had them. Resolves with how many.
   */
  declineAbandoned(startedBefore: string, at: string): Promise<number>;
  get(id: string): Promise<Payment | undefined>;
  liveFor(orderId: string): Promise<Payment | undefined>;
}

export interface ReservationTable {
  /**
   * Finds the smallest free table that seats the party and books it, atomically: two requests
   * never get the same table for overlapping times. Undefined when no table fits.
   */
  bookFirstFreeTable(reservation: Omit<NewReservation, 'tableId'>): Promise<Reservation | undefined>;
  get(id: string): Promise<Reservation | undefined>;
  listStartingBetween(from: string, to: string, limit: number): Promise<Reservation[]>;
  listUpcoming(now: string, limit: number): Promise<Reservation[]>;
  /** Tables held by a reservation at `at`, and all tables. */
  occupancy(at: string): Promise<{ occupied: number; total: number }>;
  /** Cancels a confirmed reservation; false when it was not confirmed. */
  cancel(id: string, at: string): Promise<boolean>;
}

/** Idempotency keys and the responses they produced; a key is forgotten after its retention. */
export interface IdempotencyTable {
  /** Claims `key` for a request with `hash`, or says why it cannot: atomic, so one request wins. */
  claim(key: string, hash: string, at: string, expiredBefore: string): Promise<IdempotencyClaim>;
  complete(key: string, response: StoredResponse): Promise<void>;
  release(key: string): Promise<void>;
  purgeExpired(before: string): Promise<number>;
}

/** The tables: what a transaction's work sees. */
export interface Tables {
  readonly menu: MenuTable;
  readonly orders: OrderTable;
  readonly payments: PaymentTable;
  readonly reservations: ReservationTable;
  readonly idempotency: IdempotencyTable;
}

export type DatabaseSystem = 'sqlite' | 'postgresql';

/** Which database serves, for /ready and the start line: never a password. */
export interface DatabaseDescription {
  system: DatabaseSystem;
  /** The SQLite file, or the PostgreSQL database name. */
  name: string;
  /** host:port of a PostgreSQL server. */
  server?: string;
}

export interface Store extends Tables {
  readonly database: DatabaseDescription;
  /** Whether other processes may share the database (their kitchens claim orders by lease). */
  readonly shared: boolean;
  /** Runs `work` atomically: all its writes land or none do. Use only `tx` inside it. */
  transaction<T>(work: (tx: Tables) => Promise<T>): Promise<T>;
  /** Rejects when the database cannot be read or written (down, locked, read-only, failing I/O). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
