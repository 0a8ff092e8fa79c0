import { type Api, ok } from '../src/http/api';
import type { LiveFigures } from '../src/monitoring/live-figures';
import { liveFigures } from '../src/schemas/live';

export function registerLiveRoutes(
  api: Api,
  deps: { live: LiveFigures; kitchen: { readonly queueDepth: number; readonly inProgress: number } },
): void {
  api.add(
    {
      method: 'get',
      path: '/api/live',
      operationId: 'liveFigures',
      summary:
        'The last two minutes in two-second points (requests per second, error rate, p95 latency, orders and revenue per minute), the latest requests and the kitchen',
      tag: 'system',
      // The control room watches it through an error burst: never faulted itself.
      access: 'probe',
      responses: { 200: { description: 'The figures', schema: liveFigures } },
    },
    () =>
      ok({
        ...deps.live.snapshot(),
        kitchen: { queueDepth: deps.kitchen.queueDepth, inProgress: deps.kitchen.inProgress },
      }),
  );
}
