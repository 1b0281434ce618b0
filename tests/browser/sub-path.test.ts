/**
 * The site hosted under a sub-path, as a school's server may have it: built with
 * `astro build --base /course/` and served only under /course/. Every link of every page
 * (the site's own and those written as /chapters/... inside the chapters) stays under
 * /course/ and reaches a page; the chapters work (an edit recomputes, the word vectors
 * load); the service worker registers under /course/ and keeps the pages there.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, normalize } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { WAIT, launch, openPage } from './harness.ts';

const BASE = '/course/';
const ROOT = resolve(import.meta.dirname, '../..');
let out = '';
let server: Server | undefined;
let url = '';
let browser: Browser | undefined;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.bin': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json',
};

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'site-under-course-'));
  // The project's own Node runs Astro (npx puts node_modules/.bin first on the PATH).
  // Without the test runner's own variables (BASE_URL, MODE, NODE_ENV=test…), which
  // would otherwise reach the build's import.meta.env.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(
      ([k]) => !/^(VITEST|VITE_|BASE_URL$|MODE$|DEV$|PROD$|SSR$|NODE_ENV$|TEST$)/.test(k),
    ),
  );
  execFileSync('npx', ['astro', 'build', '--base', BASE, '--outDir', out], {
    cwd: ROOT,
    env,
    stdio: 'pipe',
    timeout: 600_000,
  });
  // Only /course/ is served: a link that forgot the base gets a 404.
  server = createServer(async (req, res) => {
    try {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      if (!path.startsWith(BASE)) throw new Error('outside the base');
      let file = normalize(join(out, path.slice(BASE.length)));
      if (!file.startsWith(out)) throw new Error('outside');
      if ((await stat(file).catch(() => null))?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((ok) => server!.listen(0, '127.0.0.1', ok));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  browser = await launch();
}, 660_000);

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((ok) => {
    if (!server) return ok();
    server.close(() => ok());
    server.closeAllConnections();
  });
  if (out) rmSync(out, { recursive: true, force: true });
});

/** Every page of the build, as the path it is served at. */
const pages = (): string[] =>
  readdirSync(out, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('index.html'))
    .map(
      (f) =>
        BASE +
        f
          .replace(/index\.html$/, '')
          .split('\\')
          .join('/'),
    );

describe('a build under a sub-path', () => {
  it('links every page only to pages under the base', async () => {
    const all = pages();
    expect(all).toContain('/course/chapters/masking/');
    const known = new Set(all);
    const bad: string[] = [];
    for (const page of all) {
      const html = readFileSync(join(out, page.slice(BASE.length), 'index.html'), 'utf8');
      for (const m of html.matchAll(/\s(?:href|src)="([^"#]*)(#[^"]*)?"/g)) {
        const target = m[1]!;
        if (target === '' || /^(https?:|mailto:|data:)/.test(target)) continue;
        const path = new URL(target, `http://x${page}`).pathname;
        if (!path.startsWith(BASE)) bad.push(`${page}: ${target}`);
        else if (path.endsWith('/') && !known.has(path))
          bad.push(`${page}: ${target} (no such page)`);
      }
    }
    expect(bad).toEqual([]);
    // The links written as /chapters/... inside a chapter now carry the base.
    const ttv = readFileSync(join(out, 'chapters/text-to-vectors/index.html'), 'utf8');
    expect(ttv).toContain('href="/course/chapters/real-embeddings/"');
    const sw = readFileSync(join(out, 'sw.js'), 'utf8');
    expect(sw).toContain('const BASE = "/course/"');
    expect(sw).toContain('"/course/chapters/masking/"');
  });

  it('runs a chapter under the base: links, edits, word vectors and the service worker', async () => {
    const w = await openPage(browser!, url);
    await w.page.goto(`${url}/course/chapters/text-to-vectors/`);
    // A link inside the chapter's prose reaches the next chapter under /course/.
    await w.page.locator('article a[href="/course/chapters/real-embeddings/"]').first().click();
    await expect
      .poll(() => new URL(w.page.url()).pathname, WAIT)
      .toBe('/course/chapters/real-embeddings/');
    const explorer = w.page.locator('wv-explorer').first();
    const input = explorer.locator('input[name="expression"]');
    await input.fill('king - man + woman');
    await input.press('Enter');
    await expect
      .poll(() => explorer.getAttribute('data-result-for'), WAIT)
      .toBe('king - man + woman');
    expect(
      await w.page.evaluate(() =>
        navigator.serviceWorker.ready.then((r) => new URL(r.scope).pathname),
      ),
    ).toBe('/course/');
    await w.page.goto(`${url}/course/chapters/queries-keys-values/?step=2`);
    await expect
      .poll(() => w.page.locator('.nb-stepbar-status').getAttribute('data-step'), WAIT)
      .toBe('2');
    expect(w.problems).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  }, 120_000);
});
