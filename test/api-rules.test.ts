import express, { type RequestHandler } from 'express';
import request from 'supertest';
import { z } from 'zod';
import { type Access, Api, ok } from '../src/http/api';
import { openApiDocument } from '../src/http/openapi';

/** An Api whose policies record which rule ran for which path. */
function recordingApi() {
  const ran: string[] = [];
  const mark =
    (rule: string): RequestHandler =>
    (req, _res, next) => {
      ran.push(`${rule} ${req.path}`);
      next();
    };
  const api = new Api({
    control: [mark('guard')],
    faults: ({ database }) => mark(database ? 'faults+pool' : 'faults'),
    idempotent: (handler) => (input, req, res) => {
      ran.push(`idempotent ${req.path}`);
      return handler(input, req, res);
    },
  });
  const add = (path: string, rules: { access?: Access; idempotent?: boolean; database?: boolean }) =>
    api.add(
      {
        method: 'post',
        path,
        operationId: path,
        summary: path,
        tag: 't',
        ...rules,
        body: z.object({}),
        responses: { 200: { description: 'ok' } },
      },
      () => ok({}),
    );
  return { api, ran, add };
}

describe('rules an operation declares', () => {
  test('when operations declare their access, idempotency and database use, then exactly those rules run, whatever their paths', async () => {
    const { api, ran, add } = recordingApi();
    add('/new-thing', {});
    add('/api/scenarios-lookalike', { access: 'control' });
    add('/status', { access: 'probe' });
    add('/pay', { idempotent: true, database: true });
    const app = express().use(api.router);
    for (const path of ['/new-thing', '/api/scenarios-lookalike', '/status', '/pay'])
      await request(app).post(path).send({}).expect(200);
    expect(ran).toEqual([
      'faults /new-thing',
      'guard /api/scenarios-lookalike',
      'faults+pool /pay',
      'idempotent /pay',
    ]);
  });

  test('when the OpenAPI document is generated, then a control lists the guard answers and an idempotent operation its header', () => {
    const { api, add } = recordingApi();
    add('/control', { access: 'control' });
    add('/pay', { idempotent: true });
    const paths = openApiDocument(api.operations, { title: 't', version: '0' }).paths as Record<
      string,
      { post: { responses: object; parameters: { name: string }[] } }
    >;
    expect(Object.keys(paths['/control']?.post.responses ?? {})).toEqual(
      expect.arrayContaining(['401', '403', '429']),
    );
    expect(paths['/pay']?.post.parameters.map((p) => p.name)).toContain('Idempotency-Key');
    expect(Object.keys(paths['/pay']?.post.responses ?? {})).not.toContain('401');
  });
});
