import { type Context, context } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { DocumentLoadInstrumentation } from '@opentelemetry/instrumentation-document-load';
import { FetchInstrumentation } from '@opentelemetry/instrumentation-fetch';
import { UserInteractionInstrumentation } from '@opentelemetry/instrumentation-user-interaction';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  type Span,
  type SpanProcessor,
  WebTracerProvider,
} from '@opentelemetry/sdk-trace-web';
import { API_ORIGIN } from './api';
import { sessionId } from './session';

/** What the app tells the page at run time (GET /api/web/config). */
export interface WebConfig {
  /** Where spans go; null when browser telemetry is off. */
  otlpTracesUrl: string | null;
  serviceVersion: string;
  adminTokenRequired: boolean;
  journeyKinds: string[];
}

/** Every browser span carries the session id, as the server's lines do. */
const sessionSpans: SpanProcessor = {
  onStart: (span: Span) => span.setAttribute('session.id', sessionId),
  onEnd: () => {},
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
};

/**
 * Browser tracing: page load, clicks and every fetch, exported over OTLP/HTTP to the collector
 * through CORS. The API is same-origin, so the fetch instrumentation sends `traceparent` on
 * every call and the server's span is the child of the browser's. A collector that is down costs
 * the page nothing visible: the exporter drops what it cannot send.
 */
function startTelemetry(config: WebConfig, untraced: RegExp[]): void {
  if (!config.otlpTracesUrl) return;
  const provider = new WebTracerProvider({
    resource: resourceFromAttributes({
      'service.name': 'restaurant-web',
      'service.version': config.serviceVersion,
      'deployment.environment.name': 'demo',
    }),
    spanProcessors: [
      sessionSpans,
      new BatchSpanProcessor(new OTLPTraceExporter({ url: config.otlpTracesUrl }), {
        scheduledDelayMillis: 1000,
      }),
    ],
  });
  provider.register();
  registerInstrumentations({
    instrumentations: [
      new DocumentLoadInstrumentation(),
      new UserInteractionInstrumentation({ eventNames: ['click', 'submit'] }),
      new FetchInstrumentation({
        // The exporter's own requests are not traced, nor what the page polls.
        ignoreUrls: [new RegExp(`^${escapeRegExp(config.otlpTracesUrl)}`), ...untraced],
        clearTimingResources: true,
        // Same-origin calls carry traceparent anyway; a dev server's calls to the app need it named.
        propagateTraceHeaderCorsUrls: API_ORIGIN ? [new RegExp(`^${escapeRegExp(API_ORIGIN)}/`)] : [],
      }),
    ],
  });
  addEventListener('pagehide', () => void provider.forceFlush());
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The context of the user action under way (a click span), captured when the handler starts, so
 * the API calls it makes after an `await` still join its trace.
 */
export function currentAction(): Context {
  return context.active();
}

const FALLBACK: WebConfig = {
  otlpTracesUrl: null,
  serviceVersion: '',
  adminTokenRequired: false,
  journeyKinds: [],
};

/**
 * Reads the app's run-time settings and starts browser tracing; the page renders either way.
 * `untraced`: URLs the page polls, whose fetches would bury the visitor's actions.
 */
export async function boot(untraced: RegExp[] = []): Promise<WebConfig> {
  try {
    const res = await fetch(`${API_ORIGIN}/api/web/config`);
    if (!res.ok) return FALLBACK;
    const config = (await res.json()) as WebConfig;
    startTelemetry(config, untraced);
    return config;
  } catch {
    return FALLBACK;
  }
}
