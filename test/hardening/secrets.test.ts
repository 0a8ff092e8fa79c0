import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Order } from '../../src/schemas/orders';
import { cardPayment, orderBody, reservationBody } from '../helpers/factories';
import { OtlpReceiver } from '../helpers/otlp-receiver';
import { postJson, spawnServer } from '../helpers/server-process';
import { tempDir } from '../helpers/test-app';

jest.setTimeout(60_000);

/** What an operator puts in the environment: the Mezmo keys, the admin token, OTLP auth. */
const SECRETS = {
  MEZMO_LOGS_INGESTION_KEY: 'mzlogs0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  MEZMO_METRICS_INGESTION_KEY: 'mzmetrics77aa88bb99cc00dd11ee22ff3344',
  MEZMO_TRACES_INGESTION_KEY: 'mztraces5566778899aabbccddeeff001122',
  MEZMO_LEGACY_INGESTION_KEY: 'mzlegacyf00dfeedbeefcafe0123456789ab',
  ADMIN_TOKEN: 'admin-token-9f8e7d6c5b4a39281706',
};
const OTLP_AUTH = 'otlp-bearer-4c3b2a1908f7e6d5';
const CARD = '4242424242424242';
const CARD_SPACED = '4242 4242 4242 4242';
const EMAILS = ['ada.lovelace@example.com', 'grace.hopper@example.net', 'alan.turing@example.org'];

/** Every log file and archive in the directory, decompressed, as one text. */
function everyLogLine(logDir: string): string {
  return fs
    .readdirSync(logDir)
    .map((name) => {
      const data = fs.readFileSync(path.join(logDir, name));
      return (name.endsWith('.gz') ? gunzipSync(data) : data).toString('utf8');
    })
    .join('\n');
}

describe('secrets and personal data', () => {
  test('when the app runs with Mezmo keys and an admin token set and clients echo them everywhere, then no log file or span holds a key, token, card number, CVC or unmasked email', async () => {
    const receiver = await OtlpReceiver.start();
    const logDir = tempDir('logs');
    const server = await spawnServer({
      ...SECRETS,
      OTEL_SDK_DISABLED: 'false',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      OTEL_EXPORTER_OTLP_HEADERS: `authorization=Bearer ${OTLP_AUTH}`,
      LOG_LEVEL: 'debug',
      LOG_MAX_SIZE: '8k',
      LOG_DIR: logDir,
      DATA_DIR: tempDir('data'),
    });
    const all = [...Object.values(SECRETS), OTLP_AUTH];
    const call = (route: string, init: RequestInit = {}) => fetch(`${server.baseUrl}${route}`, init);
    const post = (route: string, body: unknown, headers: Record<string, string> = {}) =>
      postJson(server.baseUrl, route, body, headers);
    for (const [i, secret] of all.entries()) {
      const email = EMAILS[i % EMAILS.length] ?? '';
      const echoes = {
        'user-agent': `agent ${secret}`,
        referer: `http://x.example/?k=${secret}`,
        'x-request-id': secret,
      };
      await call(`/api/menu?note=${secret}`, { headers: echoes });
      await call(`/api/menu/${secret}`, { headers: echoes });
      await call(`/api/nowhere/${secret}`);
      const customer = { name: `Ada ${secret}`, email };
      const items = [{ menuItemId: 'margherita', quantity: 1, notes: secret }];
      const order = (await (
        await post('/api/orders', orderBody({ customer, items }), echoes)
      ).json()) as Order;
      for (const number of [CARD_SPACED, CARD]) {
        await post(
          '/api/payments',
          cardPayment(order, { card: { number, expMonth: 12, expYear: 2099, cvc: '9731' } }),
        );
      }
      await post('/api/reservations', reservationBody({ email, notes: `key ${secret}` }));
      await post('/api/events', {
        event: 'checkout_started',
        properties: { apiKey: secret, note: `use ${secret}`, email, card: CARD },
      });
      // The controls, with the right token, a wrong one that contains it, and it in the query.
      await call('/api/traffic', { headers: { authorization: `Bearer ${SECRETS.ADMIN_TOKEN}` } });
      await call('/api/traffic', { headers: { authorization: `Bearer x${SECRETS.ADMIN_TOKEN}x` } });
      await call(`/api/scenarios?token=${secret}`, { headers: { authorization: `Bearer ${secret}` } });
    }
    expect(await server.stop()).toBe(0);
    // Spans leave for the collector: the URL and User-Agent a client sent are redacted there too.
    const spanText = JSON.stringify(receiver.spans);
    expect(receiver.spans.length).toBeGreaterThan(all.length);
    for (const value of [...all, CARD, CARD_SPACED, ...EMAILS]) {
      expect({ value, inSpans: spanText.includes(value) }).toEqual({ value, inSpans: false });
    }
    await server.stop();
    await receiver.close();

    const text = everyLogLine(logDir);
    expect(fs.readdirSync(logDir).some((name) => name.startsWith('access.log.'))).toBe(true);
    for (const value of [...all, CARD, CARD_SPACED, ...EMAILS]) {
      expect({ value, found: text.includes(value) }).toEqual({ value, found: false });
    }
    // A CVC is short: look for it where a careless logger would put it, as a value of its own or
    // next to its name. (Not as the end of any string: one id in 65,536 ends in these digits.)
    expect(text).not.toMatch(/"9731"|cvc\W{0,4}9731/i);
    // The emails did reach the files, masked.
    expect(text).toContain('a***@example.com');
  });
});
