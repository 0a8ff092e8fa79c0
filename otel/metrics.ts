import { type Attributes, metrics } from '@opentelemetry/api';

/** Restaurant instruments; no-ops until (and unless) the SDK registers a meter provider. */
export interface RestaurantMetrics {
  orderCreated(attributes: { 'restaurant.order.type': string }, value: number): void;
  payment(attributes: Attributes, gatewayLatencyMs: number): void;
  reservation(attributes: {
    'restaurant.reservation.outcome': string;
    'restaurant.reservation.reason'?: string;
  }): void;
  orderPrepared(prepMs: number): void;
  /** Observes the kitchen's queue and work in progress, from when the kitchen exists. */
  observeKitchen(kitchen: KitchenGauges): void;
}

export interface KitchenGauges {
  queueDepth(): number;
  inProgress(): number;
}

export function createRestaurantMetrics(currency: string): RestaurantMetrics {
  const meter = metrics.getMeter('restaurant-app');
  const ordersCreated = meter.createCounter('restaurant.orders.created', {
    description: 'Orders placed',
    unit: '{order}',
  });
  const orderValue = meter.createHistogram('restaurant.order.value', {
    description: 'Order totals, tax included',
    unit: `{${currency}}`,
    advice: { explicitBucketBoundaries: [5, 10, 20, 30, 50, 75, 100, 150, 200, 300, 500] },
  });
  const payments = meter.createCounter('restaurant.payments', {
    description: 'Payment attempts by method, outcome and decline reason',
    unit: '{payment}',
  });
  const gatewayDuration = meter.createHistogram('restaurant.payment.gateway.duration', {
    description: 'Latency of the payment gateway',
    unit: 's',
    advice: { explicitBucketBoundaries: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] },
  });
  const reservations = meter.createCounter('restaurant.reservations', {
    description: 'Reservation requests by outcome',
    unit: '{reservation}',
  });
  const prepDuration = meter.createHistogram('restaurant.kitchen.prep.duration', {
    description: 'Time from the kitchen starting an order to the order being ready',
    unit: 's',
    advice: { explicitBucketBoundaries: [1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800] },
  });
  const queueDepth = meter.createObservableGauge('restaurant.kitchen.queue.depth', {
    description: 'Paid orders waiting for the kitchen',
    unit: '{order}',
  });
  const inProgress = meter.createObservableGauge('restaurant.kitchen.in_progress', {
    description: 'Orders being prepared',
    unit: '{order}',
  });

  return {
    orderCreated: (attributes, value) => {
      ordersCreated.add(1, attributes);
      orderValue.record(value, attributes);
    },
    payment: (attributes, gatewayLatencyMs) => {
      payments.add(1, attributes);
      gatewayDuration.record(gatewayLatencyMs / 1000, attributes);
    },
    reservation: (attributes) => reservations.add(1, attributes),
    orderPrepared: (prepMs) => prepDuration.record(prepMs / 1000),
    observeKitchen: (kitchen) => {
      queueDepth.addCallback((result) => result.observe(kitchen.queueDepth()));
      inProgress.addCallback((result) => result.observe(kitchen.inProgress()));
    },
  };
}
