import cors from 'cors';
import type { RequestHandler } from 'express';
import helmet from 'helmet';
import { CORRELATION_HEADERS } from './correlation';

/**
 * Response headers for a JSON API: nothing may frame, embed or sniff its responses, and no page
 * may load scripts from it. HSTS is left to the TLS terminator in front: the app speaks plain HTTP.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
    },
    frameguard: { action: 'deny' },
    strictTransportSecurity: false,
  });
}

/** Headers a browser client may send and read, beyond the CORS-safelisted ones. */
const REQUEST_HEADERS = ['Content-Type', 'Authorization', 'Idempotency-Key', 'traceparent', 'tracestate'];

/**
 * Cross-origin access for the listed browser origins only (`CORS_ORIGINS`); every other origin
 * gets no CORS headers, so browsers keep its pages from reading responses. Preflights answer 204.
 */
export function corsPolicy(origins: readonly string[]): RequestHandler {
  const allowed = new Set(origins);
  return cors({
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: [...REQUEST_HEADERS, ...CORRELATION_HEADERS],
    exposedHeaders: [...CORRELATION_HEADERS, 'traceresponse', 'Retry-After', 'Allow'],
    maxAge: 600,
  });
}
