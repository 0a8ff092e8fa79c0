import type { Express } from 'express';
import { createLoggers, type Loggers } from '../loggers';
import packageJson from '../package.json';
import { createApp } from './app';
import type { Config } from './config';
import { createDomain, type Domain } from './domain';
import { type Clock, systemClock } from './domain/clock';
import { type PaymentGateway, SimulatedGateway } from './domain/payment-gateway';
import { IDEMPOTENCY_KEY_RETENTION_MS } from './http/idempotency';
import { createStore, type Store } from './store';

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
  /** Stops background work, closes the database and flushes the logs. */
  close(): void;
}

export function createRuntime(config: Config, overrides: RuntimeOverrides = {}): Runtime {
  const clock = overrides.clock ?? systemClock;
  const random = overrides.random ?? Math.random;
  const loggers = createLoggers(config.logDir);
  const store = createStore(config.dataDir);
  const gateway =
    overrides.gateway ?? new SimulatedGateway({ ...config.payments, random, now: () => clock.now() });
  const domain = createDomain({
    store,
    config,
    clock,
    random,
    gateway,
    reportError: (error) => loggers.errors.error({ err: error }, 'kitchen step failed'),
  });
  const app = createApp({
    store,
    domain,
    clock,
    service: { title: 'Restaurant API', version: packageJson.version },
    reportError: (error) => {
      if (error.status >= 500) {
        loggers.errors.error(
          { err: error.cause ?? error, code: error.code, status: error.status },
          error.message,
        );
      } else {
        loggers.errors.warn({ code: error.code, status: error.status }, error.message);
      }
    },
  });
  store.idempotency.purgeExpired(
    new Date(clock.now().getTime() - IDEMPOTENCY_KEY_RETENTION_MS).toISOString(),
  );
  domain.kitchen.start();
  return {
    config,
    loggers,
    store,
    domain,
    app,
    close: () => {
      domain.kitchen.stop();
      store.close();
      loggers.flush();
    },
  };
}
