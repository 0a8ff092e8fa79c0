import { randomFillSync } from 'node:crypto';

/**
 * Random ids on the request path (trace, span, order ids) without a system call each: bytes come
 * from a pool refilled 8 KB at a time from the CSPRNG, as Node's own randomUUID does.
 */
const POOL_SIZE = 8192;
const pool = Buffer.alloc(POOL_SIZE);
let offset = POOL_SIZE;

export function randomHex(byteCount: number): string {
  if (offset + byteCount > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + byteCount);
  offset += byteCount;
  return hex;
}
