import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { spawnServer } from '../helpers/server-process';
import { tempDir } from '../helpers/test-app';

const run = promisify(execFile);
const README = path.join(__dirname, '..', '..', 'README.md');

/** The bash block of the README's "A tour with curl". */
function tour(): string {
  const text = fs.readFileSync(README, 'utf8');
  const section = text.slice(text.indexOf('## A tour with curl'));
  const match = /```bash\n([\s\S]*?)```/.exec(section);
  if (!match?.[1]) throw new Error('the README has no tour');
  return match[1];
}

describe('the README tour', () => {
  test('when it is pasted into bash against `npm start`, then every step answers as the comments say, on any day', async () => {
    const logDir = tempDir('logs');
    const server = await spawnServer({ LOG_DIR: logDir, DATA_DIR: tempDir('data'), PORT: '3001' });
    try {
      const { stdout } = await run('bash', ['-e', '-c', tour()], {
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
