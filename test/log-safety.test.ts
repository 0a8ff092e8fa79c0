import fs from 'node:fs';
import path from 'node:path';
import { cardPayment, GOOD_CARD, orderBody, reservationBody } from './helpers/factories';
import { JSON_LOG_FILES, parseAccessLine, readAllLines, readJsonLines } from './helpers/logs';
import { startTestApp } from './helpers/test-app';

function allLogText(logDir: string): string {
  return fs
    .readdirSync(logDir)
    .map((name) => fs.readFileSync(path.join(logDir, name), 'utf8'))
    .join('\n');
}

/**
 * Every text a person or a customer could have typed that reached a JSON file: string values,
 * without ids (random hex, in which a short digit string turns up by chance) and numbers.
 */
function loggedTexts(logDir: string): string[] {
  const texts: string[] = [];
  const visit = (value: unknown, key: string) => {
    if (typeof value === 'string' && !/id$/i.test(key)) texts.push(value);
    else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) visit(v, k);
    }
  };
  for (const file of JSON_LOG_FILES) for (const line of readJsonLines(logDir, file)) visit(line, '');
  return texts;
}

describe('what the log files never hold', () => {
  test('when customers, cards and secrets pass through, then no file holds a card number, CVC, secret, or unmasked email or phone', async () => {
    const t = await startTestApp();
    const order = (
      await t.http
        .post('/api/orders')
        .set('Authorization', 'Bearer super-secret-bearer-token')
        .set('Cookie', 'session_id=cookie-session; other=cookie-secret-value')
        .send(
          orderBody({
            customer: { name: 'Ada', email: 'ada.lovelace@example.com', phone: '+44 20 7946 0958' },
          }),
        )
        .expect(201)
    ).body;
    await t.http
      .post('/api/payments')
      .send(
        cardPayment(order, {
          card: { number: '4242 4242 4242 4242', expMonth: 1, expYear: 2099, cvc: '9876' },
        }),
      )
      .expect(201);
    await t.http
      .post('/api/reservations')
      .send(reservationBody({ email: 'grace.hopper@example.com', phone: '+1 212 555 0199' }))
      .expect(201);
    await t.http
      .post('/api/events')
      .send({
        event: 'checkout_started',
        properties: {
          email: 'someone.else@example.com',
          note: `card ${GOOD_CARD} from mail carol.w@example.com`,
          password: 'hunter2-password',
          apiKey: 'sk_live_abcdefghijklmnop',
          nested: { token: 'nested-token-value', Authorization: 'Bearer inner-secret' },
        },
      })
      .expect(202);
    await t.http.get('/api/menu?token=query-token-value&category=pizza').expect(400);
    await t.close();

    const text = allLogText(t.dirs.logDir);
    for (const secret of [
      'ada.lovelace@example.com',
      'grace.hopper@example.com',
      'someone.else@example.com',
      'carol.w@example.com',
      GOOD_CARD,
      '4242 4242 4242 4242',
      '7946 0958',
      '555 0199',
      'super-secret-bearer-token',
      'cookie-secret-value',
      'hunter2-password',
      'sk_live_abcdefghijklmnop',
      'nested-token-value',
      'inner-secret',
      'query-token-value',
    ]) {
      expect({ secret, found: text.includes(secret) }).toEqual({ secret, found: false });
    }
    // Short digit strings can occur by chance in ids and figures: look for them in typed text only.
    const texts = loggedTexts(t.dirs.logDir);
    for (const secret of ['9876', '79460958', '2125550199']) {
      expect({ secret, found: texts.some((text) => text.includes(secret)) }).toEqual({
        secret,
        found: false,
      });
    }
    const events = readJsonLines(t.dirs.logDir, 'events.log');
    expect(events.find((l) => l.event === 'order_created')?.customerEmail).toBe('a***@example.com');
    expect(events.find((l) => l.event === 'checkout_started')?.properties).toMatchObject({
      email: 's***@example.com',
      note: 'card [CARD ****4242] from mail c***@example.com',
      password: '[REDACTED]',
      nested: { token: '[REDACTED]' },
    });
  });

  test('when requests try to inject lines or fields, then every file keeps one valid record per line', async () => {
    const t = await startTestApp();
    const injected = '"}\n{"level":"fatal","msg":"forged","requestId":"forged"}\n';
    const sent = [
      await t.http.get('/api/menu/%22%0A%0Dforged').set('User-Agent', 'agent" "forged" 200 1 \\'),
      await t.http.get('/api/menu?category=x%0A127.0.0.1%20-%20-').set('Referer', 'http://x/"\u00e9\t'),
      await t.http
        .post('/api/events')
        .send({ event: 'page_view', properties: { note: injected, [injected]: 1 } }),
      await t.http
        .post('/api/orders')
        .send(orderBody({ customer: { name: injected, email: 'a@example.com' } })),
      await t.http.post('/api/events').send({ event: injected }),
    ];
    await t.close();

    const access = readAllLines(t.dirs.logDir, 'access.log');
    expect(access).toHaveLength(sent.length);
    const parsed = access.map(parseAccessLine);
    expect(parsed.map((a) => a.status)).toEqual(sent.map((res) => res.status));
    // The reference parser undoes the escaping: what the client sent, whole, in one field.
    expect(parsed[0]?.agent).toBe('agent" "forged" 200 1 \\');
    expect(access[0]).toContain('"agent\\" \\"forged\\" 200 1 \\\\"');
    // (Node drops the trailing tab: optional whitespace around a header value.)
    expect(parsed[1]?.referer).toBe('http://x/"\u00e9');
    expect(access.every((line) => /^[\x20-\x7e]+$/.test(line))).toBe(true);

    for (const file of JSON_LOG_FILES) {
      for (const line of readJsonLines(t.dirs.logDir, file)) {
        expect(line.level).not.toBe('fatal');
        expect(line.requestId).not.toBe('forged');
      }
    }
    const pageView = readJsonLines(t.dirs.logDir, 'events.log').find((l) => l.event === 'page_view');
    expect(pageView?.properties).toEqual({ note: injected, [injected]: 1 });
  });

  test('when accepted free text holds separators and bidirectional controls, then they are written as escapes', async () => {
    const t = await startTestApp();
    const sneaky = 'pay\u2028ment\u202egnp.exe\u0085\u2066x';
    await t.http
      .post('/api/events')
      .send({ event: 'page_view', properties: { note: sneaky, [sneaky]: 1 } })
      .expect(202);
    await t.close();

    const text = fs.readFileSync(path.join(t.dirs.logDir, 'events.log'), 'utf8');
    expect(text).not.toMatch(/[\u0085\u2028\u202e\u2066]/);
    const escaped = 'pay\\u2028ment\\u202egnp.exe\\u0085\\u2066x';
    const pageView = readJsonLines(t.dirs.logDir, 'events.log').find((l) => l.event === 'page_view');
    expect(pageView?.properties).toEqual({ note: escaped, [escaped]: 1 });
  });
});

describe('errors.log for server faults', () => {
  test('when a request fails with a 5xx, then errors.log has the error name, code and stack, and the body hides them', async () => {
    const t = await startTestApp();
    // A bug in the app, whichever database is behind it.
    t.runtime.store.orders.list = async () => {
      throw new TypeError("Cannot read properties of undefined (reading 'rows')");
    };
    const res = await t.http.get('/api/orders').set('X-Request-Id', 'req-500');
    expect(res.status).toBe(500);
    await t.close();
    const line = readJsonLines(t.dirs.logDir, 'errors.log').find((l) => l.requestId === 'req-500');
    expect(line).toMatchObject({ level: 'error', code: 'internal_error', status: 500 });
    const err = line?.err as { type: string; message: string; stack: string };
    expect(err.type).toBe('TypeError');
    expect(err.stack).toContain('at ');
    expect(JSON.stringify(res.body)).not.toContain(err.message);
  });
});

describe('LOG_LEVEL', () => {
  test('when LOG_LEVEL is warn, then info lines are left out of the JSON files but access.log keeps every response', async () => {
    const t = await startTestApp({ LOG_LEVEL: 'warn' });
    await t.http.get('/api/menu').expect(200);
    await t.http.get('/api/nowhere').expect(404);
    await t.close();
    expect(readJsonLines(t.dirs.logDir, 'app.log')).toEqual([]);
    expect(readJsonLines(t.dirs.logDir, 'performance.log')).toEqual([]);
    expect(readJsonLines(t.dirs.logDir, 'errors.log').map((l) => l.code)).toEqual(['route_not_found']);
    expect(readAllLines(t.dirs.logDir, 'access.log')).toHaveLength(2);
  });
});
