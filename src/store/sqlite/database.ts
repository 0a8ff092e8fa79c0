import path from 'node:path';
import Database from 'better-sqlite3';
import { makeDirectory } from '../../../loggers/directory';
import { menuSeed, tableSeed } from '../menu-seed';
import { KITCHEN_LEASE, ORDER_ORIGIN, TABLES } from '../schema';

export type Db = Database.Database;

export const DATABASE_FILE = 'restaurant.db';

/** The schema's migrations (schema.ts), applied in order at start; `PRAGMA user_version` records the last. */
const migrations: readonly ((db: Db) => void)[] = [
  (db) => db.exec(TABLES),
  (db) => {
    const insertItem = db.prepare(
      `INSERT INTO menu_items (id, name, description, category, price_cents, prep_minutes, allergens, available, position)
       VALUES (@id, @name, @description, @category, @priceCents, @prepMinutes, @allergens, @available, @position)`,
    );
    menuSeed.forEach((item, position) => {
      insertItem.run({
        ...item,
        priceCents: Math.round(item.price * 100),
        allergens: JSON.stringify(item.allergens),
        available: item.available ? 1 : 0,
        position,
      });
    });
    const insertTable = db.prepare('INSERT INTO dining_tables (id, seats) VALUES (@id, @seats)');
    for (const table of tableSeed) insertTable.run(table);
  },
  (db) => db.exec(ORDER_ORIGIN),
  (db) => db.exec(KITCHEN_LEASE),
];

export class DataDirError extends Error {
  override readonly name = 'DataDirError';
}

/** Opens (creating if needed) the database in `dataDir` and brings its schema up to date. */
export function openDatabase(dataDir: string): Db {
  let db: Db;
  try {
    makeDirectory(dataDir);
    db = new Database(path.join(dataDir, DATABASE_FILE));
  } catch (cause) {
    throw new DataDirError(
      `DATA_DIR ${dataDir}: cannot create or open the database there: ${(cause as Error).message}`,
      { cause },
    );
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  // SQLite waits for a lock synchronously, so the whole event loop waits: another process holding
  // the database gets a quick 503 rather than freezing every request for seconds.
  db.pragma('busy_timeout = 250');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  const applied = db.pragma('user_version', { simple: true }) as number;
  migrations.slice(applied).forEach((migration, index) => {
    db.transaction(() => {
      migration(db);
      db.pragma(`user_version = ${applied + index + 1}`);
    })();
  });
}
