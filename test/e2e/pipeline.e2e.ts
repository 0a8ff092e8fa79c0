import fs from 'node:fs';
import path from 'node:path';
import { startCollector, validateCollectorConfig } from '../helpers/collector-process';
import { cardPayment, hoursFromNow, orderBody, reservationBody } from '../helpers/factories';
import { parseAccessLine, plantForeignLine, readAllLines } from '../helpers/logs';
import { MezmoStandIn } from '../helpers/mezmo-stand-in';
import { sendRaw } from '../helpers/raw-http';
import { postJson, spawnServer } from '../helpers/server-process';
import { eventually, tempDir } from '../helpers/test-app';

const SEVEN_FILES = ['access', 'events', 'performance', 'restaurant-performance', 'errors', 'metrics', 'app'];
const KEYS = { logs: 'logs-key-0001', metrics: 'metrics-key-0002', traces: 'traces-key-0003' };

/** Collector settings for pipeline mode against the stand-in, for the given signals. */
function pipelineEnv(
  standIn: MezmoStandIn,
  logDir: string,
  signals: (keyof typeof KEYS)[] = ['logs', 'metrics', 'traces'],
) {
  const credentials = Object.fromEntries(
    signals.flatMap((signal) => [
      [`MEZMO_${signal.toUpperCase()}_PIPELINE_ID`, `src-${signal}`],
      [`MEZMO_${signal.toUpperCase()}_INGESTION_KEY`, KEYS[signal]],
    ]),
  );
  return {
    MEZMO_MODE: 'pipeline',
    MEZMO_PIPELINE_URL: standIn.url,
    ...credentials,
    LOG_DIR: logDir,
    OTELCOL_STORAGE_DIR: tempDir('otelcol-storage'),
    HOSTMETRICS_INTERVAL: '1s',
  };
}

/** Every line the app wrote to access.log (archives included) reached the stand-in exactly once; returns how many. */
async function expectEveryAccessLineOnce(standIn: MezmoStandIn, logDir: string): Promise<number> {
  const written = readAllLines(logDir, 'access.log').map((line) => parseAccessLine(line).requestId);
  const received = () =>
    standIn.logs.filter((l) => l.attributes.log_type === 'access').map((l) => String(l.attributes.requestId));
  await standIn.waitFor(() => (received().length >= written.length ? true : undefined));
  expect(received().sort()).toEqual([...written].sort());
  return written.length;
}

async function post(baseUrl: string, route: string, body: unknown) {
  const res = await postJson(baseUrl, route, body, { 'X-Session-Id': 'sess-e2e' });
  return { res, body: (await res.json()) as { id: string; total: number } };
}

describe('the collector configs', () => {
  test.each([
    ['local', { MEZMO_MODE: 'local' }],
    [
      'pipeline',
      {
        MEZMO_MODE: 'pipeline',
        MEZMO_LOGS_PIPELINE_ID: 'a',
        MEZMO_LOGS_INGESTION_KEY: 'k',
        MEZMO_METRICS_PIPELINE_ID: 'b',
        MEZMO_METRICS_INGESTION_KEY: 'k',
        MEZMO_TRACES_PIPELINE_ID: 'c',
        MEZMO_TRACES_INGESTION_KEY: 'k',
      },
    ],
    [
      'pipeline with logs only',
      { MEZMO_MODE: 'pipeline', MEZMO_LOGS_PIPELINE_ID: 'a', MEZMO_LOGS_INGESTION_KEY: 'k' },
    ],
    ['legacy', { MEZMO_MODE: 'legacy', MEZMO_LEGACY_INGESTION_KEY: 'k' }],
  ])('when the %s mode config is validated, then otelcol accepts it', async (_mode, env) => {
    const { code, output } = await validateCollectorConfig({ ...env, LOG_DIR: tempDir('logs') });
    expect({ code, output }).toEqual({ code: 0, output: expect.any(String) });
  });

  test.each([
    ['pipeline', 'needs at least one pipeline id and ingestion key'],
    ['legacy', 'needs MEZMO_LEGACY_INGESTION_KEY'],
  ])('when %s mode has no credentials, then run.sh refuses to start', async (mode, message) => {
    const { code, output } = await validateCollectorConfig({ MEZMO_MODE: mode, LOG_DIR: tempDir('logs') });
    expect(code).not.toBe(0);
    expect(output).toContain(message);
  });
});

describe('app → collector → Mezmo pipelines', () => {
  test('when the app serves traffic, then all seven files, the traces and the metrics reach their pipelines with their keys, and a collector restart loses and repeats no line', async () => {
    const standIn = await MezmoStandIn.start({
      'src-logs': { signal: 'logs', key: KEYS.logs },
      'src-metrics': { signal: 'metrics', key: KEYS.metrics },
      'src-traces': { signal: 'traces', key: KEYS.traces },
    });
    const logDir = tempDir('logs');
    const env = pipelineEnv(standIn, logDir);
    let collector = await startCollector(env);
    const server = await spawnServer({
      LOG_DIR: logDir,
      DATA_DIR: tempDir('data'),
      OTEL_SDK_DISABLED: 'false',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318',
      OTEL_BSP_SCHEDULE_DELAY: '200',
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
      METRICS_INTERVAL_MS: '500',
      KITCHEN_MS_PER_MINUTE: '10',
    });
    try {
      const order = await post(server.baseUrl, '/api/orders', orderBody());
      const traceId = order.res.headers.get('x-trace-id') ?? '';
      await post(server.baseUrl, '/api/payments', cardPayment(order.body));
      await post(server.baseUrl, '/api/reservations', reservationBody({ time: hoursFromNow(30) }));
      await post(server.baseUrl, '/api/events', {
        event: 'CART_ADD',
        properties: { menuItemId: 'espresso' },
      });
      await fetch(`${server.baseUrl}/api/no-such-route`);

      // Lines from all seven files, each with log_type, a parsed timestamp and severity.
      await standIn.waitFor(() => {
        const types = new Set(standIn.logs.map((l) => l.attributes.log_type));
        return SEVEN_FILES.every((type) => types.has(type)) ? true : undefined;
      });
      const now = Date.now() * 1e6;
      for (const record of standIn.logs) {
        expect(record.timeUnixNano).toBeGreaterThan(now - 600e9);
        expect(record.severityNumber).toBeGreaterThan(0);
        expect(record.attributes.service).toBe('restaurant-app');
      }
      const created = standIn.logs.find((l) => l.attributes.event === 'order_created');
      expect(created?.traceId).toBe(traceId);
      const access = standIn.logs.find((l) => l.attributes.log_type === 'access' && l.traceId === traceId);
      expect(access?.attributes).toMatchObject({
        method: 'POST',
        path: '/api/orders',
        status: '201',
        schemaVersion: '1',
      });
      const journey = standIn.logs.find((l) => l.attributes.event === 'CART_ADD');
      expect(journey?.attributes['customer.journey.stage']).toBe('checkout');
      expect(created?.resource).toMatchObject({
        'service.name': 'restaurant-app',
        'host.name': expect.any(String),
        'os.type': 'linux',
        'deployment.environment.name': 'demo',
        'service.tags': 'restaurant-app,otel,nodejs',
        'business.type': 'restaurant',
        'business.location': 'demo_location',
        'app.features': 'ordering,reservations,payments',
      });

      // The spans of that trace, and host and app metrics, each through its own pipeline.
      await standIn.waitFor(() =>
        standIn.spans.some((s) => s.traceId === traceId && s.name === 'order.create') ? true : undefined,
      );
      expect(standIn.spans.find((s) => s.traceId === traceId)?.resource).toMatchObject({
        'service.name': 'restaurant-app',
        'business.type': 'restaurant',
      });
      await standIn.waitFor(() => {
        const names = new Set(standIn.metrics.map((m) => m.name));
        return names.has('restaurant.orders.created') && names.has('system.cpu.time') ? true : undefined;
      });
      expect(standIn.metrics.find((m) => m.name === 'system.cpu.time')?.resource).toMatchObject({
        'service.name': 'restaurant-app',
        'host.name': expect.any(String),
      });
      // The old key is gone: one environment key per resource.
      expect(Object.keys(created?.resource ?? {})).not.toContain('deployment.environment');
      expect(standIn.rejected).toEqual([]);

      // The app reports the collector's state and what each exporter sent.
      const status = (await (await fetch(`${server.baseUrl}/api/otel/status`)).json()) as {
        mode: string;
        collector: { reachable: boolean; healthy: boolean };
        exporters: { exporter: string; signal: string; sent: number }[];
      };
      expect(status).toMatchObject({ mode: 'pipeline', collector: { reachable: true, healthy: true } });
      for (const signal of ['logs', 'metrics', 'traces']) {
        const exporter = status.exporters.find((e) => e.exporter === `otlp_http/mezmo_${signal}`);
        expect(exporter?.sent).toBeGreaterThan(0);
      }

      // Restart the collector while the app keeps writing: every access line arrives exactly once.
      expect(await collector.stop()).toBe(0);
      for (let i = 0; i < 10; i++) await fetch(`${server.baseUrl}/api/menu/espresso`);
      collector = await startCollector(env);
      for (let i = 0; i < 5; i++) await fetch(`${server.baseUrl}/api/menu`);
      expect(await server.stop()).toBe(0);

      await expectEveryAccessLineOnce(standIn, logDir);
    } finally {
      await server.stop();
      await collector.stop();
      await standIn.close();
    }
  });
});

describe('log rotation under the collector', () => {
  test('when the app rotates its files while the collector tails them, then every access line arrives exactly once', async () => {
    const standIn = await MezmoStandIn.start({ 'src-logs': { signal: 'logs', key: KEYS.logs } });
    const logDir = tempDir('logs');
    const collector = await startCollector(pipelineEnv(standIn, logDir, ['logs']));
    // Small files: a burst of rotations, faster than the collector polls; archives stay plain
    // (LOG_COMPRESS_DELAY_MS) until the collector has had time to finish them.
    const server = await spawnServer({
      LOG_DIR: logDir,
      DATA_DIR: tempDir('data'),
      LOG_MAX_SIZE: '8KB',
    });
    try {
      for (let batch = 0; batch < 20; batch++) {
        await Promise.all(Array.from({ length: 10 }, () => fetch(`${server.baseUrl}/api/menu/espresso`)));
      }
      expect(await server.stop()).toBe(0);
      expect(fs.readdirSync(logDir).filter((name) => name.startsWith('access.log.')).length).toBeGreaterThan(
        3,
      );
      expect(await expectEveryAccessLineOnce(standIn, logDir)).toBe(200);
    } finally {
      await server.stop();
      await collector.stop();
      await standIn.close();
    }
  });
});

describe('local mode', () => {
  test('when no Mezmo credentials are set, then logs, traces and metrics land in local JSON files', async () => {
    const logDir = tempDir('logs');
    const outputDir = tempDir('otelcol-output');
    const collector = await startCollector({
      MEZMO_MODE: 'local',
      LOG_DIR: logDir,
      OTELCOL_STORAGE_DIR: tempDir('otelcol-storage'),
      OTELCOL_OUTPUT_DIR: outputDir,
      HOSTMETRICS_INTERVAL: '1s',
    });
    const server = await spawnServer({
      LOG_DIR: logDir,
      DATA_DIR: tempDir('data'),
      OTEL_SDK_DISABLED: 'false',
      OTEL_BSP_SCHEDULE_DELAY: '200',
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
    });
    try {
      const order = await post(server.baseUrl, '/api/orders', orderBody());
      const traceId = order.res.headers.get('x-trace-id') ?? '';
      const read = (file: string) => {
        const full = path.join(outputDir, file);
        return fs.existsSync(full) ? fs.readFileSync(full, 'utf8') : '';
      };
      await eventually(() => (read('traces.jsonl').includes(traceId) ? true : undefined), 30_000);
      await eventually(() => (read('logs.jsonl').includes(traceId) ? true : undefined), 30_000);
      await eventually(() => (read('metrics.jsonl').includes('system.cpu.time') ? true : undefined), 30_000);
      for (const line of read('logs.jsonl').trim().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
      // Everything the collector creates on a fresh machine: the output folder with its files.
      expect(fs.readdirSync(outputDir).sort()).toEqual(['logs.jsonl', 'metrics.jsonl', 'traces.jsonl']);
    } finally {
      await server.stop();
      await collector.stop();
    }
  });
});

describe('the access-log parser', () => {
  test('when a request target and agent carry quotes and backslashes, or a line is no CLF at all, then every line arrives, parsed or marked, with a real time', async () => {
    const standIn = await MezmoStandIn.start({ 'src-logs': { signal: 'logs', key: KEYS.logs } });
    const logDir = tempDir('logs');
    const collector = await startCollector(pipelineEnv(standIn, logDir, ['logs']));
    const server = await spawnServer({ LOG_DIR: logDir, DATA_DIR: tempDir('data') });
    try {
      // Node's parser takes a raw quote in the target; the app escapes it in the line.
      const raw = await sendRaw(
        server.baseUrl,
        Buffer.from(
          'GET /api/menu/say-"hi"\\there HTTP/1.1\r\nHost: x\r\nUser-Agent: probe "q" \\b\r\nConnection: close\r\n\r\n',
        ),
      );
      expect(raw.status).toBe(400);
      const fine = await fetch(`${server.baseUrl}/api/menu/espresso`);
      const fineRequestId = fine.headers.get('x-request-id');
      const failed = await fetch(`${server.baseUrl}/api/orders`, { method: 'POST' });
      expect(failed.status).toBeGreaterThanOrEqual(400);
      expect(await server.stop()).toBe(0);
      plantForeignLine(logDir, 'access.log', 'a line that is not Combined Log Format');
      // A line as written before lines named their version (an old archive's).
      const [written] = readAllLines(logDir, 'access.log');
      const unversioned = (written ?? '')
        .replace(/ requestId=\S+/, ' requestId=before-versions')
        .replace(/ schemaVersion=\d+$/, '');
      plantForeignLine(logDir, 'access.log', unversioned);

      const access = () => standIn.logs.filter((l) => l.attributes.log_type === 'access');
      await standIn.waitFor(() => (access().length >= 5 ? true : undefined));
      const old = access().find((l) => l.attributes.requestId === 'before-versions');
      expect(old?.attributes.status).toMatch(/^\d{3}$/);
      expect(old?.attributes).not.toHaveProperty('schemaVersion');
      expect(access().find((l) => l.attributes.requestId === fineRequestId)?.attributes.schemaVersion).toBe(
        '1',
      );
      const quoted = access().find((l) => String(l.attributes.path).startsWith('/api/menu/say-'));
      expect(quoted?.attributes).toMatchObject({
        method: 'GET',
        path: '/api/menu/say-\\"hi\\"\\\\there',
        protocol: 'HTTP/1.1',
        status: '400',
        user_agent: 'probe \\"q\\" \\\\b',
      });
      expect(quoted).toMatchObject({ severityText: 'WARN', severityNumber: 13 });
      const ok = access().find((l) => l.attributes.requestId === fineRequestId);
      expect(ok).toMatchObject({ severityText: 'INFO', severityNumber: 9 });
      const plain = access().find((l) => l.attributes.parse_error !== undefined);
      expect(plain).toMatchObject({
        body: 'a line that is not Combined Log Format',
        attributes: { parse_error: 'not Combined Log Format', log_type: 'access' },
      });
      for (const record of access())
        expect(record.timeUnixNano).toBeGreaterThan((Date.now() - 600_000) * 1e6);
    } finally {
      await server.stop();
      await collector.stop();
      await standIn.close();
    }
  });
});

describe('a collector crash', () => {
  test('when the collector is killed with SIGKILL under a steady write load, then every access line arrives at least once', async () => {
    const standIn = await MezmoStandIn.start({ 'src-logs': { signal: 'logs', key: KEYS.logs } });
    const logDir = tempDir('logs');
    const env = pipelineEnv(standIn, logDir, ['logs']);
    let collector = await startCollector(env);
    const server = await spawnServer({ LOG_DIR: logDir, DATA_DIR: tempDir('data') });
    let writing = true;
    // A steady load: one request at a time, as fast as the app answers, until told to stop.
    const load = (async () => {
      let sent = 0;
      while (writing) {
        await fetch(`${server.baseUrl}/api/menu/espresso`);
        sent++;
      }
      return sent;
    })();
    try {
      const received = () => standIn.logs.filter((l) => l.attributes.log_type === 'access').length;
      await standIn.waitFor(() => (received() >= 200 ? true : undefined));
      collector.child.kill('SIGKILL');
      await collector.stop();
      const whileDown = received();
      collector = await startCollector(env);
      await standIn.waitFor(() => (received() > whileDown + 200 ? true : undefined));
      writing = false;
      const sent = await load;
      expect(await server.stop()).toBe(0);

      const written = readAllLines(logDir, 'access.log').map((line) => parseAccessLine(line).requestId);
      expect(written.length).toBeGreaterThanOrEqual(sent);
      const ids = () =>
        standIn.logs
          .filter((l) => l.attributes.log_type === 'access')
          .map((l) => String(l.attributes.requestId));
      await standIn.waitFor(() => (new Set(ids()).size >= new Set(written).size ? true : undefined));
      const counts = new Map<string, number>();
      for (const id of ids()) counts.set(id, (counts.get(id) ?? 0) + 1);
      expect(written.filter((id) => !counts.has(id))).toEqual([]);
      const twice = [...counts.values()].filter((n) => n > 1).length;
      process.stdout.write(
        `kill -9 under load: ${written.length} access lines written, ${ids().length} received, ${twice} twice\n`,
      );
    } finally {
      writing = false;
      await load.catch(() => undefined);
      await server.stop();
      await collector.stop();
      await standIn.close();
    }
  });
});

describe('legacy mode', () => {
  test('when an account has no pipelines, then the log files reach Log Analysis over OTLP with the key in apiKey, filed under the host name', async () => {
    const standIn = await MezmoStandIn.start({}, 'legacy-key-0004');
    const logDir = tempDir('logs');
    const collector = await startCollector({
      MEZMO_MODE: 'legacy',
      MEZMO_LEGACY_LOGS_ENDPOINT: `${standIn.url}/otel`,
      MEZMO_LEGACY_INGESTION_KEY: 'legacy-key-0004',
      OTEL_RESOURCE_ATTRIBUTES: 'host.name=restaurant-e2e',
      LOG_DIR: logDir,
      OTELCOL_STORAGE_DIR: tempDir('otelcol-storage'),
    });
    const server = await spawnServer({ LOG_DIR: logDir, DATA_DIR: tempDir('data') });
    try {
      const order = await post(server.baseUrl, '/api/orders', orderBody());
      const traceId = order.res.headers.get('x-trace-id') ?? '';
      const record = await standIn.waitFor(() =>
        standIn.legacyLogs.find((l) => l.attributes.event === 'order_created' && l.traceId === traceId),
      );
      expect(record.resource).toMatchObject({
        'host.name': 'restaurant-e2e',
        'service.name': 'restaurant-app',
      });
      expect(record).toMatchObject({ severityText: 'INFO', severityNumber: 9 });
      expect(Math.abs(record.timeUnixNano / 1e6 - Date.now())).toBeLessThan(600_000);
      expect(record.attributes.log_type).toBe('events');
      await standIn.waitFor(() =>
        standIn.legacyLogs.some((l) => l.attributes.log_type === 'access') ? true : undefined,
      );
      expect(standIn.rejected).toEqual([]);
    } finally {
      await server.stop();
      await collector.stop();
      await standIn.close();
    }
  });
});
