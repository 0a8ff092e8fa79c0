import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ON_POSTGRES } from './helpers/database';
import { cardPayment, hoursFromNow, orderBody, reservationBody } from './helpers/factories';
import { startTestApp, type TestApp } from './helpers/test-app';

describe('health, readiness and the OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });

  test('when the app is up, then /health and /ready answer 200', async () => {
    expect((await t.http.get('/health').expect(200)).body).toEqual({ status: 'ok' });
    expect((await t.http.get('/ready').expect(200)).body).toMatchObject({
      status: 'ready',
      checks: { database: 'ok' },
      database: ON_POSTGRES
        ? { system: 'postgresql', name: expect.stringMatching(/^restaurant_/) }
        : { system: 'sqlite', name: 'restaurant.db' },
    });
  });

  test('when /openapi.json is fetched, then it is a valid OpenAPI 3.1 document covering every contract route', async () => {
    const doc = (await t.http.get('/openapi.json').expect(200)).body;
    expect(doc.openapi).toBe('3.1.0');
    await SwaggerParser.validate(structuredClone(doc));
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods as object).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        'GET /api/menu',
        'GET /api/menu/{id}',
        'POST /api/orders',
        'GET /api/orders',
        'GET /api/orders/{id}',
        'POST /api/orders/{id}/cancel',
        'POST /api/payments',
        'POST /api/reservations',
        'GET /api/reservations',
        'GET /api/reservations/{id}',
        'DELETE /api/reservations/{id}',
        'GET /health',
        'GET /ready',
        'GET /openapi.json',
      ]),
    );
  });

  test('when real requests are made, then every response matches the schema documented for its status', async () => {
    const doc = (await t.http.get('/openapi.json').expect(200)).body;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    async function check(method: string, docPath: string, res: { status: number; body: unknown }) {
      const response = doc.paths[docPath][method].responses[String(res.status)];
      expect(response).toBeDefined();
      // Every response checked here has a body: its schema must be documented.
      const content = response.content && (Object.values(response.content)[0] as { schema: object });
      expect(content).toBeDefined();
      const valid = ajv.validate(content.schema, res.body);
      expect(ajv.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    }

    await check('get', '/api/menu', await t.http.get('/api/menu'));
    await check('get', '/api/menu/{id}', await t.http.get('/api/menu/espresso'));
    await check('get', '/api/menu/{id}', await t.http.get('/api/menu/nothing'));
    const order = await t.http.post('/api/orders').send(orderBody());
    await check('post', '/api/orders', order);
    await check('post', '/api/orders', await t.http.post('/api/orders').send(orderBody({ items: [] })));
    await check('get', '/api/orders', await t.http.get('/api/orders'));
    await check('post', '/api/payments', await t.http.post('/api/payments').send(cardPayment(order.body)));
    const declined = await t.http.post('/api/orders').send(orderBody());
    await check(
      'post',
      '/api/payments',
      await t.http.post('/api/payments').send(
        cardPayment(declined.body, {
          card: { number: '4000000000009995', expMonth: 1, expYear: 2099, cvc: '123' },
        }),
      ),
    );
    const reservation = await t.http
      .post('/api/reservations')
      .send(reservationBody({ time: hoursFromNow(50) }));
    await check('post', '/api/reservations', reservation);
    await check('get', '/api/reservations', await t.http.get('/api/reservations'));
    await check(
      'delete',
      '/api/reservations/{id}',
      await t.http.delete(`/api/reservations/${reservation.body.id}`),
    );
    await check(
      'post',
      '/api/orders/{id}/cancel',
      await t.http.post(`/api/orders/${declined.body.id}/cancel`),
    );
  });
});
