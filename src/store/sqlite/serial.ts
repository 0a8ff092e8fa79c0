/**
 * One turn at a time on the database: a transaction holds the turn across its awaits, so no
 * other request's statement runs inside it; a single statement waits for the turn like any other.
 * SQLite's one connection needs this once the store is asynchronous; a pool of server
 * connections would not.
 */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => T | Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    // The next turn starts when this one ends, whether it succeeded or not.
    this.tail = result.catch(() => {});
    return result;
  }
}

/** `T` with every method answering through a Promise. */
export type Async<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;
};

/** A view of `target` whose every method runs through `run` (a turn, or at once inside a transaction). */
export function asyncView<T extends object>(target: T, run: <R>(fn: () => R) => Promise<R>): Async<T> {
  const view: Record<string, unknown> = {};
  let proto: object | null = Object.getPrototypeOf(target);
  while (proto && proto !== Object.prototype) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const method = (target as Record<string, unknown>)[name];
      if (name === 'constructor' || typeof method !== 'function' || name in view) continue;
      view[name] = (...args: unknown[]) =>
        run(() => (method as (...a: unknown[]) => unknown).apply(target, args));
    }
    proto = Object.getPrototypeOf(proto);
  }
  return view as Async<T>;
}
