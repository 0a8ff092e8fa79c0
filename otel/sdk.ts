import type { IncomingMessage } from 'node:http';
import { setGlobalErrorHandler } from '@opentelemetry/core';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { RuntimeNodeInstrumentation } from '@opentelemetry/instrumentation-runtime-node';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from '@opentelemetry/semantic-conventions';
import packageJson from '../package.json';
import { secretsIn } from '../src/config';
import { checkTelemetryEnv } from './env';
import { reportExportFailure, setTelemetryShutdown } from './lifecycle';
import { redactedRequestAttributes } from './request-attributes';

/** Paths that are probed, not used: no span for them. */
const UNTRACED_PATHS = new Set(['/health', '/ready']);

/**
 * This product's defaults for standard variables, applied only where the environment leaves them
 * unset, so every OTEL_* variable still works as its specification says:
 * - OTLP over HTTP with JSON bodies (exporter-trace-otlp-http), to the local collector;
 * - metrics every 10 s, a demo-friendly pace (the specification's default is 60 s);
 * - resource detectors that add service.instance.id, host, OS and process attributes.
 */
const DEFAULTS: Record<string, string> = {
  OTEL_SERVICE_NAME: 'restaurant-app',
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  OTEL_EXPORTER_OTLP_ENDPOINT: 'http://localhost:4318',
  OTEL_METRIC_EXPORT_INTERVAL: '10000',
  OTEL_NODE_RESOURCE_DETECTORS: 'env,host,os,process,serviceinstance',
};

/**
 * The instrumentations, less those named in OTEL_NODE_DISABLED_INSTRUMENTATIONS (`runtime-node`),
 * the variable and names of @opentelemetry/auto-instrumentations-node.
 */
function enabledInstrumentations(
  env: NodeJS.ProcessEnv,
  all: Record<string, () => Instrumentation>,
): Instrumentation[] {
  const disabled = new Set(
    (env.OTEL_NODE_DISABLED_INSTRUMENTATIONS ?? '').split(',').map((name) => name.trim()),
  );
  return Object.entries(all)
    .filter(([name]) => !disabled.has(name))
    .map(([, create]) => create());
}

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
    // The collector reads the log files; sending records over OTLP too would deliver them twice.
    logRecordProcessors: [],
    instrumentations: enabledInstrumentations(env, {
      http: () =>
        new HttpInstrumentation({
          ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has((req.url ?? '').split('?')[0] ?? ''),
          // Spans leave the host for the collector and Mezmo: no secret or card from the URL goes with them.
          startIncomingSpanHook: (req) => redactRequest(req as IncomingMessage),
        }),
      'runtime-node': () => new RuntimeNodeInstrumentation(),
    }),
  });
  sdk.start();
  setGlobalErrorHandler(reportExportFailure);
  setTelemetryShutdown(() => sdk.shutdown());
}
