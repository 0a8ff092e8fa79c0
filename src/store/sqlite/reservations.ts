import type { Reservation } from '../../schemas/reservations';
import { type ReservationRow, toReservation } from '../rows';
import type { NewReservation } from '../tables';
import type { Db } from './database';

interface DiningTable {
  id: string;
  seats: number;
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

  occupancy(at: string): { occupied: number; total: number } {
    return { occupied: this.occupiedAt.get(at, at)?.occupied ?? 0, total: this.tableCount.get()?.total ?? 0 };
  }

  cancel(id: string, at: string): boolean {
    return this.cancelConfirmed.run({ id, at }).changes === 1;
  }
}
