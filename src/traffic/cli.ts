import { parseArgs } from 'node:util';
import { shutdownTelemetry } from '../../otel/lifecycle';
import { createChance } from '../chance';
import { type JourneyKind, journeyKinds } from '../schemas/traffic';
import { parseDuration } from './duration';
import { TrafficGenerator } from './generator';
import type { TrafficSummary } from './stats';

const USAGE = `Usage: npm run traffic -- [options]
  --target URL        API to call (default http://localhost:3001)
  --users N           virtual users at most at once (default 10)
  --rate N            new users per minute (default 30)
  --duration D        how long to start journeys: 12s, 2m, 1h (default 1m)
  --think-scale X     think-time multiplier: 1 human pace, 0 none (default 1)
  --rush-hour         compressed day with lunch and dinner peaks (10 minutes a day)
  --journeys LIST     weights, e.g. quick_buyer=3,browser=1 (others keep their defaults)
  --seed TEXT         the same choices on every run (default RANDOM_SEED)
Journeys: ${journeyKinds.join(', ')}`;

function fail(message: string): never {
  process.stderr.write(`traffic: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

function positive(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) fail(`--${name} must be a non-negative number, not "${text}"`);
  return value;
}

function parseWeights(text: string | undefined): Partial<Record<JourneyKind, number>> | undefined {
  if (!text) return undefined;
  const weights: Partial<Record<JourneyKind, number>> = {};
  for (const pair of text.split(',')) {
    const [kind = '', weight = ''] = pair.split('=');
    if (!(journeyKinds as readonly string[]).includes(kind)) fail(`unknown journey "${kind}"`);
    weights[kind as JourneyKind] = positive('journeys', weight);
  }
  return weights;
}

function table(summary: TrafficSummary, elapsedMs: number): string {
  const rows = summary.journeys.map(
    (j) =>
      `${j.kind.padEnd(20)}${String(j.completed).padStart(10)}${String(j.abandoned).padStart(10)}${String(j.failed).padStart(8)}`,
  );
  return [
    '',
    `${'journey'.padEnd(20)}${'completed'.padStart(10)}${'abandoned'.padStart(10)}${'failed'.padStart(8)}`,
    ...rows,
    '',
    `journeys ${summary.startedJourneys} in ${(elapsedMs / 1000).toFixed(1)} s`,
    `requests ${summary.requests}, errors ${summary.errors} (5xx or no answer)`,
    `latency p50 ${summary.latencyMs.p50} ms, p95 ${summary.latencyMs.p95} ms, p99 ${summary.latencyMs.p99} ms`,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      target: { type: 'string', default: 'http://localhost:3001' },
      users: { type: 'string', default: '10' },
      rate: { type: 'string', default: '30' },
      duration: { type: 'string', default: '1m' },
      'think-scale': { type: 'string', default: '1' },
      'rush-hour': { type: 'boolean', default: false },
      journeys: { type: 'string' },
      seed: { type: 'string', default: process.env.RANDOM_SEED },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const durationMs =
    parseDuration(values.duration) ?? fail(`--duration "${values.duration}" is not a duration`);
  const target = values.target.replace(/\/$/, '');
  try {
    await fetch(`${target}/health`, { signal: AbortSignal.timeout(3000) });
  } catch {
    fail(`no API answers at ${target}/health; start it with npm start`);
  }

  const generator = new TrafficGenerator(
    {
      target,
      usersPerMinute: positive('rate', values.rate),
      maxConcurrentUsers: Math.max(1, Math.floor(positive('users', values.users))),
      durationMs,
      thinkTimeScale: positive('think-scale', values['think-scale']),
      rushHour: values['rush-hour'],
      weights: parseWeights(values.journeys),
    },
    createChance(values.seed).random('traffic'),
  );
  const progress = setInterval(() => {
    const s = generator.stats.summary();
    process.stderr.write(
      `\r${(generator.elapsedMs / 1000).toFixed(0)}s: ${s.startedJourneys} journeys, ${s.activeUsers} active, ` +
        `${s.requests} requests, ${s.errors} errors, p95 ${s.latencyMs.p95} ms   `,
    );
  }, 1000);
  // Ctrl-C stops new journeys; those under way finish and count.
  process.once('SIGINT', () => generator.stop());
  generator.start();
  await generator.done;
  clearInterval(progress);
  process.stdout.write(table(generator.stats.summary(), generator.elapsedMs));
  await shutdownTelemetry(3000);
}

void main();
