/** `T` with every method answering through a Promise. */
export type Async<T> = {
  readonly [K in keyof T]: T[K] extends (...args: infer A) => infer R
    ? (...args: A) => Promise<Awaited<R>>
    : never;
};

/**
 * A view of `target` whose every method runs through `run`, built once: SQLite's tables through
 * a turn (or at once inside a transaction), PostgreSQL's with their failures classified.
 */
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
