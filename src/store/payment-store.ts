import { type Cents, fromCents } from '../money';
import type { Payment, PaymentStatus } from '../schemas/payments';
import type { Db } from './database';

interface PaymentRow {
  id: string;
  order_id: string;
  status: PaymentStatus;
  method: Payment['method'];
  amount_cents: number;
  currency: string;
  card_brand: string | null;
  card_last4: string | null;
  decline_reason: string | null;
  gateway_latency_ms: number | null;
  created_at: string;
  updated_at: string;
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

function toPayment(row: PaymentRow): Payment {
  return {
    id: row.id,
    orderId: row.order_id,
    status: row.status,
    method: row.method,
    amount: fromCents(row.amount_cents),
    currency: row.currency,
    card: row.card_brand && row.card_last4 ? { brand: row.card_brand, last4: row.card_last4 } : null,
    declineReason: row.decline_reason,
    gatewayLatencyMs: row.gateway_latency_ms,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** Payments keep only a card's brand and last four digits, never its number or CVC. */
export class PaymentStore {
  private readonly insertProcessing;
  private readonly settle;
  private readonly refundLive;
  private readonly byId;
  private readonly liveForOrder;

  constructor(db: Db) {
    this.insertProcessing = db.prepare(
      `INSERT INTO payments (id, order_id, status, method, amount_cents, currency, card_brand, card_last4, created_at, updated_at)
       VALUES (@id, @orderId, 'processing', @method, @amount, @currency, @brand, @last4, @createdAt, @createdAt)`,
    );
    this.settle = db.prepare(
      `UPDATE payments SET status = @status, decline_reason = @declineReason,
         gateway_latency_ms = @gatewayLatencyMs, updated_at = @at
       WHERE id = @id AND status = 'processing'`,
    );
    this.refundLive = db.prepare(
      `UPDATE payments SET status = 'refunded', updated_at = @at WHERE order_id = @orderId AND status = 'authorized'`,
    );
    this.byId = db.prepare<[string], PaymentRow>('SELECT * FROM payments WHERE id = ?');
    this.liveForOrder = db.prepare<[string], PaymentRow>(
      `SELECT * FROM payments WHERE order_id = ? AND status IN ('processing', 'authorized')`,
    );
  }

  /** Records a payment in flight. The schema refuses a second live payment for the same order. */
  insertInFlight(payment: NewPayment): void {
    this.insertProcessing.run({
      ...payment,
      brand: payment.card?.brand ?? null,
      last4: payment.card?.last4 ?? null,
    });
  }

  recordOutcome(id: string, outcome: PaymentOutcome): Payment {
    this.settle.run({ id, ...outcome });
    return this.get(id) as Payment;
  }

  /** Refunds the authorized payment of an order; returns how many were refunded. */
  refundForOrder(orderId: string, at: string): number {
    return this.refundLive.run({ orderId, at }).changes;
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
