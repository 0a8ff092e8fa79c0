import type { JourneyEventName } from '../schemas/events';
import type { Order } from '../schemas/orders';
import type { Payment } from '../schemas/payments';
import type { Reservation } from '../schemas/reservations';

/**
 * What happens in the restaurant, as the domain reports it. The domain says what happened;
 * the monitoring layer decides which files, KPIs and metrics each event feeds.
 */
export type DomainEvent =
  | { type: 'order_created'; order: Order }
  | { type: 'order_cancelled'; order: Order; refunded: boolean }
  | {
      type: 'payment_initiated';
      paymentId: string;
      orderId: string;
      method: Payment['method'];
      amount: number;
      currency: string;
    }
  | { type: 'payment_authorized'; payment: Payment }
  | { type: 'payment_declined'; payment: Payment }
  | { type: 'reservation_created'; reservation: Reservation }
  | {
      type: 'reservation_rejected';
      partySize: number;
      time: string;
      reason: 'no_table_available' | 'outside_booking_window';
    }
  | { type: 'reservation_cancelled'; reservation: Reservation }
  | { type: 'kitchen_started'; orderId: string; queueWaitMs: number; queueDepth: number }
  | { type: 'order_ready'; orderId: string; prepMs: number; orderToReadyMs: number; scenarios?: string[] }
  | { type: 'order_completed'; orderId: string; orderToCompletedMs: number }
  | { type: 'journey_event'; event: JourneyEventName; stage: string; properties: Record<string, unknown> };

export type DomainEventSink = (event: DomainEvent) => void;

type EventOf<T extends DomainEvent['type']> = Extract<DomainEvent, { type: T }>;

/**
 * Domain events as they happen, for whoever subscribes in-process (tests waiting for the kitchen,
 * a live view): published after the telemetry has recorded them.
 */
export class DomainEvents {
  private readonly listeners = new Map<DomainEvent['type'], Set<(event: DomainEvent) => void>>();

  publish(event: DomainEvent): void {
    for (const listener of this.listeners.get(event.type) ?? []) listener(event);
  }

  /** Calls `listener` with every event of `type` until the returned function is called. */
  subscribe<T extends DomainEvent['type']>(type: T, listener: (event: EventOf<T>) => void): () => void {
    const set = this.listeners.get(type) ?? new Set();
    this.listeners.set(type, set);
    const untyped = listener as (event: DomainEvent) => void;
    set.add(untyped);
    return () => set.delete(untyped);
  }
}
