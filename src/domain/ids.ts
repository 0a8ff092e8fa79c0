import { randomHex } from '../random-hex';

/** Readable, prefixed ids with 96 random bits: `ord_3f9c0a…`. The prefix tells a reader the kind. */
export function newId(prefix: 'ord' | 'pay' | 'res'): string {
  return `${prefix}_${randomHex(12)}`;
}
