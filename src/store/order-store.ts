import type { Statement } from 'better-sqlite3';
import { type Cents, fromCents } from '../money';
import type { Order, OrderStatus } from '../schemas/orders';
import type { Db } from './database';

interface OrderRow {
  id: string;
  status: OrderStatus;
  type: Order['type'];
  table_number: number | null;
  customer_name: string;
  customer_email: string;
  customer_phone: string | null;
  subtotal_cents: number;
  tax_cents: number;
  total_cents: number;
  currency: string;
  created_at: string;
  updated_at: string;
  paid_at: string | null;
  kitchen_started_at: string | null;
  ready_at: string | null;
  completed_at: string | null;
  cancelled_at: string | null;
  trace_id: string | null;
  span_id: string | null;
}

interface LineRow {
  order_id: string;
  menu_item_id: string;
  name: string;
  unit_price_cents: number;
  quantity: number;
  prep_minutes: number;
  notes: string | null;
}

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

/** The timestamp column each status change stamps. */
const stampFor: Partial<Record<OrderStatus, string>> = {
  paid: 'paid_at',
  preparing: 'kitchen_started_at',
  ready: 'ready_at',
  completed: 'completed_at',
  cancelled: 'cancelled_at',
};

export class OrderStore {
  private readonly insertOrder;
  private readonly insertLine;
  private readonly byId;
  private readonly linesOf;
  private readonly recent;
  private readonly recentByStatus;
  private readonly byStatuses;
  private readonly transitions = new Map<OrderStatus, Statement>();

  constructor(private readonly db: Db) {
    this.insertOrder = db.prepare(
      `INSERT INTO orders (id, status, type, table_number, customer_name, customer_email, customer_phone,
         subtotal_cents, tax_cents, total_cents, currency, created_at, updated_at, trace_id, span_id)
       VALUES (@id, 'pending_payment', @type, @tableNumber, @name, @email, @phone,
         @subtotal, @tax, @total, @currency, @createdAt, @createdAt, @traceId, @spanId)`,
    );
    this.insertLine = db.prepare(
      `INSERT INTO order_items (order_id, line, menu_item_id, name, unit_price_cents, quantity, prep_minutes, notes)
       VALUES (@orderId, @line, @menuItemId, @name, @unitPrice, @quantity, @prepMinutes, @notes)`,
    );
    this.byId = db.prepare<[string], OrderRow>('SELECT * FROM orders WHERE id = ?');
    this.linesOf = db.prepare<[string], LineRow>(
      'SELECT * FROM order_items WHERE order_id = ? ORDER BY line',
    );
    this.recent = db.prepare<[number], OrderRow>('SELECT * FROM orders ORDER BY created_at DESC, id LIMIT ?');
    this.recentByStatus = db.prepare<[string, number], OrderRow>(
      'SELECT * FROM orders WHERE status = ? ORDER BY created_at DESC, id LIMIT ?',
    );
    this.byStatuses = db.prepare<[string], OrderRow>(
      `SELECT * FROM orders WHERE status IN (SELECT value FROM json_each(?)) ORDER BY paid_at, created_at`,
    );
  }

  insert(order: NewOrder): void {
    this.db.transaction(() => {
      this.insertOrder.run({
        id: order.id,
        type: order.type,
        tableNumber: order.tableNumber,
        name: order.customer.name,
        email: order.customer.email,
        phone: order.customer.phone,
        subtotal: order.subtotal,
        tax: order.tax,
        total: order.total,
        currency: order.currency,
        createdAt: order.createdAt,
        traceId: order.origin?.traceId ?? null,
        spanId: order.origin?.spanId ?? null,
      });
      order.lines.forEach((line, index) => {
        this.insertLine.run({ orderId: order.id, line: index + 1, ...line });
      });
    })();
  }

  get(id: string): Order | undefined {
    const row = this.byId.get(id);
    return row && this.toOrder(row, this.linesOf.all(id));
  }

  list(limit: number, status?: OrderStatus): Order[] {
    const rows = status === undefined ? this.recent.all(limit) : this.recentByStatus.all(status, limit);
    return rows.map((row) => this.toOrder(row, this.linesOf.all(row.id)));
  }

  /**
   * Moves an order to `to` only if it is in one of `from`, stamping the matching timestamp.
   * Returns whether it moved: the guard makes concurrent transitions safe without locks.
   */
  transition(id: string, from: readonly OrderStatus[], to: OrderStatus, at: string): boolean {
    let statement = this.transitions.get(to);
    if (!statement) {
      const stamp = stampFor[to];
      statement = this.db.prepare(
        `UPDATE orders SET status = @to, updated_at = @at${stamp ? `, ${stamp} = @at` : ''}
         WHERE id = @id AND status IN (SELECT value FROM json_each(@from))`,
      );
      this.transitions.set(to, statement);
    }
    return statement.run({ id, to, at, from: JSON.stringify(from) }).changes === 1;
  }

  /** Orders the kitchen has to pick up again, oldest payment first. */
  kitchenTickets(statuses: readonly OrderStatus[]): KitchenTicket[] {
    return this.byStatuses.all(JSON.stringify(statuses)).map((row) => this.toTicket(row));
  }

  ticket(id: string): KitchenTicket | undefined {
    const row = this.byId.get(id);
    return row && this.toTicket(row);
  }

  private toTicket(row: OrderRow): KitchenTicket {
    const lines = this.linesOf.all(row.id);
    return {
      id: row.id,
      status: row.status,
      createdAt: row.created_at,
      paidAt: row.paid_at,
      kitchenStartedAt: row.kitchen_started_at,
      readyAt: row.ready_at,
      prepMinutes: lines.map((line) => line.prep_minutes),
      itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
      originTraceId: row.trace_id,
      originSpanId: row.span_id,
    };
  }

  private toOrder(row: OrderRow, lines: LineRow[]): Order {
    return {
      id: row.id,
      status: row.status,
      type: row.type,
      tableNumber: row.table_number,
      customer: { name: row.customer_name, email: row.customer_email, phone: row.customer_phone },
      items: lines.map((line) => ({
        menuItemId: line.menu_item_id,
        name: line.name,
        unitPrice: fromCents(line.unit_price_cents),
        quantity: line.quantity,
        lineTotal: fromCents(line.unit_price_cents * line.quantity),
        notes: line.notes,
      })),
      subtotal: fromCents(row.subtotal_cents),
      tax: fromCents(row.tax_cents),
      total: fromCents(row.total_cents),
      currency: row.currency,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      paidAt: row.paid_at,
      kitchenStartedAt: row.kitchen_started_at,
      readyAt: row.ready_at,
      completedAt: row.completed_at,
      cancelledAt: row.cancelled_at,
    };
  }
}
