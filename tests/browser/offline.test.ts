/**
 * The site offline once visited: a reader opens chapters (and uses the word vectors
 * once), the network goes away, and the chapters they opened still reload and link to
 * each other, with their numbers live and the vectors still there. A page never opened
 * says it is not kept. The service worker is versioned per build and asks nothing of
 * another site.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DIST, WAIT, openPage } from './harness.ts';
import { chapterNotebook, useSite } from './fixtures.ts';
import { formatNumber } from '../../src/widgets/format.ts';
import { current } from './read.ts';
import { axeViolations } from './clean.ts';
import { CACHE_PREFIX } from '../../src/build/offline.ts';

const site = useSite();

/** The paths the site's cache holds now (empty until the worker has kept something). */
const kept = (page: Page): Promise<string[]> =>
  page.evaluate(async (prefix) => {
    const out: string[] = [];
    for (const name of await caches.keys())
      if (name.startsWith(prefix))
        for (const r of await (await caches.open(name)).keys()) out.push(new URL(r.url).pathname);
    return out;
  }, CACHE_PREFIX);

async function keptAll(page: Page, paths: (string | RegExp)[]): Promise<void> {
  await expect
    .poll(async () => {
      const have = await kept(page);
      return paths.filter((p) =>
        typeof p === 'string' ? !have.includes(p) : !have.some((h) => p.test(h)),
      );
    }, WAIT)
    .toEqual([]);
}

describe('offline once visited', () => {
  it('writes a worker versioned by the build, listing only the site’s own files', () => {
    const source = readFileSync(join(DIST, 'sw.js'), 'utf8');
    const version = /const VERSION = "([^"]+)"/.exec(source)?.[1] ?? '';
    expect(version).toMatch(new RegExp(`^${CACHE_PREFIX}[0-9a-f]{12}$`));
    const files = JSON.parse(/const FILES = new Set\((\[.*?\])\);/s.exec(source)![1]!) as string[];
    expect(files).toContain('/chapters/masking/');
    expect(files).toContain('/data/glove-100d-30k.bin');
    expect(files.some((f) => /^\/_astro\/.+\.js$/.test(f))).toBe(true);
    expect(files.every((f) => f.startsWith('/'))).toBe(true);
    expect(source).not.toMatch(/https?:\/\//);
  });

  it('reloads and links between the chapters a reader opened, with the vectors, when the network is gone', async () => {
    const w = await openPage(site.browser, site.server.url);
    const url = site.server.url;
    await w.page.goto(`${url}/chapters/queries-keys-values/`);
    await w.page.evaluate(() => navigator.serviceWorker.ready.then(() => null));
    // The first page was loaded before the worker: it sends what it used, and that is kept.
    await keptAll(w.page, [
      '/chapters/queries-keys-values/',
      /^\/_astro\/.+\.js$/,
      /^\/_astro\/.+\.css$/,
    ]);
    await w.page.goto(`${url}/chapters/masking/`);
    await w.page.goto(`${url}/chapters/real-embeddings/`);
    const explorer = w.page.locator('wv-explorer').first();
    const input = explorer.locator('input[name="expression"]');
    await input.fill('king - man + woman');
    await input.press('Enter');
    await expect
      .poll(() => explorer.getAttribute('data-result-for'), WAIT)
      .toBe('king - man + woman');
    await keptAll(w.page, [
      '/chapters/masking/',
      '/chapters/real-embeddings/',
      '/data/glove-100d-30k.bin',
    ]);
    const online = await explorer.locator('.wv-result[data-space="real"]').innerHTML();

    await w.context.setOffline(true);
    await w.page.reload();
    await input.fill('paris - france + italy');
    await input.press('Enter');
    await expect
      .poll(() => explorer.getAttribute('data-result-for'), WAIT)
      .toBe('paris - france + italy');
    await input.fill('king - man + woman');
    await input.press('Enter');
    await expect
      .poll(() => explorer.getAttribute('data-result-for'), WAIT)
      .toBe('king - man + woman');
    expect(await explorer.locator('.wv-result[data-space="real"]').innerHTML()).toBe(online);

    // Between chapters by their links, offline; the numbers are live.
    await w.page.goto(`${url}/chapters/masking/?step=2`);
    await expect.poll(() => w.page.locator('h1').textContent(), WAIT).toMatch(/Mask/);
    await expect
      .poll(() => w.page.locator('.nb-stepbar-status').getAttribute('data-step'), WAIT)
      .toBe('2');
    await w.page.getByRole('button', { name: 'Reading mode' }).click();
    await w.page.locator('a[rel="prev"]').click();
    await expect
      .poll(() => new URL(w.page.url()).pathname, WAIT)
      .toBe('/chapters/scores-and-scaling/');
    // Scores and scaling was never opened: the worker says so instead of a browser error.
    expect(await w.page.locator('h1').textContent()).toBe('You are offline');
    expect(await axeViolations(w.page)).toEqual([]);
    await w.page.goto(`${url}/chapters/queries-keys-values/`);
    const field = w.page.locator(
      'nb-matrix[data-cell="E"][data-editable="true"] input[aria-label="E row 1 column 1"]',
    );
    await field.fill('5');
    await field.press('Enter');
    await current(w.page);
    const ref = chapterNotebook('queries-keys-values', (nb) => nb.setEntry('E', 0, 0, 5));
    const q = ref.value('Q');
    if (typeof q === 'number') throw new Error('Q is a matrix');
    expect(
      await w.page.locator('nb-matrix[data-cell="Q"] td[data-i="0"][data-j="0"]').textContent(),
    ).toBe(formatNumber(q.get(0, 0), 2));
    expect(w.problems.filter((p) => !/ERR_INTERNET_DISCONNECTED|503/.test(p))).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  }, 180_000);
});
