import { setTimeout as delay } from 'node:timers/promises';
import type { Random } from '../chance';
import type { Clock } from '../clock';
import type { Cents } from '../money';
import type { Faults } from '../scenarios/catalogue';
import type { Payment } from '../schemas/payments';
import { type DeclineReason, declinedTestCards, declineReasons, isExpired } from './cards';

export interface ChargeRequest {
  amount: Cents;
  method: Payment['method'];
  card?: { number: string; expMonth: number; expYear: number };
}

export type ChargeResult =
  | { approved: true; latencyMs: number }
  | { approved: false; declineReason: DeclineReason; latencyMs: number };

export interface PaymentGateway {
  charge(request: ChargeRequest): Promise<ChargeResult>;
}

export interface SimulatedGatewayOptions {
  /** Median latency; each call takes between half and three times it, skewed towards fast. */
  latencyMs: number;
  /** Share of otherwise valid card and wallet charges declined at random. */
  declineRate: number;
  random: Random;
  clock: Clock;
  faults: Faults;
}

/**
 * An in-process stand-in for a card processor: it takes realistic time, declines some charges
 * for named reasons, always declines the test cards, and never declines cash.
 */
export class SimulatedGateway implements PaymentGateway {
  constructor(private readonly options: SimulatedGatewayOptions) {}

  async charge(request: ChargeRequest): Promise<ChargeResult> {
    // payment_gateway_outage: a share of calls hang for seconds, then fail.
    const outage = this.options.faults.intensity('payment_gateway_outage');
    if (outage > 0 && request.method !== 'cash' && this.options.random() < outage) {
      const latencyMs = this.latency() + Math.round(1000 + 2000 * outage);
      await delay(latencyMs);
      return { approved: false, declineReason: 'processing_error', latencyMs };
    }
    const latencyMs = this.latency();
    if (latencyMs > 0) await delay(latencyMs);
    const declineReason = this.decide(request);
    return declineReason ? { approved: false, declineReason, latencyMs } : { approved: true, latencyMs };
  }

  private decide(request: ChargeRequest): DeclineReason | undefined {
    if (request.method === 'cash') return undefined;
    const { card } = request;
    if (card) {
      const testDecline = declinedTestCards[card.number];
      if (testDecline) return testDecline;
      if (isExpired(card.expMonth, card.expYear, this.options.clock.now())) return 'expired_card';
    }
    if (this.options.random() < this.options.declineRate) {
      const reasons = declineReasons.filter((reason) => reason !== 'expired_card' || card !== undefined);
      return reasons[Math.floor(this.options.random() * reasons.length)];
    }
    return undefined;
  }

  private latency(): number {
    const median = this.options.latencyMs;
    // A log-normal-like spread: most calls near the median, a tail up to three times it.
    const skew = this.options.random() ** 2;
    return Math.round(median * (0.5 + skew * 2.5));
  }
}
