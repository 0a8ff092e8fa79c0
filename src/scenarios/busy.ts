/** Burns CPU for `ms` on the calling thread: what a slow synchronous query or a hot loop does. */
export function busyWait(ms: number): void {
  if (ms <= 0) return;
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // Deliberately blocking: the point of the scenarios that call this.
  }
}
