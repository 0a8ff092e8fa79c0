import fs from 'node:fs';
import path from 'node:path';
import { parseCollectorMetrics } from '../src/monitoring/collector-status';
import { OtlpReceiver } from './helpers/otlp-receiver';
import { startTestApp } from './helpers/test-app';

describe('GET /api/otel/status', () => {
  test('when the collector is not running, then the status says so clearly, and claims no mode', async () => {
    const closed = await OtlpReceiver.start();
    const url = closed.url;
    await closed.close();
    const t = await startTestApp({
      COLLECTOR_HEALTH_URL: `${url}/`,
      COLLECTOR_METRICS_URL: `${url}/metrics`,
    });
    const res = await t.http.get('/api/otel/status').expect(200);
    expect(res.body).toMatchObject({
      mode: null,
      collector: {
        reachable: false,
        error: 'ECONNREFUSED',
        hint: expect.stringContaining('npm run collector'),
      },
      exporters: [],
    });
  });

  test("when the collector's internal metrics are read during an outage, then every exporter appears with its queue and requests in flight, and the mode is the collector's", () => {
    // Captured from the built collector's :8888/metrics in pipeline mode (logs and traces
    // configured) while the pipeline endpoint refused connections.
    const text = fs.readFileSync(path.join(__dirname, 'fixtures', 'otelcol-internal-metrics.txt'), 'utf8');
    const none = { sent: 0, failed: 0, queueSize: null, queueCapacity: null, inFlight: 0 };
    expect(parseCollectorMetrics(text)).toEqual({
      mode: 'pipeline',
      exporters: [
        { exporter: 'debug', signal: 'logs', ...none, sent: 51 },
        { exporter: 'debug', signal: 'metrics', ...none, sent: 354 },
        { exporter: 'file/debug_logs', signal: 'logs', ...none, sent: 51 },
        {
          exporter: 'otlp_http/mezmo_logs',
          signal: 'logs',
          ...none,
          queueSize: 6,
          queueCapacity: 5000,
          inFlight: 1,
        },
        { exporter: 'otlp_http/mezmo_traces', signal: 'traces', ...none, queueSize: 0, queueCapacity: 5000 },
      ],
    });
  });

  test('when counters carry a _total suffix and other labels, then they still count per exporter and signal', () => {
    expect(
      parseCollectorMetrics(
        'otelcol_exporter_send_failed_spans_total{exporter="otlp_http/mezmo_traces",otel_scope_name="x"} 3\n' +
          'otelcol_exporter_sent_spans_total{exporter="otlp_http/mezmo_traces"} 7',
      ),
    ).toEqual({
      mode: null,
      exporters: [
        {
          exporter: 'otlp_http/mezmo_traces',
          signal: 'traces',
          sent: 7,
          failed: 3,
          queueSize: null,
          queueCapacity: null,
          inFlight: 0,
        },
      ],
    });
  });
});
