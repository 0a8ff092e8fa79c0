import type { Payment } from '../../schemas/payments';
import { type PaymentRow, toPayment } from '../rows';
import type { NewPayment, PaymentOutcome } from '../tables';
import type { Db } from './database';

/** Payments keep only a card's brand and last four digits, never its number or CVC. */
export class PaymentStore {
  private readonly insertProcessing;
  private readonly settle;
  private readonly refundLive;
  private readonly declineStale;
  private readonly byId;
  private readonly liveForOrder;

  constructor(db: Db) {
    // The partial unique index refuses a second live payment for an order: nothing is inserted.
    this.insertProcessing = db.prepare(
      `INSERT INTO payments (id, order_id, status, method, amount_cents, currency, card_brand, card_last4, created_at, updated_at)
       VALUES (@id, @orderId, 'processing', @method, @amount, @currency, @brand, @last4, @createdAt, @createdAt)
       ON CONFLICT (order_id) WHERE status IN ('processing', 'authorized') DO NOTHING`,
    );
    this.settle = db.prepare(
      `UPDATE payments SET status = @status, decline_reason = @declineReason,
         gateway_latency_ms = @gatewayLatencyMs, updated_at = @at
       WHERE id = @id AND status = 'processing'`,
    );
    this.refundLive = db.prepare(
      `UPDATE payments SET status = 'refunded', updated_at = @at WHERE order_id = @orderId AND status = 'authorized'`,
    );
    this.declineStale = db.prepare(
      `UPDATE payments SET status = 'declined', decline_reason = 'processing_error', updated_at = @at
       WHERE status = 'processing' AND created_at < @startedBefore`,
    );
    this.byId = db.prepare<[string], PaymentRow>('SELECT * FROM payments WHERE id = ?');
    this.liveForOrder = db.prepare<[string], PaymentRow>(
      `SELECT * FROM payments WHERE order_id = ? AND status IN ('processing', 'authorized')`,
    );
  }

  insertInFlight(payment: NewPayment): boolean {
    const inserted = this.insertProcessing.run({
      id: payment.id,
      orderId: payment.orderId,
      method: payment.method,
      amount: payment.amount,
      currency: payment.currency,
      createdAt: payment.createdAt,
      brand: payment.card?.brand ?? null,
      last4: payment.card?.last4 ?? null,
    });
    return inserted.changes === 1;
  }

  recordOutcome(id: string, outcome: PaymentOutcome): Payment {
    this.settle.run({ id, ...outcome });
    return this.get(id) as Payment;
  }

  refundForOrder(orderId: string, at: string): number {
    return this.refundLive.run({ orderId, at }).changes;
  }

  declineAbandoned(startedBefore: string, at: string): number {
    return this.declineStale.run({ startedBefore, at }).changes;
  }

  get(id: string): Payment | undefined {
    const row = this.byId.get(id);
    return row && toPayment(row);
  }

  liveFor(orderId: string): Payment | undefined {
    const row = this.liveForOrder.get(orderId);
    return row && toPayment(row);
  }
}
