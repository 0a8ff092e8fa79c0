import fs from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { LogDirectory } from '../../testing';
import { type CollectorProcess, startCollector } from './collector-process';
import { attributes, type OtlpAttribute, type OtlpSpan } from './otlp-receiver';
import { type ServerProcess, spawnServer } from './server-process';
import { eventually, tempDir } from './test-app';

/** Debian's chromium package: the browser tests drive the system browser, never a download. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where the tests leave their screenshots (the README's come from here). */
export const SCREENSHOTS = path.join(__dirname, '..', '..', 'test-results', 'screenshots');

export async function launchBrowser(): Promise<Browser> {
  // As root (CI here) Chromium refuses its sandbox; the pages are our own.
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}

/** Everything a page said went wrong: console errors (CSP refusals are among them) and uncaught errors. */
export function watchProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return problems;
}

/** The top of the page as a visitor sees it (`fullPage`: all of it), as test-results/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });
}

export interface CollectedSpan extends OtlpSpan {
  service: string;
  attrs: Record<string, unknown>;
}

/** The spans the collector wrote to traces.jsonl in local mode (OTLP JSON, one request a line). */
export function collectorSpans(outputDir: string): CollectedSpan[] {
  const file = path.join(outputDir, 'traces.jsonl');
  if (!fs.existsSync(file)) return [];
  const spans: CollectedSpan[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const request = JSON.parse(line) as {
      resourceSpans?: {
        resource?: { attributes?: OtlpAttribute[] };
        scopeSpans?: { spans?: OtlpSpan[] }[];
      }[];
    };
    for (const resourceSpans of request.resourceSpans ?? []) {
      const service = String(attributes(resourceSpans.resource?.attributes)['service.name']);
      for (const scope of resourceSpans.scopeSpans ?? []) {
        for (const span of scope.spans ?? [])
          spans.push({ ...span, service, attrs: attributes(span.attributes) });
      }
    }
  }
  return spans;
}

/** Waits until the collector has written a span `find` accepts. */
export function waitForSpan(
  outputDir: string,
  find: (spans: CollectedSpan[]) => CollectedSpan | undefined,
  timeoutMs = 20_000,
): Promise<CollectedSpan> {
  return eventually(() => find(collectorSpans(outputDir)), timeoutMs, 100);
}

/** An origin the collector's CORS allows, as `npm start` serves the pages. */
export const ORIGIN = 'http://127.0.0.1:3001';

export interface Stack {
  collector: CollectorProcess;
  server: ServerProcess;
  browser: Browser;
  /** The collector's local-mode output. */
  outputDir: string;
  logs: LogDirectory;
}

/**
 * The demo as `npm run demo` runs it: the built collector in local mode, the built app on 3001
 * sending its spans there, and a headless Chromium. Started in beforeAll, owned by the file.
 */
export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const outputDir = tempDir('otelcol-output');
  const logDir = tempDir('logs');
  const collector = await startCollector({
    MEZMO_MODE: 'local',
    LOG_DIR: logDir,
    OTELCOL_OUTPUT_DIR: outputDir,
    OTELCOL_STORAGE_DIR: tempDir('otelcol-storage'),
  });
  const server = await spawnServer({
    PORT: '3001',
    LOG_DIR: logDir,
    DATA_DIR: tempDir('data'),
    OTEL_SDK_DISABLED: 'false',
    OTEL_BSP_SCHEDULE_DELAY: '200',
    KITCHEN_MS_PER_MINUTE: '20',
    KITCHEN_HANDOFF_MINUTES: '1',
    PAYMENT_LATENCY_MS: '30',
    ...env,
  });
  const browser = await launchBrowser();
  return { collector, server, browser, outputDir, logs: new LogDirectory(logDir) };
}

export async function stopStack(stack: Stack | undefined): Promise<void> {
  await stack?.browser.close();
  await stack?.server.stop();
  await stack?.collector.stop();
}

/** A fresh visitor (a browser context of its own, so a session of its own) on `url`. */
export async function visit(browser: Browser, url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  const problems = watchProblems(page);
  await page.goto(url);
  return { page, problems };
}

/** The tab's session id, read in the page (where the DOM is; tests compile without its types). */
export function sessionOf(page: Page): Promise<string | null> {
  return page.evaluate<string | null>('sessionStorage.getItem("restaurant.sessionId")');
}

/** Fills the storefront's checkout as a visitor would: a name, an email and `card`. */
export async function fillCheckout(page: Page, card = '4242 4242 4242 4242'): Promise<void> {
  const form = page.getByRole('form', { name: 'Checkout' });
  await form.getByLabel('Name').fill('Ada Lovelace');
  await form.getByLabel('Email').fill('ada@example.com');
  await form.getByLabel('Card number').fill(card);
}
