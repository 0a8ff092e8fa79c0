import { activeSpanContext, withSpan } from '../../otel/tracing';
import type { Ids } from '../chance';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { AppError, type FieldError, notFound } from '../errors';
import { type Cents, taxFor, toCents } from '../money';
import type { CreateOrderInput, ListOrdersQuery, Order, OrderStatus } from '../schemas/orders';
import type { Store } from '../store';
import type { NewOrderLine } from '../store/order-store';
import type { DomainEventSink } from './events';
import { newId } from './ids';

/** Statuses from which a customer may still cancel: the kitchen has not started. */
const CANCELLABLE: readonly OrderStatus[] = ['pending_payment', 'payment_failed', 'paid'];

export class OrderService {
  constructor(
    private readonly store: Store,
    private readonly config: Config,
    private readonly clock: Clock,
    private readonly ids: Ids,
    private readonly emit: DomainEventSink,
  ) {}

  create(input: CreateOrderInput): Order {
    return withSpan(
      'order.create',
      {
        attributes: {
          'restaurant.order.type': input.type,
          'restaurant.order.line_count': input.items.length,
        },
      },
      (span) => {
        const order = this.place(input);
        span.setAttributes({
          'restaurant.order.id': order.id,
          'restaurant.order.item_count': order.items.reduce((sum, line) => sum + line.quantity, 0),
          'restaurant.order.value': order.total,
          'restaurant.order.currency': order.currency,
        });
        return order;
      },
    );
  }

  private place(input: CreateOrderInput): Order {
    const problems: FieldError[] = [];
    const lines: NewOrderLine[] = [];
    let anyUnknown = false;
    input.items.forEach((requested, index) => {
      const item = this.store.menu.get(requested.menuItemId);
      const field = `items.${index}.menuItemId`;
      if (!item) {
        anyUnknown = true;
        problems.push({ location: 'body', field, message: `unknown menu item "${requested.menuItemId}"` });
      } else if (!item.available) {
        problems.push({ location: 'body', field, message: `"${item.name}" is not available today` });
      } else {
        lines.push({
          menuItemId: item.id,
          name: item.name,
          unitPrice: toCents(item.price),
          quantity: requested.quantity,
          prepMinutes: item.prepMinutes,
          notes: requested.notes ?? null,
        });
      }
    });
    if (problems.length > 0) {
      throw new AppError(
        anyUnknown ? 'unknown_menu_item' : 'menu_item_unavailable',
        'Some ordered items cannot be served',
        { errors: problems },
      );
    }

    const subtotal: Cents = lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
    const tax = taxFor(subtotal, this.config.taxRateBasisPoints);
    const id = newId('ord', this.ids);
    this.store.orders.insert({
      id,
      type: input.type,
      tableNumber: input.tableNumber ?? null,
      customer: {
        name: input.customer.name,
        email: input.customer.email,
        phone: input.customer.phone ?? null,
      },
      lines,
      subtotal,
      tax,
      total: subtotal + tax,
      currency: this.config.currency,
      createdAt: this.clock.now().toISOString(),
      origin: activeSpanContext(),
    });
    const order = this.get(id);
    this.emit({ type: 'order_created', order });
    return order;
  }

  get(id: string): Order {
    const order = this.store.orders.get(id);
    if (!order) throw notFound('Order', id);
    return order;
  }

  list(query: ListOrdersQuery): Order[] {
    return this.store.orders.list(query.limit, query.status);
  }

  /**
   * Cancels an order the kitchen has not started, refunding a captured payment. Cancelling a
   * cancelled order is a no-op that returns it.
   */
  cancel(id: string): Order {
    const at = this.clock.now().toISOString();
    const refunded = this.store.transaction(() => {
      const order = this.get(id);
      if (order.status === 'cancelled') return undefined;
      if (!CANCELLABLE.includes(order.status)) {
        throw new AppError('order_not_cancellable', `Order is ${order.status}; the kitchen has started it`);
      }
      if (this.store.payments.liveFor(id)?.status === 'processing') {
        throw new AppError(
          'payment_in_progress',
          'A payment for this order is being processed; retry shortly',
        );
      }
      const refundedPayments = this.store.payments.refundForOrder(id, at);
      this.store.orders.transition(id, CANCELLABLE, 'cancelled', at);
      return refundedPayments > 0;
    });
    const order = this.get(id);
    if (refunded !== undefined) this.emit({ type: 'order_cancelled', order, refunded });
    return order;
  }
}
