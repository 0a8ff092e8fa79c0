import express, { type Express, type RequestHandler } from 'express';
import { match } from 'path-to-regexp';
import type { Loggers } from '../loggers';
import { registerEventRoutes } from '../routes/events';
import { registerLiveRoutes } from '../routes/live';
import { registerLogRoutes } from '../routes/logs';
import { registerMenuRoutes } from '../routes/menu';
import { registerOrderRoutes } from '../routes/orders';
import { registerOtelRoutes } from '../routes/otel';
import { registerPaymentRoutes } from '../routes/payments';
import { registerReservationRoutes } from '../routes/reservations';
import { registerScenarioRoutes } from '../routes/scenarios';
import { registerSystemRoutes } from '../routes/system';
import { registerTrafficRoutes } from '../routes/traffic';
import { registerWebRoutes } from '../routes/web';
import type { Chance } from './chance';
import type { Clock } from './clock';
import type { Config } from './config';
import type { Domain } from './domain';
import { AppError } from './errors';
import { adminGuard } from './http/admin-guard';
import { Api } from './http/api';
import { correlation } from './http/correlation';
import { idempotent } from './http/idempotency';
import { type ErrorReporter, errorHandler } from './http/problem';
import { requireHostHeader } from './http/request-guards';
import { requestLog } from './http/request-log';
import { scenarioFaults } from './http/scenario-faults';
import { corsPolicy, securityHeaders } from './http/security';
import { builtWebDir, webPages } from './http/web-pages';
import type { LiveFigures } from './monitoring/live-figures';
import type { RequestStats } from './monitoring/request-stats';
import type { ScenarioEngine } from './scenarios/engine';
import type { Store } from './store';
import type { TrafficControl } from './traffic/control';

export interface AppDeps {
  store: Store;
  domain: Domain;
  clock: Clock;
  /** Request and session ids, and the odds of scenario faults. */
  chance: Chance;
  loggers: Loggers;
  requests: RequestStats;
  /** The control room's figures: GET /api/live. */
  live: LiveFigures;
  config: Pick<Config, 'collector' | 'control' | 'corsOrigins' | 'logging' | 'web'>;
  traffic: TrafficControl;
  scenarios: ScenarioEngine;
  version: string;
}

/**
 * Client errors are warnings with their problem code; server errors are errors with the cause's
 * name and stack. The message is constant; the detail travels as a (redacted) field.
 */
function errorReporter(loggers: Loggers): ErrorReporter {
  return (error) => {
    const fields = {
      code: error.code,
      status: error.status,
      detail: error.message,
      errors: error.errors,
      ...error.extensions,
    };
    if (error.status >= 500) loggers.errors.error({ ...fields, err: error.cause ?? error }, 'server error');
    else loggers.errors.warn(fields, 'client error');
  };
}

/** 405 with `Allow` when the path exists under another method, else 404. */
function unmatchedRoute(api: Api): RequestHandler {
  const routes = api.operations.map((op) => ({
    method: op.method.toUpperCase(),
    matches: match(op.path, { decode: false }),
  }));
  return (req, res, next) => {
    const allowed = routes.filter((route) => route.matches(req.path)).map((route) => route.method);
    if (allowed.length > 0) {
      if (allowed.includes('GET')) allowed.push('HEAD');
      res.set('Allow', [...new Set(allowed)].join(', '));
      next(
        new AppError(
          'method_not_allowed',
          `${req.method} is not supported here; use ${allowed.join(' or ')}`,
        ),
      );
      return;
    }
    next(new AppError('route_not_found', `No route for ${req.method} ${req.path}`));
  };
}

export function createApp({
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
}: AppDeps): Express {
  const { collector, control, corsOrigins } = config;
  const service = { title: 'Restaurant API', version };
  const app = express();
  app.disable('x-powered-by');

  const api = new Api({
    control: adminGuard(control),
    faults: scenarioFaults(scenarios, chance.random('faults')),
    idempotent: (handler) => idempotent(store.idempotency, clock, handler),
  });
  registerSystemRoutes(api, { database: { description: store.database, ping: () => store.ping() }, service });
  registerMenuRoutes(api, domain);
  registerOrderRoutes(api, domain);
  registerPaymentRoutes(api, domain);
  registerReservationRoutes(api, domain);
  registerEventRoutes(api, domain);
  registerOtelRoutes(api, collector, clock);
  registerTrafficRoutes(api, traffic);
  registerLogRoutes(api, loggers, clock);
  registerScenarioRoutes(api, scenarios);
  registerWebRoutes(api, config, version);
  registerLiveRoutes(api, { live, kitchen: domain.kitchen });

  app.use(correlation(chance.ids('ids'), () => scenarios.activeNames()));
  app.use(requestLog(loggers, requests, config.logging.slowRequestMs, clock));
  app.use(securityHeaders());
  app.use(corsPolicy(corsOrigins));
  app.use(requireHostHeader());
  app.use(webPages({ dir: builtWebDir(), otlpTracesUrl: config.web.otlpTracesUrl }));
  // Each operation's own rules (guard, faults, idempotency, body) run in its route: see Api.
  app.use(api.router);
  app.use(unmatchedRoute(api));
  app.use(errorHandler(errorReporter(loggers)));
  return app;
}
