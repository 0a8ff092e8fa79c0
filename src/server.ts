import type { Server, ServerResponse } from 'node:http';
import { type Config, ConfigError, loadConfig } from './config';
import { createRuntime, type Runtime } from './runtime';

/** Starts the API and owns its shutdown: stop accepting, finish in-flight requests, flush. */
function main(): void {
  let config: Config;
  let runtime: Runtime;
  try {
    config = loadConfig();
    runtime = createRuntime(config);
  } catch (error) {
    const known = error instanceof ConfigError || (error as Error).name === 'LogDirError';
    process.stderr.write(
      `restaurant-app failed to start: ${known ? (error as Error).message : String((error as Error).stack)}\n`,
    );
    process.exit(1);
  }
  const { loggers } = runtime;

  const server: Server = runtime.app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    loggers.app.info({ host: config.host, port, nodeEnv: config.nodeEnv }, 'listening');
    process.stdout.write(`restaurant-app listening on http://${config.host}:${port}\n`);
  });
  server.on('error', (error) => {
    process.stderr.write(`restaurant-app cannot listen on ${config.host}:${config.port}: ${error.message}\n`);
    runtime.close();
    process.exit(1);
  });

  // Responses still being written when shutdown starts close their connection, so keep-alive
  // clients do not hold the server open until their idle timeout.
  let stopping = false;
  const inFlight = new Set<ServerResponse>();
  server.on('request', (_req, res: ServerResponse) => {
    if (stopping) res.setHeader('Connection', 'close');
    inFlight.add(res);
    res.once('close', () => inFlight.delete(res));
  });

  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    loggers.app.info({ signal }, 'shutting down');
    const deadline = setTimeout(() => {
      loggers.app.warn({ timeoutMs: config.shutdownTimeoutMs }, 'in-flight requests did not finish in time');
      server.closeAllConnections();
    }, config.shutdownTimeoutMs);
    deadline.unref();
    server.close(() => {
      clearTimeout(deadline);
      loggers.app.info('stopped');
      runtime.close();
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main();
