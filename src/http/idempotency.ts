import { createHash } from 'node:crypto';
import type { Clock } from '../clock';
import { AppError } from '../errors';
import { idempotencyKeyHeader } from '../schemas/payments';
import type { Tables } from '../store';
import type { Handler } from './api';
import { problemBody } from './problem';

export const IDEMPOTENCY_KEY_RETENTION_MS = 24 * 60 * 60 * 1000;

/** The header an idempotent operation reads, for the OpenAPI document. */
export const idempotencyKeyParameter = {
  'Idempotency-Key': {
    description: 'Retries with the same key and body return the first response and never charge twice',
    schema: idempotencyKeyHeader,
  },
};

/** JSON with object keys sorted, so equal bodies hash equal whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Makes a handler honour the `Idempotency-Key` header: the first request with a key runs and
 * its response (success or client error) is stored; a retry with the same key and body gets
 * that response again without running the handler; the same key with another body is a 422.
 * Only a hash of the request is stored, never the body (it may hold card data).
 */
export function idempotent<B, Q, P>(
  store: Tables['idempotency'],
  clock: Clock,
  handler: Handler<B, Q, P>,
): Handler<B, Q, P> {
  return async (input, req, res) => {
    const header = req.get('idempotency-key');
    if (header === undefined) return handler(input, req, res);
    const key = idempotencyKeyHeader.safeParse(header);
    if (!key.success) {
      throw new AppError('invalid_header', 'The Idempotency-Key header is not a valid key', {
        errors: [
          {
            location: 'header',
            field: 'Idempotency-Key',
            message: key.error.issues[0]?.message ?? 'invalid',
          },
        ],
      });
    }
    const hash = createHash('sha256')
      .update(`${req.method} ${req.baseUrl}${req.path}\n${canonicalJson(input.body)}`)
      .digest('hex');
    const now = clock.now();
    const claim = await store.claim(
      key.data,
      hash,
      now.toISOString(),
      new Date(now.getTime() - IDEMPOTENCY_KEY_RETENTION_MS).toISOString(),
    );
    switch (claim.kind) {
      case 'mismatch':
        throw new AppError(
          'idempotency_key_reused',
          'This Idempotency-Key was used with a different request',
        );
      case 'in_progress':
        throw new AppError(
          'idempotent_request_in_progress',
          'The first request with this key is still running',
        );
      case 'replay':
        res.set('Idempotent-Replayed', 'true');
        return claim.response;
      case 'claimed':
        break;
    }
    try {
      const reply = await handler(input, req, res);
      await store.complete(key.data, reply);
      return reply;
    } catch (error) {
      // A client error is the answer to this request and is replayed; anything else may succeed on retry.
      if (error instanceof AppError && error.status < 500) {
        await store.complete(key.data, { status: error.status, body: problemBody(error) });
      } else {
        await store.release(key.data);
      }
      throw error;
    }
  };
}
