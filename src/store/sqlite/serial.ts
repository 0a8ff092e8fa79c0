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
