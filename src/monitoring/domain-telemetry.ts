import type { BusinessEventData, Loggers } from '../../loggers';
import type { RestaurantMetrics } from '../../otel/metrics';
import { type Attributes, trace } from '../../otel/tracing';
import { recordTiming } from '../context';
import type { DomainEvent, DomainEventSink } from '../domain/events';
import type { RestaurantStats } from './restaurant-stats';

type EventOf<T extends DomainEvent['type']> = Extract<DomainEvent, { type: T }>;

/**
 * What one domain event feeds. Every event writes its business event to events.log and, with
 * the same name and `span` attributes, a span event on the active span (so a trace viewer shows
 * it where it happened); the rest are optional.
 */
interface EventTelemetry<E extends DomainEvent> {
  /** The events.log line: its action and business fields (the name is the event's, or `name`). */
  event(e: E): { name?: string; action: string; fields: BusinessEventData };
  /** The span event's attributes. */
  span(e: E): Attributes;
  /** OpenTelemetry metrics it counts. */
  metrics?(e: E, metrics: RestaurantMetrics): void;
  /** A KPI line in restaurant-performance.log. */
  kpi?(e: E): { msg: string; fields: Record<string, unknown> };
  /** An inner operation's timing in performance.log; `request` also adds it to the request's own. */
  timing?(e: E): {
    operation: string;
    durationMs: number;
    request?: 'gateway';
    fields: Record<string, unknown>;
  };
}

type TelemetryTable = { [T in DomainEvent['type']]: EventTelemetry<EventOf<T>> };

const paymentOutcome = (e: EventOf<'payment_authorized' | 'payment_declined'>) =>
  e.type === 'payment_authorized' ? 'authorized' : 'declined';

const paymentTelemetry: EventTelemetry<EventOf<'payment_authorized' | 'payment_declined'>> = {
  event: ({ payment }) => ({
    action: 'authorize',
    fields: {
      paymentId: payment.id,
      orderId: payment.orderId,
      method: payment.method,
      cardBrand: payment.card?.brand ?? null,
      declineReason: payment.declineReason,
      gatewayLatencyMs: payment.gatewayLatencyMs,
      value: payment.amount,
      unit: payment.currency,
    },
  }),
  span: ({ payment }) => ({ 'restaurant.payment.id': payment.id, 'restaurant.order.id': payment.orderId }),
  metrics: (e, metrics) =>
    metrics.payment(
      {
        'restaurant.payment.method': e.payment.method,
        'restaurant.payment.outcome': paymentOutcome(e),
        ...(e.payment.declineReason ? { 'restaurant.payment.decline_reason': e.payment.declineReason } : {}),
      },
      e.payment.gatewayLatencyMs ?? 0,
    ),
  kpi: (e) => ({
    msg: 'payment gateway call',
    fields: {
      kpi: 'payment_gateway',
      paymentId: e.payment.id,
      outcome: paymentOutcome(e),
      declineReason: e.payment.declineReason,
      gatewayLatencyMs: e.payment.gatewayLatencyMs ?? 0,
    },
  }),
  timing: (e) => ({
    operation: 'payment_gateway.charge',
    durationMs: e.payment.gatewayLatencyMs ?? 0,
    request: 'gateway',
    fields: { outcome: paymentOutcome(e), paymentId: e.payment.id },
  }),
};

/** One entry per domain event; the type system holds it to every event the domain reports. */
const TELEMETRY: TelemetryTable = {
  order_created: {
    event: ({ order }) => ({
      action: 'create',
      fields: {
        orderId: order.id,
        orderType: order.type,
        tableNumber: order.tableNumber,
        itemCount: order.items.reduce((sum, line) => sum + line.quantity, 0),
        lineCount: order.items.length,
        items: order.items.map((line) => ({ menuItemId: line.menuItemId, quantity: line.quantity })),
        subtotal: order.subtotal,
        tax: order.tax,
        customerEmail: order.customer.email,
        value: order.total,
        unit: order.currency,
      },
    }),
    span: ({ order }) => ({ 'restaurant.order.id': order.id }),
    metrics: ({ order }, metrics) =>
      metrics.orderCreated({ 'restaurant.order.type': order.type }, order.total),
  },
  order_cancelled: {
    event: ({ order, refunded }) => ({
      action: 'cancel',
      fields: { orderId: order.id, refunded, value: order.total, unit: order.currency },
    }),
    span: ({ order }) => ({ 'restaurant.order.id': order.id }),
  },
  payment_initiated: {
    event: (e) => ({
      action: 'authorize',
      fields: {
        paymentId: e.paymentId,
        orderId: e.orderId,
        method: e.method,
        value: e.amount,
        unit: e.currency,
      },
    }),
    span: (e) => ({ 'restaurant.payment.id': e.paymentId, 'restaurant.order.id': e.orderId }),
  },
  payment_authorized: paymentTelemetry,
  payment_declined: paymentTelemetry,
  reservation_created: {
    event: ({ reservation: r }) => ({
      action: 'create',
      fields: {
        reservationId: r.id,
        partySize: r.partySize,
        tableId: r.tableId,
        tableSeats: r.tableSeats,
        reservationTime: r.time,
        customerEmail: r.email,
        value: r.partySize,
        unit: 'guests',
      },
    }),
    span: ({ reservation }) => ({ 'restaurant.reservation.id': reservation.id }),
    metrics: (_e, metrics) => metrics.reservation({ 'restaurant.reservation.outcome': 'created' }),
    kpi: ({ reservation: r }) => ({
      msg: 'table assigned',
      fields: {
        kpi: 'table_assignment',
        reservationId: r.id,
        partySize: r.partySize,
        tableSeats: r.tableSeats,
        seatUtilization: Math.round((r.partySize / r.tableSeats) * 1000) / 1000,
      },
    }),
  },
  reservation_rejected: {
    event: (e) => ({
      action: 'create',
      fields: {
        partySize: e.partySize,
        reservationTime: e.time,
        reason: e.reason,
        value: e.partySize,
        unit: 'guests',
      },
    }),
    span: (e) => ({ 'restaurant.reservation.reason': e.reason }),
    metrics: (e, metrics) =>
      metrics.reservation({
        'restaurant.reservation.outcome': 'rejected',
        'restaurant.reservation.reason': e.reason,
      }),
  },
  reservation_cancelled: {
    event: ({ reservation: r }) => ({
      action: 'cancel',
      fields: {
        reservationId: r.id,
        partySize: r.partySize,
        reservationTime: r.time,
        value: r.partySize,
        unit: 'guests',
      },
    }),
    span: ({ reservation }) => ({ 'restaurant.reservation.id': reservation.id }),
    metrics: (_e, metrics) => metrics.reservation({ 'restaurant.reservation.outcome': 'cancelled' }),
  },
  kitchen_started: {
    event: (e) => ({
      action: 'prepare',
      fields: { orderId: e.orderId, queueWaitMs: e.queueWaitMs, queueDepth: e.queueDepth },
    }),
    span: (e) => ({ 'restaurant.order.id': e.orderId }),
    kpi: (e) => ({
      msg: 'order left the kitchen queue',
      fields: {
        kpi: 'kitchen_queue',
        orderId: e.orderId,
        queueWaitMs: e.queueWaitMs,
        queueDepth: e.queueDepth,
      },
    }),
  },
  order_ready: {
    event: (e) => ({
      action: 'prepare',
      fields: {
        orderId: e.orderId,
        prepMs: e.prepMs,
        orderToReadyMs: e.orderToReadyMs,
        ...(e.scenarios ? { scenarios: e.scenarios } : {}),
        value: e.prepMs,
        unit: 'ms',
      },
    }),
    span: (e) => ({ 'restaurant.order.id': e.orderId }),
    metrics: (e, metrics) => metrics.orderPrepared(e.prepMs),
    kpi: (e) => ({
      msg: 'order ready',
      fields: { kpi: 'order_prep', orderId: e.orderId, prepMs: e.prepMs, orderToReadyMs: e.orderToReadyMs },
    }),
    timing: (e) => ({ operation: 'kitchen.prepare', durationMs: e.prepMs, fields: { orderId: e.orderId } }),
  },
  order_completed: {
    event: (e) => ({
      action: 'complete',
      fields: {
        orderId: e.orderId,
        orderToCompletedMs: e.orderToCompletedMs,
        value: e.orderToCompletedMs,
        unit: 'ms',
      },
    }),
    span: (e) => ({ 'restaurant.order.id': e.orderId }),
  },
  journey_event: {
    event: (e) => ({
      name: e.event,
      action: 'journey',
      fields: { source: 'client', journeyStage: e.stage, properties: e.properties },
    }),
    span: (e) => ({ 'restaurant.journey.stage': e.stage }),
  },
};

/**
 * Turns domain events into telemetry through TELEMETRY: a business event in events.log and a
 * span event for each, and, per event, its metrics, KPIs in restaurant-performance.log and
 * inner-operation timings in performance.log; and the interval figures the snapshots report.
 */
export function domainTelemetry(
  loggers: Loggers,
  stats: RestaurantStats,
  metrics: RestaurantMetrics,
): DomainEventSink {
  return (event) => {
    stats.record(event);
    const telemetry = TELEMETRY[event.type] as EventTelemetry<DomainEvent>;
    const { name = event.type, action, fields } = telemetry.event(event);
    loggers.logBusinessEvent(name, action, fields);
    trace.getActiveSpan()?.addEvent(name, telemetry.span(event));
    telemetry.metrics?.(event, metrics);
    const timing = telemetry.timing?.(event);
    if (timing) {
      if (timing.request) recordTiming(timing.request, timing.durationMs);
      loggers.performance.info(
        { operation: timing.operation, durationMs: timing.durationMs, ...timing.fields },
        'operation timing',
      );
    }
    const kpi = telemetry.kpi?.(event);
    if (kpi) loggers.restaurantPerformance.info(kpi.fields, kpi.msg);
  };
}
