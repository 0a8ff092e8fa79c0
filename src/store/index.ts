import { createPostgresStore } from './postgres';
import { createSqliteStore } from './sqlite';
import type { StatementHooks } from './statements';
import type { Store } from './tables';

export { DatabaseUrlError } from './postgres';
export { DataDirError } from './sqlite/database';
export type { StatementHooks, StatementObserver, StatementTiming } from './statements';
export { DatabaseUnavailableError, NO_HOOKS } from './statements';
export type * from './tables';
export { KITCHEN_STATUSES } from './tables';

export interface StoreSettings {
  /** `postgres://…`: PostgreSQL through a pool; without it, SQLite in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  /** Connections each process keeps to PostgreSQL at most. */
  poolSize: number;
}

/** Opens the database the settings name and brings its schema up to date. */
export function openStore(settings: StoreSettings, hooks: StatementHooks): Promise<Store> {
  if (settings.databaseUrl) return createPostgresStore(settings.databaseUrl, settings.poolSize, hooks);
  return Promise.resolve(createSqliteStore(settings.dataDir, hooks));
}
