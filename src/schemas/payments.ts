import { z } from 'zod';
import { idParam, money, text, timestamp } from './common';

export const paymentMethods = ['card', 'cash', 'wallet'] as const;
export const paymentStatuses = ['processing', 'authorized', 'declined', 'refunded'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

const cardInput = z.strictObject({
  number: z
    .string()
    .transform((value) => value.replace(/[ -]/g, ''))
    .pipe(z.string().regex(/^[0-9]{12,19}$/, 'must be 12 to 19 digits')),
  expMonth: z.number().int().min(1).max(12),
  expYear: z.number().int().min(2000).max(2100),
  cvc: z.string().regex(/^[0-9]{3,4}$/, 'must be 3 or 4 digits'),
  holderName: text(100).optional(),
});
export type CardInput = z.output<typeof cardInput>;

export const createPaymentBody = z
  .strictObject({
    orderId: idParam,
    method: z.enum(paymentMethods),
    amount: money,
    card: cardInput.optional(),
  })
  .superRefine((body, ctx) => {
    if (body.method === 'card' && body.card === undefined) {
      ctx.addIssue({ code: 'custom', path: ['card'], message: 'is required when method is "card"' });
    }
    if (body.method !== 'card' && body.card !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['card'], message: 'is only accepted when method is "card"' });
    }
  });
export type CreatePaymentInput = z.output<typeof createPaymentBody>;

export const payment = z.object({
  id: z.string(),
  orderId: z.string(),
  status: z.enum(paymentStatuses),
  method: z.enum(paymentMethods),
  amount: money,
  currency: z.string(),
  card: z.object({ brand: z.string(), last4: z.string() }).nullable(),
  declineReason: z.string().nullable(),
  gatewayLatencyMs: z.number().int().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Payment = z.infer<typeof payment>;

export const idempotencyKeyHeader = z
  .string()
  .regex(/^[A-Za-z0-9._:~-]{1,255}$/, 'must be 1 to 255 letters, digits or . _ : ~ -');

export const paymentParams = z.strictObject({ id: idParam });
