import { heldKey, type IdempotencyRow } from '../rows';
import type { IdempotencyClaim, StoredResponse } from '../tables';
import type { Db } from './database';

export class IdempotencyStore {
  private readonly byKey;
  private readonly insertKey;
  private readonly forget;
  private readonly saveResponse;
  private readonly purgeBefore;

  constructor(private readonly db: Db) {
    this.byKey = db.prepare<[string], IdempotencyRow>('SELECT * FROM idempotency_keys WHERE key = ?');
    this.insertKey = db.prepare(
      'INSERT INTO idempotency_keys (key, request_hash, created_at) VALUES (@key, @hash, @at)',
    );
    this.forget = db.prepare('DELETE FROM idempotency_keys WHERE key = ?');
    this.saveResponse = db.prepare(
      'UPDATE idempotency_keys SET response_status = @status, response_body = @body WHERE key = @key',
    );
    this.purgeBefore = db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?');
  }

  claim(key: string, hash: string, at: string, expiredBefore: string): IdempotencyClaim {
    return this.db
      .transaction((): IdempotencyClaim => {
        const row = this.byKey.get(key);
        if (row && row.created_at < expiredBefore) this.forget.run(key);
        else if (row) return heldKey(row, hash);
        this.insertKey.run({ key, hash, at });
        return { kind: 'claimed' };
      })
      .immediate();
  }

  complete(key: string, response: StoredResponse): void {
    this.saveResponse.run({ key, status: response.status, body: JSON.stringify(response.body) });
  }

  release(key: string): void {
    this.forget.run(key);
  }

  purgeExpired(before: string): number {
    return this.purgeBefore.run(before).changes;
  }
}
