import type { Db } from './database';

export interface StoredResponse {
  status: number;
  body: unknown;
}

export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'replay'; response: StoredResponse }
  | { kind: 'in_progress' }
  | { kind: 'mismatch' };

interface KeyRow {
  request_hash: string;
  response_status: number | null;
  response_body: string | null;
  created_at: string;
}

/** Idempotency keys and the responses they produced; a key is forgotten after its retention. */
export class IdempotencyStore {
  private readonly byKey;
  private readonly insertKey;
  private readonly forget;
  private readonly saveResponse;
  private readonly purgeBefore;

  constructor(private readonly db: Db) {
    this.byKey = db.prepare<[string], KeyRow>('SELECT * FROM idempotency_keys WHERE key = ?');
    this.insertKey = db.prepare(
      'INSERT INTO idempotency_keys (key, request_hash, created_at) VALUES (@key, @hash, @at)',
    );
    this.forget = db.prepare('DELETE FROM idempotency_keys WHERE key = ?');
    this.saveResponse = db.prepare(
      'UPDATE idempotency_keys SET response_status = @status, response_body = @body WHERE key = @key',
    );
    this.purgeBefore = db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?');
  }

  /** Claims `key` for a request with `hash`, or says why it cannot: atomic, so one request wins. */
  claim(key: string, hash: string, at: string, expiredBefore: string): IdempotencyClaim {
    return this.db
      .transaction((): IdempotencyClaim => {
        const row = this.byKey.get(key);
        if (row && row.created_at < expiredBefore) this.forget.run(key);
        else if (row) {
          if (row.request_hash !== hash) return { kind: 'mismatch' };
          if (row.response_status === null) return { kind: 'in_progress' };
          return {
            kind: 'replay',
            response: { status: row.response_status, body: JSON.parse(row.response_body ?? 'null') },
          };
        }
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
