import type { Order, OrderStatus } from '../../schemas/orders';
import { type LineRow, type OrderRow, STAMP_COLUMN, toOrder, toTicket } from '../rows';
import {
  KITCHEN_STATUSES,
  type KitchenLease,
  type KitchenTicket,
  type NewOrder,
  type OrderTable,
  type Staleness,
} from '../tables';
import type { Sql } from './sql';

type OrderWithLines = OrderRow & { lines: LineRow[] };

/** An order's lines, in order, as one JSON value: an order and its lines in one round trip. */
const LINES_OF_O = 'SELECT json_agg(i ORDER BY i.line) FROM order_items i WHERE i.order_id = o.id';
/** Orders with their lines, `orders` first, so the statement's span is named `SELECT orders`. */
const ORDERS_WITH_LINES = `SELECT o.*, COALESCE(l.lines, '[]') AS lines FROM orders o
  LEFT JOIN LATERAL (${LINES_OF_O}) AS l(lines) ON true`;

const transitionTo = (to: OrderStatus) => {
  const stamp = STAMP_COLUMN[to];
  return `UPDATE orders SET status = $2, updated_at = $3${stamp ? `, ${stamp} = $3` : ''}
    WHERE id = $1 AND status = ANY($4::text[])`;
};

export class PostgresOrders implements OrderTable {
  constructor(
    private readonly sql: Sql,
    /** Inside a transaction an order read is locked until it ends (FOR UPDATE). */
    private readonly inTransaction: boolean,
  ) {}

  async insert(order: NewOrder): Promise<void> {
    // One statement, so atomic without a transaction of its own.
    await this.sql(
      `WITH o AS (
         INSERT INTO orders (id, status, type, table_number, customer_name, customer_email, customer_phone,
           subtotal_cents, tax_cents, total_cents, currency, created_at, updated_at, trace_id, span_id)
         VALUES ($1, 'pending_payment', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $13)
         RETURNING id)
       INSERT INTO order_items (order_id, line, menu_item_id, name, unit_price_cents, quantity, prep_minutes, notes)
       SELECT o.id, l.line, l.menu_item_id, l.name, l.unit_price_cents, l.quantity, l.prep_minutes, l.notes
       FROM o, jsonb_to_recordset($14::jsonb) AS l(line INTEGER, menu_item_id TEXT, name TEXT,
         unit_price_cents INTEGER, quantity INTEGER, prep_minutes INTEGER, notes TEXT)`,
      [
        order.id,
        order.type,
        order.tableNumber,
        order.customer.name,
        order.customer.email,
        order.customer.phone,
        order.subtotal,
        order.tax,
        order.total,
        order.currency,
        order.createdAt,
        order.origin?.traceId ?? null,
        order.origin?.spanId ?? null,
        JSON.stringify(
          order.lines.map((line, index) => ({
            line: index + 1,
            menu_item_id: line.menuItemId,
            name: line.name,
            unit_price_cents: line.unitPrice,
            quantity: line.quantity,
            prep_minutes: line.prepMinutes,
            notes: line.notes,
          })),
        ),
      ],
    );
  }

  async get(id: string): Promise<Order | undefined> {
    const row = await this.byId(id);
    return row && toOrder(row, row.lines);
  }

  async list(limit: number, status?: OrderStatus): Promise<Order[]> {
    const { rows } =
      status === undefined
        ? await this.sql<OrderWithLines>(`${ORDERS_WITH_LINES} ORDER BY o.created_at DESC, o.id LIMIT $1`, [
            limit,
          ])
        : await this.sql<OrderWithLines>(
            `${ORDERS_WITH_LINES} WHERE o.status = $2 ORDER BY o.created_at DESC, o.id LIMIT $1`,
            [limit, status],
          );
    return rows.map((row) => toOrder(row, row.lines));
  }

  async transition(id: string, from: readonly OrderStatus[], to: OrderStatus, at: string): Promise<boolean> {
    const { rowCount } = await this.sql(transitionTo(to), [id, to, at, from]);
    return rowCount === 1;
  }

  async ticket(id: string): Promise<KitchenTicket | undefined> {
    const row = await this.byId(id);
    return row && toTicket(row, row.lines);
  }

  async claimForKitchen(id: string, lease: KitchenLease): Promise<boolean> {
    const { rowCount } = await this.sql(
      `UPDATE orders SET kitchen_owner = $2, kitchen_lease_until = $3
       WHERE id = $1 AND status = 'paid'
         AND (kitchen_owner IS NULL OR kitchen_owner = $2 OR kitchen_lease_until < $4)`,
      [id, lease.owner, lease.until, lease.now],
    );
    return rowCount === 1;
  }

  /** Rows another replica is claiming right now are skipped (SKIP LOCKED), never waited for. */
  async claimOrphans(lease: KitchenLease, stale: Staleness, limit: number): Promise<KitchenTicket[]> {
    const { rows } = await this.sql<OrderWithLines>(
      `UPDATE orders o SET kitchen_owner = $1, kitchen_lease_until = $2
       FROM (SELECT id FROM orders
             WHERE status = ANY($3::text[])
               AND (kitchen_lease_until < $4 OR (kitchen_lease_until IS NULL AND paid_at < $5))
             ORDER BY paid_at, created_at LIMIT $6
             FOR UPDATE SKIP LOCKED) AS orphan
       WHERE o.id = orphan.id
       RETURNING o.*, COALESCE((${LINES_OF_O}), '[]') AS lines`,
      [lease.owner, lease.until, KITCHEN_STATUSES, stale.leaseBefore, stale.paidBefore, limit],
    );
    return rows
      .sort(
        (a, b) =>
          (a.paid_at ?? '').localeCompare(b.paid_at ?? '') || a.created_at.localeCompare(b.created_at),
      )
      .map((row) => toTicket(row, row.lines));
  }

  async renewLeases(lease: KitchenLease): Promise<number> {
    const { rowCount } = await this.sql(
      'UPDATE orders SET kitchen_lease_until = $2 WHERE kitchen_owner = $1 AND status = ANY($3::text[])',
      [lease.owner, lease.until, KITCHEN_STATUSES],
    );
    return rowCount;
  }

  private async byId(id: string): Promise<OrderWithLines | undefined> {
    const { rows } = await this.sql<OrderWithLines>(
      `${ORDERS_WITH_LINES} WHERE o.id = $1${this.inTransaction ? ' FOR UPDATE OF o' : ''}`,
      [id],
    );
    return rows[0];
  }
}
