import pg from 'pg';
import { seededRandom } from '../src/chance';
import type { Order } from '../src/schemas/orders';
import { TrafficGenerator } from '../src/traffic/generator';
import { parseAccessLine } from '../testing';
import { createDatabase, ON_POSTGRES } from './helpers/database';
import { cardPayment, orderBody, reservationBody } from './helpers/factories';
import { readAllLines } from './helpers/logs';
import { postJson, type ServerProcess, spawnServer } from './helpers/server-process';
import { startTcpProxy } from './helpers/tcp-proxy';
import { eventually, tempDir } from './helpers/test-app';

const describePostgres = ON_POSTGRES ? describe : describe.skip;

interface Answer {
  replica: number;
  requestId: string;
  status: number;
}

/**
 * Each racer places an order on one replica and pays it on the two others at the same moment,
 * sometimes under one Idempotency-Key (a client retrying elsewhere), and books a table.
 */
async function race(replicas: ServerProcess[], alive: () => number[], round: number, answers: Answer[]) {
  const send = async (
    replica: number,
    route: string,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await postJson(replicas[replica]?.baseUrl as string, route, body, headers).catch(
      () => undefined,
    );
    if (!res) return undefined;
    answers.push({ replica, requestId: res.headers.get('x-request-id') ?? '', status: res.status });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const [first, second, third] = alive().map((_, i, all) => all[(round + i) % all.length] as number);
  const placed = await send(first as number, '/api/orders', orderBody());
  if (placed?.status !== 201) return { order: undefined, payments: [] };
  const order = placed.body as unknown as Order;
  const key: Record<string, string> = round % 2 === 0 ? { 'Idempotency-Key': `race-${round}` } : {};
  const paid = await Promise.all(
    [second ?? first, third ?? first].map((replica) =>
      send(replica as number, '/api/payments', cardPayment(order), key),
    ),
  );
  await send(first as number, '/api/reservations', reservationBody({ partySize: 2 + (round % 6) }));
  return {
    order,
    payments: paid.filter((res) => res?.status === 201).map((res) => res?.body.id as string),
  };
}

describePostgres('three replicas on one PostgreSQL', () => {
  test('when traffic reaches all three, payments race and one replica is killed, then every acknowledged write holds once and the survivors finish every paid order', async () => {
    const database = await createDatabase(`restaurant_replicas_${process.pid}`);
    const env = {
      DATABASE_URL: database,
      KITCHEN_MS_PER_MINUTE: '20',
      KITCHEN_HANDOFF_MINUTES: '1',
      KITCHEN_LEASE_SECONDS: '1',
      PAYMENT_LATENCY_MS: '30',
      PAYMENT_DECLINE_RATE: '0.1',
    };
    const logDirs = [tempDir('logs'), tempDir('logs'), tempDir('logs')];
    const replicas = await Promise.all(
      logDirs.map((logDir) => spawnServer({ ...env, LOG_DIR: logDir, DATA_DIR: tempDir('unused') })),
    );
    const balancer = await startTcpProxy(
      replicas.map((replica) => ({ host: '127.0.0.1', port: Number(new URL(replica.baseUrl).port) })),
    );
    const killed = 2;
    let dead = false;
    const alive = () => [0, 1, 2].filter((i) => !(dead && i === killed));

    // Virtual users through the load balancer, racers straight to the replicas.
    const generator = new TrafficGenerator(
      {
        target: `http://127.0.0.1:${balancer.port}`,
        usersPerMinute: 6000,
        maxConcurrentUsers: 6,
        maxJourneys: 100,
        thinkTimeScale: 0,
        rushHour: false,
      },
      seededRandom('replicas'),
    );
    generator.start();
    const answers: Answer[] = [];
    const acknowledged: Order[] = [];
    const charged: string[] = [];
    let usersWhenKilled = false;
    for (let round = 0; round < 40; round++) {
      const races = Promise.all([0, 1].map((lane) => race(replicas, alive, round * 2 + lane, answers)));
      if (round === 20) {
        // Killed mid-round: some of its answers are on the wire, some never come.
        await new Promise((resolve) => setTimeout(resolve, 3));
        usersWhenKilled = generator.isRunning;
        replicas[killed]?.child.kill('SIGKILL');
        await replicas[killed]?.stop();
        dead = true;
      }
      for (const { order, payments } of await races) {
        if (order) acknowledged.push(order);
        charged.push(...payments);
      }
    }
    await generator.done;

    const client = new pg.Client({ connectionString: database });
    await client.connect();
    const count = async (sql: string, params: unknown[] = []) =>
      Number((await client.query(sql, params)).rows[0]?.n);
    try {
      // The survivors' kitchens finish every paid order, the dead replica's among them.
      await eventually(
        async () =>
          (await count(`SELECT count(*) AS n FROM orders WHERE status IN ('paid', 'preparing', 'ready')`)) ===
          0
            ? true
            : undefined,
        30_000,
        200,
      );
      const ids = acknowledged.map((order) => order.id);
      const stored = await client.query('SELECT id, total_cents FROM orders WHERE id = ANY($1)', [ids]);
      expect(stored.rows.length).toBe(ids.length);
      const totals = new Map(stored.rows.map((row) => [row.id, row.total_cents / 100]));
      for (const order of acknowledged) expect(totals.get(order.id)).toBe(order.total);
      // No order paid twice; every payment acknowledged is the one the order kept, and it was served.
      expect(
        await count(`SELECT count(*) AS n FROM (SELECT order_id FROM payments WHERE status IN ('authorized', 'refunded')
                     GROUP BY order_id HAVING count(*) > 1) twice`),
      ).toBe(0);
      const served = await client.query(
        `SELECT p.id, o.status FROM payments p JOIN orders o ON o.id = p.order_id WHERE p.id = ANY($1)`,
        [[...new Set(charged)]],
      );
      expect(served.rows.length).toBe(new Set(charged).size);
      expect(served.rows.filter((row) => row.status !== 'completed')).toEqual([]);
      // No table held twice at once.
      expect(
        await count(`SELECT count(*) AS n FROM reservations a JOIN reservations b
                     ON a.table_id = b.table_id AND a.id < b.id AND a.starts_at < b.ends_at AND b.starts_at < a.ends_at
                     WHERE a.status = 'confirmed' AND b.status = 'confirmed'`),
      ).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM reservations`)).toBeGreaterThan(0);
    } finally {
      await client.end();
    }

    // Every request answered has its access line on the replica that answered it, the killed one
    // included: access.log is written as each response finishes (loggers/README.md).
    await Promise.all(alive().map((i) => replicas[i]?.stop()));
    const logged = logDirs.map(
      (logDir) => new Set(readAllLines(logDir, 'access.log').map((line) => parseAccessLine(line).requestId)),
    );
    expect(answers.filter((answer) => !logged[answer.replica]?.has(answer.requestId))).toEqual([]);
    expect(answers.filter((answer) => answer.replica === killed).length).toBeGreaterThan(0);
    expect(usersWhenKilled).toBe(true);
    process.stdout.write(
      `replicas: ${acknowledged.length} orders and ${new Set(charged).size} payments acknowledged, ` +
        `${answers.length} racer answers, ${generator.stats.summary().requests} virtual-user requests\n`,
    );
  }, 120_000);
});
