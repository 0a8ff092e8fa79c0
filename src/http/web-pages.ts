import fs from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler, Router } from 'express';
import { setHttpRoute } from '../../otel/tracing';
import { AppError } from '../errors';

/** The pages, by path, and the built file each one is. */
const PAGES: Record<string, string> = { '/': 'index.html', '/control': 'control.html' };

/**
 * Where `npm run build` put the pages (web/build.mjs): dist/web beside the compiled server, or,
 * when the server runs from source (the tests), the repository's dist/web.
 */
export function builtWebDir(): string | undefined {
  const candidates = [
    path.resolve(__dirname, '..', '..', 'web'),
    path.resolve(__dirname, '..', '..', 'dist', 'web'),
  ];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html')));
}

/**
 * The policy of the pages: scripts, styles and API calls from this origin only (no inline
 * script anywhere), spans to the collector's origin, and nothing may frame them. The API's own
 * answers keep their stricter `default-src 'none'`.
 */
export function pagePolicy(otlpTracesUrl: string | null): string {
  const connect = ["'self'", ...(otlpTracesUrl ? [new URL(otlpTracesUrl).origin] : [])];
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${connect.join(' ')}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * The storefront at `/` and the control room at `/control`, and their assets: hashed names, so
 * each is cached for a year, while the pages are revalidated on every visit to pick up a build.
 */
export function webPages(options: { dir: string | undefined; otlpTracesUrl: string | null }): RequestHandler {
  const router = Router();
  const policy = pagePolicy(options.otlpTracesUrl);
  const { dir } = options;
  for (const [route, file] of Object.entries(PAGES)) {
    router.get(route, (_req, res, next) => {
      setHttpRoute(route);
      if (!dir) {
        next(new AppError('route_not_found', 'The web pages are not built: run npm run build'));
        return;
      }
      res.set({ 'Content-Security-Policy': policy, 'Cache-Control': 'no-cache' });
      res.sendFile(path.join(dir, file), (error) => error && next(error));
    });
  }
  if (dir) {
    router.use('/assets', (_req, _res, next) => {
      setHttpRoute('/assets/*');
      next();
    });
    router.use(
      '/assets',
      express.static(path.join(dir, 'assets'), {
        immutable: true,
        maxAge: '365d',
        index: false,
        fallthrough: true,
        setHeaders: (res) => res.setHeader('Content-Security-Policy', policy),
      }),
    );
  }
  return router;
}
