import type { PoolClient } from 'pg';
import { menuSeed, tableSeed } from '../menu-seed';

/**
 * PostgreSQL's schema migrations: the same versions and the same tables and columns as SQLite's
 * (sqlite/database.ts), so rows map the same way. `schema_migrations` records what was applied;
 * a migration is never edited once released, only followed by a new one.
 */
const migrations: readonly ((client: PoolClient) => Promise<unknown>)[] = [
  (client) =>
    client.query(`
      CREATE TABLE menu_items (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        description TEXT NOT NULL,
        category TEXT NOT NULL,
        price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
        prep_minutes INTEGER NOT NULL CHECK (prep_minutes > 0),
        allergens TEXT NOT NULL,
        available INTEGER NOT NULL,
        position INTEGER NOT NULL
      );
      CREATE TABLE orders (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        type TEXT NOT NULL,
        table_number INTEGER,
        customer_name TEXT NOT NULL,
        customer_email TEXT NOT NULL,
        customer_phone TEXT,
        subtotal_cents INTEGER NOT NULL,
        tax_cents INTEGER NOT NULL,
        total_cents INTEGER NOT NULL,
        currency TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        paid_at TEXT,
        kitchen_started_at TEXT,
        ready_at TEXT,
        completed_at TEXT,
        cancelled_at TEXT
      );
      CREATE INDEX orders_by_created ON orders (created_at);
      CREATE INDEX orders_by_status ON orders (status, created_at);
      CREATE TABLE order_items (
        order_id TEXT NOT NULL REFERENCES orders (id),
        line INTEGER NOT NULL,
        menu_item_id TEXT NOT NULL REFERENCES menu_items (id),
        name TEXT NOT NULL,
        unit_price_cents INTEGER NOT NULL,
        quantity INTEGER NOT NULL,
        prep_minutes INTEGER NOT NULL,
        notes TEXT,
        PRIMARY KEY (order_id, line)
      );
      CREATE TABLE payments (
        id TEXT PRIMARY KEY,
        order_id TEXT NOT NULL REFERENCES orders (id),
        status TEXT NOT NULL,
        method TEXT NOT NULL,
        amount_cents INTEGER NOT NULL,
        currency TEXT NOT NULL,
        card_brand TEXT,
        card_last4 TEXT,
        decline_reason TEXT,
        gateway_latency_ms INTEGER,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX payments_by_order ON payments (order_id);
      -- At most one payment in flight or captured per order, whichever replica takes it.
      CREATE UNIQUE INDEX payments_one_live_per_order ON payments (order_id)
        WHERE status IN ('processing', 'authorized');
      CREATE TABLE dining_tables (
        id TEXT PRIMARY KEY,
        seats INTEGER NOT NULL CHECK (seats > 0)
      );
      CREATE TABLE reservations (
        id TEXT PRIMARY KEY,
        status TEXT NOT NULL,
        name TEXT NOT NULL,
        email TEXT NOT NULL,
        phone TEXT,
        party_size INTEGER NOT NULL,
        table_id TEXT NOT NULL REFERENCES dining_tables (id),
        starts_at TEXT NOT NULL,
        ends_at TEXT NOT NULL,
        notes TEXT,
        created_at TEXT NOT NULL,
        cancelled_at TEXT
      );
      CREATE INDEX reservations_by_table ON reservations (table_id, starts_at);
      CREATE INDEX reservations_by_start ON reservations (starts_at);
      CREATE TABLE idempotency_keys (
        key TEXT PRIMARY KEY,
        request_hash TEXT NOT NULL,
        response_status INTEGER,
        response_body TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX idempotency_keys_by_created ON idempotency_keys (created_at);
    `),
  async (client) => {
    for (const [position, item] of menuSeed.entries()) {
      await client.query(
        `INSERT INTO menu_items (id, name, description, category, price_cents, prep_minutes, allergens, available, position)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          item.id,
          item.name,
          item.description,
          item.category,
          Math.round(item.price * 100),
          item.prepMinutes,
          JSON.stringify(item.allergens),
          item.available ? 1 : 0,
          position,
        ],
      );
    }
    for (const table of tableSeed) {
      await client.query('INSERT INTO dining_tables (id, seats) VALUES ($1, $2)', [table.id, table.seats]);
    }
  },
  (client) =>
    client.query(`
      ALTER TABLE orders ADD COLUMN trace_id TEXT;
      ALTER TABLE orders ADD COLUMN span_id TEXT;
    `),
  // Which kitchen holds an order it owes work, and until when: replicas share the kitchen's work.
  (client) =>
    client.query(`
      ALTER TABLE orders ADD COLUMN kitchen_owner TEXT;
      ALTER TABLE orders ADD COLUMN kitchen_lease_until TEXT;
      CREATE INDEX orders_kitchen_lease ON orders (kitchen_lease_until)
        WHERE status IN ('paid', 'preparing', 'ready');
    `),
];

export const SCHEMA_VERSION = migrations.length;

/** Any fixed number: the advisory lock replicas take to migrate one at a time. */
const MIGRATION_LOCK = 7_340_117;

/**
 * Brings the schema up to date. Replicas starting at once take turns on a session advisory lock:
 * the first applies what is missing, each in its own transaction, the others then find nothing
 * left to do. Resolves with the version the database is at.
 */
export async function migrate(client: PoolClient): Promise<number> {
  await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
    );
    const { rows } = await client.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM schema_migrations',
    );
    const applied = rows[0]?.version ?? 0;
    for (const [index, migration] of migrations.slice(applied).entries()) {
      const version = applied + index + 1;
      await client.query('BEGIN');
      try {
        await migration(client);
        await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)', [
          version,
          new Date().toISOString(),
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
    return migrations.length;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}
