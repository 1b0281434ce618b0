/**
 * Browser test plumbing: a static server for the built site on a loopback port, and
 * Debian's Chromium driven by playwright-core, with every request that would leave the
 * site recorded (and refused) and every console message kept.
 */
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CONTENT_TYPES as TYPES } from '../../src/classroom/content-types.ts';

export const DIST = resolve(import.meta.dirname, '../../dist');

export async function serveDist(
  root = DIST,
  /** Headers sent with every response, as a host would (a Content-Security-Policy, say). */
  headers: Record<string, string> = {},
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      let file = normalize(join(root, path));
      if (!file.startsWith(root)) throw new Error('outside');
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, {
        ...headers,
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    // A browser may still hold keep-alive or in-flight connections (a service worker
    // keeping files, say): they are ended, so stopping never waits on them.
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

/**
 * How long a test waits for the page to show something before it fails. Every wait is on a
 * condition, so this costs nothing when the page is quick; it is long because a loaded
 * two-core machine can take seconds to recompute and repaint a chapter.
 */
export const WAIT = { timeout: 30_000 } as const;

/** Budget for a page action or a page load (Playwright's own default is 30 s). */
export const ACTION_MS = 60_000;

/**
 * `promise`, or a failure naming `what` after `ms`: for waits on events that have no budget
 * of their own (a page's event, a connection's "synced"), so a test that goes wrong says
 * where instead of running into the test's own timeout.
 */
export function within<T>(promise: Promise<T>, what: string, ms = WAIT.timeout): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, fail) => {
    timer = setTimeout(() => fail(new Error(`${what}: nothing after ${ms} ms`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface Watched {
  page: Page;
  context: BrowserContext;
  /** Console errors and uncaught page errors. */
  problems: string[];
  /** Console warnings (software WebGL in headless Chromium logs some of its own). */
  warnings: string[];
  /** Requests to anywhere but the test server. */
  outside: string[];
}

export async function openPage(
  browser: Browser,
  siteUrl: string,
  options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {},
): Promise<Watched> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(ACTION_MS);
  const page = await context.newPage();
  const problems: string[] = [];
  const warnings: string[] = [];
  const outside: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`${m.type()}: ${m.text()}`);
    else if (m.type() === 'warning') warnings.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(siteUrl) || u.startsWith('data:') || u.startsWith('blob:'))
      return route.continue();
    outside.push(u);
    return route.abort();
  });
  return { page, context, problems, warnings, outside };
}

/**
 * Waits until the page has drawn `count` frames and run a task after the last: by then
 * what the frames reported (intersection observers, resize observers) has been handled.
 */
export async function afterFrames(page: Page, count = 2): Promise<void> {
  await page.evaluate(async (n) => {
    for (let k = 0; k < n; k++) await new Promise((ok) => requestAnimationFrame(ok));
    await new Promise((ok) => setTimeout(ok, 0));
  }, count);
}

/** Scrolls through the page so lazy widgets (plots) load, and waits until they have drawn. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const step = window.innerHeight * 0.8;
    for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
      window.scrollTo(0, y);
      await new Promise((ok) => requestAnimationFrame(() => ok(null)));
    }
  });
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('nb-plot')].every((p) =>
        ['drawn', 'error'].includes((p as HTMLElement).dataset['state'] ?? ''),
      ),
    null,
    WAIT,
  );
  await page.evaluate(() => window.scrollTo(0, 0));
}
