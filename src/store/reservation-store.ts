import type { Reservation } from '../schemas/reservations';
import type { Db } from './database';

interface ReservationRow {
  id: string;
  status: Reservation['status'];
  name: string;
  email: string;
  phone: string | null;
  party_size: number;
  table_id: string;
  seats: number;
  starts_at: string;
  ends_at: string;
  notes: string | null;
  created_at: string;
  cancelled_at: string | null;
}

export interface NewReservation {
  id: string;
  name: string;
  email: string;
  phone: string | null;
  partySize: number;
  tableId: string;
  startsAt: string;
  endsAt: string;
  notes: string | null;
  createdAt: string;
}

export interface DiningTable {
  id: string;
  seats: number;
}

function toReservation(row: ReservationRow): Reservation {
  return {
    id: row.id,
    status: row.status,
    name: row.name,
    email: row.email,
    phone: row.phone,
    partySize: row.party_size,
    time: row.starts_at,
    endsAt: row.ends_at,
    tableId: row.table_id,
    tableSeats: row.seats,
    notes: row.notes,
    createdAt: row.created_at,
    cancelledAt: row.cancelled_at,
  };
}

const SELECT = `SELECT r.*, t.seats FROM reservations r JOIN dining_tables t ON t.id = r.table_id`;

export class ReservationStore {
  private readonly freeTables;
  private readonly insertReservation;
  private readonly byId;
  private readonly between;
  private readonly upcoming;
  private readonly cancelConfirmed;
  private readonly occupiedAt;
  private readonly tableCount;

  constructor(private readonly db: Db) {
    // Smallest table that seats the party and has no confirmed booking overlapping [start, end).
    this.freeTables = db.prepare<{ partySize: number; startsAt: string; endsAt: string }, DiningTable>(
      `SELECT t.id, t.seats FROM dining_tables t
       WHERE t.seats >= @partySize AND NOT EXISTS (
         SELECT 1 FROM reservations r
         WHERE r.table_id = t.id AND r.status = 'confirmed' AND r.starts_at < @endsAt AND r.ends_at > @startsAt)
       ORDER BY t.seats, t.id LIMIT 1`,
    );
    this.insertReservation = db.prepare(
      `INSERT INTO reservations (id, status, name, email, phone, party_size, table_id, starts_at, ends_at, notes, created_at)
       VALUES (@id, 'confirmed', @name, @email, @phone, @partySize, @tableId, @startsAt, @endsAt, @notes, @createdAt)`,
    );
    this.byId = db.prepare<[string], ReservationRow>(`${SELECT} WHERE r.id = ?`);
    this.between = db.prepare<[string, string, number], ReservationRow>(
      `${SELECT} WHERE r.starts_at >= ? AND r.starts_at < ? ORDER BY r.starts_at, r.id LIMIT ?`,
    );
    this.upcoming = db.prepare<[string, number], ReservationRow>(
      `${SELECT} WHERE r.ends_at > ? AND r.status = 'confirmed' ORDER BY r.starts_at, r.id LIMIT ?`,
    );
    this.occupiedAt = db.prepare<[string, string], { occupied: number }>(
      `SELECT COUNT(DISTINCT table_id) AS occupied FROM reservations
       WHERE status = 'confirmed' AND starts_at <= ? AND ends_at > ?`,
    );
    this.tableCount = db.prepare<[], { total: number }>('SELECT COUNT(*) AS total FROM dining_tables');
    this.cancelConfirmed = db.prepare(
      `UPDATE reservations SET status = 'cancelled', cancelled_at = @at WHERE id = @id AND status = 'confirmed'`,
    );
  }

  /**
   * Finds a free table and books it in one transaction, so two requests never get the same
   * table for overlapping times. Returns undefined when no table fits.
   */
  bookFirstFreeTable(reservation: Omit<NewReservation, 'tableId'>): Reservation | undefined {
    return this.db
      .transaction(() => {
        const table = this.freeTables.get(reservation);
        if (!table) return undefined;
        this.insertReservation.run({ ...reservation, tableId: table.id });
        return this.get(reservation.id);
      })
      .immediate();
  }

  get(id: string): Reservation | undefined {
    const row = this.byId.get(id);
    return row && toReservation(row);
  }

  listStartingBetween(from: string, to: string, limit: number): Reservation[] {
    return this.between.all(from, to, limit).map(toReservation);
  }

  listUpcoming(now: string, limit: number): Reservation[] {
    return this.upcoming.all(now, limit).map(toReservation);
  }

  /** Tables held by a reservation at `at`, and all tables. */
  occupancy(at: string): { occupied: number; total: number } {
    return { occupied: this.occupiedAt.get(at, at)?.occupied ?? 0, total: this.tableCount.get()?.total ?? 0 };
  }

  /** Cancels a confirmed reservation; returns false when it was not confirmed. */
  cancel(id: string, at: string): boolean {
    return this.cancelConfirmed.run({ id, at }).changes === 1;
  }
}
