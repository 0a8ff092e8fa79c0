import type { Payment } from '../../schemas/payments';
import { type PaymentRow, toPayment } from '../rows';
import type { NewPayment, PaymentOutcome, PaymentTable } from '../tables';
import type { Sql } from './sql';

/** Payments keep only a card's brand and last four digits, never its number or CVC. */
export class PostgresPayments implements PaymentTable {
  constructor(private readonly sql: Sql) {}

  /**
   * The partial unique index decides between replicas: a second live payment for the order
   * inserts nothing (a concurrent one waits for the first to commit, then yields).
   */
  async insertInFlight(payment: NewPayment): Promise<boolean> {
    const { rowCount } = await this.sql(
      `INSERT INTO payments (id, order_id, status, method, amount_cents, currency, card_brand, card_last4, created_at, updated_at)
       VALUES ($1, $2, 'processing', $3, $4, $5, $6, $7, $8, $8)
       ON CONFLICT (order_id) WHERE status IN ('processing', 'authorized') DO NOTHING`,
      [
        payment.id,
        payment.orderId,
        payment.method,
        payment.amount,
        payment.currency,
        payment.card?.brand ?? null,
        payment.card?.last4 ?? null,
        payment.createdAt,
      ],
    );
    return rowCount === 1;
  }

  async recordOutcome(id: string, outcome: PaymentOutcome): Promise<Payment> {
    const { rows } = await this.sql<PaymentRow>(
      `UPDATE payments SET status = $2, decline_reason = $3, gateway_latency_ms = $4, updated_at = $5
       WHERE id = $1 AND status = 'processing' RETURNING *`,
      [id, outcome.status, outcome.declineReason, outcome.gatewayLatencyMs, outcome.at],
    );
    const row = rows[0];
    return row ? toPayment(row) : ((await this.get(id)) as Payment);
  }

  async refundForOrder(orderId: string, at: string): Promise<number> {
    const { rowCount } = await this.sql(
      `UPDATE payments SET status = 'refunded', updated_at = $2 WHERE order_id = $1 AND status = 'authorized'`,
      [orderId, at],
    );
    return rowCount;
  }

  async declineAbandoned(startedBefore: string, at: string): Promise<number> {
    const { rowCount } = await this.sql(
      `UPDATE payments SET status = 'declined', decline_reason = 'processing_error', updated_at = $2
       WHERE status = 'processing' AND created_at < $1`,
      [startedBefore, at],
    );
    return rowCount;
  }

  async get(id: string): Promise<Payment | undefined> {
    const { rows } = await this.sql<PaymentRow>('SELECT * FROM payments WHERE id = $1', [id]);
    return rows[0] && toPayment(rows[0]);
  }

  async liveFor(orderId: string): Promise<Payment | undefined> {
    const { rows } = await this.sql<PaymentRow>(
      `SELECT * FROM payments WHERE order_id = $1 AND status IN ('processing', 'authorized')`,
      [orderId],
    );
    return rows[0] && toPayment(rows[0]);
  }
}
