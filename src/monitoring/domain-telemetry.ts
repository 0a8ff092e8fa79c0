import type { Loggers } from '../../loggers';
import type { RestaurantMetrics } from '../../otel/metrics';
import { currentContext } from '../context';
import type { DomainEvent, DomainEventSink } from '../domain/events';
import type { RestaurantStats } from './restaurant-stats';

/**
 * Turns domain events into telemetry: a business event in events.log for each, per-event KPIs
 * in restaurant-performance.log, inner-operation timings in performance.log, OpenTelemetry
 * metrics, and the interval figures the periodic snapshots report.
 */
export function domainTelemetry(
  loggers: Loggers,
  stats: RestaurantStats,
  metrics: RestaurantMetrics,
): DomainEventSink {
  const { logBusinessEvent, restaurantPerformance, performance } = loggers;
  return (event: DomainEvent) => {
    stats.record(event);
    switch (event.type) {
      case 'order_created': {
        const { order } = event;
        metrics.orderCreated({ 'restaurant.order.type': order.type }, order.total);
        logBusinessEvent('order_created', 'create', {
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
        });
        break;
      }
      case 'order_cancelled':
        logBusinessEvent('order_cancelled', 'cancel', {
          orderId: event.order.id,
          refunded: event.refunded,
          value: event.order.total,
          unit: event.order.currency,
        });
        break;
      case 'payment_initiated':
        logBusinessEvent('payment_initiated', 'authorize', {
          paymentId: event.paymentId,
          orderId: event.orderId,
          method: event.method,
          value: event.amount,
          unit: event.currency,
        });
        break;
      case 'payment_authorized':
      case 'payment_declined': {
        const { payment } = event;
        const outcome = event.type === 'payment_authorized' ? 'authorized' : 'declined';
        logBusinessEvent(event.type, 'authorize', {
          paymentId: payment.id,
          orderId: payment.orderId,
          method: payment.method,
          cardBrand: payment.card?.brand ?? null,
          declineReason: payment.declineReason,
          gatewayLatencyMs: payment.gatewayLatencyMs,
          value: payment.amount,
          unit: payment.currency,
        });
        const latencyMs = payment.gatewayLatencyMs ?? 0;
        metrics.payment(
          {
            'restaurant.payment.method': payment.method,
            'restaurant.payment.outcome': outcome,
            ...(payment.declineReason ? { 'restaurant.payment.decline_reason': payment.declineReason } : {}),
          },
          latencyMs,
        );
        const context = currentContext();
        if (context) context.timings.gatewayMs += latencyMs;
        performance.info(
          { operation: 'payment_gateway.charge', durationMs: latencyMs, outcome, paymentId: payment.id },
          'operation timing',
        );
        restaurantPerformance.info(
          {
            kpi: 'payment_gateway',
            paymentId: payment.id,
            outcome,
            declineReason: payment.declineReason,
            gatewayLatencyMs: latencyMs,
          },
          'payment gateway call',
        );
        break;
      }
      case 'reservation_created': {
        const { reservation } = event;
        metrics.reservation({ 'restaurant.reservation.outcome': 'created' });
        logBusinessEvent('reservation_created', 'create', {
          reservationId: reservation.id,
          partySize: reservation.partySize,
          tableId: reservation.tableId,
          tableSeats: reservation.tableSeats,
          reservationTime: reservation.time,
          customerEmail: reservation.email,
          value: reservation.partySize,
          unit: 'guests',
        });
        restaurantPerformance.info(
          {
            kpi: 'table_assignment',
            reservationId: reservation.id,
            partySize: reservation.partySize,
            tableSeats: reservation.tableSeats,
            seatUtilization: Math.round((reservation.partySize / reservation.tableSeats) * 1000) / 1000,
          },
          'table assigned',
        );
        break;
      }
      case 'reservation_rejected':
        metrics.reservation({
          'restaurant.reservation.outcome': 'rejected',
          'restaurant.reservation.reason': event.reason,
        });
        logBusinessEvent('reservation_rejected', 'create', {
          partySize: event.partySize,
          reservationTime: event.time,
          reason: event.reason,
          value: event.partySize,
          unit: 'guests',
        });
        break;
      case 'reservation_cancelled':
        metrics.reservation({ 'restaurant.reservation.outcome': 'cancelled' });
        logBusinessEvent('reservation_cancelled', 'cancel', {
          reservationId: event.reservation.id,
          partySize: event.reservation.partySize,
          reservationTime: event.reservation.time,
          value: event.reservation.partySize,
          unit: 'guests',
        });
        break;
      case 'kitchen_started':
        logBusinessEvent('kitchen_started', 'prepare', {
          orderId: event.orderId,
          queueWaitMs: event.queueWaitMs,
          queueDepth: event.queueDepth,
        });
        restaurantPerformance.info(
          {
            kpi: 'kitchen_queue',
            orderId: event.orderId,
            queueWaitMs: event.queueWaitMs,
            queueDepth: event.queueDepth,
          },
          'order left the kitchen queue',
        );
        break;
      case 'order_ready':
        metrics.orderPrepared(event.prepMs);
        logBusinessEvent('order_ready', 'prepare', {
          orderId: event.orderId,
          prepMs: event.prepMs,
          orderToReadyMs: event.orderToReadyMs,
          ...(event.scenarios ? { scenarios: event.scenarios } : {}),
          value: event.prepMs,
          unit: 'ms',
        });
        performance.info(
          { operation: 'kitchen.prepare', durationMs: event.prepMs, orderId: event.orderId },
          'operation timing',
        );
        restaurantPerformance.info(
          {
            kpi: 'order_prep',
            orderId: event.orderId,
            prepMs: event.prepMs,
            orderToReadyMs: event.orderToReadyMs,
          },
          'order ready',
        );
        break;
      case 'journey_event':
        logBusinessEvent(event.event, 'journey', {
          source: 'client',
          journeyStage: event.stage,
          properties: event.properties,
        });
        break;
      case 'order_completed':
        logBusinessEvent('order_completed', 'complete', {
          orderId: event.orderId,
          orderToCompletedMs: event.orderToCompletedMs,
          value: event.orderToCompletedMs,
          unit: 'ms',
        });
        break;
    }
  };
}
