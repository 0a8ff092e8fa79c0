import { type Request, type RequestHandler, type Response, Router } from 'express';
import type { z } from 'zod';
import { setHttpRoute } from '../../otel/tracing';
import { AppError, type FieldError } from '../errors';
import { guardedResponses } from './admin-guard';
import { idempotencyKeyParameter } from './idempotency';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { jsonBody } from './request-guards';

type Method = 'get' | 'post' | 'delete';
type Schema = z.ZodType;
type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

export interface ResponseSpec {
  description: string;
  schema?: Schema;
}

/**
 * Who may call an operation, and so which rules the API applies before its handler:
 * - `public` (the default): anyone; the request-path failure scenarios may slow or fail it;
 * - `control`: changes what the app does (virtual users, scenarios): ADMIN_TOKEN or a caller on
 *   this machine, rate limited, and never faulted, so a demo can always switch a scenario off;
 * - `probe`: health and status, read by people and orchestrators: never faulted.
 */
export type Access = 'public' | 'control' | 'probe';

/**
 * One API operation: its route, the rules it runs under, the schemas that validate its input,
 * and what it returns.
 */
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
  /** `public` unless said otherwise. */
  access?: Access;
  /** Honours `Idempotency-Key`: a retry gets the first answer, and the handler never runs twice. */
  idempotent?: boolean;
  /** Uses the database: under connection_pool_exhaustion it waits for a pool slot first. */
  database?: boolean;
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

/** A body, never a Promise of one: an unawaited store call must not compile into `{}`. */
type Body<T> = T extends PromiseLike<unknown> ? never : T;
export const ok = <T>(body: Body<T>): Reply => ({ status: 200, body });
export const created = <T>(body: Body<T>): Reply => ({ status: 201, body });

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

/** How the API applies the rules an operation declares. */
export interface ApiPolicies {
  /** Run for a `control` before its input is read: authentication and the rate limit. */
  control: RequestHandler[];
  /** The request-path failure scenarios, for a `public` operation. */
  faults(operation: { database: boolean }): RequestHandler;
  /** Wraps the handler of an `idempotent` operation. */
  idempotent<B, Q, P>(handler: Handler<B, Q, P>): Handler<B, Q, P>;
}

/**
 * Names the server span after the route template, before any rule can answer, and notes the
 * operation's access for the request log (`res.locals.access`).
 */
function routeNamer(path: string, access: Access): RequestHandler {
  return (_req, res, next) => {
    setHttpRoute(path);
    res.locals.access = access;
    next();
  };
}

/**
 * The API's routes and their specs in one place: every operation is validated with the same
 * zod schemas the OpenAPI document is generated from, so the two cannot drift apart, and runs
 * under the rules it declares (see Access), so no list of paths decides them.
 */
export class Api {
  readonly router = Router();
  readonly operations: AnyOperation[] = [];
  private readonly body = jsonBody();

  constructor(private readonly policies: ApiPolicies) {}

  add<
    B extends Schema | undefined = undefined,
    Q extends Schema | undefined = undefined,
    P extends Schema | undefined = undefined,
  >(spec: OperationSpec<B, Q, P>, handler: Handler<B, Q, P>): void {
    const access = spec.access ?? 'public';
    this.operations.push(documented(spec as AnyOperation, access));
    const handle = spec.idempotent ? this.policies.idempotent(handler) : handler;
    const route: RequestHandler = async (req, res) => {
      const errors: FieldError[] = [];
      const input: Input<B, Q, P> = {
        params: parse(spec.params as P, req.params, 'params', errors),
        query: parse(spec.query as Q, req.query, 'query', errors),
        body: parse(spec.body as B, req.body, 'body', errors),
      };
      if (errors.length > 0) {
        throw new AppError('validation_failed', 'The request has invalid fields', { errors });
      }
      const reply = await handle(input, req, res);
      // A handler may reply with a stored problem (an idempotent replay of a decline).
      res.status(reply.status).type(reply.status >= 400 ? PROBLEM_CONTENT_TYPE : 'application/json');
      res.send(serialize(reply.body));
    };
    const rules: RequestHandler[] = [
      routeNamer(spec.path, access),
      ...(access === 'control' ? this.policies.control : []),
      ...(access === 'public' ? [this.policies.faults({ database: spec.database ?? false })] : []),
      this.body,
    ];
    this.router[spec.method](spec.path, ...rules, route);
  }
}

/** The spec as the OpenAPI document shows it: with the header and answers its rules add. */
function documented(spec: AnyOperation, access: Access): AnyOperation {
  const responses: Record<number, ResponseSpec> = { ...spec.responses };
  if (access === 'control') Object.assign(responses, guardedResponses);
  return {
    ...spec,
    headers: { ...spec.headers, ...(spec.idempotent ? idempotencyKeyParameter : {}) },
    responses,
  };
}
