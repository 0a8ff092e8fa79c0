/**
 * The scaling part of npm run bench: POST /api/orders (one transaction) and the journey mix on
 * SQLite and on PostgreSQL, with one app process and with two sharing the database, each
 * process driven by its own autocannon with half the connections. Prints requests per second,
 * the database round trips and time per request (performance.log), and the CPU each request
 * cost the app processes and the PostgreSQL server (utime + stime from /proc), for the
 * arithmetic in BENCHMARKS.md. PostgreSQL needs TEST_DATABASE_URL (npm run bench starts one).
 */

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import autocannon from 'autocannon';
import { createDatabase, TEST_DATABASE_URL } from '../helpers/database';
import { readJsonLines } from '../helpers/logs';
import { type ServerProcess, spawnServer } from '../helpers/server-process';
import { tempDir } from '../helpers/test-app';
import { requestsFor, type Workload } from './workloads';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TICKS_PER_SECOND = 100;

type Store = 'sqlite' | 'postgresql';

/** CPU seconds (user + system) a process has used so far. */
function cpuSeconds(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}

/** The PostgreSQL server's processes (postmaster and backends), by their command name. */
function postgresPids(): number[] {
  try {
    return execFileSync('pgrep', ['-x', 'postgres'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

interface Deployment {
  store: Store;
  servers: ServerProcess[];
  logDirs: string[];
}

async function deploy(store: Store, processes: number, run: number): Promise<Deployment> {
  const dataDir = tempDir(`scaling-${store}-data`);
  // Empty on SQLite: the suite's helpers would otherwise put it on the test server.
  const database = {
    DATABASE_URL: store === 'postgresql' ? await createDatabase(`bench_${process.pid}_${run}`) : '',
  };
  const logDirs = Array.from({ length: processes }, () => tempDir(`scaling-${store}-logs`));
  const servers: ServerProcess[] = [];
  // One after the other: the first applies the migrations.
  for (const logDir of logDirs) {
    servers.push(
      await spawnServer({
        LOG_DIR: logDir,
        DATA_DIR: dataDir,
        ...database,
        NODE_ENV: 'production',
        PAYMENT_LATENCY_MS: '0',
        OTEL_SDK_DISABLED: 'true',
      }),
    );
  }
  return { store, servers, logDirs };
}

interface Sample {
  rps: number;
  errors: number;
  requests: number;
  appCpu: number;
  dbCpu: number;
}

async function load(deployment: Deployment, workload: Workload): Promise<Sample> {
  const apps = deployment.servers.map((s) => s.child.pid ?? 0);
  const pg = deployment.store === 'postgresql' ? postgresPids() : [];
  const appBefore = apps.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const dbBefore = pg.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const results = await Promise.all(
    deployment.servers.map((server) =>
      autocannon({
        url: server.baseUrl,
        connections: Math.max(1, Math.round(CONNECTIONS / deployment.servers.length)),
        duration: SECONDS,
        requests: requestsFor(workload),
      }),
    ),
  );
  const requests = results.reduce((sum, r) => sum + r.requests.total, 0);
  // Backends that started during the run count from zero.
  const dbAfter = [...new Set([...pg, ...postgresPids()])].reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  return {
    rps: results.reduce((sum, r) => sum + r.requests.average, 0),
    errors: results.reduce((sum, r) => sum + r.errors + r.timeouts + r.non2xx, 0),
    requests,
    appCpu: apps.reduce((sum, pid) => sum + cpuSeconds(pid), 0) - appBefore,
    dbCpu: dbAfter - dbBefore,
  };
}

/** Statements and database time per POST /api/orders, from the processes' performance.log. */
function perOrder(logDirs: string[]): { statements: number; dbMs: number; poolWaitMs: number } {
  let requests = 0;
  let statements = 0;
  let dbMs = 0;
  let poolWaitMs = 0;
  for (const logDir of logDirs) {
    for (const line of readJsonLines(logDir, 'performance.log')) {
      if (line.msg !== 'request completed' || line.route !== '/api/orders' || line.method !== 'POST')
        continue;
      requests++;
      statements += Number(line.dbCalls);
      dbMs += Number(line.dbMs);
      poolWaitMs += Number(line.poolWaitMs);
    }
  }
  const per = (total: number) => total / Math.max(1, requests);
  return { statements: per(statements), dbMs: per(dbMs), poolWaitMs: per(poolWaitMs) };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

export async function scalingFigures(): Promise<string[]> {
  const stores: Store[] = TEST_DATABASE_URL ? ['sqlite', 'postgresql'] : ['sqlite'];
  const lines = [
    '',
    '| store | processes | workload | req/s | errors | app CPU ms/req | PostgreSQL CPU ms/req |',
    '|---|---|---|---|---|---|---|',
  ];
  const perRequest: string[] = [];
  let run = 0;
  for (const store of stores) {
    for (const processes of [1, 2]) {
      const deployment = await deploy(store, processes, run++);
      for (const workload of ['orders', 'mixed'] as Workload[]) {
        await load(deployment, workload); // warm-up, unrecorded
        const samples: Sample[] = [];
        for (let round = 0; round < ROUNDS; round++) samples.push(await load(deployment, workload));
        const cpu = (pick: (s: Sample) => number) =>
          median(samples.map((s) => (pick(s) * 1000) / Math.max(1, s.requests))).toFixed(3);
        lines.push(
          `| ${store} | ${processes} | ${workload} | ${median(samples.map((s) => s.rps)).toFixed(0)} | ${samples.reduce((sum, s) => sum + s.errors, 0)} | ${cpu((s) => s.appCpu)} | ${store === 'postgresql' ? cpu((s) => s.dbCpu) : '-'} |`,
        );
      }
      await Promise.all(deployment.servers.map((server) => server.stop()));
      const { statements, dbMs, poolWaitMs } = perOrder(deployment.logDirs);
      perRequest.push(
        `database per POST /api/orders (${store}, ${processes} process${processes > 1 ? 'es' : ''}): ${statements.toFixed(2)} round trips, ${dbMs.toFixed(3)} ms (of which waiting for a pool connection ${poolWaitMs.toFixed(3)} ms)`,
      );
    }
  }
  if (!TEST_DATABASE_URL)
    perRequest.push('PostgreSQL skipped: TEST_DATABASE_URL is not set (npm run bench sets it)');
  return [...lines, '', ...perRequest];
}
