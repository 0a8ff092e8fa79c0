import type { Domain } from '../src/domain';
import { type Api, created, ok } from '../src/http/api';
import { problem } from '../src/schemas/common';
import { createPaymentBody, payment, paymentParams } from '../src/schemas/payments';

export function registerPaymentRoutes(api: Api, { payments }: Domain): void {
  api.add(
    {
      method: 'post',
      path: '/api/payments',
      operationId: 'createPayment',
      summary: "Pay an order's total through the simulated gateway",
      tag: 'payments',
      idempotent: true,
      database: true,
      body: createPaymentBody,
      responses: {
        201: { description: 'Authorized', schema: payment },
        400: { description: 'Invalid fields', schema: problem },
        402: { description: 'Declined; carries paymentId and declineReason', schema: problem },
        404: { description: 'No such order', schema: problem },
        409: { description: 'Already paid, or a payment is in progress', schema: problem },
        422: { description: 'Amount differs from the total, invalid card, or key reused', schema: problem },
      },
    },
    async ({ body }) => created(await payments.authorize(body)),
  );

  api.add(
    {
      method: 'get',
      path: '/api/payments/:id',
      operationId: 'getPayment',
      summary: 'Get one payment (card brand and last four digits only)',
      tag: 'payments',
      database: true,
      params: paymentParams,
      responses: {
        200: { description: 'The payment', schema: payment },
        404: { description: 'No such payment', schema: problem },
      },
    },
    async ({ params }) => ok(await payments.get(params.id)),
  );
}
