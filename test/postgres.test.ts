import pg from 'pg';
import { NO_HOOKS, openStore } from '../src/store';
import { SCHEMA_VERSION } from '../src/store/postgres/migrations';
import { createDatabase, databaseEnv, ON_POSTGRES, TEST_DATABASE_URL } from './helpers/database';
import { cardPayment, orderBody, reservationBody } from './helpers/factories';
import { runFailingServer } from './helpers/server-process';
import { startTcpProxy } from './helpers/tcp-proxy';
import { nextEvent, startTestApp, tempDir } from './helpers/test-app';

/** What only a server database shared by several processes has: run by `npm run test:postgres`. */
const describePostgres = ON_POSTGRES ? describe : describe.skip;

/** Two apps (replicas) on one database: the same DATA_DIR stands for the same database. */
async function twoReplicas(env: Record<string, string> = {}) {
  const dataDir = tempDir('data');
  const a = await startTestApp(env, {}, { logDir: tempDir('logs'), dataDir });
  const b = await startTestApp(env, {}, { logDir: tempDir('logs'), dataDir });
  return { a, b };
}

describePostgres('on PostgreSQL', () => {
  test('when several replicas start at once on a new database, then each migration is applied once and all see the latest schema', async () => {
    const url = await createDatabase(`restaurant_migrate_${process.pid}`);
    const stores = await Promise.all(
      [1, 2, 3, 4].map(() =>
        openStore({ databaseUrl: url, dataDir: tempDir('unused'), poolSize: 2 }, NO_HOOKS),
      ),
    );
    try {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      const { rows } = await client.query('SELECT version FROM schema_migrations ORDER BY version');
      const menu = await client.query('SELECT count(*)::int AS n FROM menu_items');
      await client.end();
      expect(rows.map((row) => row.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1));
      expect(menu.rows[0].n).toBe((await stores[0]?.menu.list())?.length);
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });

  test('when DATABASE_URL names a database that does not exist, then the app exits 1 at once with one line naming it, its password masked', async () => {
    const url = new URL(TEST_DATABASE_URL as string);
    url.password = 'hunter2-not-for-logs';
    url.pathname = '/no_such_database';
    const { code, stderr } = await runFailingServer({
      LOG_DIR: tempDir('logs'),
      DATA_DIR: tempDir('data'),
      DATABASE_URL: url.toString(),
    });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^restaurant-app failed to start: DATABASE_URL postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/no_such_database: cannot connect: database "no_such_database" does not exist$/,
      ),
    ]);
    expect(stderr).not.toContain('hunter2');
  });

  test('when /ready is asked, then it names the database: postgresql, its name and server', async () => {
    const t = await startTestApp();
    const ready = await t.http.get('/ready').expect(200);
    const server = new URL(TEST_DATABASE_URL as string);
    expect(ready.body.database).toEqual({
      system: 'postgresql',
      name: expect.stringMatching(/^restaurant_/),
      server: `${server.hostname}:${server.port}`,
    });
  });

  test('when the server becomes unreachable, then requests that need it answer 503 with Retry-After, /ready says which database, and all recover when it is back', async () => {
    const server = new URL(TEST_DATABASE_URL as string);
    const proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port) });
    const url = await createDatabase(`restaurant_partition_${process.pid}`);
    const through = new URL(url);
    through.port = String(proxy.port);
    const t = await startTestApp({ DATABASE_URL: through.toString() });
    const order = (await t.http.post('/api/orders').send(orderBody()).expect(201)).body;

    proxy.cut();
    const refused = await t.http.post('/api/orders').send(orderBody());
    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toMatch(/^\d+$/);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'service_unavailable' });
    expect((await t.http.get(`/api/orders/${order.id}`)).status).toBe(503);
    // The menu is memory: it still answers.
    await t.http.get('/api/menu').expect(200);
    const ready = await t.http.get('/ready').expect(503);
    expect(ready.body.detail).toMatch(
      /^The postgresql database restaurant_partition_\d+ at 127\.0\.0\.1:\d+ cannot take writes/,
    );
    expect(ready.body.database).toMatchObject({ system: 'postgresql' });

    proxy.restore();
    await t.http.get('/ready').expect(200);
    await t.http.get(`/api/orders/${order.id}`).expect(200);
    await t.http.post('/api/orders').send(orderBody()).expect(201);
  });

  test('when another client holds a lock on the orders, then writes answer 503 with Retry-After within seconds, reads go on, and writes resume after', async () => {
    const t = await startTestApp();
    await t.http.post('/api/orders').send(orderBody()).expect(201);
    const database = (await databaseEnv(t.dirs.dataDir)).DATABASE_URL;
    const holder = new pg.Client({ connectionString: database });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE orders IN EXCLUSIVE MODE');
      const started = performance.now();
      const refused = await t.http.post('/api/orders').send(orderBody());
      expect(performance.now() - started).toBeLessThan(8000);
      expect(refused.status).toBe(503);
      expect(refused.headers['retry-after']).toMatch(/^\d+$/);
      expect(refused.body).toMatchObject({ code: 'service_unavailable' });
      await t.http.get('/api/orders').expect(200);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    await t.http.post('/api/orders').send(orderBody()).expect(201);
  });

  test('when a request is retried on another replica with the same Idempotency-Key, then it gets the first answer and nothing is charged twice', async () => {
    const { a, b } = await twoReplicas();
    const order = (await a.http.post('/api/orders').send(orderBody()).expect(201)).body;
    const first = await a.http
      .post('/api/payments')
      .set('Idempotency-Key', 'across-1')
      .send(cardPayment(order))
      .expect(201);
    const retry = await b.http
      .post('/api/payments')
      .set('Idempotency-Key', 'across-1')
      .send(cardPayment(order))
      .expect(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['idempotent-replayed']).toBe('true');
  });

  test('when two replicas take a payment for one order at the same moment, then exactly one is charged', async () => {
    const { a, b } = await twoReplicas({ PAYMENT_LATENCY_MS: '50' });
    for (let round = 0; round < 5; round++) {
      const order = (await a.http.post('/api/orders').send(orderBody()).expect(201)).body;
      const answers = await Promise.all([
        a.http.post('/api/payments').send(cardPayment(order)),
        b.http.post('/api/payments').send(cardPayment(order)),
      ]);
      expect(answers.map((res) => res.status).sort()).toEqual([201, 409]);
      const paid = await b.http.get(`/api/orders/${order.id}`).expect(200);
      expect(paid.body.status).toMatch(/^(paid|preparing)$/);
    }
  });

  test('when two replicas book the last table for one time at the same moment, then it is booked once', async () => {
    const { a, b } = await twoReplicas();
    // Parties of 8 fit only the largest tables: book them all at once from both replicas.
    const time = reservationBody().time;
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        (i % 2 === 0 ? a : b).http.post('/api/reservations').send(reservationBody({ partySize: 8, time })),
      ),
    );
    const booked = answers.filter((res) => res.status === 201).map((res) => res.body.tableId as string);
    expect(booked.length).toBeGreaterThan(0);
    expect(new Set(booked).size).toBe(booked.length);
    expect(answers.filter((res) => res.status !== 201).map((res) => res.status)).toEqual(
      answers.filter((res) => res.status !== 201).map(() => 409),
    );
  });

  test('when the replica that took a payment stops before its kitchen finished, then another kitchen takes the order over and completes it', async () => {
    const { a, b } = await twoReplicas({ KITCHEN_MS_PER_MINUTE: '200', KITCHEN_LEASE_SECONDS: '1' });
    const order = (await a.http.post('/api/orders').send(orderBody()).expect(201)).body;
    const started = nextEvent(a, 'kitchen_started', (event) => event.orderId === order.id);
    await a.http.post('/api/payments').send(cardPayment(order)).expect(201);
    await started;
    // A's kitchen dies with the order on the stove: its lease is no longer renewed.
    a.runtime.domain.kitchen.stop();
    const completed = await nextEvent(b, 'order_completed', (event) => event.orderId === order.id, 20_000);
    expect(completed.orderId).toBe(order.id);
    expect((await a.http.get(`/api/orders/${order.id}`).expect(200)).body.status).toBe('completed');
  });
});
