import { createHash, randomFillSync, randomUUID } from 'node:crypto';

/**
 * Where the product's chance comes from: choices (gateway declines and latency, kitchen times,
 * scenario effects, virtual users) and ids (request, session, order, trace and span ids).
 *
 * Unseeded, choices use Math.random and ids the CSPRNG. With RANDOM_SEED every purpose draws from
 * a reproducible stream of its own, derived from the seed and the purpose's name, so work on one
 * purpose (the kitchen's timers) cannot shift what another (the next request's ids) draws: two
 * runs given the same requests, one after another, make the same choices and the same ids.
 */

/** A number in [0, 1), as Math.random gives. */
export type Random = () => number;

/** Random ids: hex strings of random bytes, and version 4 UUIDs. */
export interface Ids {
  hex(byteCount: number): string;
  uuid(): string;
}

/** What draws from chance; each has a stream of its own when seeded. */
export type Purpose =
  /** Ids made on the request path: request, session, order, payment, reservation. */
  | 'ids'
  | 'gateway'
  | 'kitchen'
  | 'faults'
  | 'traffic'
  /** Trace and span ids of the telemetry SDK, for requests and for background work apart. */
  | 'spans'
  | 'background-spans';

export interface Chance {
  readonly seed: string | undefined;
  random(purpose: Purpose): Random;
  ids(purpose: Purpose): Ids;
}

export const systemRandom: Random = Math.random;

/**
 * Hex ids without a system call each: bytes come from a pool refilled 8 KB at a time from the
 * CSPRNG, as Node's own randomUUID does.
 */
const POOL_SIZE = 8192;
const pool = Buffer.alloc(POOL_SIZE);
let poolOffset = POOL_SIZE;

function pooledHex(byteCount: number): string {
  if (poolOffset + byteCount > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const hex = pool.toString('hex', poolOffset, poolOffset + byteCount);
  poolOffset += byteCount;
  return hex;
}

export const systemIds: Ids = { hex: pooledHex, uuid: randomUUID };

/**
 * Chance from RANDOM_SEED when one is given, else from the system. A purpose asked for twice gets
 * the same stream, never a second copy that would repeat the first one's draws.
 */
export function createChance(seed?: string): Chance {
  if (seed === undefined) return { seed, random: () => systemRandom, ids: () => systemIds };
  const streams = new Map<Purpose, { random: Random; ids: Ids }>();
  const stream = (purpose: Purpose) => {
    let found = streams.get(purpose);
    if (!found) {
      const random = seededRandom(`${seed}/${purpose}`);
      found = { random, ids: idsFrom(random) };
      streams.set(purpose, found);
    }
    return found;
  };
  return { seed, random: (purpose) => stream(purpose).random, ids: (purpose) => stream(purpose).ids };
}

/** A reproducible stream for `seed`: sfc32, its 128-bit state taken from the seed's SHA-256. */
export function seededRandom(seed: string): Random {
  const digest = createHash('sha256').update(seed).digest();
  return sfc32(
    digest.readUInt32LE(0),
    digest.readUInt32LE(4),
    digest.readUInt32LE(8),
    digest.readUInt32LE(12),
  );
}

/**
 * A stream of its own, seeded by four draws from `random`: one per virtual user, so users that
 * run at once and interleave differently from run to run still each make the same choices.
 */
export function fork(random: Random): Random {
  return sfc32(word(random), word(random), word(random), word(random));
}

/** Ids drawn from `random`, 32 bits per draw. */
export function idsFrom(random: Random): Ids {
  const hex = (byteCount: number): string => {
    let out = '';
    while (out.length < byteCount * 2) out += word(random).toString(16).padStart(8, '0');
    return out.slice(0, byteCount * 2);
  };
  return {
    hex,
    uuid: () => {
      const h = hex(16);
      // Version 4, variant 10xx, as RFC 9562 lays out a random UUID.
      const variant = ((Number.parseInt(h[16] as string, 16) & 0x3) | 0x8).toString(16);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
  };
}

function word(random: Random): number {
  return Math.floor(random() * 0x1_0000_0000) >>> 0;
}

/** Small Fast Counter (Chris Doty-Humphrey's sfc32): 128 bits of state, passes PractRand. */
function sfc32(a: number, b: number, c: number, d: number): Random {
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 0x1_0000_0000;
  };
  // The first outputs still show the seed's structure; the usual remedy is to discard them.
  for (let i = 0; i < 12; i++) next();
  return next;
}
