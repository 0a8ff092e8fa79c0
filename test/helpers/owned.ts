/**
 * What helpers open (apps and their servers, OTLP receivers) is owned by the test that opened it,
 * or by the file when opened in beforeAll, and closed after it, pass or fail (cleanup.ts), so no
 * test needs a try/finally to clean up. Closing twice is harmless: `close` must be idempotent.
 */
interface Closeable {
  close(): Promise<unknown>;
}

const owned = { test: new Set<Closeable>(), file: new Set<Closeable>() };
let owner: keyof typeof owned = 'file';

/** Registers `resource` with whoever runs now; returns it. */
export function own<T extends Closeable>(resource: T): T {
  owned[owner].add(resource);
  return resource;
}

/** Forgets a resource closed by its user. */
export function disown(resource: Closeable): void {
  owned.test.delete(resource);
  owned.file.delete(resource);
}

/** From now until closeOwned('test'), what is opened belongs to the running test. */
export function testStarted(): void {
  owner = 'test';
}

/** Closes what the running test (or, in afterAll, the file) left open. */
export async function closeOwned(scope: keyof typeof owned): Promise<void> {
  if (scope === 'test') owner = 'file';
  const open = [...owned[scope]];
  owned[scope].clear();
  await Promise.all(open.map((resource) => resource.close()));
}
