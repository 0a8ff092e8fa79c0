import { AppError } from '../src/errors';
import { type Api, ok } from '../src/http/api';
import { openApiDocument } from '../src/http/openapi';
import { problem } from '../src/schemas/common';

export interface SystemDeps {
  /** Rejects when the database cannot be read or written. */
  pingDatabase(): Promise<void>;
  service: { title: string; version: string };
}

export function registerSystemRoutes(api: Api, { pingDatabase, service }: SystemDeps): void {
  api.add(
    {
      method: 'get',
      path: '/health',
      operationId: 'health',
      summary: 'Liveness: the process is up',
      tag: 'system',
      access: 'probe',
      responses: { 200: { description: 'Alive' } },
    },
    () => ok({ status: 'ok' }),
  );

  api.add(
    {
      method: 'get',
      path: '/ready',
      operationId: 'ready',
      summary: 'Readiness: the database answers',
      tag: 'system',
      access: 'probe',
      responses: {
        200: { description: 'Ready to serve' },
        503: { description: 'The database is unreachable', schema: problem },
      },
    },
    async () => {
      try {
        await pingDatabase();
      } catch (cause) {
        throw new AppError(
          'service_unavailable',
          'The database cannot take writes: it is unreachable, locked or read-only',
          { cause },
        );
      }
      return ok({ status: 'ready', checks: { database: 'ok' } });
    },
  );

  // Built on first request, after every route has been added.
  let document: unknown;
  api.add(
    {
      method: 'get',
      path: '/openapi.json',
      operationId: 'openapi',
      summary: 'This OpenAPI 3.1 document',
      tag: 'system',
      access: 'probe',
      responses: { 200: { description: 'The API description' } },
    },
    () => {
      document ??= openApiDocument(api.operations, service);
      return ok(document);
    },
  );
}
