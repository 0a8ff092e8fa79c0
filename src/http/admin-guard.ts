import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Config } from '../config';
import { AppError } from '../errors';
import { isLoopbackAddress } from '../loopback';
import { problem } from '../schemas/common';

/** The answers every guarded control can give, for the OpenAPI document. */
export const guardedResponses = {
  401: { description: 'ADMIN_TOKEN is set and the request lacks it', schema: problem },
  403: { description: 'No ADMIN_TOKEN is set and the caller is not on this machine', schema: problem },
  429: { description: 'Too many control requests', schema: problem },
};

function sameSecret(given: string, expected: string): boolean {
  // Hashes have equal lengths, so the comparison takes the same time whatever was sent.
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/**
 * Guards the traffic and scenario controls: `Authorization: Bearer <ADMIN_TOKEN>` when a token is
 * configured (or was made because the port is published beyond this machine), callers on this
 * machine only when none is, and a per-client rate limit either way. Behind a port published on
 * loopback (compose's default) every caller is on this machine, though the app sees Docker's
 * gateway address.
 */
export function adminGuard(control: Config['control']): RequestHandler[] {
  const authorize: RequestHandler = (req, res, next) => {
    if (control.adminToken) {
      const header = req.get('authorization') ?? '';
      const token = /^Bearer (.+)$/i.exec(header)?.[1];
      if (!token || !sameSecret(token, control.adminToken)) {
        res.set('WWW-Authenticate', 'Bearer realm="restaurant-controls"');
        next(new AppError('unauthorized', 'Send Authorization: Bearer with the ADMIN_TOKEN'));
        return;
      }
    } else if (!control.callersAreLocal && !isLoopbackAddress(req.socket.remoteAddress)) {
      next(
        new AppError('forbidden', 'Without ADMIN_TOKEN, the controls answer callers on this machine only'),
      );
      return;
    }
    next();
  };
  const limit = rateLimit({
    windowMs: 60_000,
    limit: control.ratePerMinute,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) =>
      next(new AppError('rate_limited', 'Too many control requests; retry in a minute')),
  });
  return [limit, authorize];
}
