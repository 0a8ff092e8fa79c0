import type { Statement } from 'better-sqlite3';
import type { Order, OrderStatus } from '../../schemas/orders';
import { type LineRow, type OrderRow, STAMP_COLUMN, toOrder, toTicket } from '../rows';
import {
  KITCHEN_STATUSES,
  type KitchenLease,
  type KitchenTicket,
  type NewOrder,
  type Staleness,
} from '../tables';
import type { Db } from './database';

const OWED = JSON.stringify(KITCHEN_STATUSES);

export class OrderStore {
  private readonly insertOrder;
  private readonly insertLine;
  private readonly byId;
  private readonly linesOf;
  private readonly recent;
  private readonly recentByStatus;
  private readonly claimPaid;
  private readonly orphans;
  private readonly claimOne;
  private readonly renew;
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
    this.claimPaid = db.prepare(
      `UPDATE orders SET kitchen_owner = @owner, kitchen_lease_until = @until
       WHERE id = @id AND status = 'paid'
         AND (kitchen_owner IS NULL OR kitchen_owner = @owner OR kitchen_lease_until < @now)`,
    );
    this.orphans = db.prepare<Staleness & { limit: number; owed: string }, OrderRow>(
      `SELECT * FROM orders
       WHERE status IN (SELECT value FROM json_each(@owed))
         AND (kitchen_lease_until < @leaseBefore OR (kitchen_lease_until IS NULL AND paid_at < @paidBefore))
       ORDER BY paid_at, created_at LIMIT @limit`,
    );
    this.claimOne = db.prepare(
      'UPDATE orders SET kitchen_owner = @owner, kitchen_lease_until = @until WHERE id = @id',
    );
    this.renew = db.prepare(
      `UPDATE orders SET kitchen_lease_until = @until
       WHERE kitchen_owner = @owner AND status IN (SELECT value FROM json_each(@owed))`,
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

  /** One connection, one writer: reading inside a transaction needs no row lock here. */
  get(id: string): Order | undefined {
    const row = this.byId.get(id);
    return row && toOrder(row, this.linesOf.all(id));
  }

  list(limit: number, status?: OrderStatus): Order[] {
    const rows = status === undefined ? this.recent.all(limit) : this.recentByStatus.all(status, limit);
    return rows.map((row) => toOrder(row, this.linesOf.all(row.id)));
  }

  transition(id: string, from: readonly OrderStatus[], to: OrderStatus, at: string): boolean {
    let statement = this.transitions.get(to);
    if (!statement) {
      const stamp = STAMP_COLUMN[to];
      statement = this.db.prepare(
        `UPDATE orders SET status = @to, updated_at = @at${stamp ? `, ${stamp} = @at` : ''}
         WHERE id = @id AND status IN (SELECT value FROM json_each(@from))`,
      );
      this.transitions.set(to, statement);
    }
    return statement.run({ id, to, at, from: JSON.stringify(from) }).changes === 1;
  }

  ticket(id: string): KitchenTicket | undefined {
    const row = this.byId.get(id);
    return row && toTicket(row, this.linesOf.all(id));
  }

  claimForKitchen(id: string, lease: KitchenLease): boolean {
    return this.claimPaid.run({ id, ...lease }).changes === 1;
  }

  /** One process holds the database: no other claimer to skip, one transaction for the batch. */
  claimOrphans(lease: KitchenLease, stale: Staleness, limit: number): KitchenTicket[] {
    return this.db.transaction(() =>
      this.orphans.all({ ...stale, limit, owed: OWED }).map((row) => {
        this.claimOne.run({ id: row.id, owner: lease.owner, until: lease.until });
        return toTicket(row, this.linesOf.all(row.id));
      }),
    )();
  }

  renewLeases(lease: KitchenLease): number {
    return this.renew.run({ owner: lease.owner, until: lease.until, owed: OWED }).changes;
  }
}
