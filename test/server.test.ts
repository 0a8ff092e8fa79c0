import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import type { Order } from '../src/schemas/orders';
import { queryRows } from './helpers/database';
import { cardPayment, orderBody } from './helpers/factories';
import {
  postJson,
  runFailingServer,
  SERVER_ENTRY,
  spawnServer,
  UNPRIVILEGED,
} from './helpers/server-process';

const CLI_ENTRY = path.join(path.dirname(SERVER_ENTRY), 'traffic', 'cli.js');

import { eventually, tempDir } from './helpers/test-app';

function readLines(file: string): Record<string, unknown>[] {
  return fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

describe('the server process', () => {
  test('when it starts and gets SIGTERM, then it serves, logs its lifecycle and exits 0', async () => {
    const logDir = tempDir('logs');
    const server = await spawnServer({ LOG_DIR: logDir, DATA_DIR: tempDir('data') });
    const health = await fetch(`${server.baseUrl}/health`);
    expect(health.status).toBe(200);
    expect(await server.stop('SIGTERM')).toBe(0);
    const messages = readLines(path.join(logDir, 'app.log')).map((line) => line.msg);
    expect(messages).toEqual(['starting', 'ready', 'listening', 'shutting down', 'stopped']);
  });

  test('when SIGTERM arrives during a slow payment, then the payment completes before exit 0', async () => {
    const dataDir = tempDir('data');
    const server = await spawnServer({
      LOG_DIR: tempDir('logs'),
      DATA_DIR: dataDir,
      PAYMENT_LATENCY_MS: '400',
    });
    const order = (await (await postJson(server.baseUrl, '/api/orders', orderBody())).json()) as Order;
    const payment = postJson(server.baseUrl, '/api/payments', cardPayment(order));
    // Signal once the payment is recorded as in flight: the server is waiting on the gateway.
    await eventually(async () =>
      (await queryRows(dataDir, "SELECT 1 FROM payments WHERE status = 'processing'")).length > 0
        ? true
        : undefined,
    );
    server.child.kill('SIGTERM');
    const res = await payment;
    expect(res.status).toBe(201);
    expect(await server.stop()).toBe(0);
  });

  test('when SIGINT arrives, then it also shuts down cleanly', async () => {
    const server = await spawnServer({ LOG_DIR: tempDir('logs'), DATA_DIR: tempDir('data') });
    expect(await server.stop('SIGINT')).toBe(0);
  });

  test.each([
    [{ PORT: 'eighty' }, 'PORT: Invalid input: expected number, received NaN (got "eighty")'],
    [{ LOG_DIR: '/proc/self/logs' }, 'LOG_DIR /proc/self/logs cannot be created or written'],
    [
      { OTEL_SDK_DISABLED: 'false', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/xml' },
      'OTEL_EXPORTER_OTLP_PROTOCOL: must be one of http/json, http/protobuf, grpc (got "http/xml")',
    ],
    [
      { OTEL_SDK_DISABLED: 'false', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'collector:4318' },
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: must be an http:// or https:// URL (got "collector:4318")',
    ],
    [
      { OTEL_SDK_DISABLED: 'false', OTEL_METRIC_EXPORT_INTERVAL: '10s' },
      'OTEL_METRIC_EXPORT_INTERVAL: must be a whole number of milliseconds above 0 (got "10s")',
    ],
    [
      { OTEL_SDK_DISABLED: 'false', OTEL_NODE_RESOURCE_DETECTORS: 'env,cloud' },
      'OTEL_NODE_RESOURCE_DETECTORS: names unknown detectors (cloud)',
    ],
  ])(
    'when a setting is invalid (%j), then it exits 1 within seconds with one line naming it',
    async (env, message) => {
      const started = Date.now();
      const { code, stderr } = await runFailingServer({
        LOG_DIR: tempDir('logs'),
        DATA_DIR: tempDir('data'),
        ...env,
      });
      expect(code).toBe(1);
      expect(stderr).toContain(`restaurant-app failed to start: `);
      expect(stderr).toContain(message);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      // No spinning: a path that cannot hold files fails at once (the bound allows a loaded machine).
      expect(Date.now() - started).toBeLessThan(10_000);
    },
  );

  test('when DATA_DIR cannot be written, then it exits 1 with one line naming DATA_DIR', async () => {
    const parent = tempDir('data');
    fs.chmodSync(parent, 0o555);
    const logDir = tempDir('logs');
    fs.chmodSync(logDir, 0o777);
    const dataDir = path.join(parent, 'db');
    const { code, stderr } = await runFailingServer({ LOG_DIR: logDir, DATA_DIR: dataDir }, UNPRIVILEGED);
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(
      new RegExp(`^restaurant-app failed to start: DATA_DIR ${dataDir}: .*(EACCES|permission denied)`),
    );
  });

  test('when LOG_DIR cannot be created, then it exits non-zero naming the directory', async () => {
    const file = path.join(tempDir('logs'), 'not-a-directory');
    fs.writeFileSync(file, '');
    const logDir = path.join(file, 'logs');
    const { code, stderr } = await runFailingServer({ LOG_DIR: logDir, DATA_DIR: tempDir('data') });
    expect(code).not.toBe(0);
    expect(stderr).toContain(logDir);
  });

  test('when the traffic CLI runs against the server, then it prints a summary table and exits 0', async () => {
    const server = await spawnServer({ LOG_DIR: tempDir('logs'), DATA_DIR: tempDir('data') });
    const cli = spawn(
      process.execPath,
      [
        CLI_ENTRY,
        '--target',
        server.baseUrl,
        '--duration',
        '1s',
        '--rate',
        '600',
        '--users',
        '3',
        '--think-scale',
        '0',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    cli.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    const [code] = await once(cli, 'close');
    expect(code).toBe(0);
    expect(stdout).toMatch(/journey\s+completed\s+abandoned\s+failed/);
    expect(stdout).toMatch(/requests \d+, errors 0/);
    expect(stdout).toMatch(/latency p50 [\d.]+ ms, p95 [\d.]+ ms, p99 [\d.]+ ms/);
    await server.stop();
  });
});
