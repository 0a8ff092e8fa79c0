import { type Request, type RequestHandler, type Response, Router } from 'express';
import type { z } from 'zod';
import { setHttpRoute } from '../../otel/tracing';
import { AppError, type FieldError } from '../errors';
import { PROBLEM_CONTENT_TYPE } from './problem';

type Method = 'get' | 'post' | 'delete';
type Schema = z.ZodType;
type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface ResponseSpec {
  description: string;
  schema?: Schema;
}

/** One API operation: its route, the schemas that validate its input, and what it returns. */
export interface OperationSpec<
  B extends Schema | undefined,
  Q extends Schema | undefined,
  P extends Schema | undefined,
> {
  method: Method;
  /** Express-style path, `/api/orders/:id`. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  body?: B;
  query?: Q;
  params?: P;
  /** Request headers the operation reads, for the OpenAPI document. */
  headers?: Record<string, { description: string; schema: Schema }>;
  responses: Record<number, ResponseSpec>;
}

export interface Input<B, Q, P> {
  body: Parsed<B>;
  query: Parsed<Q>;
  params: Parsed<P>;
}

/** What a handler returns; the API layer writes it. */
export interface Reply {
  status: number;
  body: unknown;
}

export type Handler<B, Q, P> = (input: Input<B, Q, P>, req: Request, res: Response) => Reply | Promise<Reply>;

export type AnyOperation = OperationSpec<Schema | undefined, Schema | undefined, Schema | undefined>;

export const ok = (body: unknown): Reply => ({ status: 200, body });
export const created = (body: unknown): Reply => ({ status: 201, body });

function parse<S extends Schema | undefined>(
  schema: S,
  value: unknown,
  location: FieldError['location'],
  errors: FieldError[],
): Parsed<S> {
  if (!schema) return undefined as Parsed<S>;
  const result = schema.safeParse(value);
  if (result.success) return result.data as Parsed<S>;
  for (const issue of result.error.issues) {
    const path = issue.path.map(String);
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [undefined];
    for (const key of keys) {
      const field = [...path, ...(key === undefined ? [] : [key])].join('.');
      errors.push({ location, field, message: key === undefined ? issue.message : 'is not a known field' });
    }
  }
  return undefined as Parsed<S>;
}

/** Bodies that cannot change (deeply frozen, such as the menu) are serialized once. */
const serializedBodies = new WeakMap<object, string>();

function serialize(body: unknown): string {
  if (body === null || typeof body !== 'object' || !Object.isFrozen(body)) return JSON.stringify(body);
  let json = serializedBodies.get(body);
  if (json === undefined) {
    json = JSON.stringify(body);
    serializedBodies.set(body, json);
  }
  return json;
}

/**
 * The API's routes and their specs in one place: every operation is validated with the same
 * zod schemas the OpenAPI document is generated from, so the two cannot drift apart.
 */
export class Api {
  readonly router = Router();
  readonly operations: AnyOperation[] = [];

  add<
    B extends Schema | undefined = undefined,
    Q extends Schema | undefined = undefined,
    P extends Schema | undefined = undefined,
  >(spec: OperationSpec<B, Q, P>, handler: Handler<B, Q, P>): void {
    this.operations.push(spec as AnyOperation);
    const route: RequestHandler = async (req, res) => {
      setHttpRoute(spec.path);
      const errors: FieldError[] = [];
      const input: Input<B, Q, P> = {
        params: parse(spec.params as P, req.params, 'params', errors),
        query: parse(spec.query as Q, req.query, 'query', errors),
        body: parse(spec.body as B, req.body, 'body', errors),
      };
      if (errors.length > 0) {
        throw new AppError('validation_failed', 'The request has invalid fields', { errors });
      }
      const reply = await handler(input, req, res);
      // A handler may reply with a stored problem (an idempotent replay of a decline).
      res.status(reply.status).type(reply.status >= 400 ? PROBLEM_CONTENT_TYPE : 'application/json');
      res.send(serialize(reply.body));
    };
    this.router[spec.method](spec.path, route);
  }
}
