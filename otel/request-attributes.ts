import type { IncomingMessage } from 'node:http';
import type { Attributes } from '@opentelemetry/api';
import { redactText, redactUrl } from '../redaction';

/**
 * Server span attributes that would carry what a client put in the URL or User-Agent, redacted
 * as the log files redact them: secret query values, the environment's secrets, card numbers and
 * emails. Returned only when redaction changed something, to override the HTTP instrumentation's own.
 */
export function redactedRequestAttributes(secrets: readonly string[]) {
  return (request: IncomingMessage): Attributes => {
    const attributes: Attributes = {};
    const target = request.url ?? '/';
    const safeTarget = redactUrl(target, secrets);
    if (safeTarget !== target) {
      const queryAt = safeTarget.indexOf('?');
      attributes['url.path'] = queryAt < 0 ? safeTarget : safeTarget.slice(0, queryAt);
      if (queryAt >= 0) attributes['url.query'] = safeTarget.slice(queryAt + 1);
    }
    const agent = request.headers['user-agent'];
    if (agent) {
      const safeAgent = redactText(agent, secrets);
      if (safeAgent !== agent) attributes['user_agent.original'] = safeAgent;
    }
    return attributes;
  };
}
