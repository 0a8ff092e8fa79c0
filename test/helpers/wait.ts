import { type EventEmitter, once } from 'node:events';

/**
 * Resolves with the first value `find` returns, checking again each time `events` emits `data`,
 * and fails at the deadline: for test servers that record what they receive.
 */
export async function waitForData<T>(
  events: EventEmitter,
  find: () => T | undefined,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new Error(`${what} did not receive what the test waited for`);
    await Promise.race([
      once(events, 'data'),
      new Promise((resolve) => setTimeout(resolve, remaining).unref()),
    ]);
  }
}
