import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { startCollector } from '../helpers/collector-process';
import { MezmoStandIn } from '../helpers/mezmo-stand-in';
import { spawnServer } from '../helpers/server-process';
import { eventually, tempDir } from '../helpers/test-app';

const run = promisify(execFile);
const GUIDE = path.join(__dirname, '..', '..', 'TROUBLESHOOTING.md');

/** Every command of the guide's bash blocks, without comments. */
function guideCommands(): string[] {
  const text = fs.readFileSync(GUIDE, 'utf8');
  return [...text.matchAll(/```bash\n([\s\S]*?)```/g)].flatMap(([, block = '']) =>
    block.split('\n').filter((line) => line.trim() !== '' && !line.trim().startsWith('#')),
  );
}

describe('TROUBLESHOOTING.md', () => {
  test('when the collector and the app run as `npm run collector` and `npm start` run them in pipeline mode, then every command in the guide works and finds what it looks for', async () => {
    const commands = guideCommands();
    expect(commands.length).toBeGreaterThanOrEqual(12);
    const logDir = tempDir('logs');
    const standIn = await MezmoStandIn.start({
      'src-logs': { signal: 'logs', key: 'troubleshooting-logs-key' },
      'src-metrics': { signal: 'metrics', key: 'troubleshooting-metrics-key' },
      'src-traces': { signal: 'traces', key: 'troubleshooting-traces-key' },
    });
    const collector = await startCollector({
      MEZMO_MODE: 'pipeline',
      MEZMO_PIPELINE_URL: standIn.url,
      MEZMO_LOGS_PIPELINE_ID: 'src-logs',
      MEZMO_LOGS_INGESTION_KEY: 'troubleshooting-logs-key',
      MEZMO_METRICS_PIPELINE_ID: 'src-metrics',
      MEZMO_METRICS_INGESTION_KEY: 'troubleshooting-metrics-key',
      MEZMO_TRACES_PIPELINE_ID: 'src-traces',
      MEZMO_TRACES_INGESTION_KEY: 'troubleshooting-traces-key',
      LOG_DIR: logDir,
      OTELCOL_STORAGE_DIR: tempDir('otelcol-storage'),
      HOSTMETRICS_INTERVAL: '1s',
    });
    const server = await spawnServer({
      LOG_DIR: logDir,
      DATA_DIR: tempDir('data'),
      PORT: '3001',
      OTEL_SDK_DISABLED: 'false',
      OTEL_BSP_SCHEDULE_DELAY: '200',
      OTEL_METRIC_EXPORT_INTERVAL: '1000',
    });
    try {
      await fetch(`${server.baseUrl}/api/menu`);
      // Wait until spans, metrics and log lines have all been exported once.
      await eventually(async () => {
        const text = await (await fetch('http://localhost:8888/metrics')).text();
        return ['sent_log_records', 'sent_spans', 'sent_metric_points'].every((name) =>
          new RegExp(`^otelcol_exporter_${name}\\{exporter="otlp_http/`, 'm').test(text),
        )
          ? true
          : undefined;
      }, 30_000);
      for (const command of commands) {
        const { stdout } = await run('bash', ['-o', 'pipefail', '-c', command], {
          env: { ...process.env, LOG_DIR: logDir },
        }).catch((error: { code?: number; stderr?: string }) => {
          throw new Error(`\`${command}\` failed (${error.code}): ${error.stderr}`);
        });
        // A search that finds nothing fails above (grep's exit code); the others must print something.
        if (!command.startsWith('awk'))
          expect({ command, printed: stdout.trim() !== '' }).toEqual({ command, printed: true });
      }
    } finally {
      await server.stop();
      await collector.stop();
      await standIn.close();
    }
  });
});
