import { scenarioNames } from '../src/scenarios/catalogue';
import { JSON_LOG_FILES, parseAccessLine, readAllLines } from './helpers/logs';
import { OtlpReceiver, SPAN_KIND } from './helpers/otlp-receiver';
import { postJson, spawnServer } from './helpers/server-process';
import { eventually, tempDir } from './helpers/test-app';

jest.setTimeout(120_000);

/** Paths the app answers without a span (probes): their lines carry the request's own ids only. */
const UNTRACED = new Set(['/health', '/ready']);

/**
 * The first key written twice in one object of a JSON text (JSON.parse silently keeps the last),
 * or undefined.
 */
function duplicateKey(text: string): string | undefined {
  // One entry per open container: the keys seen so far in an object, or null for an array.
  const open: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const keys = open.at(-1);
      if (expectKey && keys) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (keys.has(key)) return key;
        keys.add(key);
      }
      expectKey = false;
      i = end;
    } else if (char === '{' || char === '[') {
      open.push(char === '{' ? new Set() : null);
      expectKey = char === '{';
    } else if (char === '}' || char === ']') {
      open.pop();
    } else if (char === ',') {
      expectKey = open.at(-1) != null;
    }
  }
  return undefined;
}

describe('every line and span after a full traffic run', () => {
  test('when a line writes a key twice in one object, then the check finds it, and only then', () => {
    expect(duplicateKey('{"time":"a","x":{"time":"b"},"time":"c"}')).toBe('time');
    expect(duplicateKey('{"a":[{"x":1},{"x":2}],"b":"\\"a\\"","c":{"a":1}}')).toBeUndefined();
  });

  test('when every journey and every scenario run for a while with tracing on, then every line is valid JSON with unique keys and one trace context, request lines join traces that reached the collector, and background lines belong to no request', async () => {
    const receiver = await OtlpReceiver.start();
    const logDir = tempDir('logs');
    const server = await spawnServer({
      LOG_DIR: logDir,
      DATA_DIR: tempDir('data'),
      OTEL_SDK_DISABLED: 'false',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_BSP_MAX_QUEUE_SIZE: '200000',
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
      METRICS_INTERVAL_MS: '500',
      KITCHEN_MS_PER_MINUTE: '5',
      KITCHEN_HANDOFF_MINUTES: '1',
      PAYMENT_LATENCY_MS: '5',
      PAYMENT_DECLINE_RATE: '0.2',
    });
    const traffic = await postJson(server.baseUrl, '/api/traffic/start', {
      usersPerMinute: 1200,
      maxConcurrentUsers: 8,
      thinkTimeScale: 0.02,
      durationSeconds: 10,
    });
    expect(traffic.status).toBe(202);
    for (const name of scenarioNames) {
      const started = await postJson(server.baseUrl, `/api/scenarios/${name}/start`, {
        durationSeconds: 10,
        intensity: name === 'event_loop_block' || name === 'memory_leak' ? 0.1 : 0.3,
      });
      expect(started.status).toBe(200);
    }
    // Until the traffic has stopped and every scenario has expired by itself.
    await eventually(
      async () => {
        const [journeys, scenarios] = await Promise.all([
          fetch(`${server.baseUrl}/api/traffic`).then((r) => r.json() as Promise<{ state: string }>),
          fetch(`${server.baseUrl}/api/scenarios`).then((r) => r.json() as Promise<{ active: boolean }[]>),
        ]);
        return journeys.state === 'idle' && scenarios.every((s) => !s.active) ? true : undefined;
      },
      60_000,
      500,
    );
    expect(await server.stop()).toBe(0);

    const serverTraces = new Set(
      receiver.spans.filter((s) => s.kind === SPAN_KIND.SERVER).map((s) => s.traceId),
    );
    const spanIds = new Set(receiver.spans.map((s) => s.spanId));
    const kinds = new Map<string, number>();
    for (const file of JSON_LOG_FILES) {
      for (const line of readAllLines(logDir, file)) {
        const record = JSON.parse(line) as Record<string, unknown>;
        expect({ file, line, duplicate: duplicateKey(line) }).toEqual({ file, line, duplicate: undefined });
        expect(Object.keys(record).filter((key) => /^(trace|span)_/.test(key))).toEqual([]);
        const { requestId, traceId, spanId, traceFlags } = record;
        if (traceId !== undefined) {
          expect(traceId).toMatch(/^[0-9a-f]{32}$/);
          expect(spanId).toMatch(/^[0-9a-f]{16}$/);
          expect(traceFlags).toMatch(/^0[01]$/);
        }
        if (requestId !== undefined) {
          kinds.set('request', (kinds.get('request') ?? 0) + 1);
          if (traceFlags === '01') {
            // The span the line was written in reached the collector, in a request's trace.
            expect({
              line,
              traced: serverTraces.has(String(traceId)) && spanIds.has(String(spanId)),
            }).toEqual({
              line,
              traced: true,
            });
          } else {
            expect({ line, untraced: UNTRACED.has(String(record.route ?? record.path)) }).toEqual({
              line,
              untraced: true,
            });
          }
        } else if (traceId !== undefined) {
          kinds.set('background', (kinds.get('background') ?? 0) + 1);
          // Background work: its own trace, exported, with no request's server span in it.
          expect({ line, own: spanIds.has(String(spanId)) && !serverTraces.has(String(traceId)) }).toEqual({
            line,
            own: true,
          });
        }
      }
    }
    // The run wrote both kinds, and the background ones include the kitchen's and the scenarios'.
    expect(kinds.get('request')).toBeGreaterThan(100);
    expect(kinds.get('background')).toBeGreaterThan(10);
    for (const line of readAllLines(logDir, 'access.log').map(parseAccessLine)) {
      if (!UNTRACED.has(line.path)) expect(serverTraces.has(line.traceId)).toBe(true);
    }
    await server.stop();
    await receiver.close();
  });
});
