import type { IncomingMessage } from 'node:http';
import type { Attributes } from '@opentelemetry/api';
import { redactText, redactUrl } from '../loggers/redaction';

/**
 * Server span attributes that would carry what a client put in the URL or User-Agent, redacted
 * as the log files redact them: secret query values, the environment's secrets, card numbers and
 * emails. Returned only where they differ, to override the HTTP instrumentation's own.
 */
export function redactedRequestAttributes(secrets: readonly string[]) {
  return (request: IncomingMessage): Attributes => {
    const attributes: Attributes = {};
    const target = request.url ?? '/';
    const queryAt = target.indexOf('?');
    const path = queryAt < 0 ? target : target.slice(0, queryAt);
    const safePath = redactText(path, secrets);
    if (safePath !== path) attributes['url.path'] = safePath;
    if (queryAt >= 0) {
      const query = target.slice(queryAt + 1);
      const safeQuery = redactUrl(`?${query}`, secrets).slice(1);
      if (safeQuery !== query) attributes['url.query'] = safeQuery;
    }
    const agent = request.headers['user-agent'];
    if (agent) {
      const safeAgent = redactText(agent, secrets);
      if (safeAgent !== agent) attributes['user_agent.original'] = safeAgent;
    }
    return attributes;
  };
}
