import { type Api, ok } from '../src/http/api';
import { problem } from '../src/schemas/common';
import { trafficStartBody, trafficStatus } from '../src/schemas/traffic';
import type { TrafficControl } from '../src/traffic/control';

/** Virtual users inside the app. Controls: the admin guard protects them (see Access in src/http/api.ts). */
export function registerTrafficRoutes(api: Api, traffic: TrafficControl): void {
  api.add(
    {
      method: 'post',
      path: '/api/traffic/start',
      operationId: 'startTraffic',
      summary: 'Start virtual users against this app',
      tag: 'controls',
      access: 'control',
      body: trafficStartBody,
      responses: {
        202: { description: 'Started', schema: trafficStatus },
        400: { description: 'Invalid settings', schema: problem },
        409: {
          description:
            'Virtual users are already running (traffic_running), or still finishing their journeys after a stop (traffic_finishing, with Retry-After)',
          schema: problem,
        },
      },
    },
    ({ body: { durationSeconds, ...settings } }) => ({
      status: 202,
      body: traffic.start({
        ...settings,
        ...(durationSeconds ? { durationMs: durationSeconds * 1000 } : {}),
      }),
    }),
  );

  api.add(
    {
      method: 'post',
      path: '/api/traffic/stop',
      operationId: 'stopTraffic',
      summary: 'Stop starting journeys; those under way finish (state: finishing until they have)',
      tag: 'controls',
      access: 'control',
      responses: { 200: { description: 'Stopping', schema: trafficStatus } },
    },
    () => ok(traffic.stop()),
  );

  api.add(
    {
      method: 'get',
      path: '/api/traffic',
      operationId: 'trafficStatus',
      summary: 'Whether virtual users run, their settings and counts',
      tag: 'controls',
      access: 'control',
      responses: { 200: { description: 'Status', schema: trafficStatus } },
    },
    () => ok(traffic.status()),
  );
}
