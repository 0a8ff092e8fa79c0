import type { IncomingMessage } from 'node:http';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { setGlobalErrorHandler } from '@opentelemetry/core';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import packageJson from '../package.json';
import { secretsIn } from '../redaction/secrets';
import { checkTelemetryEnv } from './env';
import { seededIdGenerator } from './ids';
import { reportExportFailure, setTelemetryShutdown } from './lifecycle';
import { redactedRequestAttributes } from './request-attributes';

/** Paths that are probed, not used: no span for them. */
const UNTRACED_PATHS = new Set(['/health', '/ready']);

/**
 * This product's defaults for standard variables, applied only where the environment leaves them
 * unset, so every OTEL_* variable still works as its specification says:
 * - OTLP over HTTP with JSON bodies (exporter-trace-otlp-http), to the local collector;
 * - metrics every 10 s, a demo-friendly pace (the specification's default is 60 s);
 * - resource detectors that add service.instance.id, host, OS and process attributes;
 * - of @opentelemetry/auto-instrumentations-node, incoming and outgoing HTTP (server and client
 *   spans) and the runtime's metrics; the package's others are named in
 *   OTEL_NODE_ENABLED_INSTRUMENTATIONS as its README says (express, undici, fs, …).
 */
const DEFAULTS: Record<string, string> = {
  OTEL_SERVICE_NAME: 'restaurant-app',
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318',
  OTEL_METRIC_EXPORT_INTERVAL: '10000',
  OTEL_NODE_RESOURCE_DETECTORS: 'env,host,os,process,serviceinstance',
  OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'http,runtime-node',
};

export function startTelemetry(env: NodeJS.ProcessEnv = process.env): void {
  checkTelemetryEnv(env);
  for (const [name, value] of Object.entries(DEFAULTS)) if (!env[name]) env[name] = value;
  const redactRequest = redactedRequestAttributes(secretsIn(env));

  const sdk = new NodeSDK({
    // Lowest priority: OTEL_RESOURCE_ATTRIBUTES and OTEL_SERVICE_NAME override these.
    resource: defaultResource().merge(
      resourceFromAttributes({
        [ATTR_SERVICE_NAME]: 'restaurant-app',
        [ATTR_SERVICE_VERSION]: packageJson.version,
        'deployment.environment.name': 'demo',
      }),
    ),
    // RANDOM_SEED makes the ids reproducible along with the app's other chance (src/chance.ts).
    ...(env.RANDOM_SEED ? { idGenerator: seededIdGenerator(env.RANDOM_SEED) } : {}),
    // The collector reads the log files; sending records over OTLP too would deliver them twice.
    logRecordProcessors: [],
    // The package reads OTEL_NODE_ENABLED_INSTRUMENTATIONS and OTEL_NODE_DISABLED_INSTRUMENTATIONS
    // itself; these settings apply to whichever of the named ones run.
    instrumentations: getNodeAutoInstrumentations({
      '@opentelemetry/instrumentation-http': {
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has((req.url ?? '').split('?')[0] ?? ''),
        // Spans leave the host for the collector and Mezmo: no secret or card from the URL goes with them.
        startIncomingSpanHook: (req) => redactRequest(req as IncomingMessage),
      },
      // The loggers write one set of trace fields per line and the collector reads the files:
      // enabled, pino's instrumentation would add a second set and send every line twice.
      '@opentelemetry/instrumentation-pino': { disableLogCorrelation: true, disableLogSending: true },
    }),
  });
  sdk.start();
  setGlobalErrorHandler(reportExportFailure);
  setTelemetryShutdown(() => sdk.shutdown());
}
