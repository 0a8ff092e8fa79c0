import fs from 'node:fs';
import { queryRows } from '../helpers/database';
import { cardPayment, hoursFromNow, orderBody, reservationBody } from '../helpers/factories';
import { JSON_LOG_FILES, parseAccessLine, readAllLines, readJsonLines } from '../helpers/logs';
import { spawnServer } from '../helpers/server-process';
import { tempDir } from '../helpers/test-app';

jest.setTimeout(90_000);

const JOURNEYS = 240;
const CONCURRENCY = 32;

interface Answer {
  requestId: string;
  status: number;
  body: Record<string, unknown>;
}

describe('a burst of writes', () => {
  test('when many clients order, pay, book and report at once across log rotations, then every acknowledged write is stored and every answer logged', async () => {
    const logDir = tempDir('logs');
    const dataDir = tempDir('data');
    const server = await spawnServer({
      LOG_DIR: logDir,
      DATA_DIR: dataDir,
      LOG_MAX_SIZE: '32k',
      LOG_MAX_ARCHIVES: '1000',
      LOG_COMPRESS_DELAY_MS: '0',
      PAYMENT_LATENCY_MS: '5',
      KITCHEN_MS_PER_MINUTE: '60000',
    });
    const answers: Answer[] = [];
    const send = async (
      method: string,
      route: string,
      body?: unknown,
      headers: Record<string, string> = {},
    ) => {
      const res = await fetch(`${server.baseUrl}${route}`, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const answer = {
        requestId: res.headers.get('x-request-id') ?? '',
        status: res.status,
        body: (await res.json()) as Record<string, unknown>,
      };
      answers.push(answer);
      return answer;
    };

    const paidOrders = new Map<string, number>();
    const cancelledOrders = new Set<string>();
    const payments = new Map<string, string>();
    const reservations = new Set<string>();
    const journey = async (i: number) => {
      await send('POST', '/api/events', { event: 'CART_ADD', properties: { menuItemId: 'margherita', i } });
      const order = await send(
        'POST',
        '/api/orders',
        orderBody({ items: [{ menuItemId: 'margherita', quantity: 1 + (i % 3) }] }),
      );
      if (order.status !== 201) return;
      const orderId = String(order.body.id);
      if (i % 5 === 0) {
        const cancelled = await send('POST', `/api/orders/${orderId}/cancel`);
        if (cancelled.status === 200) cancelledOrders.add(orderId);
        return;
      }
      const payment = await send(
        'POST',
        '/api/payments',
        cardPayment({ id: orderId, total: Number(order.body.total) }),
        { 'idempotency-key': `burst-${i}` },
      );
      if (payment.status === 201) {
        paidOrders.set(orderId, Number(order.body.total));
        payments.set(String(payment.body.id), orderId);
      }
      if (i % 4 === 0) {
        const booking = await send(
          'POST',
          '/api/reservations',
          reservationBody({ time: hoursFromNow(24 + (i % 200)) }),
        );
        if (booking.status === 201) reservations.add(String(booking.body.id));
      }
    };
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < JOURNEYS) await journey(next++);
      }),
    );
    expect(await server.stop()).toBe(0);

    // Nothing failed on the server's side, and the writes were acknowledged in bulk.
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    expect(paidOrders.size).toBeGreaterThan(JOURNEYS / 2);
    expect(cancelledOrders.size).toBeGreaterThan(0);
    expect(reservations.size).toBeGreaterThan(0);

    const row = async <R>(sql: string, id: string) => (await queryRows<R>(dataDir, sql, [id]))[0];
    for (const [orderId, total] of paidOrders) {
      const order = await row<{ status: string; total_cents: number }>(
        'SELECT status, total_cents FROM orders WHERE id = ?',
        orderId,
      );
      expect({ orderId, status: order?.status, total: (order?.total_cents ?? 0) / 100 }).toEqual({
        orderId,
        status: expect.stringMatching(/^(paid|preparing|ready|completed)$/),
        total,
      });
    }
    for (const orderId of cancelledOrders) {
      expect(await row('SELECT status FROM orders WHERE id = ?', orderId)).toEqual({ status: 'cancelled' });
    }
    for (const [paymentId, orderId] of payments) {
      expect(await row('SELECT order_id, status FROM payments WHERE id = ?', paymentId)).toEqual({
        order_id: orderId,
        status: 'authorized',
      });
    }
    for (const id of reservations) {
      expect(await row('SELECT count(*) AS n FROM reservations WHERE id = ?', id)).toEqual({ n: 1 });
    }

    // Every answer has exactly one access line with its status, across the rotations.
    const archives = fs.readdirSync(logDir).filter((name) => name.startsWith('access.log.'));
    expect(archives.length).toBeGreaterThanOrEqual(3);
    const logged = readAllLines(logDir, 'access.log').map(parseAccessLine);
    expect(logged).toHaveLength(answers.length);
    const byId = new Map(logged.map((record) => [record.requestId, record.status]));
    expect(byId.size).toBe(answers.length);
    for (const answer of answers) expect(byId.get(answer.requestId)).toBe(answer.status);
    for (const file of JSON_LOG_FILES) expect(() => readJsonLines(logDir, file)).not.toThrow();
  });
});
