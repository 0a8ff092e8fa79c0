import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Order } from '../../src/schemas/orders';
import { queryRows, sqliteOnly } from '../helpers/database';
import { cardPayment, orderBody } from '../helpers/factories';
import { JSON_LOG_FILES, parseAccessLine, readAllLines, readJsonLines } from '../helpers/logs';
import { OtlpReceiver, SPAN_KIND } from '../helpers/otlp-receiver';
import { memoryMb } from '../helpers/processes';
import {
  postJson,
  runFailingServer,
  type ServerProcess,
  spawnServer,
  UNPRIVILEGED,
} from '../helpers/server-process';
import { eventually, tempDir } from '../helpers/test-app';

jest.setTimeout(90_000);

const DATABASE = 'restaurant.db';
/** The exporter's timeout while the collector fails: long enough to tell waiting from working. */
const EXPORT_TIMEOUT_MS = 3000;
/** The app's old generation under load is well below this; a pile-up of spans would not be. */
const HEAP_CAP_MB = 48;

/** `count` requests, `concurrency` at a time, alternating the menu and new orders; their durations. */
async function drive(baseUrl: string, count: number, concurrency: number): Promise<number[]> {
  const durations: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const started = performance.now();
      const res =
        index % 2 === 0
          ? await fetch(`${baseUrl}/api/menu`)
          : await postJson(baseUrl, '/api/orders', orderBody());
      await res.arrayBuffer();
      durations.push(performance.now() - started);
      if (res.status >= 500) throw new Error(`request ${index} answered ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return durations.sort((a, b) => a - b);
}

type CollectorFault = 'refuse' | 'hang' | 'unavailable';

/**
 * The server, exporting to an OTLP endpoint that fails as `fault` says; `env` adds to the
 * settings. `close` stops both.
 */
async function serveWithFailingCollector(fault: CollectorFault, env: Record<string, string>) {
  const receiver = await OtlpReceiver.start();
  const endpoint = receiver.url;
  if (fault === 'refuse') await receiver.close();
  else receiver.mode = fault;
  const logDir = tempDir('logs');
  const server = await spawnServer({
    OTEL_SDK_DISABLED: 'false',
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    OTEL_BSP_SCHEDULE_DELAY: '50',
    OTEL_METRIC_EXPORT_INTERVAL: '200',
    LOG_DIR: logDir,
    DATA_DIR: tempDir('data'),
    ...env,
  });
  const close = async () => {
    await server.stop();
    if (fault !== 'refuse') await receiver.close();
  };
  return { server, receiver, logDir, close };
}

/** Resolves once app.log has said that exports fail. */
function exportFailureReported(logDir: string): Promise<true> {
  return eventually(
    () =>
      fs.readFileSync(path.join(logDir, 'app.log'), 'utf8').includes('telemetry export failing')
        ? true
        : undefined,
    30_000,
    100,
  );
}

/** All seven files are there and parse, and the run's start, stop and requests are in them. */
function expectValidLogs(logDir: string): void {
  const missing = [...JSON_LOG_FILES, 'access.log'].filter((file) => !fs.existsSync(path.join(logDir, file)));
  expect(missing).toEqual([]);
  for (const file of JSON_LOG_FILES) expect(() => readJsonLines(logDir, file)).not.toThrow();
  expect(readJsonLines(logDir, 'app.log').map((line) => line.msg)).toEqual(
    expect.arrayContaining(['starting', 'ready', 'stopped']),
  );
  const access = readAllLines(logDir, 'access.log');
  expect(access.length).toBeGreaterThan(0);
  expect(() => access.map(parseAccessLine)).not.toThrow();
}

describe('when the OTLP endpoint fails', () => {
  test.each([
    ['refuses connections', 'refuse'],
    ['hangs without answering', 'hang'],
    ['answers 503', 'unavailable'],
  ] as const)(
    'when it %s, then no request waits for an export, memory stays bounded and app.log warns once',
    async (_how, mode) => {
      const { server, receiver, logDir, close } = await serveWithFailingCollector(mode, {
        OTEL_EXPORTER_OTLP_TIMEOUT: String(EXPORT_TIMEOUT_MS),
        SHUTDOWN_TIMEOUT_MS: '3000',
        NODE_OPTIONS: `--max-old-space-size=${HEAP_CAP_MB}`,
      });
      const durations = await drive(server.baseUrl, 4000, 16);
      const rss = memoryMb(server.child.pid, 'VmRSS');
      await exportFailureReported(logDir);
      expect(await server.stop()).toBe(0);

      // A request that waited for an export would take the export's timeout; how fast the
      // rest are is the benchmark's business (npm run bench), not a test's on a busy machine.
      expect(durations.at(-1)).toBeLessThan(EXPORT_TIMEOUT_MS);
      // Under a 48 MB heap the process would die if unsent spans piled up (thousands of orders
      // make tens of thousands of spans); the exporter's queue drops what it cannot hold.
      expect(rss).toBeLessThan(180);
      const appLog = readJsonLines(logDir, 'app.log');
      expect(appLog.filter((l) => l.msg === 'telemetry export failing')).toHaveLength(1);
      // The last flush could not deliver either, and the exit line says so.
      expect(appLog.find((l) => l.msg === 'stopped')?.telemetry).toMatch(/^(export_failed|timed_out)$/);
      if (mode !== 'refuse') expect(receiver.requests.length).toBeGreaterThan(0);
      await close();
    },
  );

  test.each([
    ['refuses connections (no failure reported yet)', 'refuse'],
    ['answers 503 (failures reported)', 'unavailable'],
  ] as const)(
    "when at shutdown it %s, then the exit does not wait out the exporter's retries",
    async (_how, mode) => {
      // The exporter's own timeout is left at its default (10 s), and the shutdown deadline above it.
      const { server, logDir, close } = await serveWithFailingCollector(mode, {
        SHUTDOWN_TIMEOUT_MS: '30000',
      });
      await drive(server.baseUrl, 20, 4);
      if (mode === 'unavailable') {
        await exportFailureReported(logDir);
        // Spans still unsent when the signal comes.
        await drive(server.baseUrl, 20, 4);
      }
      const started = performance.now();
      expect(await server.stop()).toBe(0);
      const stopMs = performance.now() - started;
      // One short attempt, not the retry ladder: with no collector, Ctrl-C used to take 10 s.
      expect(stopMs).toBeLessThan(5000);
      const stopped = readJsonLines(logDir, 'app.log').find((l) => l.msg === 'stopped');
      expect(stopped?.telemetry).toMatch(/^(export_failed|timed_out)$/);
      await close();
    },
  );
});

describe('when the process is told to stop under load', () => {
  test('when SIGTERM arrives with payments in flight, then they complete, their lines and spans are flushed, and it exits 0', async () => {
    const receiver = await OtlpReceiver.start();
    const logDir = tempDir('logs');
    const dataDir = tempDir('data');
    const server = await spawnServer({
      OTEL_SDK_DISABLED: 'false',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      PAYMENT_LATENCY_MS: '400',
      LOG_DIR: logDir,
      DATA_DIR: dataDir,
    });
    const orders: Order[] = [];
    for (let i = 0; i < 24; i++)
      orders.push((await (await postJson(server.baseUrl, '/api/orders', orderBody())).json()) as Order);
    const payments = orders.map((order) => postJson(server.baseUrl, '/api/payments', cardPayment(order)));
    // Reads keep coming while it stops; each one answered must be logged.
    const reads: Response[] = [];
    let reading = true;
    const reader = (async () => {
      while (reading) {
        const res = await fetch(`${server.baseUrl}/api/menu`).catch(() => undefined);
        if (!res) return;
        await res.arrayBuffer();
        reads.push(res);
      }
    })();

    await eventually(async () => {
      // Every payment has reached the server: it records each one before calling the gateway.
      const [row] = await queryRows<{ n: number }>(dataDir, 'SELECT count(*) AS n FROM payments');
      return row?.n === orders.length ? true : undefined;
    });
    server.child.kill('SIGTERM');
    const answered = await Promise.all(payments);
    reading = false;
    await reader;
    expect(answered.map((res) => res.status)).toEqual(orders.map(() => 201));
    expect(await server.stop()).toBe(0);

    const logged = new Map(
      readAllLines(logDir, 'access.log').map((line) => {
        const record = parseAccessLine(line);
        return [record.requestId, record.status];
      }),
    );
    for (const res of [...answered, ...reads]) {
      expect(logged.get(res.headers.get('x-request-id') ?? '')).toBe(res.status);
    }
    // The process has exited: everything it exported has arrived.
    for (const res of answered) {
      const spans = receiver.spansOf(res.headers.get('x-trace-id') ?? '');
      expect(spans.some((s) => s.kind === SPAN_KIND.SERVER)).toBe(true);
      expect(spans.map((s) => s.name)).toContain('payment.authorize');
    }
    const appLog = readJsonLines(logDir, 'app.log');
    expect(appLog.slice(-2).map((l) => l.msg)).toEqual(['shutting down', 'stopped']);
    expect(appLog.at(-1)?.telemetry).toBe('flushed');
    await server.stop();
    await receiver.close();
  });
});

describe('when the database cannot take writes', () => {
  let server: ServerProcess | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  sqliteOnly(
    'when another process holds its write lock, then writes get a quick 503 with Retry-After, reads go on, and writes resume after',
    async () => {
      const logDir = tempDir('logs');
      const dataDir = tempDir('data');
      server = await spawnServer({ LOG_DIR: logDir, DATA_DIR: dataDir });
      const lock = new Database(path.join(dataDir, DATABASE));
      try {
        lock.exec('BEGIN EXCLUSIVE');
        const started = performance.now();
        const refused = await postJson(server.baseUrl, '/api/orders', orderBody());
        expect(performance.now() - started).toBeLessThan(2000);
        expect(refused.status).toBe(503);
        expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
        expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
        expect(await refused.json()).toMatchObject({ code: 'service_unavailable' });
        expect((await fetch(`${server.baseUrl}/api/menu`)).status).toBe(200);
        expect((await fetch(`${server.baseUrl}/ready`)).status).toBe(503);
      } finally {
        lock.exec('ROLLBACK');
        lock.close();
      }
      expect((await postJson(server.baseUrl, '/api/orders', orderBody())).status).toBe(201);
      expect((await fetch(`${server.baseUrl}/ready`)).status).toBe(200);
      expect(await server.stop()).toBe(0);
      expectValidLogs(logDir);
    },
  );

  sqliteOnly(
    'when the database file is read-only at start, then it starts, serves reads, and answers writes and /ready with 503',
    async () => {
      const logDir = tempDir('logs');
      const dataDir = tempDir('data');
      // A database made by an earlier run, then made read-only.
      const first = await spawnServer({ LOG_DIR: tempDir('logs'), DATA_DIR: dataDir });
      expect(await first.stop()).toBe(0);
      fs.chmodSync(path.join(dataDir, DATABASE), 0o444);
      fs.chmodSync(dataDir, 0o777);
      fs.chmodSync(logDir, 0o777);

      server = await spawnServer({ LOG_DIR: logDir, DATA_DIR: dataDir }, UNPRIVILEGED);
      expect((await fetch(`${server.baseUrl}/api/menu`)).status).toBe(200);
      const refused = await postJson(server.baseUrl, '/api/orders', orderBody());
      expect(refused.status).toBe(503);
      expect(await refused.json()).toMatchObject({ code: 'service_unavailable' });
      const ready = await fetch(`${server.baseUrl}/ready`);
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { detail: string }).detail).toMatch(/read-only/);
      expect(await server.stop()).toBe(0);
      expectValidLogs(logDir);
      expect(readJsonLines(logDir, 'errors.log').map((l) => l.msg)).toContain(
        'database not writable at start: writes will answer 503',
      );
    },
  );
});

describe('when LOG_DIR cannot be written', () => {
  test('when LOG_DIR exists but is not writable, then it exits non-zero naming the directory', async () => {
    const logDir = tempDir('logs');
    fs.chmodSync(logDir, 0o555);
    const dataDir = tempDir('data');
    fs.chmodSync(dataDir, 0o777);
    const { code, stderr } = await runFailingServer({ LOG_DIR: logDir, DATA_DIR: dataDir }, UNPRIVILEGED);
    expect(code).not.toBe(0);
    expect(stderr).toContain(`LOG_DIR ${logDir}`);
    expect(stderr).toMatch(/permission denied|EACCES/i);
  });
});
