import { EventEmitter, once } from 'node:events';
import { loadConfig } from '../src/config';
import { type ScenarioChange, ScenarioEngine } from '../src/scenarios/engine';
import { cardPayment, orderBody } from './helpers/factories';
import { readJsonLines } from './helpers/logs';
import { nextEvent, startTestApp, type TestApp } from './helpers/test-app';

function recordingEngine() {
  const changes: ScenarioChange[] = [];
  const events = new EventEmitter();
  const engine = new ScenarioEngine();
  engine.onChange((change) => {
    changes.push(change);
    events.emit(`${change.change}:${change.name}`, change);
  });
  return { engine, changes, events };
}

describe('the scenario engine', () => {
  test('when a scenario reaches its deadline, then it stops by itself and says so', async () => {
    const { engine, changes, events } = recordingEngine();
    const expired = once(events, 'stopped:error_burst');
    const state = engine.start('error_burst', 50, 0.3);
    expect(state).toMatchObject({ name: 'error_burst', active: true, intensity: 0.3 });
    expect(engine.intensity('error_burst')).toBe(0.3);
    await expired;
    expect(engine.intensity('error_burst')).toBe(0);
    expect(changes).toEqual([
      { change: 'started', name: 'error_burst', intensity: 0.3, durationMs: 50 },
      { change: 'stopped', name: 'error_burst', reason: 'expired' },
    ]);
  });

  test('when cascading_failure runs, then its four phases follow one another and it ends by itself', async () => {
    const { engine, changes, events } = recordingEngine();
    const ended = once(events, 'stopped:cascading_failure');
    engine.start('cascading_failure', 200, 1);
    await ended;
    const phases = changes
      .filter((c) => c.change === 'started' && c.parent === 'cascading_failure')
      .map((c) => c.name);
    expect(phases).toEqual([
      'db_latency',
      'connection_pool_exhaustion',
      'payment_gateway_outage',
      'error_burst',
    ]);
    // Every phase, and the cascade itself, ends by itself: wait for the change that leaves none on.
    await new Promise<void>((resolve) => {
      const resolveWhenNoneActive = () => {
        if (engine.activeNames().length === 0) resolve();
      };
      engine.onChange(resolveWhenNoneActive);
      resolveWhenNoneActive();
    });
  });

  test('when an unknown scenario is named, then it is a 404 error', () => {
    const { engine } = recordingEngine();
    expect(() => engine.start('meteor_strike', 1000, 1)).toThrow(/no scenario "meteor_strike"/);
  });
});

describe('scenarios in the app', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ KITCHEN_MS_PER_MINUTE: '2', KITCHEN_HANDOFF_MINUTES: '0' });
  });
  afterEach(() => t.close());

  const start = (name: string, body: object = { durationSeconds: 60, intensity: 1 }) =>
    t.http.post(`/api/scenarios/${name}/start`).send(body);

  test('when the scenarios are listed, then all eight are there with the active ones and their time left', async () => {
    await start('slow_kitchen', { durationSeconds: 120, intensity: 0.5 }).expect(200);
    const list = (await t.http.get('/api/scenarios').expect(200)).body;
    expect(list).toHaveLength(8);
    expect(list.find((s: { name: string }) => s.name === 'slow_kitchen')).toMatchObject({
      active: true,
      intensity: 0.5,
      secondsLeft: expect.any(Number),
    });
    await start('meteor_strike').expect(404);
    await start('slow_kitchen', { durationSeconds: 5 }).expect(400);
    await start('slow_kitchen', { intensity: 2 }).expect(400);
    const stopped = (await t.http.post('/api/scenarios/stop-all').expect(200)).body;
    expect(stopped.every((s: { active: boolean }) => !s.active)).toBe(true);
  });

  test('when error_burst runs at full intensity, then API requests fail with 5xx carrying its name, and the controls still answer', async () => {
    await start('error_burst').expect(200);
    const res = await t.http.get('/api/menu').set('X-Request-Id', 'burst-1').expect(500);
    expect(res.body.code).toBe('injected_fault');
    await t.http.get('/health').expect(200);
    await t.http.get('/api/scenarios').expect(200);
    await t.http.post('/api/scenarios/error_burst/stop').expect(200);
    await t.http.get('/api/menu').expect(200);
    await t.close();
    const errors = readJsonLines(t.dirs.logDir, 'errors.log').filter((l) => l.requestId === 'burst-1');
    expect(errors[0]).toMatchObject({ code: 'injected_fault', scenarios: ['error_burst'] });
    const events = readJsonLines(t.dirs.logDir, 'events.log').map((l) => `${l.event}:${l.scenario}`);
    expect(events).toEqual(
      expect.arrayContaining(['scenario_started:error_burst', 'scenario_stopped:error_burst']),
    );
    expect(readJsonLines(t.dirs.logDir, 'app.log').map((l) => l.msg)).toEqual(
      expect.arrayContaining(['scenario started', 'scenario stopped']),
    );
  });

  test('when the payment gateway is out, then card payments hang and decline as processing errors', async () => {
    await start('payment_gateway_outage').expect(200);
    const order = (await t.http.post('/api/orders').send(orderBody()).expect(201)).body;
    const started = performance.now();
    const res = await t.http.post('/api/payments').send(cardPayment(order)).expect(402);
    expect(res.body.declineReason).toBe('processing_error');
    expect(performance.now() - started).toBeGreaterThan(1000);
  });

  test('when the kitchen is slow, then orders take several times longer to prepare', async () => {
    const prepMs = async () => {
      const order = (await t.http.post('/api/orders').send(orderBody()).expect(201)).body;
      const readied = nextEvent(t, 'order_ready', (e) => e.orderId === order.id);
      await t.http.post('/api/payments').send(cardPayment(order)).expect(201);
      await readied;
      t.runtime.loggers.flushSync();
      const ready = readJsonLines(t.dirs.logDir, 'events.log').find(
        (l) => l.event === 'order_ready' && l.orderId === order.id,
      );
      return { prepMs: Number(ready?.prepMs), scenarios: ready?.scenarios };
    };
    const normal = await prepMs();
    await start('slow_kitchen').expect(200);
    const slow = await prepMs();
    expect(slow.prepMs).toBeGreaterThan(3 * normal.prepMs);
    expect(normal.scenarios).toBeUndefined();
    expect(slow.scenarios).toEqual(['slow_kitchen']);
  });

  test('when db_latency runs, then database time in performance.log grows', async () => {
    const order = (await t.http.post('/api/orders').send(orderBody()).expect(201)).body;
    await start('db_latency').expect(200);
    await t.http.get(`/api/orders/${order.id}`).set('X-Request-Id', 'slow-db').expect(200);
    t.runtime.loggers.flushSync();
    const record = readJsonLines(t.dirs.logDir, 'performance.log').find((l) => l.requestId === 'slow-db');
    // Every statement waited its 50 ms (at intensity 1), however many the store needed.
    expect(Number(record?.dbCalls)).toBeGreaterThan(0);
    expect(Number(record?.dbMs)).toBeGreaterThan(45 * Number(record?.dbCalls));
    expect(record?.scenarios).toEqual(['db_latency']);
  });

  test('when the connection pool is exhausted, then concurrent database requests wait for a slot', async () => {
    await start('connection_pool_exhaustion').expect(200);
    await Promise.all(
      ['pool-1', 'pool-2', 'pool-3'].map((id) =>
        t.http.post('/api/orders').set('X-Request-Id', id).send(orderBody()).expect(201),
      ),
    );
    t.runtime.loggers.flushSync();
    const waits = readJsonLines(t.dirs.logDir, 'performance.log')
      .filter((l) => String(l.requestId).startsWith('pool-'))
      .map((l) => Number(l.poolWaitMs));
    expect(Math.max(...waits)).toBeGreaterThan(150);
  });

  test('when the event loop is blocked, then metrics.log shows the delay', async () => {
    await start('event_loop_block').expect(200);
    for (let i = 0; i < 3; i++) await t.http.get('/api/menu').expect(200);
    await t.runtime.takeSnapshot();
    t.runtime.loggers.flushSync();
    const snapshot = readJsonLines(t.dirs.logDir, 'metrics.log').at(-1) ?? {};
    expect((snapshot.eventLoopDelayMs as { max: number }).max).toBeGreaterThan(50);
  });

  test('when memory leaks, then retained memory grows at once and is released at the end', async () => {
    await start('memory_leak').expect(200);
    expect(t.runtime.memoryLeak.retainedBytes).toBe(8 * 1024 * 1024);
    await t.http.post('/api/scenarios/memory_leak/stop').expect(200);
    expect(t.runtime.memoryLeak.retainedBytes).toBe(0);
  });
});

describe('scenarios at boot', () => {
  test('when SCENARIOS lists some, then they start with the app', async () => {
    const t = await startTestApp({ SCENARIOS: 'slow_kitchen:300, error_burst:60:0.2' });
    const active = t.runtime.scenarios.list().filter((s) => s.active);
    expect(active.map((s) => [s.name, s.intensity])).toEqual([
      ['slow_kitchen', 1],
      ['error_burst', 0.2],
    ]);
  });

  test.each(['meteor_strike:60', 'slow_kitchen', 'slow_kitchen:60:2'])(
    'when SCENARIOS is %p, then the config is refused',
    (value) => {
      expect(() => loadConfig({ SCENARIOS: value })).toThrow(/SCENARIOS/);
    },
  );
});
