import {
  type Attributes,
  activeSpanContext,
  type Span,
  type SpanContext,
  spanContextFrom,
  withBackgroundSpan,
} from '../../otel/tracing';
import type { Random } from '../chance';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { runDetached } from '../context';
import type { Faults } from '../scenarios/catalogue';
import type { OrderStatus } from '../schemas/orders';
import type { KitchenLease, KitchenTicket, Staleness, Store } from '../store';
import type { DomainEventSink } from './events';

function elapsedMs(since: string | null, until: Date): number {
  const start = since ? Date.parse(since) : Number.NaN;
  return Number.isFinite(start) ? Math.max(0, until.getTime() - start) : 0;
}

/** Later than any lease: alone on its database, a starting kitchen owns everything left undone. */
const EVERY_LEASE = '9999-12-31T23:59:59.999Z';
/** Orders taken over from a gone kitchen per claim. */
const ORPHAN_BATCH = 50;

/**
 * The kitchen simulation: paid orders wait in a queue, up to `capacity` are prepared at once,
 * each takes as long as its slowest dish (plus a little per extra dish, with some jitter), then
 * waits for hand-off and completes. Time is scaled by `msPerMinute`. The state lives in the
 * orders table, so a restart picks up where the kitchen was.
 *
 * Several replicas on one database each run a kitchen. A kitchen claims an order before it
 * starts it and holds it by a lease it renews while alive; an order whose lease ran out (its
 * kitchen died), or that was paid a lease ago and never claimed, is taken over by the next
 * kitchen that looks (PostgreSQL skips rows another claimer holds). Every step is a guarded
 * transition, so two kitchens never start, finish or complete one order twice.
 *
 * The kitchen works in the background: each step of each order (start, prepare, hand-off) is a
 * trace of its own, linked to the span the order was paid in and the one it was placed in, never
 * part of the request that paid for it; its lines carry the step's trace and the order id.
 */
export class Kitchen {
  private readonly queue: string[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  /** The span each order was paid in, while the order is in the kitchen (not kept across restarts). */
  private readonly paidIn = new Map<string, SpanContext>();
  private cooking = 0;
  private running = false;
  private lookout: NodeJS.Timeout | undefined;
  private lookingOut = false;

  constructor(
    private readonly store: Store,
    /** This kitchen's name on the orders it holds: one per process. */
    private readonly owner: string,
    private readonly config: Config['kitchen'],
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly emit: DomainEventSink,
    private readonly faults: Faults,
    /** Background work has no caller to throw to: failures are reported here instead. */
    private readonly reportError: (error: unknown) => void,
  ) {}

  /**
   * Resumes the orders left undone (alone on the database: all of them; shared: those whose
   * kitchen is gone), then starts taking new ones and, shared, keeps its leases and looks out
   * for orphans every third of a lease.
   */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.takeOrphans(
      this.store.shared ? this.staleness() : { leaseBefore: EVERY_LEASE, paidBefore: EVERY_LEASE },
    );
    if (this.store.shared) {
      this.lookout = setInterval(() => runDetached(() => this.lookOut()), this.config.leaseMs / 3);
      this.lookout.unref();
    }
    this.pump();
  }

  /** Renews this kitchen's leases, then takes over orders whose kitchen is gone. */
  private async lookOut(): Promise<void> {
    if (this.lookingOut || !this.running) return;
    this.lookingOut = true;
    try {
      await this.store.orders.renewLeases(this.lease());
      await this.takeOrphans(this.staleness());
      this.pump();
    } catch (error) {
      // Stopped meanwhile, the store may be closed under it: nothing to report.
      if (this.running) this.reportError(error);
    } finally {
      this.lookingOut = false;
    }
  }

  /**
   * Shared: a lease that ran out, or a payment no kitchen claimed within a lease (the kitchen of
   * the replica that took it is gone, or too busy to start it).
   */
  private staleness(): Staleness {
    const now = this.clock.now();
    return {
      leaseBefore: now.toISOString(),
      paidBefore: new Date(now.getTime() - this.config.leaseMs).toISOString(),
    };
  }

  private async takeOrphans(stale: Staleness): Promise<void> {
    for (;;) {
      const tickets = await this.store.orders.claimOrphans(this.lease(), stale, ORPHAN_BATCH);
      if (!this.running) return;
      this.adopt(tickets);
      if (tickets.length < ORPHAN_BATCH) return;
    }
  }

  /** Picks orders up where another run of a kitchen left them. */
  private adopt(tickets: readonly KitchenTicket[]): void {
    const now = this.clock.now().getTime();
    for (const ticket of tickets) {
      if (ticket.status === 'preparing') {
        this.cooking++;
        const started = Date.parse(ticket.kitchenStartedAt ?? '') || now;
        this.after(started + this.prepMs(ticket) - now, () => this.finish(ticket.id));
      } else if (ticket.status === 'ready') {
        const ready = Date.parse(ticket.readyAt ?? '') || now;
        this.after(ready + this.handoffMs() - now, () => this.complete(ticket.id));
      } else if (!this.queue.includes(ticket.id)) {
        this.queue.push(ticket.id);
      }
    }
  }

  private lease(): KitchenLease {
    const now = this.clock.now();
    return {
      owner: this.owner,
      now: now.toISOString(),
      until: new Date(now.getTime() + this.config.leaseMs).toISOString(),
    };
  }

  stop(): void {
    this.running = false;
    clearInterval(this.lookout);
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.queue.length = 0;
    this.paidIn.clear();
    this.cooking = 0;
  }

  /** A paid order joins the queue; the kitchen picks it up in the background. */
  accept(orderId: string): void {
    if (!this.running) return;
    const payment = activeSpanContext();
    if (payment) this.paidIn.set(orderId, payment);
    this.queue.push(orderId);
    this.after(0, () => this.pump());
  }

  get queueDepth(): number {
    return this.queue.length;
  }

  /** Orders being prepared right now. */
  get inProgress(): number {
    return this.cooking;
  }

  /** Starts queued orders while a cook is free; a cook is taken before the order is read. */
  private pump(): void {
    while (this.running && this.cooking < this.config.capacity && this.queue.length > 0) {
      const orderId = this.queue.shift() as string;
      this.cooking++;
      this.begin(orderId).then(
        (started) => {
          if (started || !this.running) return;
          this.cooking--;
          this.pump();
        },
        (error) => {
          if (this.running) this.cooking--;
          this.reportError(error);
        },
      );
    }
  }

  /**
   * Starts one order; false when it is gone, no longer paid (cancelled meanwhile) or held by
   * another kitchen.
   */
  private async begin(orderId: string): Promise<boolean> {
    if (!(await this.store.orders.claimForKitchen(orderId, this.lease()))) {
      this.paidIn.delete(orderId);
      return false;
    }
    const ticket = await this.store.orders.ticket(orderId);
    if (!ticket) return false;
    return this.step('kitchen.start', ticket, undefined, async () => {
      // A cancelled order is skipped: the guarded transition simply does not happen.
      const startedAt = this.clock.now();
      if (!(await this.move(orderId, ['paid'], 'preparing', startedAt))) {
        this.paidIn.delete(orderId);
        return false;
      }
      this.emit({
        type: 'kitchen_started',
        orderId,
        queueWaitMs: elapsedMs(ticket.paidAt, startedAt),
        queueDepth: this.queue.length,
      });
      this.after(this.prepMs(ticket), () => this.finish(orderId));
      return true;
    });
  }

  private async finish(orderId: string): Promise<void> {
    this.cooking--;
    const ticket = await this.store.orders.ticket(orderId);
    if (ticket) {
      // The answer key: a dish finished while slow_kitchen was on says so.
      const slowKitchen = this.faults.intensity('slow_kitchen') > 0;
      const started = ticket.kitchenStartedAt ? new Date(ticket.kitchenStartedAt) : undefined;
      const attributes = slowKitchen ? { 'restaurant.scenarios': ['slow_kitchen'] } : {};
      // The span covers the whole preparation, from the stored start to now.
      await this.step(
        'kitchen.prepare',
        ticket,
        started,
        async (span) => {
          const readyAt = this.clock.now();
          if (!(await this.move(orderId, ['preparing'], 'ready', readyAt))) return;
          const prepMs = elapsedMs(ticket.kitchenStartedAt, readyAt);
          span.setAttribute('restaurant.kitchen.prep_ms', prepMs);
          this.emit({
            type: 'order_ready',
            orderId,
            prepMs,
            orderToReadyMs: elapsedMs(ticket.createdAt, readyAt),
            ...(slowKitchen ? { scenarios: ['slow_kitchen'] } : {}),
          });
          this.after(this.handoffMs(), () => this.complete(orderId));
        },
        attributes,
      );
    }
    this.pump();
  }

  private async complete(orderId: string): Promise<void> {
    const ticket = await this.store.orders.ticket(orderId);
    if (!ticket) return;
    const ready = ticket.readyAt ? new Date(ticket.readyAt) : undefined;
    await this.step('kitchen.handoff', ticket, ready, async () => {
      const completedAt = this.clock.now();
      this.paidIn.delete(orderId);
      if (!(await this.move(orderId, ['ready'], 'completed', completedAt))) return;
      this.emit({
        type: 'order_completed',
        orderId,
        orderToCompletedMs: elapsedMs(ticket.createdAt, completedAt),
      });
    });
  }

  /** One step of one order: a trace of its own, linked to the spans it was paid and placed in. */
  private step<T>(
    name: string,
    ticket: KitchenTicket,
    startTime: Date | undefined,
    fn: (span: Span) => Promise<T>,
    attributes: Attributes = {},
  ): Promise<T> {
    return withBackgroundSpan(
      name,
      {
        causes: [this.paidIn.get(ticket.id), spanContextFrom(ticket.originTraceId, ticket.originSpanId)],
        startTime,
        attributes: {
          'restaurant.order.id': ticket.id,
          'restaurant.order.item_count': ticket.itemCount,
          ...attributes,
        },
      },
      fn,
    );
  }

  private move(orderId: string, from: readonly OrderStatus[], to: OrderStatus, at: Date): Promise<boolean> {
    return this.store.orders.transition(orderId, from, to, at.toISOString());
  }

  private prepMs(ticket: KitchenTicket): number {
    const slowest = Math.max(0, ...ticket.prepMinutes);
    const minutes = slowest + 0.5 * Math.max(0, ticket.prepMinutes.length - 1);
    const jitter = 0.85 + this.random() * 0.3;
    // slow_kitchen: up to five times longer at full intensity.
    const slowdown = 1 + 4 * this.faults.intensity('slow_kitchen');
    return minutes * jitter * slowdown * this.config.msPerMinute;
  }

  private handoffMs(): number {
    return this.config.handoffMinutes * this.config.msPerMinute;
  }

  private after(ms: number, fn: () => void | Promise<void>): void {
    const step = () => {
      this.timers.delete(timer);
      if (!this.running) return;
      Promise.resolve()
        .then(fn)
        .catch((error) => this.reportError(error));
    };
    // Kitchen steps belong to no request, even when a payment request scheduled them.
    const timer = setTimeout(() => runDetached(step), Math.max(0, ms));
    timer.unref();
    this.timers.add(timer);
  }
}
