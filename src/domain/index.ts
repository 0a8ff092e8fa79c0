import type { Chance } from '../chance';
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
  /** The kitchen's prep times and the ids of orders, payments and reservations. */
  chance: Chance;
  gateway: PaymentGateway;
  /** The failure scenarios in force (slow_kitchen for the kitchen). */
  faults: Faults;
  /** Receives every domain event, for logs, KPIs and metrics. */
  emit: DomainEventSink;
  /** Where background work (the kitchen) reports failures it cannot throw to a caller. */
  reportError: (error: unknown) => void;
  /** This process among the replicas sharing the database: the name its kitchen holds orders by. */
  instance: string;
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
  chance,
  gateway,
  faults,
  emit,
  reportError,
  instance,
}: DomainDeps): Domain {
  const kitchen = new Kitchen(
    store,
    instance,
    config.kitchen,
    clock,
    chance.random('kitchen'),
    emit,
    faults,
    reportError,
  );
  const ids = chance.ids('ids');
  const onOrderPaid = (id: string) => kitchen.accept(id);
  return {
    journeys: new JourneyService(emit),
    menu: new MenuService(store),
    orders: new OrderService(store, config, clock, ids, emit),
    payments: new PaymentService(store, clock, ids, gateway, { onOrderPaid }, emit),
    reservations: new ReservationService(store, config.reservations, clock, ids, emit),
    kitchen,
  };
}
