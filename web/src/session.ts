/**
 * One session id per browser tab session: on every browser span (`session.id`) and sent as
 * `X-Session-Id`, so spans, events.log and access.log agree on it.
 */
const KEY = 'restaurant.sessionId';

export const sessionId: string = (() => {
  const known = sessionStorage.getItem(KEY);
  if (known) return known;
  const made = `web_${crypto.randomUUID()}`;
  sessionStorage.setItem(KEY, made);
  return made;
})();
