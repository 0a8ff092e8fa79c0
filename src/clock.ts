/**
 * Where the product reads the time of day and chance: one Clock and one Random, made in
 * createRuntime (a test passes a fixed or stepping clock and a seeded random) and handed to
 * everything that needs them: the domain, the gateway, the scenarios, the request log and the
 * virtual users. Durations are measured with performance.now(), which no test needs to steer.
 */
export interface Clock {
  now(): Date;
}

/** A number in [0, 1), as Math.random gives. */
export type Random = () => number;

export const systemClock: Clock = { now: () => new Date() };
export const systemRandom: Random = Math.random;
