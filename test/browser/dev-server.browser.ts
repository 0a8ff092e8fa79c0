import { spawn } from 'node:child_process';
import path from 'node:path';
import {
  collectorSpans,
  fillCheckout,
  type Stack,
  sessionOf,
  startStack,
  stopStack,
  visit,
  waitForSpan,
} from '../helpers/browser';
import { SPAN_KIND } from '../helpers/otlp-receiver';
import { track } from '../helpers/processes';
import { eventually } from '../helpers/test-app';

const DEV_ORIGIN = 'http://localhost:8080';
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ CORS_ORIGINS: DEV_ORIGIN });
  const dev = spawn(process.execPath, [path.join(__dirname, '..', '..', 'web', 'dev.mjs')], {
    env: { ...process.env, WEB_DEV_PORT: '8080', API_ORIGIN: 'http://127.0.0.1:3001' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  track(dev);
  let output = '';
  dev.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  await eventually(() => (output.includes('calling the API') ? true : undefined), 30_000, 50);
});

afterAll(() => stopStack(stack));

describe('the pages from a dev server on 8080', () => {
  test('when the storefront is served by npm run web:dev, then it calls the app through CORS, and the server span is still the child of the browser fetch', async () => {
    const { page, problems } = await visit(stack.browser, `${DEV_ORIGIN}/`);
    await page.getByRole('button', { name: 'Add Margherita' }).click();
    await fillCheckout(page);
    await page.getByRole('button', { name: 'Place order and pay' }).click();
    await page
      .getByTestId('order-status')
      .filter({ hasText: /paid|preparing|ready|completed/ })
      .waitFor();

    const session = await sessionOf(page);
    const created = await stack.logs.waitFor(
      'events.log',
      (l) => l.event === 'order_created' && l.sessionId === session,
    );
    const server = await waitForSpan(stack.outputDir, (spans) =>
      spans.find(
        (s) =>
          s.traceId === created.traceId &&
          s.kind === SPAN_KIND.SERVER &&
          s.attrs['http.route'] === '/api/orders',
      ),
    );
    const parent = collectorSpans(stack.outputDir).find((s) => s.spanId === server.parentSpanId);
    expect(parent).toMatchObject({ service: 'restaurant-web', kind: SPAN_KIND.CLIENT });
    await page.getByRole('link', { name: 'Control room' }).click();
    await page.getByTestId('traffic-state').filter({ hasText: 'idle' }).waitFor();
    expect(problems).toEqual([]);
  });
});
