import type { Clock } from '../src/clock';
import type { Config } from '../src/config';
import { type Api, ok } from '../src/http/api';
import { collectorStatus } from '../src/monitoring/collector-status';
import { collectorStatusSchema } from '../src/schemas/otel';

export function registerOtelRoutes(api: Api, collector: Config['collector'], clock: Clock): void {
  api.add(
    {
      method: 'get',
      path: '/api/otel/status',
      operationId: 'otelStatus',
      summary: "The collector's health, records sent and failed per exporter and signal, and the active mode",
      tag: 'system',
      access: 'probe',
      responses: {
        200: {
          description: 'The status; `collector.reachable` is false when it is not running',
          schema: collectorStatusSchema,
        },
      },
    },
    async () => ok(await collectorStatus(collector, clock.now())),
  );
}
