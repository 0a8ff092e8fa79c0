import { fromCents } from '../money';
import type { MenuItem } from '../schemas/menu';
import type { Order, OrderStatus } from '../schemas/orders';
import type { Payment, PaymentStatus } from '../schemas/payments';
import type { Reservation } from '../schemas/reservations';
import type { IdempotencyClaim, KitchenTicket } from './tables';

/**
 * Rows as both databases return them: the two schemas have the same tables and columns (money in
 * integer cents, timestamps as ISO 8601 UTC text), so one mapping serves both.
 */
export interface MenuRow {
  id: string;
  name: string;
  description: string;
  category: MenuItem['category'];
  price_cents: number;
  prep_minutes: number;
  allergens: string;
  available: number;
}

export interface OrderRow {
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

/** The timestamp column each status change stamps. */
export const STAMP_COLUMN: Partial<Record<OrderStatus, string>> = {
  paid: 'paid_at',
  preparing: 'kitchen_started_at',
  ready: 'ready_at',
  completed: 'completed_at',
  cancelled: 'cancelled_at',
};

export interface LineRow {
  order_id: string;
  line: number;
  menu_item_id: string;
  name: string;
  unit_price_cents: number;
  quantity: number;
  prep_minutes: number;
  notes: string | null;
}

export interface PaymentRow {
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

export interface ReservationRow {
  id: string;
  status: Reservation['status'];
  name: string;
  email: string;
  phone: string | null;
  party_size: number;
  table_id: string;
  seats: number;
  starts_at: string;
  ends_at: string;
  notes: string | null;
  created_at: string;
  cancelled_at: string | null;
}

export interface IdempotencyRow {
  request_hash: string;
  response_status: number | null;
  response_body: string | null;
  created_at: string;
}

export function toMenuItem(row: MenuRow): MenuItem {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    category: row.category,
    price: fromCents(row.price_cents),
    prepMinutes: row.prep_minutes,
    allergens: Object.freeze(JSON.parse(row.allergens)) as MenuItem['allergens'],
    available: row.available === 1,
  };
}

export function toOrder(row: OrderRow, lines: readonly LineRow[]): Order {
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

export function toTicket(row: OrderRow, lines: readonly LineRow[]): KitchenTicket {
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

export function toPayment(row: PaymentRow): Payment {
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

export function toReservation(row: ReservationRow): Reservation {
  return {
    id: row.id,
    status: row.status,
    name: row.name,
    email: row.email,
    phone: row.phone,
    partySize: row.party_size,
    time: row.starts_at,
    endsAt: row.ends_at,
    tableId: row.table_id,
    tableSeats: row.seats,
    notes: row.notes,
    createdAt: row.created_at,
    cancelledAt: row.cancelled_at,
  };
}

/** Why a key already held by `row` cannot be claimed by a request with `hash`. */
export function heldKey(row: IdempotencyRow, hash: string): Exclude<IdempotencyClaim, { kind: 'claimed' }> {
  if (row.request_hash !== hash) return { kind: 'mismatch' };
  if (row.response_status === null) return { kind: 'in_progress' };
  return {
    kind: 'replay',
    response: { status: row.response_status, body: JSON.parse(row.response_body ?? 'null') },
  };
}
