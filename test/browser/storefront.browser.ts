import type { Page } from 'playwright-core';
import type { LogDirectory } from '../../testing';
import {
  type CollectedSpan,
  collectorSpans,
  fillCheckout,
  ORIGIN,
  type Stack,
  screenshot,
  sessionOf,
  startStack,
  stopStack,
  visit,
  waitForSpan,
} from '../helpers/browser';
import { cardPayment, orderBody, reservationBody } from '../helpers/factories';
import { SPAN_KIND } from '../helpers/otlp-receiver';
import { freePort } from '../helpers/ports';
import { postJson, spawnServer } from '../helpers/server-process';
import { eventually, tempDir } from '../helpers/test-app';

let stack: Stack;
let outputDir: string;
let logs: LogDirectory;

beforeAll(async () => {
  stack = await startStack();
  ({ outputDir, logs } = stack);
});

afterAll(() => stopStack(stack));

/** A fresh visitor on the storefront, once its menu is there. */
async function visitStorefront(): Promise<{ page: Page; problems: string[] }> {
  const visitor = await visit(stack.browser, `${ORIGIN}/`);
  await visitor.page.getByRole('button', { name: 'Add Margherita' }).waitFor();
  return visitor;
}

describe('the storefront in a real browser', () => {
  test('when a visitor orders a pizza by clicking, then the order reaches completed, and the click, the fetch, the server and the SQL statements are one trace at the collector', async () => {
    const { page, problems } = await visitStorefront();
    await screenshot(page, 'storefront');
    await page.getByRole('button', { name: 'Add Margherita' }).click();
    await page.getByRole('button', { name: 'Add Tiramisu' }).click();
    await fillCheckout(page);
    await page.getByRole('button', { name: 'Place order and pay' }).click();
    await page.getByTestId('order-status').filter({ hasText: 'completed' }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'storefront-order-completed');
    const session = await sessionOf(page);

    const created = await logs.waitFor(
      'events.log',
      (line) => line.event === 'order_created' && line.sessionId === session,
    );
    const traceId = String(created.traceId);
    // The page lists the trace of what the visitor did (not of its status polls), to copy.
    await page.locator('.traces li', { hasText: `${traceId} POST /api/orders` }).waitFor();
    expect(await page.locator('.traces li', { hasText: 'GET /api/orders/' }).count()).toBe(0);
    const server = await waitForSpan(outputDir, (spans) =>
      spans.find(
        (s) =>
          s.traceId === traceId && s.kind === SPAN_KIND.SERVER && s.attrs['http.route'] === '/api/orders',
      ),
    );
    const trace = (): CollectedSpan[] => collectorSpans(outputDir).filter((s) => s.traceId === traceId);
    const fetchSpan = await waitForSpan(outputDir, () =>
      trace().find((s) => s.spanId === server.parentSpanId),
    );
    expect(fetchSpan).toMatchObject({ service: 'restaurant-web', kind: SPAN_KIND.CLIENT });
    expect(fetchSpan.attrs).toMatchObject({ 'http.request.method': 'POST', 'session.id': session });
    // The fetch belongs to the visitor's action: the submit span the user-interaction instrumentation made.
    const action = trace().find((s) => s.spanId === fetchSpan.parentSpanId);
    expect(action).toMatchObject({ service: 'restaurant-web' });
    expect(action?.attrs).toMatchObject({ event_type: 'submit' });
    expect(
      trace().some((s) => s.service === 'restaurant-app' && s.attrs['db.system.name'] === 'sqlite'),
    ).toBe(true);
    // Every browser span carries the session id the server's lines carry.
    const browserSpans = collectorSpans(outputDir).filter(
      (s) => s.service === 'restaurant-web' && s.attrs['session.id'] === session,
    );
    expect(browserSpans.length).toBeGreaterThan(3);
    expect(
      collectorSpans(outputDir).filter(
        (s) => s.service === 'restaurant-web' && s.attrs['session.id'] === undefined,
      ),
    ).toEqual([]);
    const access = await logs.waitFor(
      'access.log',
      (line) => line.traceId === traceId && line.path === '/api/orders',
    );
    expect(access.sessionId).toBe(session);
    // The journey events came from real clicks.
    const journey = logs
      .records('events.log')
      .filter((l) => l.sessionId === session && l.action === 'journey');
    expect(journey.map((l) => l.event)).toEqual(
      expect.arrayContaining(['page_view', 'CART_ADD', 'checkout_started', 'payment_initiated']),
    );
    expect(problems).toEqual([]);
  });

  test('when a card is declined, then the reason is shown and paying again with another card completes the order', async () => {
    const { page, problems } = await visitStorefront();
    await page.getByRole('button', { name: 'Add Margherita' }).click();
    await fillCheckout(page, '4000 0000 0000 0002');
    await page.getByRole('button', { name: 'Place order and pay' }).click();
    const alert = page.getByRole('alert');
    await alert.filter({ hasText: 'do_not_honor' }).waitFor();
    await screenshot(page, 'storefront-declined');
    await page.getByLabel('Card number').fill('4242 4242 4242 4242');
    await page.getByRole('button', { name: 'Pay again' }).click();
    await page
      .getByTestId('order-status')
      .filter({ hasText: /paid|preparing|ready|completed/ })
      .waitFor();
    // A declined card is a refusal the page expected and showed: the browser logs the 402 itself.
    expect(problems.filter((p) => !p.includes('402'))).toEqual([]);
  });

  test('when a visitor uses the keyboard alone, then they can add a dish, fill the form and pay', async () => {
    const { page, problems } = await visitStorefront();
    const focusedName = () =>
      page.evaluate<string>(
        `(() => { const el = document.activeElement;
          return [el?.tagName ?? '', el?.getAttribute('name') ?? '', el?.textContent ?? ''].join(' ').trim(); })()`,
      );
    const tabTo = async (matches: (name: string) => boolean) => {
      for (let i = 0; i < 200; i++) {
        await page.keyboard.press('Tab');
        if (matches(await focusedName())) return;
      }
      throw new Error('never reached by Tab');
    };
    await tabTo((name) => name.startsWith('BUTTON') && name.includes('Margherita'));
    await page.keyboard.press('Enter');
    await tabTo((name) => name === 'INPUT name');
    await page.keyboard.type('Grace Hopper');
    await page.keyboard.press('Tab');
    await page.keyboard.type('grace@example.com');
    await tabTo((name) => name.includes('Place order and pay'));
    await page.keyboard.press('Enter');
    await page
      .getByTestId('order-status')
      .filter({ hasText: /paid|preparing|ready|completed/ })
      .waitFor();
    expect(problems).toEqual([]);
  });

  test('when the reservation form is sent empty, then the API’s own field messages are shown beside the fields', async () => {
    const { page, problems } = await visitStorefront();
    await page.getByRole('button', { name: 'Reserve' }).click();
    await page.getByRole('alert').filter({ hasText: 'invalid fields' }).waitFor();
    const errors = await page.locator('#reserve-heading ~ form .error').allTextContents();
    expect(errors.length).toBeGreaterThan(0);
    expect(problems.filter((p) => !p.includes('400'))).toEqual([]);
  });
});

describe('the storefront when the kitchen is busy and the room is full', () => {
  test('when the order waits for the kitchen, then the visitor can cancel it, and a full room is said kindly', async () => {
    // One cook, a minute per minute: the first order keeps the kitchen, the visitor's waits as paid.
    const server = await spawnServer({
      KITCHEN_CAPACITY: '1',
      KITCHEN_MS_PER_MINUTE: '60000',
      PAYMENT_LATENCY_MS: '10',
      WEB_OTLP_TRACES_URL: 'none',
      LOG_DIR: tempDir('logs'),
      DATA_DIR: tempDir('data'),
    });
    const busy = await postJson(server.baseUrl, '/api/orders', orderBody());
    const busyOrder = (await busy.json()) as { id: string; total: number };
    expect((await postJson(server.baseUrl, '/api/payments', cardPayment(busyOrder))).status).toBe(201);

    const { page, problems } = await visit(stack.browser, `${server.baseUrl}/`);
    await page.getByRole('button', { name: 'Add Margherita' }).click();
    await fillCheckout(page);
    await page.getByRole('button', { name: 'Place order and pay' }).click();
    await page.getByTestId('order-status').filter({ hasText: 'paid' }).waitFor();
    await page.getByRole('button', { name: 'Cancel this order' }).click();
    await page.getByTestId('order-status').filter({ hasText: 'cancelled' }).waitFor();

    // Every table of the seating taken, then the visitor asks for one more.
    // Tomorrow at 19:00, the visitor's (and this machine's) time: always open, always bookable.
    const tomorrow = new Date();
    tomorrow.setDate(tomorrow.getDate() + 1);
    tomorrow.setHours(19, 0, 0, 0);
    const time = tomorrow.toISOString();
    let status = 201;
    for (let i = 0; i < 40 && status === 201; i++) {
      status = (await postJson(server.baseUrl, '/api/reservations', reservationBody({ time, partySize: 2 })))
        .status;
    }
    expect(status).toBe(409);
    const form = page.getByRole('form', { name: 'Book a table' });
    const local = new Date(time);
    const pad = (n: number) => String(n).padStart(2, '0');
    await form.getByLabel('Name').fill('Grace Hopper');
    await form.getByLabel('Email').fill('grace@example.com');
    await form
      .getByLabel('Date')
      .fill(`${local.getFullYear()}-${pad(local.getMonth() + 1)}-${pad(local.getDate())}`);
    await form.getByLabel('Time').fill(`${pad(local.getHours())}:${pad(local.getMinutes())}`);
    await form.getByRole('button', { name: 'Reserve' }).click();
    await page.getByRole('alert').filter({ hasText: 'another time or a smaller party may fit' }).waitFor();
    expect(problems.filter((p) => !p.includes('409'))).toEqual([]);
  });
});

describe('the storefront when the collector is down', () => {
  test('when nothing listens at the traces URL, then ordering works and the page shows nothing of it', async () => {
    const port = await freePort();
    const server = await spawnServer({
      WEB_OTLP_TRACES_URL: `http://127.0.0.1:${port}/v1/traces`,
      PAYMENT_LATENCY_MS: '10',
      LOG_DIR: tempDir('logs'),
      DATA_DIR: tempDir('data'),
    });
    const { page, problems } = await visit(stack.browser, `${server.baseUrl}/`);
    const failed: string[] = [];
    page.on('requestfailed', (request) => failed.push(request.url()));
    await page.getByRole('button', { name: 'Add Margherita' }).click();
    await fillCheckout(page);
    await page.getByRole('button', { name: 'Place order and pay' }).click();
    await page
      .getByTestId('order-status')
      .filter({ hasText: /paid|preparing|ready|completed/ })
      .waitFor();
    // The exporter tried (it sends every second) and failed, and only it did.
    await eventually(() => (failed.length > 0 ? true : undefined), 10_000, 100);
    expect(new Set(failed)).toEqual(new Set([`http://127.0.0.1:${port}/v1/traces`]));
    expect(await page.getByRole('alert').count()).toBe(0);
    // What remains is the browser's own note of each failed send; the page itself said nothing.
    expect(problems.filter((p) => !p.includes('net::ERR_CONNECTION_REFUSED'))).toEqual([]);
  });
});
