import { once } from 'node:events';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { loadConfig } from '../../src/config';
import type { DomainEvent } from '../../src/domain/events';
import { createRuntime, type Runtime, type RuntimeOverrides } from '../../src/runtime';
import { databaseEnv } from './database';
import { disown, own } from './owned';

export interface TestApp {
  runtime: Runtime;
  http: ReturnType<typeof request>;
  dirs: { logDir: string; dataDir: string };
  /** Serves the app on a free loopback port (the virtual users' target); resolves with its URL. */
  listen(): Promise<string>;
  /**
   * Closes the server, the app and its logs; every line written so far is on disk afterwards.
   * Idempotent; what a test leaves open is closed after it (test/helpers/owned.ts).
   */
  close(): Promise<void>;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `restaurant-${prefix}-`));
}

/**
 * A fresh app on its own temporary LOG_DIR and DATA_DIR (or the database standing for it,
 * helpers/database.ts). By default the gateway answers at once
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
    ...(await databaseEnv(dirs.dataDir)),
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
      disown(app);
      if (server?.listening) {
        server.closeAllConnections();
        await new Promise((resolve) => server?.close(resolve));
      }
      await runtime.close();
    },
  };
  return own(app);
}

/**
 * Resolves with the next domain event of `type` that `matches`, or fails at the deadline: a wait
 * on the event itself, where a poll would ask the API again and again.
 */
export function nextEvent<T extends DomainEvent['type']>(
  t: TestApp,
  type: T,
  matches: (event: Extract<DomainEvent, { type: T }>) => boolean = () => true,
  timeoutMs = 15_000,
): Promise<Extract<DomainEvent, { type: T }>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`no ${type} event within ${timeoutMs} ms`));
    }, timeoutMs);
    const unsubscribe = t.runtime.events.subscribe(type, (event) => {
      if (!matches(event)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(event);
    });
  });
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
