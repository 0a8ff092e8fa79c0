import fs from 'node:fs';
import path from 'node:path';
import { parseExporterMetrics } from '../src/monitoring/collector-status';
import { OtlpReceiver } from './helpers/otlp-receiver';
import { startTestApp } from './helpers/test-app';

describe('GET /api/otel/status', () => {
  test('when the collector is not running, then the status says so clearly, with the mode', async () => {
    const closed = await OtlpReceiver.start();
    const url = closed.url;
    await closed.close();
    const t = await startTestApp({
      MEZMO_MODE: 'pipeline',
      COLLECTOR_HEALTH_URL: `${url}/`,
      COLLECTOR_METRICS_URL: `${url}/metrics`,
    });
    try {
      const res = await t.http.get('/api/otel/status').expect(200);
      expect(res.body).toMatchObject({
        mode: 'pipeline',
        collector: {
          reachable: false,
          error: 'ECONNREFUSED',
          hint: expect.stringContaining('npm run collector'),
        },
        exporters: [],
      });
    } finally {
      await t.close();
    }
  });

  test("when the collector's internal metrics are read, then records sent and failed come out per exporter and signal", () => {
    // Captured from the built collector's :8888/metrics in local mode.
    const text = fs.readFileSync(path.join(__dirname, 'fixtures', 'otelcol-internal-metrics.txt'), 'utf8');
    expect(parseExporterMetrics(text)).toEqual([
      { exporter: 'debug', signal: 'logs', sent: 28, failed: 0 },
      { exporter: 'debug', signal: 'metrics', sent: 85, failed: 0 },
      { exporter: 'file/logs', signal: 'logs', sent: 28, failed: 0 },
      { exporter: 'file/metrics', signal: 'metrics', sent: 85, failed: 0 },
    ]);
    expect(
      parseExporterMetrics(
        'otelcol_exporter_send_failed_spans_total{exporter="otlp_http/mezmo_traces",otel_scope_name="x"} 3\n' +
          'otelcol_exporter_sent_spans_total{exporter="otlp_http/mezmo_traces"} 7',
      ),
    ).toEqual([{ exporter: 'otlp_http/mezmo_traces', signal: 'traces', sent: 7, failed: 3 }]);
  });
});
