import { rename } from 'node:fs/promises';
import path from 'node:path';
import { comparableLine, LOG_FILES, LogDirectory } from '../testing';
import { dropData } from './helpers/database';
import { cardPayment, orderBody, reservationBody } from './helpers/factories';
import { OtlpReceiver } from './helpers/otlp-receiver';
import { freePort } from './helpers/ports';
import { postJson, spawnServer } from './helpers/server-process';
import { tempDir } from './helpers/test-app';

async function json(res: Response) {
  return (await res.json()) as { id: string; total: number; status: number };
}

/**
 * The same requests, one after another, touching every kind of chance: ids, gateway declines
 * and latency, kitchen times, an error burst's faults. Waits on events.log, not by asking the API,
 * so both runs send exactly these requests.
 */
async function script(baseUrl: string, logs: LogDirectory): Promise<void> {
  await fetch(`${baseUrl}/api/menu`);
  const order = await json(await postJson(baseUrl, '/api/orders', orderBody()));
  let paid = false;
  for (let attempt = 0; attempt < 12 && !paid; attempt++) {
    paid = (await postJson(baseUrl, '/api/payments', cardPayment(order))).status === 201;
  }
  expect(paid).toBe(true);
  await logs.waitFor('events.log', (r) => r.event === 'order_completed' && r.orderId === order.id, {
    timeoutMs: 20_000,
  });
  await postJson(baseUrl, '/api/reservations', reservationBody());
  const cancelled = await json(
    await postJson(baseUrl, '/api/orders', orderBody({ type: 'takeout', tableNumber: undefined })),
  );
  await postJson(baseUrl, `/api/orders/${cancelled.id}/cancel`, {});
  await postJson(baseUrl, '/api/events', {
    event: 'journey_started',
    properties: { journey: 'quick_buyer' },
  });
  await postJson(baseUrl, '/api/orders', { items: [] });
  await postJson(baseUrl, '/api/scenarios/error_burst/start', { durationSeconds: 60, intensity: 0.5 });
  const burst = [];
  for (let i = 0; i < 10; i++) burst.push((await fetch(`${baseUrl}/api/menu`)).status);
  expect(burst).toContain(500);
  await postJson(baseUrl, '/api/scenarios/stop-all', {});
  expect((await postJson(baseUrl, '/api/logs/flush', {})).status).toBe(200);
}

interface Run {
  lines: Record<string, string[]>;
  spans: string[];
}

async function seededRun(base: string, port: number, seed: string, name: string): Promise<Run> {
  const receiver = await OtlpReceiver.start();
  const logDir = path.join(base, 'logs');
  const server = await spawnServer({
    RANDOM_SEED: seed,
    PORT: String(port),
    LOG_DIR: logDir,
    DATA_DIR: path.join(base, 'data'),
    PAYMENT_DECLINE_RATE: '0.7',
    PAYMENT_LATENCY_MS: '20',
    KITCHEN_MS_PER_MINUTE: '10',
    KITCHEN_HANDOFF_MINUTES: '1',
    OTEL_SDK_DISABLED: 'false',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
    OTEL_BSP_SCHEDULE_DELAY: '100',
  });
  await script(server.baseUrl, new LogDirectory(logDir));
  expect(await server.stop()).toBe(0);
  const logs = new LogDirectory(logDir);
  const lines = Object.fromEntries(
    LOG_FILES.map((file) => [file, logs.lines(file).map((line) => comparableLine(file, line))]),
  );
  const spans = receiver.spans
    .map((span) => `${span.traceId} ${span.spanId} ${span.parentSpanId ?? '-'} ${span.name}`)
    .sort();
  // Kept apart (and checked against the schemas after the suite); the next run reuses the paths.
  await rename(logDir, tempDir(`seeded-${name}`));
  await dropData(path.join(base, 'data'));
  return { lines, spans };
}

describe('RANDOM_SEED', () => {
  test('when two runs get the same seed and the same requests, then their log files differ only in times and durations, and their spans not at all', async () => {
    const base = tempDir('seeded');
    // Both runs listen on the same port, and say so in app.log.
    const port = await freePort();
    const first = await seededRun(base, port, 'demo-42', 'first');
    const second = await seededRun(base, port, 'demo-42', 'second');

    for (const file of LOG_FILES)
      expect({ file, lines: second.lines[file] }).toEqual({ file, lines: first.lines[file] });
    expect(second.spans).toEqual(first.spans);
    // The runs did the work the comparison is about.
    const events = first.lines['events.log']?.join('\n') ?? '';
    for (const event of [
      'payment_declined',
      'payment_authorized',
      'order_completed',
      'reservation_created',
    ]) {
      expect(events).toContain(`"event":"${event}"`);
    }
    expect(first.spans.length).toBeGreaterThan(20);

    const other = await seededRun(base, port, 'demo-43', 'other');
    expect(other.lines['access.log']).not.toEqual(first.lines['access.log']);
  }, 90_000);
});
