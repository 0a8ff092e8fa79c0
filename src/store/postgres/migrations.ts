import type { PoolClient } from 'pg';
import { menuSeed, tableSeed } from '../menu-seed';
import { KITCHEN_LEASE, ORDER_ORIGIN, TABLES } from '../schema';

/** The schema's migrations (schema.ts), applied in order at start; `schema_migrations` records them. */
const migrations: readonly ((client: PoolClient) => Promise<unknown>)[] = [
  (client) => client.query(TABLES),
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
  (client) => client.query(ORDER_ORIGIN),
  (client) => client.query(KITCHEN_LEASE),
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
