import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { SCHEMA_DIR, schemaFiles } from '../loggers/write-schemas';
import { JSON_LOG_FILES, LogDirectory } from '../testing';
import { cardPayment, orderBody, reservationBody } from './helpers/factories';
import { nextEvent, startTestApp } from './helpers/test-app';

describe('the published log schemas', () => {
  test('when the definitions are compiled, then loggers/schemas/ holds exactly them (run npm run schemas after a change)', () => {
    const published = new Map<string, string>();
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else published.set(path.relative(SCHEMA_DIR, file), fs.readFileSync(file, 'utf8'));
      }
    };
    walk(SCHEMA_DIR);
    expect(published).toEqual(schemaFiles());
  });

  test('when an order is paid, declined, cooked and a table booked, then a standard JSON Schema validator accepts every line against the published files', async () => {
    const t = await startTestApp({ KITCHEN_MS_PER_MINUTE: '1', KITCHEN_HANDOFF_MINUTES: '0' });
    const paid = (await t.http.post('/api/orders').send(orderBody()).expect(201)).body;
    const completed = nextEvent(t, 'order_completed', (e) => e.orderId === paid.id);
    await t.http.post('/api/payments').send(cardPayment(paid)).expect(201);
    const declined = (await t.http.post('/api/orders').send(orderBody()).expect(201)).body;
    const decline = { number: '4000000000009995', expMonth: 1, expYear: 2099, cvc: '123' };
    await t.http
      .post('/api/payments')
      .send(cardPayment(declined, { card: decline }))
      .expect(402);
    await t.http.post('/api/reservations').send(reservationBody()).expect(201);
    await t.http.post('/api/events').send({ event: 'CART_ADD', properties: { menuItemId: 'margherita' } });
    await completed;
    await t.runtime.takeSnapshot();
    await t.http.post('/api/logs/flush').expect(200);

    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const logs = new LogDirectory(t.dirs.logDir);
    const seen = new Set<string>();
    for (const file of JSON_LOG_FILES) {
      const validate = ajv.compile(
        JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, `${file}.schema.json`), 'utf8')),
      );
      for (const record of logs.records(file)) {
        expect({ file, record, errors: validate(record) ? [] : validate.errors }).toEqual({
          file,
          record,
          errors: [],
        });
        seen.add(`${file}:${String(record.event ?? record.kpi ?? record.msg)}`);
      }
    }
    expect([...seen]).toEqual(
      expect.arrayContaining([
        'events.log:order_created',
        'events.log:payment_declined',
        'events.log:order_completed',
        'events.log:reservation_created',
        'events.log:CART_ADD',
        'restaurant-performance.log:snapshot',
        'restaurant-performance.log:payment_gateway',
        'performance.log:request completed',
        'metrics.log:metrics snapshot',
        'app.log:ready',
      ]),
    );
  });

  test('when a line lacks a field its event requires, then the checker names the field', () => {
    // Not a tempDir: the run's teardown checks those, and this line is broken on purpose.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broken-log-line-'));
    const line = {
      level: 'info',
      time: new Date().toISOString(),
      service: 'restaurant-app',
      logType: 'business_event',
      schemaVersion: 1,
    };
    fs.writeFileSync(
      path.join(dir, 'events.log'),
      `${JSON.stringify({ ...line, event: 'order_completed', action: 'complete', msg: 'order_completed', value: 1, unit: 'ms' })}\n`,
    );
    const [problem] = new LogDirectory(dir).problems();
    expect(problem?.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^orderId: /),
        expect.stringMatching(/^orderToCompletedMs: /),
      ]),
    );
  });
});
