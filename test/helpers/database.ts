import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { NO_HOOKS, openStore, type Store } from '../../src/store';

/**
 * Which database the suite runs on: SQLite in each app's DATA_DIR by default; PostgreSQL when
 * TEST_DATABASE_URL names a server (`npm run test:postgres`, .ci/run), each DATA_DIR then
 * standing for a database of its own on it, so a test that restarts an app on the same DATA_DIR
 * finds its data again, as it does on SQLite.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;
export const ON_POSTGRES = TEST_DATABASE_URL !== undefined;

/** `test` on SQLite only: for what only an embedded file has (its path, its permissions, its lock). */
export function sqliteOnly(name: string, fn: jest.ProvidesCallback, timeoutMs?: number): void {
  (ON_POSTGRES ? test.skip : test)(name, fn, timeoutMs);
}

/** A new database on the test server; resolves with its URL. */
export async function createDatabase(name: string): Promise<string> {
  if (!TEST_DATABASE_URL) throw new Error('TEST_DATABASE_URL is not set');
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } catch (error) {
    // 42P04: it exists already (the same DATA_DIR again).
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

function databaseNameFor(dataDir: string): string {
  return `restaurant_${createHash('sha256').update(dataDir).digest('hex').slice(0, 16)}`;
}

/** Forgets what the apps on `dataDir` stored: the folder, or the database standing for it. */
export async function dropData(dataDir: string): Promise<void> {
  await rm(dataDir, { recursive: true, force: true });
  if (!TEST_DATABASE_URL) return;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${databaseNameFor(dataDir)}"`);
  } finally {
    await admin.end();
  }
}

/** What an app on `dataDir` needs in its environment: nothing on SQLite, its DATABASE_URL on PostgreSQL. */
export async function databaseEnv(dataDir: string): Promise<Record<string, string>> {
  if (!ON_POSTGRES) return {};
  return { DATABASE_URL: await createDatabase(databaseNameFor(dataDir)) };
}

/** A store on `dataDir`'s database, as the app opens it. */
export async function openTestStore(dataDir: string): Promise<Store> {
  const url = (await databaseEnv(dataDir)).DATABASE_URL;
  return openStore({ databaseUrl: url, dataDir, poolSize: 4 }, NO_HOOKS);
}

/**
 * Reads `dataDir`'s database directly, as an operator would (`?` placeholders on both; counts
 * come back as numbers on both).
 */
export async function queryRows<R>(dataDir: string, sql: string, params: unknown[] = []): Promise<R[]> {
  if (!ON_POSTGRES) {
    const db = new Database(path.join(dataDir, 'restaurant.db'), { readonly: true });
    try {
      return db.prepare(sql).all(...params) as R[];
    } finally {
      db.close();
    }
  }
  const client = new pg.Client({
    connectionString: (await databaseEnv(dataDir)).DATABASE_URL,
    // COUNT(*) is a bigint: a number here, as SQLite gives it.
    types: { getTypeParser: (oid, format) => (oid === 20 ? Number : pg.types.getTypeParser(oid, format)) },
  });
  await client.connect();
  try {
    let n = 0;
    return (
      await client.query(
        sql.replace(/\?/g, () => `$${++n}`),
        params,
      )
    ).rows as R[];
  } finally {
    await client.end();
  }
}
