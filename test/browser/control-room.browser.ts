import type { Page } from 'playwright-core';
import { ORIGIN, type Stack, screenshot, startStack, stopStack, visit } from '../helpers/browser';
import { spawnServer } from '../helpers/server-process';
import { eventually, tempDir } from '../helpers/test-app';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
});

afterAll(() => stopStack(stack));

/** The figure a chart's caption shows now, as a number. */
async function figure(page: Page, id: string): Promise<number> {
  return Number.parseFloat((await page.getByTestId(id).textContent()) ?? 'NaN');
}

describe('the control room in a real browser', () => {
  test('when virtual users and an error burst are started from the page, then the error rate chart rises, and stopping them ends it', async () => {
    const { page, problems } = await visit(stack.browser, `${ORIGIN}/control`);
    await page.getByTestId('traffic-state').filter({ hasText: 'idle' }).waitFor();
    await page.getByLabel('New users per minute').fill('600');
    await page.getByRole('button', { name: 'Start virtual users' }).click();
    await page.getByTestId('traffic-state').filter({ hasText: 'running' }).waitFor();
    await eventually(async () => ((await figure(page, 'rps')) > 0 ? true : undefined), 20_000, 250);
    expect(await figure(page, 'error-rate')).toBe(0);

    const burst = page.getByRole('form', { name: 'error burst' });
    await burst.getByLabel('Intensity').fill('0.8');
    await burst.getByRole('button', { name: 'Start error_burst' }).click();
    await page.getByText(/Active, intensity 0.8, \d+ s left/).waitFor();
    // The chart's latest point: 5xx answers to the virtual users within seconds of the start.
    const risen = await eventually(
      async () => {
        const rate = await figure(page, 'error-rate');
        return rate > 10 ? rate : undefined;
      },
      20_000,
      250,
    );
    expect(risen).toBeGreaterThan(10);
    await page.locator('.traces .failing').first().waitFor();
    await screenshot(page, 'control-room');

    await page.getByRole('button', { name: 'Stop all scenarios' }).click();
    await page.getByRole('button', { name: 'Stop virtual users' }).click();
    await page
      .getByTestId('traffic-state')
      .filter({ hasText: /finishing|idle/ })
      .waitFor();
    // 5xx answers are what the page was asked to cause; the browser logs them itself.
    expect(problems.filter((p) => !/status of 5\d\d/.test(p))).toEqual([]);
  });

  test('when the collector state is shown, then it names the local mode and what each exporter sent', async () => {
    const { page, problems } = await visit(stack.browser, `${ORIGIN}/control`);
    await page.getByRole('status').filter({ hasText: 'Mode local' }).waitFor();
    await page.getByRole('cell', { name: 'traces' }).first().waitFor();
    expect(problems).toEqual([]);
  });

  test('when ADMIN_TOKEN is set, then the page asks for it once, asks again after a wrong one, and sends it as a bearer token', async () => {
    const server = await spawnServer({
      ADMIN_TOKEN: 'control-room-token-1234',
      WEB_OTLP_TRACES_URL: 'none',
      LOG_DIR: tempDir('logs'),
      DATA_DIR: tempDir('data'),
    });
    const { page, problems } = await visit(stack.browser, `${server.baseUrl}/control`);
    await page.getByLabel('Token', { exact: true }).fill('not-the-token-at-all');
    await page.getByRole('button', { name: 'Open the control room' }).click();
    await page.getByLabel('Token', { exact: true }).waitFor();
    await page.getByLabel('Token', { exact: true }).fill('control-room-token-1234');
    await page.getByRole('button', { name: 'Open the control room' }).click();
    await page.getByTestId('traffic-state').filter({ hasText: 'idle' }).waitFor();
    // The same tab keeps it: a reload goes straight to the controls.
    await page.reload();
    await page.getByTestId('traffic-state').filter({ hasText: 'idle' }).waitFor();
    // The wrong token was refused by the API (401), not by the page.
    expect(problems.some((p) => p.includes('401'))).toBe(true);
    expect(problems.filter((p) => !p.includes('401'))).toEqual([]);
  });
});

describe('the pages on a phone and on a projector', () => {
  test.each([
    ['/', 375],
    ['/control', 375],
    ['/', 1920],
    ['/control', 1920],
  ])('when %s is %i px wide, then nothing scrolls sideways', async (path, width) => {
    const page = await (await stack.browser.newContext({ viewport: { width, height: 800 } })).newPage();
    await page.goto(`${ORIGIN}${path}`);
    await page.getByRole('heading', { level: 2 }).first().waitFor();
    const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
    expect(scrollWidth).toBeLessThanOrEqual(width);
    if (width === 375)
      await screenshot(page, `narrow${path === '/' ? '-storefront' : path.replace('/', '-')}`, true);
  });
});
