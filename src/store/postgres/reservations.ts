import type { Reservation } from '../../schemas/reservations';
import { type ReservationRow, toReservation } from '../rows';
import type { NewReservation, ReservationTable } from '../tables';
import type { Atomically, Sql } from './sql';

const SELECT = `SELECT r.*, t.seats FROM reservations r JOIN dining_tables t ON t.id = r.table_id`;

/** Any fixed number: the transaction-scoped advisory lock bookings take, on every replica. */
const BOOKING_LOCK = 7_340_118;

export class PostgresReservations implements ReservationTable {
  constructor(
    private readonly sql: Sql,
    private readonly atomically: Atomically,
  ) {}

  /**
   * Bookings take turns on an advisory lock for their transaction: under READ COMMITTED two
   * replicas could both see a table free and book it, and a booking is rare and quick next to
   * everything else, so one at a time costs nothing worth a cleverer scheme.
   */
  bookFirstFreeTable(reservation: Omit<NewReservation, 'tableId'>): Promise<Reservation | undefined> {
    return this.atomically(async (sql) => {
      await sql('SELECT pg_advisory_xact_lock($1)', [BOOKING_LOCK]);
      const { rows } = await sql<{ id: string }>(
        `SELECT t.id FROM dining_tables t
         WHERE t.seats >= $1 AND NOT EXISTS (
           SELECT 1 FROM reservations r
           WHERE r.table_id = t.id AND r.status = 'confirmed' AND r.starts_at < $3 AND r.ends_at > $2)
         ORDER BY t.seats, t.id LIMIT 1`,
        [reservation.partySize, reservation.startsAt, reservation.endsAt],
      );
      const table = rows[0];
      if (!table) return undefined;
      const inserted = await sql<ReservationRow>(
        `WITH r AS (
           INSERT INTO reservations (id, status, name, email, phone, party_size, table_id, starts_at, ends_at, notes, created_at)
           VALUES ($1, 'confirmed', $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *)
         SELECT r.*, t.seats FROM r JOIN dining_tables t ON t.id = r.table_id`,
        [
          reservation.id,
          reservation.name,
          reservation.email,
          reservation.phone,
          reservation.partySize,
          table.id,
          reservation.startsAt,
          reservation.endsAt,
          reservation.notes,
          reservation.createdAt,
        ],
      );
      return inserted.rows[0] && toReservation(inserted.rows[0]);
    });
  }

  async get(id: string): Promise<Reservation | undefined> {
    const { rows } = await this.sql<ReservationRow>(`${SELECT} WHERE r.id = $1`, [id]);
    return rows[0] && toReservation(rows[0]);
  }

  async listStartingBetween(from: string, to: string, limit: number): Promise<Reservation[]> {
    const { rows } = await this.sql<ReservationRow>(
      `${SELECT} WHERE r.starts_at >= $1 AND r.starts_at < $2 ORDER BY r.starts_at, r.id LIMIT $3`,
      [from, to, limit],
    );
    return rows.map(toReservation);
  }

  async listUpcoming(now: string, limit: number): Promise<Reservation[]> {
    const { rows } = await this.sql<ReservationRow>(
      `${SELECT} WHERE r.ends_at > $1 AND r.status = 'confirmed' ORDER BY r.starts_at, r.id LIMIT $2`,
      [now, limit],
    );
    return rows.map(toReservation);
  }

  async occupancy(at: string): Promise<{ occupied: number; total: number }> {
    const { rows } = await this.sql<{ occupied: number; total: number }>(
      `SELECT (SELECT COUNT(DISTINCT table_id)::int FROM reservations
                WHERE status = 'confirmed' AND starts_at <= $1 AND ends_at > $1) AS occupied,
              (SELECT COUNT(*)::int FROM dining_tables) AS total`,
      [at],
    );
    return rows[0] ?? { occupied: 0, total: 0 };
  }

  async cancel(id: string, at: string): Promise<boolean> {
    const { rowCount } = await this.sql(
      `UPDATE reservations SET status = 'cancelled', cancelled_at = $2 WHERE id = $1 AND status = 'confirmed'`,
      [id, at],
    );
    return rowCount === 1;
  }
}
