import type { Domain } from '../src/domain';
import type { Api } from '../src/http/api';
import { problem } from '../src/schemas/common';
import { clientEventBody, eventAccepted } from '../src/schemas/events';

export function registerEventRoutes(api: Api, { journeys }: Domain): void {
  api.add(
    {
      method: 'post',
      path: '/api/events',
      operationId: 'recordJourneyEvent',
      summary: "Record a client journey event in events.log, with the caller's session",
      tag: 'events',
      body: clientEventBody,
      responses: {
        202: { description: 'Recorded', schema: eventAccepted },
        400: { description: 'Invalid fields', schema: problem },
        422: { description: 'Not a known journey event', schema: problem },
      },
    },
    ({ body }) => ({ status: 202, body: { accepted: true, ...journeys.record(body) } }),
  );
}
