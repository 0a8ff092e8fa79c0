/**
 * npm run bench: bare Express, the app with all telemetry on, and the app without the SDK,
 * measured with autocannon on loopback in alternating rounds, so machine noise hits every side.
 * Prints a Markdown table: medians over the rounds, ratios, peak RSS, and access.log lines
 * against responses, and first the app's start-up time and idle RSS; last, the scaling figures
 * on SQLite and PostgreSQL (scaling.ts; BENCH_SCALING=0 skips them). BENCH_ROUNDS (3),
 * BENCH_SECONDS (5), BENCH_CONNECTIONS (32) and BENCH_STARTS (5) tune it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import autocannon from 'autocannon';
import { parseAccessLine, readAllLines, readJsonLines } from '../helpers/logs';
import { OtlpReceiver } from '../helpers/otlp-receiver';
import { memoryMb } from '../helpers/processes';
import { spawnServer } from '../helpers/server-process';
import { tempDir } from '../helpers/test-app';
import { scalingFigures } from './scaling';
import { requestsFor, type Workload } from './workloads';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const WARMUP_SECONDS = 2;
const STARTS = Number(process.env.BENCH_STARTS ?? 5);
/** How long a started app is left alone before its idle RSS is read. */
const IDLE_SETTLE_MS = 3000;

type AppVariant = 'full' | 'nosdk' | 'baseline' | keyof typeof BREAKDOWN;
type Variant = 'bare' | AppVariant;

/**
 * Where the SDK's cost goes: the full app with one part switched off by its standard variable,
 * measured on GET /api/menu only.
 */
const BREAKDOWN = {
  'no-trace-export': { OTEL_TRACES_EXPORTER: 'none' },
  'no-metrics-export': { OTEL_METRICS_EXPORTER: 'none' },
  'sampled-10%': { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' },
  'no-runtime-instr': { OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'runtime-node' },
  // No server spans at all: what the HTTP instrumentation's machinery costs, export included.
  'no-http-instr': { OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'http' },
} as const;
const WITH_BREAKDOWN = process.env.BENCH_BREAKDOWN !== '0';
/**
 * Another build's `dist` (say, main's before a change): measured as `baseline`, full telemetry,
 * in the same alternating rounds, so a change's cost is a ratio within one run.
 */
const BASELINE_DIST = process.env.BENCH_BASELINE_DIST;

interface Target {
  variant: Variant;
  baseUrl: string;
  pid: number;
  logDir?: string;
  stop(): Promise<unknown>;
}

interface Sample {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  responses: number;
}

async function measure(target: Target, workload: Workload, seconds = SECONDS): Promise<Sample> {
  const result = await autocannon({
    url: target.baseUrl,
    connections: CONNECTIONS,
    duration: seconds,
    requests: requestsFor(workload),
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    responses: result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'],
  };
}

async function startBare(): Promise<Target> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'bare-server.ts')],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const [chunk] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
  const baseUrl = /(http:\/\/\S+)/.exec(chunk.toString())?.[1] ?? '';
  return {
    variant: 'bare',
    baseUrl,
    pid: child.pid ?? 0,
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

async function startApp(variant: AppVariant, receiver: OtlpReceiver): Promise<Target> {
  const logDir = tempDir(`bench-${variant}`);
  const server = await spawnServer(
    {
      LOG_DIR: logDir,
      DATA_DIR: tempDir(`bench-${variant}-data`),
      // SQLite, as npm start: the PostgreSQL figures are scaling.ts's.
      DATABASE_URL: '',
      NODE_ENV: 'production',
      PAYMENT_LATENCY_MS: '0',
      KITCHEN_MS_PER_MINUTE: '1000',
      OTEL_SDK_DISABLED: variant === 'nosdk' ? 'true' : 'false',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      ...(variant in BREAKDOWN ? BREAKDOWN[variant as keyof typeof BREAKDOWN] : {}),
    },
    {},
    variant === 'baseline' ? BASELINE_DIST : undefined,
  );
  return { variant, baseUrl: server.baseUrl, pid: server.child.pid ?? 0, logDir, stop: () => server.stop() };
}

/**
 * Each compared build started STARTS times, in turns: milliseconds from spawn to "listening on"
 * (the SDK and its instrumentations loaded, the database opened, the logs created), and its RSS
 * once it has idled.
 */
async function startupFigures(
  receiver: OtlpReceiver,
  variants: readonly ('full' | 'baseline')[],
): Promise<Map<string, { startMs: number; idleRssMb: number }>> {
  const samples = new Map(
    variants.map((variant) => [variant, { startMs: [] as number[], idleRssMb: [] as number[] }]),
  );
  for (let i = 0; i < STARTS; i++) {
    for (const variant of variants) {
      const spawned = performance.now();
      const target = await startApp(variant, receiver);
      samples.get(variant)?.startMs.push(performance.now() - spawned);
      await new Promise((resolve) => setTimeout(resolve, IDLE_SETTLE_MS));
      samples.get(variant)?.idleRssMb.push(memoryMb(target.pid, 'VmRSS'));
      await target.stop();
    }
  }
  return new Map(
    [...samples].map(([variant, s]) => [
      variant,
      { startMs: median(s.startMs), idleRssMb: median(s.idleRssMb) },
    ]),
  );
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/**
 * Database round trips per request, by operation, from the full variant's performance.log
 * (`dbCalls`, `dbMs` on every `request completed` line): what one request costs the database.
 */
function roundTrips(logDir: string | undefined): string[] {
  if (!logDir) return [];
  const byRoute = new Map<string, { requests: number; calls: number; ms: number }>();
  for (const line of readJsonLines(logDir, 'performance.log')) {
    if (line.msg !== 'request completed') continue;
    const key = `${line.method} ${line.route}`;
    const entry = byRoute.get(key) ?? { requests: 0, calls: 0, ms: 0 };
    entry.requests++;
    entry.calls += Number(line.dbCalls);
    entry.ms += Number(line.dbMs);
    byRoute.set(key, entry);
  }
  return [...byRoute]
    .filter(([, e]) => e.requests >= 10)
    .map(
      ([route, e]) =>
        `database per request (full, SQLite), ${route}: ${(e.calls / e.requests).toFixed(2)} statements, ${(e.ms / e.requests).toFixed(3)} ms`,
    );
}

async function main(): Promise<void> {
  const receiver = await OtlpReceiver.start();
  // Acknowledged unread: parsing and keeping a million spans here would steal CPU and cause GC
  // pauses in the process that times the requests, and so weigh on the variants that export.
  receiver.mode = 'discard';
  const compared = BASELINE_DIST ? (['full', 'baseline'] as const) : (['full'] as const);
  const startup = await startupFigures(receiver, compared);
  const targets: Target[] = [
    await startBare(),
    await startApp('full', receiver),
    await startApp('nosdk', receiver),
  ];
  if (BASELINE_DIST) targets.push(await startApp('baseline', receiver));
  if (WITH_BREAKDOWN) {
    for (const variant of Object.keys(BREAKDOWN) as (keyof typeof BREAKDOWN)[]) {
      targets.push(await startApp(variant, receiver));
    }
  }
  const MAIN: Variant[] = ['bare', 'full', 'nosdk', 'baseline'];
  const inMainTable = (variant: Variant) => MAIN.includes(variant);
  const samples = new Map<string, Sample[]>();
  const workloads: Workload[] = ['menu', 'orders', 'mixed'];
  const runs = (target: Target, workload: Workload) =>
    workload === 'menu' || (inMainTable(target.variant) && target.variant !== 'bare');
  // Unrecorded warm-up, so the JIT and the heap have settled before the first measured round.
  const sent = new Map<Variant, number>();
  for (const target of targets) {
    for (const workload of workloads) {
      if (!runs(target, workload)) continue;
      const warm = await measure(target, workload, WARMUP_SECONDS);
      sent.set(target.variant, (sent.get(target.variant) ?? 0) + warm.responses);
    }
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const workload of workloads) {
      // Rotate who goes first, so drift within a round does not favour one side.
      const order = targets.map((_, i) => targets[(i + round) % targets.length] as Target);
      for (const target of order) {
        if (!runs(target, workload)) continue;
        const sample = await measure(target, workload);
        const key = `${target.variant}:${workload}`;
        samples.set(key, [...(samples.get(key) ?? []), sample]);
        process.stderr.write(
          `round ${round + 1} ${workload.padEnd(6)} ${target.variant.padEnd(17)} ${sample.rps.toFixed(0)} req/s\n`,
        );
      }
    }
  }
  const rss = new Map(targets.map((t) => [t.variant, Math.round(memoryMb(t.pid, 'VmHWM'))]));
  for (const [key, list] of samples) {
    const variant = key.split(':')[0] as Variant;
    sent.set(variant, (sent.get(variant) ?? 0) + list.reduce((sum, s) => sum + s.responses, 0));
  }
  for (const target of targets) await target.stop();
  await receiver.close();

  const stat = (variant: Variant, workload: Workload) => {
    const list = samples.get(`${variant}:${workload}`) ?? [];
    return {
      rps: median(list.map((s) => s.rps)),
      p50: median(list.map((s) => s.p50)),
      p99: median(list.map((s) => s.p99)),
      errors: list.reduce((sum, s) => sum + s.errors, 0),
    };
  };
  const lines = [
    `| workload | variant | req/s | p50 ms | p99 ms | errors | peak RSS MB |`,
    `|---|---|---|---|---|---|---|`,
  ];
  for (const workload of workloads) {
    for (const variant of MAIN) {
      if (variant === 'bare' && workload !== 'menu') continue;
      if (variant === 'baseline' && !BASELINE_DIST) continue;
      const s = stat(variant, workload);
      lines.push(
        `| ${workload} | ${variant} | ${s.rps.toFixed(0)} | ${s.p50} | ${s.p99} | ${s.errors} | ${rss.get(variant)} |`,
      );
    }
  }
  const full = stat('full', 'menu').rps;
  lines.push('');
  lines.push(
    `GET /api/menu: full/bare ${(full / stat('bare', 'menu').rps).toFixed(2)}, full/nosdk ${(full / stat('nosdk', 'menu').rps).toFixed(2)}`,
  );
  for (const workload of ['orders', 'mixed'] as Workload[]) {
    lines.push(
      `${workload}: full/nosdk ${(stat('full', workload).rps / stat('nosdk', workload).rps).toFixed(2)}`,
    );
  }
  if (BASELINE_DIST) {
    const ratios = workloads.map(
      (workload) => `${workload} ${(stat('full', workload).rps / stat('baseline', workload).rps).toFixed(2)}`,
    );
    lines.push(`full/baseline (${BASELINE_DIST}): ${ratios.join(', ')}`);
  }
  if (WITH_BREAKDOWN) {
    lines.push(
      '',
      '| GET /api/menu, full telemetry but | req/s | vs full | p99 ms | peak RSS MB |',
      '|---|---|---|---|---|',
    );
    for (const variant of Object.keys(BREAKDOWN) as (keyof typeof BREAKDOWN)[]) {
      const s = stat(variant, 'menu');
      lines.push(
        `| ${variant} | ${s.rps.toFixed(0)} | ${(s.rps / full).toFixed(2)} | ${s.p99} | ${rss.get(variant)} |`,
      );
    }
  }
  for (const target of targets) {
    if (!target.logDir || !inMainTable(target.variant)) continue;
    const logged = readAllLines(target.logDir, 'access.log').map(parseAccessLine).length;
    lines.push(`${target.variant}: access.log lines ${logged}, responses ${sent.get(target.variant) ?? 0}`);
  }
  lines.push(...roundTrips(targets.find((t) => t.variant === 'full')?.logDir));
  const exports = (path: string) => receiver.requests.filter((r) => r.path === path).length;
  lines.push(
    `OTLP receiver: ${exports('/v1/traces')} trace and ${exports('/v1/metrics')} metric exports acknowledged`,
    `bench process (autocannon, receiver): peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
  );
  for (const [variant, figures] of startup) {
    lines.push(
      `start-up (${variant}, median of ${STARTS}): ${figures.startMs.toFixed(0)} ms to listening, idle RSS ${figures.idleRssMb.toFixed(0)} MB`,
    );
  }
  if (process.env.BENCH_SCALING !== '0') lines.push(...(await scalingFigures()));
  lines.push('', `${ROUNDS} rounds × ${SECONDS} s × ${CONNECTIONS} connections, Node ${process.version}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

void main();
