import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Express } from 'express';
import { createLoggers, type Loggers } from '../loggers';
import { onExportFailure } from '../otel/lifecycle';
import { createRestaurantMetrics } from '../otel/metrics';
import packageJson from '../package.json';
import { createApp } from './app';
import { type Chance, createChance } from './chance';
import { type Clock, systemClock } from './clock';
import { type Config, configSummary } from './config';
import { correlationFields, recordTiming, runDetached } from './context';
import { createDomain, type Domain } from './domain';
import { DomainEvents } from './domain/events';
import { type PaymentGateway, SimulatedGateway } from './domain/payment-gateway';
import { type RawAnswers, rawAnswers } from './http/client-error';
import { IDEMPOTENCY_KEY_RETENTION_MS } from './http/idempotency';
import { domainTelemetry } from './monitoring/domain-telemetry';
import { LiveFigures } from './monitoring/live-figures';
import { RequestStats } from './monitoring/request-stats';
import { RestaurantStats } from './monitoring/restaurant-stats';
import { journeyTelemetry, scenarioTelemetry, statementTelemetry } from './monitoring/runtime-telemetry';
import { startSnapshots } from './monitoring/snapshots';
import { ScenarioEngine } from './scenarios/engine';
import { MemoryLeak } from './scenarios/memory-leak';
import { openStore, type Store } from './store';
import { DEMO_TRAFFIC, TrafficControl } from './traffic/control';

export interface RuntimeOverrides {
  clock?: Clock;
  gateway?: PaymentGateway;
}

/** Everything one running instance is made of, wired together; the server and tests share it. */
export interface Runtime {
  readonly config: Config;
  readonly loggers: Loggers;
  readonly store: Store;
  readonly domain: Domain;
  /** The domain's events as they happen (after their telemetry is written). */
  readonly events: DomainEvents;
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
  takeSnapshot(): Promise<void>;
  /** Stops background work, closes the database, then flushes and closes the logs; once. */
  close(): Promise<void>;
}

/**
 * Deletes Idempotency-Keys past their retention. A read-only or locked database must not stop the
 * start: the app serves what it can and answers writes with 503 until it is writable again.
 */
async function purgeIdempotencyKeys(
  store: Store,
  clock: Clock,
  loggers: Loggers,
): Promise<number | undefined> {
  try {
    const before = new Date(clock.now().getTime() - IDEMPOTENCY_KEY_RETENTION_MS).toISOString();
    return await store.idempotency.purgeExpired(before);
  } catch (error) {
    loggers.errors.warn({ err: error }, 'database not writable at start: writes will answer 503');
    return undefined;
  }
}

/** The failure scenarios, reported in the logs, with the memory the memory_leak one holds. */
function createScenarios(loggers: Loggers, clock: Clock) {
  const scenarios = new ScenarioEngine(clock);
  scenarios.onChange(scenarioTelemetry(loggers));
  const memoryLeak = new MemoryLeak(scenarios);
  scenarios.onChange(memoryLeak.follow);
  return { scenarios, memoryLeak };
}

/** How often payments left in flight by a process that died are looked for. */
const ABANDONED_PAYMENTS_CHECK_MS = 60_000;

/**
 * At start and every minute: payments a dead process left in flight are declined (payments.ts).
 * Stopping waits for a check under way, so it never writes to a closed store or log.
 */
function watchAbandonedPayments(domain: Domain, loggers: Loggers): () => Promise<void> {
  let checking: Promise<void> = Promise.resolve();
  const check = () => {
    checking = runDetached(() =>
      domain.payments.declineAbandoned().then(
        (declined) => {
          if (declined > 0) loggers.app.warn({ declined }, 'payments left in flight declined');
        },
        (error: unknown) =>
          loggers.errors.warn({ err: error }, 'payments left in flight could not be checked'),
      ),
    );
  };
  check();
  const timer = setInterval(check, ABANDONED_PAYMENTS_CHECK_MS);
  timer.unref();
  return () => {
    clearInterval(timer);
    return checking;
  };
}

/**
 * Starts what runs by itself: the kitchen, the boot scenarios, export-failure reports, snapshots
 * and the check for abandoned payments.
 */
async function startBackgroundWork(
  config: Config,
  parts: {
    loggers: Loggers;
    domain: Domain;
    scenarios: ScenarioEngine;
    requests: RequestStats;
    restaurant: RestaurantStats;
  },
) {
  const { loggers, domain, scenarios } = parts;
  await domain.kitchen.start();
  for (const { name, durationMs, intensity } of config.bootScenarios)
    scenarios.start(name, durationMs, intensity);
  // An unreachable or failing collector is said once (then at most every few minutes), not per export.
  const stopExportReports = onExportFailure((error, failures) =>
    runDetached(() => loggers.app.warn({ err: error, failures }, 'telemetry export failing')),
  );
  const snapshots = startSnapshots({
    ...parts,
    kitchenCapacity: config.kitchen.capacity,
    intervalMs: config.logging.metricsIntervalMs,
  });
  const stopPaymentChecks = watchAbandonedPayments(domain, loggers);
  return {
    takeSnapshot: snapshots.takeNow,
    stop: () => {
      stopExportReports();
      snapshots.stop();
      return stopPaymentChecks();
    },
  };
}

/** The restaurant's domain, its events fed to the logs, the metrics and the interval figures. */
function createRestaurant(
  config: Config,
  parts: {
    store: Store;
    scenarios: ScenarioEngine;
    loggers: Loggers;
    clock: Clock;
    chance: Chance;
    overrides: RuntimeOverrides;
  },
) {
  const { store, scenarios, loggers, clock, chance, overrides } = parts;
  const restaurant = new RestaurantStats();
  const events = new DomainEvents();
  const metrics = createRestaurantMetrics(config.currency);
  const telemetry = domainTelemetry(loggers, restaurant, metrics);
  const gateway =
    overrides.gateway ??
    new SimulatedGateway({ ...config.payments, random: chance.random('gateway'), clock, faults: scenarios });
  const domain = createDomain({
    store,
    config,
    clock,
    chance,
    gateway,
    faults: scenarios,
    emit: (event) => {
      telemetry(event);
      events.publish(event);
    },
    reportError: (error) => loggers.errors.error({ err: error }, 'kitchen step failed'),
    // Readable in the orders table: which host and process holds an order.
    instance: `${os.hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`,
  });
  metrics.observeKitchen({
    queueDepth: () => domain.kitchen.queueDepth,
    inProgress: () => domain.kitchen.inProgress,
  });
  const live = new LiveFigures(clock);
  events.subscribe('order_created', () => live.orderCreated());
  events.subscribe('payment_authorized', ({ payment }) => live.paymentAuthorized(payment.amount));
  return { domain, restaurant, events, live };
}

/**
 * Stops background work, then the virtual users (journeys report to restaurant-performance.log
 * as they end), the scenarios and the kitchen, closes the database, and last flushes the logs.
 */
async function shutDown(parts: {
  background: { stop(): Promise<void> };
  traffic: TrafficControl;
  scenarios: ScenarioEngine;
  domain: Domain;
  store: Store;
  loggers: Loggers;
}): Promise<void> {
  await parts.background.stop();
  await parts.traffic.close();
  parts.scenarios.stopAll();
  parts.domain.kitchen.stop();
  await parts.store.close();
  await parts.loggers.close();
}

/** The database, its statements timed and faulted, idempotency keys past their time purged. */
async function openDatabase(
  config: Config,
  parts: { loggers: Loggers; scenarios: ScenarioEngine; clock: Clock },
) {
  const { loggers, scenarios, clock } = parts;
  // db_latency: every statement takes up to 50 ms longer.
  const store = await openStore(
    { databaseUrl: config.database.url, dataDir: config.dataDir, poolSize: config.database.poolSize },
    {
      observe: statementTelemetry(loggers),
      extraLatencyMs: () => 50 * scenarios.intensity('db_latency'),
      poolWait: (ms) => recordTiming('poolWait', ms),
    },
  );
  return { store, purged: await purgeIdempotencyKeys(store, clock, loggers) };
}

/** Wires one instance: logs, scenarios, store, domain, virtual users and the HTTP app, in that order. */
export async function createRuntime(config: Config, overrides: RuntimeOverrides = {}): Promise<Runtime> {
  const clock = overrides.clock ?? systemClock;
  const chance = createChance(config.randomSeed);
  const logging = { ...config.logging, secrets: config.secrets, correlation: correlationFields };
  const loggers = await createLoggers(config.logDir, logging);
  const version = packageJson.version;
  loggers.app.info({ version, pid: process.pid, config: configSummary(config) }, 'starting');

  const { scenarios, memoryLeak } = createScenarios(loggers, clock);
  const { store, purged } = await openDatabase(config, { loggers, scenarios, clock });

  const parts = { store, scenarios, loggers, clock, chance, overrides };
  const { domain, restaurant, events, live } = createRestaurant(config, parts);
  const requests = new RequestStats((request) => live.requestFinished(request));
  let selfUrl: string | undefined;
  const traffic = new TrafficControl(() => selfUrl, journeyTelemetry(loggers), clock, chance);
  const app = createApp({
    store,
    domain,
    clock,
    chance,
    loggers,
    requests,
    live,
    config,
    traffic,
    scenarios,
    version,
  });

  const background = await startBackgroundWork(config, { loggers, domain, scenarios, requests, restaurant });
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
    events,
    app,
    rawAnswers: rawAnswers(loggers, requests, clock, chance.ids('ids')),
    traffic,
    scenarios,
    memoryLeak,
    listening: (baseUrl) => {
      selfUrl = baseUrl;
      if (!config.trafficAutostart) return;
      traffic.start(DEMO_TRAFFIC);
      loggers.app.info({ settings: DEMO_TRAFFIC }, 'virtual users started');
    },
    takeSnapshot: background.takeSnapshot,
    close: () => {
      closing ??= shutDown({ background, traffic, scenarios, domain, store, loggers });
      return closing;
    },
  };
}
