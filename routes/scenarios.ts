import { guardedResponses } from '../src/http/admin-guard';
import { type Api, ok } from '../src/http/api';
import type { ScenarioEngine } from '../src/scenarios/engine';
import { problem } from '../src/schemas/common';
import { scenarioParams, scenarioStartBody, scenarioState } from '../src/schemas/scenarios';

/** Failure scenarios. Protected by the admin guard (see createApp). */
export function registerScenarioRoutes(api: Api, scenarios: ScenarioEngine): void {
  api.add(
    {
      method: 'get',
      path: '/api/scenarios',
      operationId: 'listScenarios',
      summary: 'Every scenario, with the active ones, their intensity and time left',
      tag: 'controls',
      responses: { 200: { description: 'Scenarios', schema: scenarioState.array() }, ...guardedResponses },
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
      responses: { 200: { description: 'Scenarios', schema: scenarioState.array() }, ...guardedResponses },
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
      params: scenarioParams,
      body: scenarioStartBody,
      responses: {
        200: { description: 'The scenario, now active', schema: scenarioState },
        400: { description: 'Invalid duration or intensity', schema: problem },
        404: { description: 'No such scenario', schema: problem },
        ...guardedResponses,
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
      params: scenarioParams,
      responses: {
        200: { description: 'The scenario', schema: scenarioState },
        404: { description: 'No such scenario', schema: problem },
        ...guardedResponses,
      },
    },
    ({ params }) => ok(scenarios.stop(params.name)),
  );
}
