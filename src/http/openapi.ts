import { z } from 'zod';
import type { AnyOperation } from './api';

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  });
  return rest;
}

/** Path and query parameters from an object schema, one per property. */
function parameters(schema: z.ZodType | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const object = jsonSchema(schema, 'input');
  const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: location,
      required: location === 'path' || required.has(name),
      ...(description ? { description } : {}),
      schema: propertySchema,
    };
  });
}

/** An OpenAPI 3.1 document generated from the operations' own validation schemas. */
export function openApiDocument(
  operations: readonly AnyOperation[],
  info: { title: string; version: string },
) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const path = op.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const headerParameters = Object.entries(op.headers ?? {}).map(([name, header]) => ({
      name,
      in: 'header',
      required: false,
      description: header.description,
      schema: jsonSchema(header.schema, 'input'),
    }));
    paths[path] ??= {};
    paths[path][op.method] = {
      operationId: op.operationId,
      summary: op.summary,
      tags: [op.tag],
      parameters: [...parameters(op.params, 'path'), ...parameters(op.query, 'query'), ...headerParameters],
      ...(op.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(op.body, 'input') } },
            },
          }
        : {}),
      responses: Object.fromEntries(
        Object.entries(op.responses).map(([status, response]) => [
          status,
          {
            description: response.description,
            ...(response.schema
              ? {
                  content: {
                    [Number(status) >= 400 ? 'application/problem+json' : 'application/json']: {
                      schema: jsonSchema(response.schema, 'output'),
                    },
                  },
                }
              : {}),
          },
        ]),
      ),
    };
  }
  return { openapi: '3.1.0', info, paths };
}
