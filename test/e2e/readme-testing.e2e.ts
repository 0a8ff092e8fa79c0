import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { readmeBlock } from '../helpers/readme';
import { spawnServer } from '../helpers/server-process';
import { tempDir } from '../helpers/test-app';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '..', '..');

describe("the README's sample test", () => {
  test('when it runs with jest against a running app, importing restaurant-telemetry-app/testing as another project would, then it passes', async () => {
    const logDir = tempDir('logs');
    const server = await spawnServer({ LOG_DIR: logDir, DATA_DIR: tempDir('data') });
    // Inside the package, so the import resolves through package.json's exports, as it does
    // for a project that installed this one.
    const dir = fs.mkdtempSync(path.join(__dirname, 'readme-sample-'));
    const file = path.join(dir, 'sample.e2e.ts');
    fs.writeFileSync(file, readmeBlock('### Reading the files back in a test', 'ts'));
    try {
      const { stderr } = await run(
        process.execPath,
        [require.resolve('jest/bin/jest'), '-c', 'jest.e2e.config.js', '--runTestsByPath', file],
        { cwd: ROOT, env: { ...process.env, APP_URL: server.baseUrl, LOG_DIR: logDir } },
      );
      expect(stderr).toMatch(/Tests:\s+1 passed, 1 total/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    expect(await server.stop()).toBe(0);
  });
});
