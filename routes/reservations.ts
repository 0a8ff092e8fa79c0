import type { Domain } from '../src/domain';
import { type Api, created, ok } from '../src/http/api';
import { problem } from '../src/schemas/common';
import {
  createReservationBody,
  listReservationsQuery,
  reservation,
  reservationParams,
} from '../src/schemas/reservations';

export function registerReservationRoutes(api: Api, { reservations }: Domain): void {
  api.add(
    {
      method: 'post',
      path: '/api/reservations',
      operationId: 'createReservation',
      summary: 'Book the smallest free table that seats the party',
      tag: 'reservations',
      database: true,
      body: createReservationBody,
      responses: {
        201: { description: 'The confirmed reservation', schema: reservation },
        400: { description: 'Invalid fields', schema: problem },
        409: { description: 'No table is free for that party at that time', schema: problem },
        422: { description: 'The time is in the past or too far ahead', schema: problem },
      },
    },
    async ({ body }) => created(await reservations.create(body)),
  );

  api.add(
    {
      method: 'get',
      path: '/api/reservations',
      operationId: 'listReservations',
      summary: 'Reservations on a UTC day, or the upcoming ones',
      tag: 'reservations',
      database: true,
      query: listReservationsQuery,
      responses: { 200: { description: 'Reservations by start time', schema: reservation.array() } },
    },
    async ({ query }) => ok(await reservations.list(query)),
  );

  api.add(
    {
      method: 'get',
      path: '/api/reservations/:id',
      operationId: 'getReservation',
      summary: 'Get one reservation',
      tag: 'reservations',
      database: true,
      params: reservationParams,
      responses: {
        200: { description: 'The reservation', schema: reservation },
        404: { description: 'No such reservation', schema: problem },
      },
    },
    async ({ params }) => ok(await reservations.get(params.id)),
  );

  api.add(
    {
      method: 'delete',
      path: '/api/reservations/:id',
      operationId: 'cancelReservation',
      summary: 'Cancel a reservation; cancelling twice is not an error',
      tag: 'reservations',
      database: true,
      params: reservationParams,
      responses: {
        200: { description: 'The cancelled reservation', schema: reservation },
        404: { description: 'No such reservation', schema: problem },
      },
    },
    async ({ params }) => ok(await reservations.cancel(params.id)),
  );
}
