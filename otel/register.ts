/**
 * Preloaded with `node --require ./dist/otel/register.js`, before express, http or pino are
 * loaded, so the instrumentations can patch them. With OTEL_SDK_DISABLED=true the SDK is not
 * even loaded.
 */
if (process.env.OTEL_SDK_DISABLED?.trim().toLowerCase() !== 'true') {
  // A plain require keeps the SDK out of the process when it is disabled.
  (require('./sdk') as typeof import('./sdk')).startTelemetry();
}
