/**
 * npm run bench:logs: how soon a logged line can be read back from its file, as a test reading
 * with restaurant-telemetry-app/testing sees it. Writes LOG_BENCH_RATE (2000) events.log lines a
 * second for LOG_BENCH_SECONDS (10) through the app's loggers, follows the file with
 * LogDirectory.follow in the same process, and prints the delay from the logger call to the line
 * being read: p50, p99, max. Then times the flush control's wait (`flushed()`) after a burst.
 */
import { createLoggers } from '../../loggers';
import { LogDirectory } from '../../testing';
import { tempDir } from '../helpers/test-app';

const RATE = Number(process.env.LOG_BENCH_RATE ?? 2000);
const SECONDS = Number(process.env.LOG_BENCH_SECONDS ?? 10);
const BURST = 10_000;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

async function main(): Promise<void> {
  const dir = tempDir('log-latency');
  const loggers = await createLoggers(dir, {
    level: 'info',
    maxBytes: 1024 * 1024 * 1024,
    maxArchives: 3,
    compress: false,
    compressAfterMs: 0,
    correlation: () => ({}),
  });
  const sentAt = new Map<number, number>();
  const delays: number[] = [];
  const follower = new LogDirectory(dir).follow('events.log', (record) => {
    const seq = Number(record.seq);
    const sent = sentAt.get(seq);
    if (sent !== undefined) delays.push(performance.now() - sent);
  });
  const total = RATE * SECONDS;
  const started = performance.now();
  for (let seq = 0; seq < total; seq++) {
    // Paced in 10 ms ticks, as a busy app logs: a batch, then the event loop is free.
    const due = started + (seq / RATE) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    sentAt.set(seq, performance.now());
    loggers.logBusinessEvent('CART_ADD', 'journey', { seq, properties: { menuItemId: 'margherita' } });
  }
  await loggers.flushed();
  const deadline = performance.now() + 5000;
  while (delays.length < total && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  follower.stop();

  const burstStart = performance.now();
  for (let seq = 0; seq < BURST; seq++) loggers.logBusinessEvent('CART_ADD', 'journey', { burst: seq });
  const queued = performance.now();
  await loggers.flushed();
  const flushedAt = performance.now();
  await loggers.close();

  const sorted = [...delays].sort((a, b) => a - b);
  const line = (label: string, value: number) => `${label} ${value.toFixed(2)} ms`;
  process.stdout.write(
    [
      `${RATE} lines/s for ${SECONDS} s: ${delays.length}/${total} lines read back`,
      `logger call -> line read from the file: ${line('p50', percentile(sorted, 0.5))}, ${line('p99', percentile(sorted, 0.99))}, ${line('max', sorted.at(-1) ?? 0)}`,
      `burst of ${BURST} lines logged in ${(queued - burstStart).toFixed(1)} ms; flushed() resolved ${(flushedAt - queued).toFixed(1)} ms later`,
      `Node ${process.version}`,
      '',
    ].join('\n'),
  );
}

void main();
