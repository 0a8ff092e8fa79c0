import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Faults } from '../scenarios/catalogue';
import type { Store } from '../store';
import type { DomainEventSink } from './events';
import { JourneyService } from './journeys';
import { Kitchen } from './kitchen';
import { MenuService } from './menu';
import { OrderService } from './orders';
import type { PaymentGateway } from './payment-gateway';
import { PaymentService } from './payments';
import { ReservationService } from './reservations';

export interface DomainDeps {
  store: Store;
  config: Config;
  clock: Clock;
  random: () => number;
  gateway: PaymentGateway;
  /** The failure scenarios in force (slow_kitchen for the kitchen). */
  faults: Faults;
  /** Receives every domain event, for logs, KPIs and metrics. */
  emit: DomainEventSink;
  /** Where background work (the kitchen) reports failures it cannot throw to a caller. */
  reportError: (error: unknown) => void;
}

export interface Domain {
  readonly journeys: JourneyService;
  readonly menu: MenuService;
  readonly orders: OrderService;
  readonly payments: PaymentService;
  readonly reservations: ReservationService;
  readonly kitchen: Kitchen;
}

export function createDomain({
  store,
  config,
  clock,
  random,
  gateway,
  faults,
  emit,
  reportError,
}: DomainDeps): Domain {
  const kitchen = new Kitchen(store, config.kitchen, clock, random, emit, faults, reportError);
  return {
    journeys: new JourneyService(emit),
    menu: new MenuService(store),
    orders: new OrderService(store, config, clock, emit),
    payments: new PaymentService(store, clock, gateway, { onOrderPaid: (id) => kitchen.accept(id) }, emit),
    reservations: new ReservationService(store, config.reservations, clock, emit),
    kitchen,
  };
}
