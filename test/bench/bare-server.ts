import express from 'express';
import { NO_HOOKS, openStore } from '../../src/store';
import { tempDir } from '../helpers/test-app';

/**
 * The ceiling for this stack: plain Express serving the same menu JSON from memory, with no
 * correlation, validation, logging or telemetry.
 */
async function main(): Promise<void> {
  const store = await openStore(
    { databaseUrl: undefined, dataDir: tempDir('bench-bare'), poolSize: 1 },
    NO_HOOKS,
  );
  const menu = await store.menu.list();
  const app = express();
  app.get('/api/menu', (_req, res) => {
    res.json(menu);
  });
  const server = app.listen(0, '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    process.stdout.write(`restaurant-app listening on http://127.0.0.1:${port}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

void main();
