import { markSpanFailed, SpanKind, withSpan } from '../../otel/tracing';
import { passesLuhn } from '../../redaction/card-number';
import type { Ids } from '../chance';
import type { Clock } from '../clock';
import { AppError, notFound } from '../errors';
import { fromCents, toCents } from '../money';
import type { OrderStatus } from '../schemas/orders';
import type { CreatePaymentInput, Payment } from '../schemas/payments';
import type { Store } from '../store';
import { cardBrand } from './cards';
import type { DomainEventSink } from './events';
import { newId } from './ids';
import type { ChargeRequest, ChargeResult, PaymentGateway } from './payment-gateway';

/** How the simulated gateway appears in CLIENT spans, as a remote service would. */
const GATEWAY_ADDRESS = 'payments.gateway.simulated';

const PAYABLE: readonly OrderStatus[] = ['pending_payment', 'payment_failed'];
/** Far beyond the slowest gateway call (PAYMENT_LATENCY_MS is at most 30 s, with its spread). */
export const ABANDONED_AFTER_MS = 5 * 60_000;
const ALREADY_PAID: readonly OrderStatus[] = ['paid', 'preparing', 'ready', 'completed'];

export interface PaymentEvents {
  /** Called once an order is paid, so the kitchen can start on it. */
  onOrderPaid(orderId: string): void;
}

export class PaymentService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly ids: Ids,
    private readonly gateway: PaymentGateway,
    private readonly events: PaymentEvents,
    private readonly emit: DomainEventSink,
  ) {}

  /**
   * Charges an order's total. The payment is recorded as in flight before the gateway is
   * called, and the database allows one live payment per order, so two concurrent requests
   * cannot both charge. A decline is recorded and thrown as a 402 problem.
   */
  authorize(input: CreatePaymentInput): Promise<Payment> {
    return withSpan(
      'payment.authorize',
      { attributes: { 'restaurant.order.id': input.orderId, 'restaurant.payment.method': input.method } },
      async (span) => {
        const payment = await this.attempt(input);
        span.setAttributes({
          'restaurant.payment.id': payment.id,
          'restaurant.payment.outcome': payment.status,
        });
        return payment;
      },
    );
  }

  private async attempt(input: CreatePaymentInput): Promise<Payment> {
    const order = await this.store.orders.get(input.orderId);
    if (!order) throw notFound('Order', input.orderId);
    if (ALREADY_PAID.includes(order.status)) {
      throw new AppError('order_already_paid', `Order ${order.id} is already paid`);
    }
    if (!PAYABLE.includes(order.status)) {
      throw new AppError('order_not_payable', `Order ${order.id} is ${order.status}`);
    }
    const amount = toCents(input.amount);
    if (amount !== toCents(order.total)) {
      throw new AppError(
        'amount_mismatch',
        `Amount must equal the order total of ${order.total} ${order.currency}`,
        {
          errors: [{ location: 'body', field: 'amount', message: `must equal ${order.total}` }],
        },
      );
    }
    if (input.card && !passesLuhn(input.card.number)) {
      throw new AppError('invalid_card', 'The card number is not valid', {
        errors: [{ location: 'body', field: 'card.number', message: 'fails the Luhn check' }],
      });
    }

    const id = newId('pay', this.ids);
    await this.recordInFlight({
      id,
      orderId: order.id,
      method: input.method,
      amount,
      currency: order.currency,
      card: input.card ? { brand: cardBrand(input.card.number), last4: input.card.number.slice(-4) } : null,
      createdAt: this.clock.now().toISOString(),
    });

    this.emit({
      type: 'payment_initiated',
      paymentId: id,
      orderId: order.id,
      method: input.method,
      amount: order.total,
      currency: order.currency,
    });
    const result = await this.charge({ amount, method: input.method, card: input.card });
    const at = this.clock.now().toISOString();
    const payment = await this.store.transaction(async (tx) => {
      if (result.approved) {
        await tx.orders.transition(order.id, PAYABLE, 'paid', at);
        return tx.payments.recordOutcome(id, {
          status: 'authorized',
          declineReason: null,
          gatewayLatencyMs: result.latencyMs,
          at,
        });
      }
      await tx.orders.transition(order.id, ['pending_payment'], 'payment_failed', at);
      return tx.payments.recordOutcome(id, {
        status: 'declined',
        declineReason: result.declineReason,
        gatewayLatencyMs: result.latencyMs,
        at,
      });
    });

    this.emit({ type: payment.status === 'authorized' ? 'payment_authorized' : 'payment_declined', payment });
    if (payment.status !== 'authorized') {
      throw new AppError('payment_declined', `The payment was declined: ${payment.declineReason}`, {
        extensions: { paymentId: payment.id, declineReason: payment.declineReason },
      });
    }
    this.events.onOrderPaid(order.id);
    return payment;
  }

  /**
   * The gateway call, as a CLIENT span. A gateway that throws is a processing error for the
   * customer, never a payment stuck in flight.
   */
  private charge(request: ChargeRequest): Promise<ChargeResult> {
    const attributes = {
      'server.address': GATEWAY_ADDRESS,
      'restaurant.payment.method': request.method,
      'restaurant.payment.amount': fromCents(request.amount),
    };
    return withSpan('payment_gateway.charge', { kind: SpanKind.CLIENT, attributes }, async (span) => {
      const startedAt = performance.now();
      let result: ChargeResult;
      try {
        result = await this.gateway.charge(request);
      } catch (error) {
        span.recordException(error instanceof Error ? error : new Error(String(error)));
        result = {
          approved: false,
          declineReason: 'processing_error',
          latencyMs: Math.round(performance.now() - startedAt),
        };
      }
      span.setAttribute('restaurant.payment.outcome', result.approved ? 'authorized' : 'declined');
      if (!result.approved) {
        span.setAttribute('restaurant.payment.decline_reason', result.declineReason);
        markSpanFailed(span, `declined: ${result.declineReason}`);
      }
      return result;
    });
  }

  /**
   * A payment still in flight long after any gateway call could last was left by a process
   * that died waiting for the gateway (killed, out of memory): it is declined as a processing
   * error, so its order can be paid again or cancelled instead of answering 409 for ever.
   * Resolves with how many.
   */
  declineAbandoned(): Promise<number> {
    const now = this.clock.now();
    const startedBefore = new Date(now.getTime() - ABANDONED_AFTER_MS).toISOString();
    return this.store.payments.declineAbandoned(startedBefore, now.toISOString());
  }

  async get(id: string): Promise<Payment> {
    const payment = await this.store.payments.get(id);
    if (!payment) throw notFound('Payment', id);
    return payment;
  }

  private recordInFlight(payment: Parameters<Store['payments']['insertInFlight']>[0]): Promise<void> {
    const inProgress = () =>
      new AppError('payment_in_progress', 'A payment for this order is being processed');
    return this.store.transaction(async (tx) => {
      // Read first: on a server database the order stays locked until the payment is recorded,
      // so a cancel on another replica waits instead of slipping in between.
      const order = await tx.orders.get(payment.orderId);
      const live = await tx.payments.liveFor(payment.orderId);
      if (live?.status === 'authorized') {
        throw new AppError('order_already_paid', `Order ${payment.orderId} is already paid`);
      }
      if (live) throw inProgress();
      if (!order || !PAYABLE.includes(order.status)) {
        throw new AppError('order_not_payable', `Order ${payment.orderId} is ${order?.status ?? 'gone'}`);
      }
      // The database has the last word: a payment recorded meanwhile by another replica wins.
      if (!(await tx.payments.insertInFlight(payment))) throw inProgress();
    });
  }
}
