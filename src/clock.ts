/**
 * Where the product reads the time of day: one Clock, made in createRuntime (a test passes a fixed
 * or stepping clock) and handed to everything that needs it: the domain, the gateway, the
 * scenarios, the request log and the virtual users. Durations are measured with
 * performance.now(), which no test needs to steer. Chance is in chance.ts.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
