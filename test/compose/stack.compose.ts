import fs from 'node:fs';
import path from 'node:path';
import { cardPayment, orderBody } from '../helpers/factories';
import { parseAccessLine, readAllLines } from '../helpers/logs';
import { postJson } from '../helpers/server-process';
import { tempDir } from '../helpers/test-app';
import { APP_URL, ComposeStack, STAND_IN_URL } from './stack';
import { type Delivered, readLocalOutput, readStandIn } from './telemetry';

type Signal = 'logs' | 'metrics' | 'traces';
const SEVEN_FILES = ['access', 'events', 'performance', 'restaurant-performance', 'errors', 'metrics', 'app'];
const STAND_IN = 'http://mezmo-stand-in:4800';
const PIPELINE = {
  logs: { MEZMO_LOGS_PIPELINE_ID: 'src-logs', MEZMO_LOGS_INGESTION_KEY: 'compose-logs-key-01' },
  metrics: {
    MEZMO_METRICS_PIPELINE_ID: 'src-metrics',
    MEZMO_METRICS_INGESTION_KEY: 'compose-metrics-key-02',
  },
  traces: { MEZMO_TRACES_PIPELINE_ID: 'src-traces', MEZMO_TRACES_INGESTION_KEY: 'compose-traces-key-03' },
};

interface Mode {
  name: string;
  mode: 'local' | 'pipeline' | 'legacy';
  env: Record<string, string>;
  /** The signals that reach the destination (local files or Mezmo), and the exporter of each. */
  exporters: Partial<Record<Signal, string>>;
}

const MODES: Mode[] = [
  {
    name: 'local',
    mode: 'local',
    env: {},
    exporters: { logs: 'file/logs', metrics: 'file/metrics', traces: 'file/traces' },
  },
  {
    name: 'pipeline',
    mode: 'pipeline',
    env: { MEZMO_PIPELINE_URL: STAND_IN, ...PIPELINE.logs, ...PIPELINE.metrics, ...PIPELINE.traces },
    exporters: {
      logs: 'otlp_http/mezmo_logs',
      metrics: 'otlp_http/mezmo_metrics',
      traces: 'otlp_http/mezmo_traces',
    },
  },
  {
    name: 'pipeline with only logs and traces configured',
    mode: 'pipeline',
    env: { MEZMO_PIPELINE_URL: STAND_IN, ...PIPELINE.logs, ...PIPELINE.traces },
    exporters: { logs: 'otlp_http/mezmo_logs', traces: 'otlp_http/mezmo_traces' },
  },
  {
    name: 'legacy',
    mode: 'legacy',
    env: {
      MEZMO_LEGACY_LOGS_ENDPOINT: `${STAND_IN}/otel`,
      MEZMO_LEGACY_INGESTION_KEY: 'compose-legacy-key-04',
    },
    exporters: { logs: 'otlp_http/mezmo_legacy' },
  },
];

interface Status {
  mode: string | null;
  collector: { reachable: boolean; healthy?: boolean };
  exporters: { exporter: string; signal: string; sent: number; failed: number }[];
}

describe.each(MODES)('docker compose up, $name mode', (mode) => {
  const logDir = tempDir('compose-logs');
  const outputDir = tempDir('compose-output');
  const local = mode.mode === 'local';
  let stack: ComposeStack | undefined;
  let traceId = '';

  const delivered = (): Promise<Delivered> =>
    local ? Promise.resolve(readLocalOutput(outputDir)) : readStandIn(STAND_IN_URL);
  /** Polls what reached the destination until `find` returns a value. */
  const arrived = <T>(what: string, find: (d: Delivered) => T | undefined, timeoutMs = 90_000) =>
    (stack as ComposeStack).waitFor(what, timeoutMs, async () => find(await delivered()));

  beforeAll(async () => {
    const up = await ComposeStack.up(
      `restaurant-compose-${mode.name.split(' ').slice(0, 3).join('-')}`,
      {
        MEZMO_MODE: mode.mode,
        ...mode.env,
        LOG_DIR: logDir,
        OTELCOL_OUTPUT_HOST_DIR: outputDir,
        PUBLISH_ADDRESS: '127.0.0.1',
        PAYMENT_DECLINE_RATE: '0',
        HOSTMETRICS_INTERVAL: '2s',
        METRICS_INTERVAL_MS: '1000',
        OTEL_METRIC_EXPORT_INTERVAL: '2000',
      },
      { standIn: !local },
    );
    stack = up.stack;
    process.stdout.write(`compose (${mode.name}): up --build until the app was healthy: ${up.upMs} ms\n`);
  }, 900_000);

  afterAll(async () => {
    if (!stack) return;
    await stack.down();
    expect(await stack.containers()).toEqual([]);
  }, 300_000);

  test('when it starts on fresh volumes, then the setup step ends, the collector runs on its first try and the app is healthy', async () => {
    const s = stack as ComposeStack;
    expect(await s.state('collector-setup')).toMatchObject({ status: 'exited' });
    expect(await s.state('collector')).toMatchObject({ status: 'running', restartCount: 0 });
    expect(await s.state('app')).toMatchObject({ status: 'running', health: 'healthy', restartCount: 0 });
  });

  test('when an order is placed and paid through the published port, then its trace id reaches the destination', async () => {
    const order = await postJson(APP_URL, '/api/orders', orderBody(), { 'X-Session-Id': 'sess-compose' });
    expect(order.status).toBe(201);
    traceId = order.headers.get('x-trace-id') ?? '';
    const paid = await postJson(
      APP_URL,
      '/api/payments',
      cardPayment((await order.json()) as { id: string; total: number }),
    );
    expect(paid.status).toBe(201);
    await fetch(`${APP_URL}/api/no-such-route`);

    if (mode.exporters.traces) {
      const span = await arrived('the order span', (d) =>
        d.spans.find((s) => s.traceId === traceId && s.name === 'order.create'),
      );
      expect(span.resource).toMatchObject({
        'service.name': 'restaurant-app',
        'business.type': 'restaurant',
      });
    }
    const event = await arrived('the order_created line', (d) =>
      d.logs.find((l) => l.attributes.event === 'order_created'),
    );
    expect(event.traceId).toBe(traceId);
    expect(event.resource).toMatchObject({
      'host.name': expect.any(String),
      'deployment.environment.name': 'demo',
    });
  });

  test('when the app writes its seven files, then lines of each arrive from the host folder, with their trace context', async () => {
    const { logs } = await arrived('lines of all seven files', (d) => {
      const types = new Set(d.logs.map((l) => l.attributes.log_type));
      return SEVEN_FILES.every((type) => types.has(type)) ? d : undefined;
    });
    for (const record of logs) {
      const own = record.attributes.traceId;
      if (own !== undefined) expect(record.traceId).toBe(own);
      expect(record.timeUnixNano).toBeGreaterThan((Date.now() - 600_000) * 1e6);
      expect(record.attributes.parse_error).toBeUndefined();
    }
    expect(logs.some((l) => l.attributes.log_type === 'access' && l.traceId === traceId)).toBe(true);
    // The files are the host's: readable there, as tail -F and the seed's paths expect.
    expect(readAllLines(logDir, 'access.log').length).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(logDir, 'otel-logs-debug.json'))).toBe(true);
  });

  test('when asked from the host, then GET /api/otel/status shows the mode the collector runs and what each exporter sent', async () => {
    const status = await (stack as ComposeStack).waitFor('nonzero sent counts', 60_000, async () => {
      const body = (await (await fetch(`${APP_URL}/api/otel/status`)).json()) as Status;
      const sent = Object.values(mode.exporters).every((name) =>
        body.exporters.some((e) => e.exporter === name && e.sent > 0),
      );
      return sent ? body : undefined;
    });
    expect(status).toMatchObject({ mode: mode.mode, collector: { reachable: true, healthy: true } });
    const mezmoExporters = status.exporters
      .filter((e) => e.exporter.startsWith('otlp_http/'))
      .map((e) => e.exporter);
    expect([...new Set(mezmoExporters)].sort()).toEqual(
      Object.values(mode.exporters)
        .filter((name) => name.startsWith('otlp_http/'))
        .sort(),
    );
    expect(status.exporters.every((e) => e.failed === 0)).toBe(true);
    if (!local) expect((await delivered()).rejected).toEqual([]);
  });

  test("when the host's browser or curl calls the controls, then they answer without a token", async () => {
    const res = await fetch(`${APP_URL}/api/scenarios`);
    expect(res.status).toBe(200);
  });

  test("when the host's browser opens the app, then it gets the storefront, and the collector accepts the page's spans across origins", async () => {
    const page = await fetch(`${APP_URL}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="app">');
    const { otlpTracesUrl } = (await (await fetch(`${APP_URL}/api/web/config`)).json()) as {
      otlpTracesUrl: string;
    };
    const preflight = await fetch(otlpTracesUrl, {
      method: 'OPTIONS',
      headers: {
        Origin: 'http://localhost:3001',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:3001');
  });

  test('when the collector is restarted while the app writes, then no access line is lost or repeated', async () => {
    const s = stack as ComposeStack;
    for (let i = 0; i < 10; i++) await fetch(`${APP_URL}/api/menu/espresso`);
    await s.compose(['restart', 'collector']);
    for (let i = 0; i < 10; i++) await fetch(`${APP_URL}/api/menu`);
    // The health check keeps writing lines: compare what was written by the time all of it arrived.
    const { ids, written } = await arrived('every access line', (d) => {
      const lines = readAllLines(logDir, 'access.log').map((line) => parseAccessLine(line).requestId);
      const got = d.logs
        .filter((l) => l.attributes.log_type === 'access')
        .map((l) => String(l.attributes.requestId));
      const have = new Set(got);
      return lines.every((id) => have.has(id)) ? { ids: got, written: lines } : undefined;
    });
    expect(written.length).toBeGreaterThan(20);
    expect(ids.length).toBe(new Set(ids).size);
    expect(await s.state('collector')).toMatchObject({ status: 'running', restartCount: 0 });
  });
});
