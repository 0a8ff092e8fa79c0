import { createServer, type Server, type ServerResponse } from 'node:http';
import { LogDirError } from '../loggers';
import { shutdownTelemetry } from '../otel/lifecycle';
import { ConfigError, loadConfig } from './config';
import { createRuntime, type Runtime } from './runtime';
import { DatabaseUrlError, DataDirError } from './store';

function fail(message: string): never {
  process.stderr.write(`restaurant-app failed to start: ${message}\n`);
  process.exit(1);
}

async function start(): Promise<Runtime> {
  try {
    return await createRuntime(loadConfig());
  } catch (error) {
    // Settings the user can fix get one line naming the variable; anything else, the whole story.
    if (
      error instanceof ConfigError ||
      error instanceof LogDirError ||
      error instanceof DataDirError ||
      error instanceof DatabaseUrlError
    ) {
      fail(error.message);
    }
    fail(String((error as Error).stack ?? error));
  }
}

/** Starts the API and owns its shutdown: stop accepting, finish in-flight requests, flush. */
async function main(): Promise<void> {
  const runtime = await start();
  const { config, loggers } = runtime;

  // A fault nobody caught: record it, with everything buffered, before the process dies.
  process.on('uncaughtException', (error) => {
    loggers.errors.fatal({ err: error }, 'uncaught exception');
    loggers.flushSync();
    process.exit(1);
  });
  // A promise nobody awaited failed: record it; the request it belonged to has been answered.
  process.on('unhandledRejection', (reason) => {
    loggers.errors.error(
      { err: reason instanceof Error ? reason : new Error(String(reason)) },
      'unhandled rejection',
    );
  });
  // logrotate moved the files: write to new ones at the same paths.
  process.on('SIGHUP', () => {
    loggers.app.info('reopening log files');
    loggers.reopen();
  });

  // A request without Host is refused by the app (problem+json), not by Node with an empty 400.
  const server: Server = createServer({ requireHostHeader: false }, runtime.app);
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    loggers.app.info({ host: config.host, port }, 'listening');
    process.stdout.write(`restaurant-app listening on http://${config.host}:${port}\n`);
    if (config.control.adminTokenGenerated) {
      // Standard output only: the log files go to pipelines, and scrub the token anyway.
      process.stdout.write(
        `restaurant-app controls need: Authorization: Bearer ${config.control.adminToken} (set ADMIN_TOKEN to choose it)\n`,
      );
    }
    // Virtual users call the app the way clients do, over loopback when it listens everywhere.
    const selfHost = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    runtime.listening(`http://${selfHost.includes(':') ? `[${selfHost}]` : selfHost}:${port}`);
  });
  server.on('clientError', runtime.rawAnswers.onClientError);
  server.on('connect', runtime.rawAnswers.onConnect);
  server.on('error', async (error) => {
    loggers.app.fatal({ err: error, host: config.host, port: config.port }, 'cannot listen');
    await runtime.close();
    fail(`cannot listen on ${config.host}:${config.port}: ${error.message}`);
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
    loggers.app.info({ signal, inFlight: inFlight.size }, 'shutting down');
    // No new virtual users against a server that is leaving; those under way are cut short below.
    runtime.traffic.stop();
    for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    const deadlineAt = Date.now() + config.shutdownTimeoutMs;
    const deadline = setTimeout(() => {
      loggers.app.warn({ timeoutMs: config.shutdownTimeoutMs }, 'in-flight requests did not finish in time');
      server.closeAllConnections();
    }, config.shutdownTimeoutMs);
    deadline.unref();
    server.close(async () => {
      clearTimeout(deadline);
      // The last spans and metrics go out before the logs close; a dead collector cannot hold the exit.
      const telemetry = await shutdownTelemetry(Math.max(1000, deadlineAt - Date.now()));
      loggers.app.info({ telemetry }, 'stopped');
      await runtime.close();
      process.exit(0);
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

void main();
