import type { Ids } from '../chance';

/** Readable, prefixed ids with 96 random bits: `ord_3f9c0a…`. The prefix tells a reader the kind. */
export function newId(prefix: 'ord' | 'pay' | 'res', ids: Ids): string {
  return `${prefix}_${ids.hex(12)}`;
}
