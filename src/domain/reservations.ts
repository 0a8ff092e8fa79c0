import { withSpan } from '../../otel/tracing';
import type { Ids } from '../chance';
import type { Clock } from '../clock';
import type { Config } from '../config';
import { AppError, notFound } from '../errors';
import {
  BOOKING_HORIZON_DAYS,
  type CreateReservationInput,
  type ListReservationsQuery,
  type Reservation,
} from '../schemas/reservations';
import type { Store } from '../store';
import type { DomainEventSink } from './events';
import { newId } from './ids';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export class ReservationService {
  constructor(
    private readonly store: Store,
    private readonly config: Config['reservations'],
    private readonly clock: Clock,
    private readonly ids: Ids,
    private readonly emit: DomainEventSink,
  ) {}

  /** Books the smallest free table that seats the party for one seating; 409 when none is free. */
  async create(input: CreateReservationInput): Promise<Reservation> {
    const now = this.clock.now();
    const start = new Date(input.time);
    if (start.getTime() <= now.getTime() || start.getTime() > now.getTime() + BOOKING_HORIZON_DAYS * DAY_MS) {
      this.emit({
        type: 'reservation_rejected',
        partySize: input.partySize,
        time: start.toISOString(),
        reason: 'outside_booking_window',
      });
      throw new AppError(
        'unprocessable',
        `Reservations are taken from now up to ${BOOKING_HORIZON_DAYS} days ahead`,
        {
          errors: [
            {
              location: 'body',
              field: 'time',
              message: `must be in the future and within ${BOOKING_HORIZON_DAYS} days`,
            },
          ],
        },
      );
    }
    const reservation = await withSpan(
      'reservation.find_table',
      {
        attributes: {
          'restaurant.party.size': input.partySize,
          'restaurant.reservation.time': start.toISOString(),
        },
      },
      async (span) => {
        const booked = await this.store.reservations.bookFirstFreeTable({
          id: newId('res', this.ids),
          name: input.name,
          email: input.email,
          phone: input.phone ?? null,
          partySize: input.partySize,
          startsAt: start.toISOString(),
          endsAt: new Date(start.getTime() + this.config.seatingMinutes * MINUTE_MS).toISOString(),
          notes: input.notes ?? null,
          createdAt: now.toISOString(),
        });
        span.setAttributes(
          booked
            ? {
                'restaurant.reservation.id': booked.id,
                'restaurant.table.id': booked.tableId,
                'restaurant.table.seats': booked.tableSeats,
                'restaurant.reservation.outcome': 'created',
              }
            : { 'restaurant.reservation.outcome': 'no_table_available' },
        );
        return booked;
      },
    );
    if (!reservation) {
      this.emit({
        type: 'reservation_rejected',
        partySize: input.partySize,
        time: start.toISOString(),
        reason: 'no_table_available',
      });
      throw new AppError(
        'no_table_available',
        `No table for ${input.partySize} is free at ${start.toISOString()}; try another time`,
      );
    }
    this.emit({ type: 'reservation_created', reservation });
    return reservation;
  }

  async get(id: string): Promise<Reservation> {
    const reservation = await this.store.reservations.get(id);
    if (!reservation) throw notFound('Reservation', id);
    return reservation;
  }

  /** Reservations starting on a UTC day, or the upcoming confirmed ones when no day is given. */
  list(query: ListReservationsQuery): Promise<Reservation[]> {
    if (query.date === undefined) {
      return this.store.reservations.listUpcoming(this.clock.now().toISOString(), query.limit);
    }
    const from = new Date(`${query.date}T00:00:00.000Z`);
    const to = new Date(from.getTime() + DAY_MS);
    return this.store.reservations.listStartingBetween(from.toISOString(), to.toISOString(), query.limit);
  }

  /** How many tables are held by a seating right now. */
  async occupancy(): Promise<{ occupied: number; total: number; occupancy: number }> {
    const { occupied, total } = await this.store.reservations.occupancy(this.clock.now().toISOString());
    return { occupied, total, occupancy: total === 0 ? 0 : Math.round((occupied / total) * 1000) / 1000 };
  }

  /** Cancels a reservation and frees its table; cancelling again returns it unchanged. */
  async cancel(id: string): Promise<Reservation> {
    await this.get(id);
    const cancelled = await this.store.reservations.cancel(id, this.clock.now().toISOString());
    const reservation = await this.get(id);
    if (cancelled) this.emit({ type: 'reservation_cancelled', reservation });
    return reservation;
  }
}
