import { AppError } from '../src/errors';
import { type Api, ok } from '../src/http/api';
import { openApiDocument } from '../src/http/openapi';
import { problem } from '../src/schemas/common';
import type { DatabaseDescription } from '../src/store';

export interface SystemDeps {
  database: {
    /** Which database serves: named by /ready, whether it answers or not. */
    description: DatabaseDescription;
    /** Rejects when the database cannot be read or written. */
    ping(): Promise<void>;
  };
  service: { title: string; version: string };
}

export function registerSystemRoutes(api: Api, { database, service }: SystemDeps): void {
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
      summary: 'Readiness: the database answers (which one: SQLite or PostgreSQL)',
      tag: 'system',
      access: 'probe',
      responses: {
        200: { description: 'Ready to serve' },
        503: { description: 'The database is unreachable', schema: problem },
      },
    },
    async () => {
      const { description } = database;
      try {
        await database.ping();
      } catch (cause) {
        const where = description.server ? ` at ${description.server}` : '';
        throw new AppError(
          'service_unavailable',
          `The ${description.system} database ${description.name}${where} cannot take writes: it is unreachable, locked or read-only`,
          { cause, extensions: { database: description } },
        );
      }
      return ok({ status: 'ready', checks: { database: 'ok' }, database: description });
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
