import type { Domain } from '../src/domain';
import type { Clock } from '../src/domain/clock';
import { type Api, created, ok } from '../src/http/api';
import { idempotent } from '../src/http/idempotency';
import { problem } from '../src/schemas/common';
import { createPaymentBody, idempotencyKeyHeader, payment, paymentParams } from '../src/schemas/payments';
import type { IdempotencyStore } from '../src/store/idempotency-store';

export function registerPaymentRoutes(
  api: Api,
  { payments }: Domain,
  idempotency: IdempotencyStore,
  clock: Clock,
): void {
  api.add(
    {
      method: 'post',
      path: '/api/payments',
      operationId: 'createPayment',
      summary: "Pay an order's total through the simulated gateway",
      tag: 'payments',
      body: createPaymentBody,
      headers: {
        'Idempotency-Key': {
          description: 'Retries with the same key and body return the first response and never charge twice',
          schema: idempotencyKeyHeader,
        },
      },
      responses: {
        201: { description: 'Authorized', schema: payment },
        400: { description: 'Invalid fields', schema: problem },
        402: { description: 'Declined; carries paymentId and declineReason', schema: problem },
        404: { description: 'No such order', schema: problem },
        409: { description: 'Already paid, or a payment is in progress', schema: problem },
        422: { description: 'Amount differs from the total, invalid card, or key reused', schema: problem },
      },
    },
    idempotent(idempotency, clock, async ({ body }) => created(await payments.authorize(body))),
  );

  api.add(
    {
      method: 'get',
      path: '/api/payments/:id',
      operationId: 'getPayment',
      summary: 'Get one payment (card brand and last four digits only)',
      tag: 'payments',
      params: paymentParams,
      responses: {
        200: { description: 'The payment', schema: payment },
        404: { description: 'No such payment', schema: problem },
      },
    },
    ({ params }) => ok(payments.get(params.id)),
  );
}
