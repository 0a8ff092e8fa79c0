import type { Express } from 'express';
import { createLoggers, type Loggers } from '../loggers';
import { onExportFailure } from '../otel/lifecycle';
import { createRestaurantMetrics } from '../otel/metrics';
import packageJson from '../package.json';
import { createApp } from './app';
import type { Config } from './config';
import { correlationFields, currentContext, runDetached } from './context';
import { createDomain, type Domain } from './domain';
import { type Clock, systemClock } from './domain/clock';
import { type PaymentGateway, SimulatedGateway } from './domain/payment-gateway';
import { type RawAnswers, rawAnswers } from './http/client-error';
import { IDEMPOTENCY_KEY_RETENTION_MS } from './http/idempotency';
import { domainTelemetry } from './monitoring/domain-telemetry';
import { RequestStats } from './monitoring/request-stats';
import { RestaurantStats } from './monitoring/restaurant-stats';
import { startSnapshots } from './monitoring/snapshots';
import { busyWait } from './scenarios/busy';
import { ScenarioEngine } from './scenarios/engine';
import { MemoryLeak } from './scenarios/memory-leak';
import { createStore, type Store } from './store';
import type { StatementTiming } from './store/instrument';
import { DEMO_TRAFFIC, TrafficControl } from './traffic/control';

export interface RuntimeOverrides {
  clock?: Clock;
  random?: () => number;
  gateway?: PaymentGateway;
}

/** Everything one running instance is made of, wired together; the server and tests share it. */
export interface Runtime {
  readonly config: Config;
  readonly loggers: Loggers;
  readonly store: Store;
  readonly domain: Domain;
  readonly app: Express;
  /** Answers and logs what Node handles before Express: the server's `clientError` and `connect`. */
  readonly rawAnswers: RawAnswers;
  /** The failure scenarios. */
  readonly scenarios: ScenarioEngine;
  /** What the memory_leak scenario holds. */
  readonly memoryLeak: MemoryLeak;
  /** The in-app virtual users. */
  readonly traffic: TrafficControl;
  /** Tells the runtime where the server listens (the virtual users' target); autostarts traffic. */
  listening(baseUrl: string): void;
  /** Writes the metrics and restaurant snapshots now, as the interval timer does. */
  takeSnapshot(): void;
  /** Stops background work, closes the database, then flushes and closes the logs; once. */
  close(): Promise<void>;
}

/** The settings worth a line in app.log at start: no secret value (the token and keys stay out). */
function configSummary(config: Config) {
  return {
    nodeEnv: config.nodeEnv,
    host: config.host,
    port: config.port,
    logDir: config.logDir,
    dataDir: config.dataDir,
    currency: config.currency,
    kitchen: config.kitchen,
    payments: config.payments,
    logging: config.logging,
    control: {
      adminToken: config.control.adminTokenGenerated
        ? 'made at start (printed on standard output): the port is published beyond this machine'
        : config.control.adminToken
          ? 'set'
          : config.control.callersAreLocal
            ? 'not set: the port is published on loopback, every caller is on this machine'
            : 'not set: loopback callers only',
      ratePerMinute: config.control.ratePerMinute,
    },
    corsOrigins: config.corsOrigins,
    secretsScrubbed: config.secrets.length,
    trafficAutostart: config.trafficAutostart,
  };
}

export async function createRuntime(config: Config, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  const clock = overrides.clock ?? systemClock;
  const random = overrides.random ?? Math.random;
  const loggers = await createLoggers(config.logDir, {
    ...config.logging,
    secrets: config.secrets,
    correlation: correlationFields,
  });
  const version = packageJson.version;
  loggers.app.info({ version, pid: process.pid, config: configSummary(config) }, 'starting');

  const observeStatement = (timing: StatementTiming) => {
    const context = currentContext();
    if (context) {
      context.timings.dbCalls++;
      context.timings.dbMs += timing.durationMs;
    }
    loggers.performance.debug(
      {
        operation: `db.${timing.operation.toLowerCase()}`,
        table: timing.table,
        durationMs: timing.durationMs,
      },
      'db statement',
    );
  };
  const leak = new MemoryLeak(() => scenarios.intensity('memory_leak'));
  const scenarios = new ScenarioEngine(
    (change) => {
      if (change.name === 'memory_leak') {
        if (change.change === 'started') leak.start();
        else leak.release();
      }
      const event = change.change === 'started' ? 'scenario_started' : 'scenario_stopped';
      loggers.logBusinessEvent(event, change.change === 'started' ? 'start' : 'stop', {
        scenario: change.name,
        ...change,
      });
      loggers.app.info({ ...change, scenario: change.name }, event.replace('_', ' '));
    },
    () => clock.now(),
  );
  // db_latency: every statement blocks for up to 50 ms, as a slow SQLite query does.
  const store = createStore(config.dataDir, observeStatement, () =>
    busyWait(50 * scenarios.intensity('db_latency')),
  );
  // Housekeeping may fail on a read-only or locked database: the app still starts, serves what
  // it can, and answers writes with 503 until the database is writable again.
  let purged: number | undefined;
  try {
    purged = store.idempotency.purgeExpired(
      new Date(clock.now().getTime() - IDEMPOTENCY_KEY_RETENTION_MS).toISOString(),
    );
  } catch (error) {
    loggers.errors.warn({ err: error }, 'database not writable at start: writes will answer 503');
  }

  const requests = new RequestStats();
  const restaurant = new RestaurantStats();
  // The gauges read the kitchen, which is built below with the event sink that feeds the metrics.
  let kitchen: Domain['kitchen'] | undefined;
  const metrics = createRestaurantMetrics(
    { queueDepth: () => kitchen?.queueDepth ?? 0, inProgress: () => kitchen?.inProgress ?? 0 },
    config.currency,
  );
  const gateway =
    overrides.gateway ??
    new SimulatedGateway({ ...config.payments, random, now: () => clock.now(), faults: scenarios });
  const domain = createDomain({
    store,
    config,
    clock,
    random,
    gateway,
    faults: scenarios,
    emit: domainTelemetry(loggers, restaurant, metrics),
    reportError: (error) => loggers.errors.error({ err: error }, 'kitchen step failed'),
  });
  let selfUrl: string | undefined;
  const traffic = new TrafficControl(
    () => selfUrl,
    (journey) =>
      loggers.restaurantPerformance.info(
        {
          kpi: 'journey',
          journey: journey.kind,
          outcome: journey.outcome,
          durationMs: Math.round(journey.durationMs),
          sessionId: journey.sessionId,
        },
        'journey ended',
      ),
  );
  const app = createApp({
    store,
    domain,
    clock,
    loggers,
    requests,
    slowRequestMs: config.logging.slowRequestMs,
    collector: config.collector,
    control: config.control,
    corsOrigins: config.corsOrigins,
    traffic,
    scenarios,
    random,
    service: { title: 'Restaurant API', version },
  });

  kitchen = domain.kitchen;
  domain.kitchen.start();
  for (const { name, durationMs, intensity } of config.bootScenarios)
    scenarios.start(name, durationMs, intensity);
  // An unreachable or failing collector is said once (then at most every few minutes), not per export.
  const stopExportReports = onExportFailure((error, failures) =>
    runDetached(() => loggers.app.warn({ err: error, failures }, 'telemetry export failing')),
  );
  const snapshots = startSnapshots({
    loggers,
    requests,
    restaurant,
    domain,
    kitchenCapacity: config.kitchen.capacity,
    intervalMs: config.logging.metricsIntervalMs,
  });
  loggers.app.info(
    {
      kitchenQueue: domain.kitchen.queueDepth,
      kitchenInProgress: domain.kitchen.inProgress,
      idempotencyKeysPurged: purged,
    },
    'ready',
  );

  let closing: Promise<void> | undefined;
  return {
    config,
    loggers,
    store,
    domain,
    app,
    rawAnswers: rawAnswers(loggers, requests),
    traffic,
    scenarios,
    memoryLeak: leak,
    listening: (baseUrl) => {
      selfUrl = baseUrl;
      if (config.trafficAutostart) {
        traffic.start(DEMO_TRAFFIC);
        loggers.app.info({ settings: DEMO_TRAFFIC }, 'virtual users started');
      }
    },
    takeSnapshot: snapshots.takeNow,
    close: () => {
      closing ??= (async () => {
        stopExportReports();
        // Journeys report to restaurant-performance.log as they end: before the logs close.
        await traffic.close();
        scenarios.stopAll();
        snapshots.stop();
        domain.kitchen.stop();
        store.close();
        await loggers.close();
      })();
      return closing;
    },
  };
}
