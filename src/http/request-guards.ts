import express, { type RequestHandler } from 'express';
import { AppError } from '../errors';

/**
 * Checks a request passes before its handler: one Host (every request), and a JSON body of sane
 * shape (every operation: the API puts it in each route, after the guard of a control).
 */

const BODY_LIMIT = '100kb';
/** Deeper than any request this API takes; deep enough to stop stack-hungry walks. */
const MAX_JSON_DEPTH = 32;
/** Keys that mean something to JavaScript objects, never to this API. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * HTTP/1.1 requests must name their host exactly once (RFC 9112 §3.2): Node leaves the check to
 * the app, and keeps the first of several Host headers where a proxy might have used another.
 */
export function requireHostHeader(): RequestHandler {
  return (req, _res, next) => {
    if (req.httpVersionMajor === 1 && req.httpVersionMinor === 1 && !req.headers.host) {
      return next(new AppError('invalid_header', 'An HTTP/1.1 request needs a Host header'));
    }
    let hosts = 0;
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      if (req.rawHeaders[i]?.toLowerCase() === 'host') hosts++;
    if (hosts > 1) return next(new AppError('invalid_header', 'A request may carry only one Host header'));
    next();
  };
}

/**
 * A request that carries a body must send UTF-8 JSON (RFC 8259 §8.1); anything else is refused
 * before parsing. The parsed body may nest at most MAX_JSON_DEPTH levels and may not use the
 * reserved keys, wherever they are.
 */
export function jsonBody(): RequestHandler {
  const parse = express.json({ limit: BODY_LIMIT, type: JSON_TYPES });
  return (req, res, next) => {
    const hasBody =
      req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
    if (!hasBody) return next();
    if (!req.is(JSON_TYPES)) {
      return next(new AppError('unsupported_media_type', 'Send the request body as application/json'));
    }
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(req.headers['content-type'] ?? '')?.[1];
    if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
      return next(new AppError('unsupported_media_type', `Send JSON in UTF-8, not ${charset}`));
    }
    parse(req, res, (error?: unknown) => {
      if (error) return next(error);
      const problem = shapeProblem(req.body);
      if (!problem) return next();
      next(
        new AppError('validation_failed', 'The request body has an unacceptable shape', {
          errors: [{ location: 'body', field: problem.field, message: problem.message }],
        }),
      );
    });
  };
}

/** The first reserved key or excess depth in a parsed body; iterative, so no input can exhaust the stack. */
function shapeProblem(body: unknown): { field: string; message: string } | undefined {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { value, path, depth } = next;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) {
      return { field: path, message: `nests deeper than ${MAX_JSON_DEPTH} levels` };
    }
    for (const [key, child] of Object.entries(value)) {
      const childPath = path === '' ? key : `${path}.${key}`;
      if (RESERVED_KEYS.has(key)) return { field: childPath, message: `the key "${key}" is not accepted` };
      pending.push({ value: child, path: childPath, depth: depth + 1 });
    }
  }
  return undefined;
}
