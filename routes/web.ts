import type { Config } from '../src/config';
import { type Api, ok } from '../src/http/api';
import { journeyKinds } from '../src/schemas/traffic';
import { webConfig } from '../src/schemas/web';

export function registerWebRoutes(api: Api, config: Pick<Config, 'web' | 'control'>, version: string): void {
  const settings = {
    otlpTracesUrl: config.web.otlpTracesUrl,
    serviceVersion: version,
    adminTokenRequired: config.control.adminToken !== undefined,
    journeyKinds: [...journeyKinds],
  };
  api.add(
    {
      method: 'get',
      path: '/api/web/config',
      operationId: 'webConfig',
      summary:
        "The browser pages' run-time settings: where their spans go, whether the controls need a token",
      tag: 'system',
      // Read by every page as it starts: never faulted, so a scenario cannot switch tracing off.
      access: 'probe',
      responses: { 200: { description: 'The settings', schema: webConfig } },
    },
    () => ok(settings),
  );
}
