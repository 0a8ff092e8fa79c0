import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { loadConfig } from '../../src/config';
import { createRuntime, type Runtime, type RuntimeOverrides } from '../../src/runtime';

export interface TestApp {
  runtime: Runtime;
  http: ReturnType<typeof request>;
  dirs: { logDir: string; dataDir: string };
  /** Closes the app and its logs; every line written so far is on disk afterwards. */
  close(): Promise<void>;
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
  return { runtime, http: request(runtime.app), dirs, close: () => runtime.close() };
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
