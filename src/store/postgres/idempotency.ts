import { heldKey, type IdempotencyRow } from '../rows';
import type { IdempotencyClaim, IdempotencyTable, StoredResponse } from '../tables';
import type { Atomically, Sql } from './sql';

export class PostgresIdempotency implements IdempotencyTable {
  constructor(
    private readonly sql: Sql,
    private readonly atomically: Atomically,
  ) {}

  /**
   * The insert decides between replicas: the first request inserts the key, a concurrent one
   * waits for it to commit and then reads what it holds (locked, so an expired key is renewed by
   * one request only). A key released between the two is claimed on the next pass.
   */
  claim(key: string, hash: string, at: string, expiredBefore: string): Promise<IdempotencyClaim> {
    return this.atomically(async (sql) => {
      for (;;) {
        const inserted = await sql(
          `INSERT INTO idempotency_keys (key, request_hash, created_at) VALUES ($1, $2, $3)
           ON CONFLICT (key) DO NOTHING`,
          [key, hash, at],
        );
        if (inserted.rowCount === 1) return { kind: 'claimed' };
        const { rows } = await sql<IdempotencyRow>(
          'SELECT * FROM idempotency_keys WHERE key = $1 FOR UPDATE',
          [key],
        );
        const row = rows[0];
        if (!row) continue;
        if (row.created_at >= expiredBefore) return heldKey(row, hash);
        await sql(
          `UPDATE idempotency_keys SET request_hash = $2, created_at = $3, response_status = NULL, response_body = NULL
           WHERE key = $1`,
          [key, hash, at],
        );
        return { kind: 'claimed' };
      }
    });
  }

  async complete(key: string, response: StoredResponse): Promise<void> {
    await this.sql('UPDATE idempotency_keys SET response_status = $2, response_body = $3 WHERE key = $1', [
      key,
      response.status,
      JSON.stringify(response.body),
    ]);
  }

  async release(key: string): Promise<void> {
    await this.sql('DELETE FROM idempotency_keys WHERE key = $1', [key]);
  }

  async purgeExpired(before: string): Promise<number> {
    const { rowCount } = await this.sql('DELETE FROM idempotency_keys WHERE created_at < $1', [before]);
    return rowCount;
  }
}
