import { once } from 'node:events';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { loadConfig } from '../../src/config';
import { createRuntime, type Runtime, type RuntimeOverrides } from '../../src/runtime';

export interface TestApp {
  runtime: Runtime;
  http: ReturnType<typeof request>;
  dirs: { logDir: string; dataDir: string };
  /** Serves the app on a free loopback port (the virtual users' target); resolves with its URL. */
  listen(): Promise<string>;
  /**
   * Closes the server, the app and its logs; every line written so far is on disk afterwards.
   * Idempotent; what a test leaves open is closed after it (test/helpers/cleanup.ts).
   */
  close(): Promise<void>;
}

/** Open apps, by who owns them: the running test, or the file (made in beforeAll). */
const openApps = { test: new Set<TestApp>(), file: new Set<TestApp>() };
let owner: keyof typeof openApps = 'file';

/** From now until closeOpenApps('test'), new apps belong to the running test. */
export function testStarted(): void {
  owner = 'test';
}

/** Closes every app the running test (or the file, in afterAll) left open. */
export async function closeOpenApps(scope: keyof typeof openApps): Promise<void> {
  if (scope === 'test') owner = 'file';
  await Promise.all([...openApps[scope]].map((app) => app.close()));
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `restaurant-${prefix}-`));
}

/**
 * A fresh app on its own temporary LOG_DIR and DATA_DIR. By default the gateway answers at once
 * and never declines at random, and the kitchen is slow enough that orders stay where a test
 * put them; `env` overrides any setting.
 */
export async function startTestApp(
  env: Record<string, string> = {},
  overrides: RuntimeOverrides = {},
  dirs = { logDir: tempDir('logs'), dataDir: tempDir('data') },
): Promise<TestApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_DIR: dirs.logDir,
    DATA_DIR: dirs.dataDir,
    PAYMENT_LATENCY_MS: '0',
    PAYMENT_DECLINE_RATE: '0',
    KITCHEN_MS_PER_MINUTE: '60000',
    ...env,
  });
  const runtime = await createRuntime(config, overrides);
  let server: Server | undefined;
  const app: TestApp = {
    runtime,
    http: request(runtime.app),
    dirs,
    listen: async () => {
      server = runtime.app.listen(0, '127.0.0.1');
      await once(server, 'listening');
      const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      runtime.listening(baseUrl);
      return baseUrl;
    },
    close: async () => {
      openApps.test.delete(app);
      openApps.file.delete(app);
      if (server?.listening) {
        server.closeAllConnections();
        await new Promise((resolve) => server?.close(resolve));
      }
      await runtime.close();
    },
  };
  openApps[owner].add(app);
  return app;
}

/**
 * Polls `check` until it returns a value other than undefined, or fails at the deadline. The
 * default deadline is generous: it only matters when the condition never comes, and a busy
 * machine may take its time.
 */
export async function eventually<T>(
  check: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 15_000,
  intervalMs = 10,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
