import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readmeBlock } from '../helpers/readme';
import { spawnServer } from '../helpers/server-process';
import { tempDir } from '../helpers/test-app';

const run = promisify(execFile);
describe('the README tour', () => {
  test('when it is pasted into bash against `npm start`, then every step answers as the comments say, on any day', async () => {
    const logDir = tempDir('logs');
    const server = await spawnServer({ LOG_DIR: logDir, DATA_DIR: tempDir('data'), PORT: '3001' });
    try {
      const { stdout } = await run('bash', ['-e', '-c', readmeBlock('## A tour with curl', 'bash')], {
        env: { ...process.env, LOG_DIR: logDir },
      });
      expect(stdout).toContain('"status":"pending_payment"');
      expect(stdout).toContain('"status":"authorized"');
      expect(stdout).toMatch(/^(paid|preparing|ready|completed)$/m);
      expect(stdout).toContain('"declineReason":"insufficient_funds"');
      expect(stdout).toContain('"status":"confirmed"');
      expect(stdout).toContain('"status":"cancelled"');
      expect(stdout).toContain('X-Trace-Id: 4bf92f3577b34da6a3ce929d0e0e4736');
      // The correlation ids are found in the files: the access line and the performance record.
      expect(stdout.split('\n').filter((line) => line.includes('requestId=demo-1'))).toHaveLength(1);
      expect(stdout.split('\n').filter((line) => line.includes('"requestId":"demo-1"'))).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });
});
