import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { track } from './processes';
import { eventually } from './test-app';

export const COLLECTOR_DIR = path.join(__dirname, '..', '..', 'collector');
const HEALTH_URL = 'http://localhost:13133/';

export interface CollectorProcess {
  child: ChildProcess;
  output(): string;
  stop(): Promise<number | null>;
}

/** `collector/run.sh validate`, as a user or CI runs it: resolves with the exit code and output. */
export async function validateCollectorConfig(
  env: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn('bash', [path.join(COLLECTOR_DIR, 'run.sh'), 'validate'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  // 'close', not 'exit': the output is complete only once both pipes have ended.
  const [code] = await once(child, 'close');
  return { code, output };
}

async function healthy(): Promise<true | undefined> {
  try {
    return (await fetch(HEALTH_URL)).ok ? true : undefined;
  } catch {
    return undefined;
  }
}

/** Starts the built collector through `collector/run.sh` and resolves once its health check answers. */
export async function startCollector(env: Record<string, string>): Promise<CollectorProcess> {
  const child = spawn('bash', [path.join(COLLECTOR_DIR, 'run.sh')], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk;
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  let dead = false;
  void exited.then(() => {
    dead = true;
  });
  await eventually(async () => {
    if (dead) throw new Error(`the collector exited before it was healthy:\n${output}`);
    return healthy();
  }, 30_000);
  return {
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
