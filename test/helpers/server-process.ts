import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { databaseEnv } from './database';
import { track } from './processes';

const DIST = path.join(__dirname, '..', '..', 'dist');
export const SERVER_ENTRY = path.join(DIST, 'src', 'server.js');
/** The server runs as `npm start` runs it: with the telemetry SDK preloaded. */
const nodeArgs = (dist: string) => [
  '--max-semi-space-size=4',
  '--require',
  path.join(dist, 'otel', 'register.js'),
  path.join(dist, 'src', 'server.js'),
];
const NODE_ARGS = nodeArgs(DIST);
/** Telemetry is off unless a test turns it on and points it at its own receiver. */
const BASE_ENV = {
  HOST: '127.0.0.1',
  PORT: '0',
  NODE_ENV: 'test',
  OTEL_SDK_DISABLED: 'true',
  // Payments decline only when a test asks for it.
  PAYMENT_DECLINE_RATE: '0',
};

export interface ServerProcess {
  child: ChildProcess;
  baseUrl: string;
  output(): { stdout: string; stderr: string };
  /** Sends `signal` and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Spawn options that make file permissions bite: as root (CI here), the server runs as `nobody`,
 * for whom a mode such as 0444 or 0555 is enforced; any other user is already subject to them.
 */
export const UNPRIVILEGED: { uid?: number; gid?: number } =
  process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};

/** Runs the built server as users do, on a free port, and resolves once it is listening. */
export async function spawnServer(
  env: Record<string, string>,
  user: { uid?: number; gid?: number } = {},
  /** Another build's `dist` (the benchmark's baseline); this checkout's by default. */
  dist = DIST,
): Promise<ServerProcess> {
  // On the test server when the suite runs on PostgreSQL, unless the caller chose (empty: SQLite).
  const database = env.DATA_DIR && !('DATABASE_URL' in env) ? await databaseEnv(env.DATA_DIR) : {};
  const child = spawn(process.execPath, nodeArgs(dist), {
    env: { PATH: process.env.PATH, ...BASE_ENV, ...database, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...user,
  });
  track(child);
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  const listening = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk) => {
      stdout += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    exited.then((code) => reject(new Error(`server exited with ${code} before listening: ${stderr}`)));
  });
  const baseUrl = await listening;
  return {
    child,
    baseUrl,
    output: () => ({ stdout, stderr }),
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs the built server expecting it to fail at start; resolves with its exit code and stderr. */
export async function runFailingServer(
  env: Record<string, string>,
  user: { uid?: number; gid?: number } = {},
): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, NODE_ARGS, {
    env: { PATH: process.env.PATH, ...BASE_ENV, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
    ...user,
  });
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  const [code] = await once(child, 'close');
  return { code, stderr };
}

/** POSTs `body` as JSON to a running server. */
export function postJson(
  baseUrl: string,
  route: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${baseUrl}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}
