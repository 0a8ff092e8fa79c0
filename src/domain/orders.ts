import { activeSpanContext, withSpan } from '../../otel/tracing';
import type { Ids } from '../chance';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { AppError, type FieldError, notFound } from '../errors';
import { type Cents, taxFor, toCents } from '../money';
import type { CreateOrderInput, ListOrdersQuery, Order, OrderStatus } from '../schemas/orders';
import type { NewOrderLine, Store, Tables } from '../store';
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

  create(input: CreateOrderInput): Promise<Order> {
    return withSpan(
      'order.create',
      {
        attributes: {
          'restaurant.order.type': input.type,
          'restaurant.order.line_count': input.items.length,
        },
      },
      async (span) => {
        const order = await this.place(input);
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

  private async place(input: CreateOrderInput): Promise<Order> {
    const problems: FieldError[] = [];
    const lines: NewOrderLine[] = [];
    let anyUnknown = false;
    for (const [index, requested] of input.items.entries()) {
      const item = await this.store.menu.get(requested.menuItemId);
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
    }
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
    await this.store.orders.insert({
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
    const order = await this.get(id);
    this.emit({ type: 'order_created', order });
    return order;
  }

  async get(id: string, tables: Tables = this.store): Promise<Order> {
    const order = await tables.orders.get(id);
    if (!order) throw notFound('Order', id);
    return order;
  }

  list(query: ListOrdersQuery): Promise<Order[]> {
    return this.store.orders.list(query.limit, query.status);
  }

  /**
   * Cancels an order the kitchen has not started, refunding a captured payment. Cancelling a
   * cancelled order is a no-op that returns it.
   */
  async cancel(id: string): Promise<Order> {
    const at = this.clock.now().toISOString();
    const refunded = await this.store.transaction(async (tx) => {
      const order = await this.get(id, tx);
      if (order.status === 'cancelled') return undefined;
      if (!CANCELLABLE.includes(order.status)) {
        throw new AppError('order_not_cancellable', `Order is ${order.status}; the kitchen has started it`);
      }
      if ((await tx.payments.liveFor(id))?.status === 'processing') {
        throw new AppError(
          'payment_in_progress',
          'A payment for this order is being processed; retry shortly',
        );
      }
      const refundedPayments = await tx.payments.refundForOrder(id, at);
      await tx.orders.transition(id, CANCELLABLE, 'cancelled', at);
      return refundedPayments > 0;
    });
    const order = await this.get(id);
    if (refunded !== undefined) this.emit({ type: 'order_cancelled', order, refunded });
    return order;
  }
}
