/**
 * Preloaded with `node --require ./dist/otel/register.js`, before express, http or pino are
 * loaded, so the instrumentations can patch them. With OTEL_SDK_DISABLED=true the SDK is not
 * even loaded.
 */
if (process.env.OTEL_SDK_DISABLED?.trim().toLowerCase() !== 'true') {
  try {
    // A plain require keeps the SDK out of the process when it is disabled.
    (require('./sdk') as typeof import('./sdk')).startTelemetry();
  } catch (error) {
    // A setting the user can fix: one line naming it, as the app's own settings do.
    const { TelemetryConfigError } = require('./env') as typeof import('./env');
    if (!(error instanceof TelemetryConfigError)) throw error;
    process.stderr.write(`restaurant-app failed to start: ${error.message}\n`);
    process.exit(1);
  }
}
