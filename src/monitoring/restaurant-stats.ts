import { createHistogram } from 'node:perf_hooks';
import type { DomainEvent } from '../domain/events';

function percentiles(histogram: ReturnType<typeof createHistogram>, count: number) {
  if (count === 0) return { p50: 0, p95: 0, max: 0 };
  return { p50: histogram.percentile(50), p95: histogram.percentile(95), max: histogram.max };
}

/** Restaurant KPIs accumulated from domain events over one reporting interval. */
export class RestaurantStats {
  private ordersCreated = 0;
  private ordersCancelled = 0;
  private ordersCompleted = 0;
  private prepared = 0;
  private prepMs = createHistogram();
  private orderToReadyMs = createHistogram();
  private paymentsAuthorized = 0;
  private paymentsDeclined = 0;
  private gatewayMs = createHistogram();
  private reservationsCreated = 0;
  private reservationsRejected = 0;

  record(event: DomainEvent): void {
    switch (event.type) {
      case 'order_created':
        this.ordersCreated++;
        break;
      case 'order_cancelled':
        this.ordersCancelled++;
        break;
      case 'order_completed':
        this.ordersCompleted++;
        break;
      case 'order_ready':
        this.prepared++;
        this.prepMs.record(Math.max(1, Math.round(event.prepMs)));
        this.orderToReadyMs.record(Math.max(1, Math.round(event.orderToReadyMs)));
        break;
      case 'payment_authorized':
      case 'payment_declined':
        if (event.type === 'payment_authorized') this.paymentsAuthorized++;
        else this.paymentsDeclined++;
        this.gatewayMs.record(Math.max(1, event.payment.gatewayLatencyMs ?? 1));
        break;
      case 'reservation_created':
        this.reservationsCreated++;
        break;
      case 'reservation_rejected':
        this.reservationsRejected++;
        break;
      default:
        break;
    }
  }

  /** The interval's KPIs; the next interval starts empty. */
  takeWindow() {
    const attempts = this.paymentsAuthorized + this.paymentsDeclined;
    const window = {
      orders: {
        created: this.ordersCreated,
        cancelled: this.ordersCancelled,
        completed: this.ordersCompleted,
      },
      prep: {
        count: this.prepared,
        prepMs: percentiles(this.prepMs, this.prepared),
        orderToReadyMs: percentiles(this.orderToReadyMs, this.prepared),
      },
      payments: {
        attempts,
        authorized: this.paymentsAuthorized,
        declined: this.paymentsDeclined,
        declineRate: attempts === 0 ? 0 : Math.round((this.paymentsDeclined / attempts) * 1000) / 1000,
        gatewayLatencyMs: percentiles(this.gatewayMs, attempts),
      },
      reservations: { created: this.reservationsCreated, rejected: this.reservationsRejected },
    };
    this.ordersCreated = 0;
    this.ordersCancelled = 0;
    this.ordersCompleted = 0;
    this.prepared = 0;
    this.paymentsAuthorized = 0;
    this.paymentsDeclined = 0;
    this.reservationsCreated = 0;
    this.reservationsRejected = 0;
    for (const histogram of [this.prepMs, this.orderToReadyMs, this.gatewayMs]) histogram.reset();
    return window;
  }
}
