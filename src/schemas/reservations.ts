import { z } from 'zod';
import { email, idParam, phone, queryInteger, text, timestamp } from './common';

export const MAX_PARTY_SIZE = 20;
export const BOOKING_HORIZON_DAYS = 60;

export const createReservationBody = z.strictObject({
  name: text(100),
  email,
  phone: phone.optional(),
  partySize: z.number().int().min(1).max(MAX_PARTY_SIZE),
  time: z.iso
    .datetime({ offset: true })
    .meta({ description: `ISO 8601 date-time, in the future and within ${BOOKING_HORIZON_DAYS} days` }),
  notes: text(500).optional(),
});
export type CreateReservationInput = z.output<typeof createReservationBody>;

export const reservation = z.object({
  id: z.string(),
  status: z.enum(['confirmed', 'cancelled']),
  name: z.string(),
  email: z.string(),
  phone: z.string().nullable(),
  partySize: z.number().int(),
  time: timestamp,
  endsAt: timestamp,
  tableId: z.string(),
  tableSeats: z.number().int(),
  notes: z.string().nullable(),
  createdAt: timestamp,
  cancelledAt: timestamp.nullable(),
});
export type Reservation = z.infer<typeof reservation>;

export const listReservationsQuery = z.strictObject({
  date: z.iso.date().optional().meta({ description: 'UTC day, YYYY-MM-DD; default: upcoming reservations' }),
  limit: queryInteger(1, 200).default(50),
});
export type ListReservationsQuery = z.output<typeof listReservationsQuery>;

export const reservationParams = z.strictObject({ id: idParam });
