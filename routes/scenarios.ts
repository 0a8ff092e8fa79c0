import { type Api, ok } from '../src/http/api';
import type { ScenarioEngine } from '../src/scenarios/engine';
import { problem } from '../src/schemas/common';
import { scenarioParams, scenarioStartBody, scenarioState } from '../src/schemas/scenarios';

/** Failure scenarios. Controls: the admin guard protects them (see Access in src/http/api.ts). */
export function registerScenarioRoutes(api: Api, scenarios: ScenarioEngine): void {
  api.add(
    {
      method: 'get',
      path: '/api/scenarios',
      operationId: 'listScenarios',
      summary: 'Every scenario, with the active ones, their intensity and time left',
      tag: 'controls',
      access: 'control',
      responses: { 200: { description: 'Scenarios', schema: scenarioState.array() } },
    },
    () => ok(scenarios.list()),
  );

  api.add(
    {
      method: 'post',
      path: '/api/scenarios/stop-all',
      operationId: 'stopAllScenarios',
      summary: 'Stop every active scenario',
      tag: 'controls',
      access: 'control',
      responses: { 200: { description: 'Scenarios', schema: scenarioState.array() } },
    },
    () => ok(scenarios.stopAll()),
  );

  api.add(
    {
      method: 'post',
      path: '/api/scenarios/:name/start',
      operationId: 'startScenario',
      summary: 'Start (or restart) a scenario for 10 to 600 seconds at an intensity from 0 to 1',
      tag: 'controls',
      access: 'control',
      params: scenarioParams,
      body: scenarioStartBody,
      responses: {
        200: { description: 'The scenario, now active', schema: scenarioState },
        400: { description: 'Invalid duration or intensity', schema: problem },
        404: { description: 'No such scenario', schema: problem },
      },
    },
    ({ params, body }) => ok(scenarios.start(params.name, body.durationSeconds * 1000, body.intensity)),
  );

  api.add(
    {
      method: 'post',
      path: '/api/scenarios/:name/stop',
      operationId: 'stopScenario',
      summary: 'Stop a scenario (stopping an inactive one is not an error)',
      tag: 'controls',
      access: 'control',
      params: scenarioParams,
      responses: {
        200: { description: 'The scenario', schema: scenarioState },
        404: { description: 'No such scenario', schema: problem },
      },
    },
    ({ params }) => ok(scenarios.stop(params.name)),
  );
}
