import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { orderBody } from '../helpers/factories';
import { readJsonLines } from '../helpers/logs';
import { track } from '../helpers/processes';
import { postJson } from '../helpers/server-process';
import { eventually, tempDir } from '../helpers/test-app';

const ROOT = path.join(__dirname, '..', '..');

describe('npm run demo', () => {
  test('when Ctrl-C reaches the demo, then the app stops first and its last spans reach the collector before it stops', async () => {
    const logDir = tempDir('logs');
    const outputDir = tempDir('otelcol-output');
    // Its own process group, as a terminal's foreground job: Ctrl-C signals the whole group.
    const demo = spawn('bash', [path.join(ROOT, 'collector', 'demo.sh')], {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        LOG_DIR: logDir,
        DATA_DIR: tempDir('data'),
        MEZMO_MODE: 'local',
        OTELCOL_STORAGE_DIR: tempDir('otelcol-storage'),
        OTELCOL_OUTPUT_DIR: outputDir,
        // Spans leave only with the final flush at shutdown: the collector must still be there.
        OTEL_BSP_SCHEDULE_DELAY: '600000',
      },
    });
    track(demo);
    let output = '';
    demo.stdout?.on('data', (chunk) => {
      output += chunk;
    });
    demo.stderr?.on('data', (chunk) => {
      output += chunk;
    });
    const exited = once(demo, 'close');
    try {
      await eventually(() => (output.includes('listening on') ? true : undefined), 120_000);
      const order = await postJson('http://127.0.0.1:3001', '/api/orders', orderBody());
      expect(order.status).toBe(201);
      const traceId = order.headers.get('x-trace-id') ?? '';

      process.kill(-(demo.pid as number), 'SIGINT');
      await exited;
      expect(output).toContain('demo stopped');

      const stopped = readJsonLines(logDir, 'app.log').find((line) => line.msg === 'stopped');
      expect(stopped?.telemetry).toBe('flushed');
      const traces = fs.readFileSync(path.join(outputDir, 'traces.jsonl'), 'utf8');
      expect(traces).toContain(traceId);
      // The collector stopped too, after the app.
      await expect(fetch('http://localhost:13133/')).rejects.toThrow();
    } finally {
      if (demo.exitCode === null) process.kill(-(demo.pid as number), 'SIGTERM');
    }
  });
});
