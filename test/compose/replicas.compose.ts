import path from 'node:path';
import { cardPayment, orderBody } from '../helpers/factories';
import { parseAccessLine, readAllLines } from '../helpers/logs';
import { postJson } from '../helpers/server-process';
import { tempDir } from '../helpers/test-app';
import { ComposeStack } from './stack';
import { readLocalOutput } from './telemetry';

const BALANCER_URL = 'http://127.0.0.1:3002';
const REPLICAS = ['replica-1', 'replica-2', 'replica-3'];

/** Places an order and pays it through the balancer; resolves with the order id and who answered. */
async function orderAndPay(): Promise<{ orderId: string; requestIds: string[] }> {
  const placed = await postJson(BALANCER_URL, '/api/orders', orderBody());
  expect(placed.status).toBe(201);
  const order = (await placed.json()) as { id: string; total: number };
  const paid = await postJson(BALANCER_URL, '/api/payments', cardPayment(order));
  expect(paid.status).toBe(201);
  return {
    orderId: order.id,
    requestIds: [placed, paid].map((res) => res.headers.get('x-request-id') ?? ''),
  };
}

describe('docker compose --profile replicas up', () => {
  const logDir = tempDir('compose-logs');
  const outputDir = tempDir('compose-output');
  let stack: ComposeStack | undefined;
  const orders: string[] = [];

  const orderStatus = async (id: string) =>
    ((await (await fetch(`${BALANCER_URL}/api/orders/${id}`)).json()) as { status: string }).status;
  const allCompleted = (what: string) =>
    (stack as ComposeStack).waitFor(what, 120_000, async () => {
      const statuses = await Promise.all(orders.map(orderStatus));
      return statuses.every((status) => status === 'completed') ? statuses : undefined;
    });

  beforeAll(async () => {
    const up = await ComposeStack.up(
      'restaurant-compose-replicas',
      {
        COMPOSE_PROFILES: 'replicas',
        MEZMO_MODE: 'local',
        LOG_DIR: logDir,
        OTELCOL_OUTPUT_HOST_DIR: outputDir,
        PUBLISH_ADDRESS: '127.0.0.1',
        PAYMENT_DECLINE_RATE: '0',
        KITCHEN_MS_PER_MINUTE: '20',
      },
      { standIn: false },
    );
    stack = up.stack;
    await stack.waitFor('the three replicas to be healthy', 180_000, async () => {
      const states = await Promise.all(REPLICAS.map((replica) => (stack as ComposeStack).state(replica)));
      return states.every((state) => state?.health === 'healthy') ? states : undefined;
    });
    await stack.waitFor('the balancer to answer', 60_000, async () =>
      (await fetch(`${BALANCER_URL}/ready`)).ok ? true : undefined,
    );
    process.stdout.write(`compose (replicas): up --build until the app was healthy: ${up.upMs} ms\n`);
  }, 900_000);

  afterAll(async () => {
    if (!stack) return;
    await stack.down();
    expect(await stack.containers()).toEqual([]);
  }, 300_000);

  test('when /ready is asked through the balancer, then a replica names the PostgreSQL it shares', async () => {
    const ready = (await (await fetch(`${BALANCER_URL}/ready`)).json()) as { database: unknown };
    expect(ready.database).toEqual({ system: 'postgresql', name: 'restaurant', server: 'postgres:5432' });
  });

  test('when orders are placed and paid through the balancer, then every replica answers some, each in its own folder, and every order is completed', async () => {
    const answered: string[] = [];
    for (let i = 0; i < 9; i++) {
      const { orderId, requestIds } = await orderAndPay();
      orders.push(orderId);
      answered.push(...requestIds);
    }
    await allCompleted('every order completed');
    const byReplica = REPLICAS.map(
      (replica) =>
        new Set(
          readAllLines(path.join(logDir, replica), 'access.log').map((l) => parseAccessLine(l).requestId),
        ),
    );
    for (const ids of byReplica) expect(answered.filter((id) => ids.has(id)).length).toBeGreaterThan(0);
    expect(answered.filter((id) => !byReplica.some((ids) => ids.has(id)))).toEqual([]);
  });

  test('when a replica is killed, then the balancer goes on answering and the survivors finish its kitchen’s orders', async () => {
    const s = stack as ComposeStack;
    const before = orders.length;
    for (let i = 0; i < 6; i++) orders.push((await orderAndPay()).orderId);
    await s.compose(['kill', 'replica-2']);
    for (let i = 0; i < 6; i++) orders.push((await orderAndPay()).orderId);
    expect(orders.length).toBe(before + 12);
    await allCompleted('every order completed after the kill');
  });

  test('when the replicas write their files, then the collector reads each replica’s folder and tells them apart by path', async () => {
    const paths = await (stack as ComposeStack).waitFor(
      'access lines of all three replicas',
      90_000,
      async () => {
        const found = new Set(
          readLocalOutput(outputDir)
            .logs.filter((l) => l.attributes.log_type === 'access')
            .map((l) => String(l.attributes['log.file.path'])),
        );
        return REPLICAS.every((replica) => found.has(`/var/log/restaurant/${replica}/access.log`))
          ? found
          : undefined;
      },
    );
    expect([...paths].every((p) => p.startsWith('/var/log/restaurant/'))).toBe(true);
  });
});
