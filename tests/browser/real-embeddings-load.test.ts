/**
 * The real-embeddings chapter stays light and still until the reader uses it, in Debian's
 * Chromium against the built site: the page's JavaScript before any plot is within the
 * 100 KB (gzipped) budget; the 3 MB of vectors and the expression reader load only when
 * the reader first uses the explorer (not when it, or the projection, is scrolled to);
 * nothing moves as the page's script and the vectors arrive (layout shifts measured by a
 * PerformanceObserver); an edit of the toy matrix recomputes the toy side and its plot
 * only, never the 30,000-word search; and text nested too deeply gets a message, the
 * last good answer staying.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DIST, openPage } from './harness.ts';
import { VIEWPORTS } from './clean.ts';
import { chapterData, useSite } from './fixtures.ts';
import { ASSET_FILE, decodeAsset } from '../../src/embeddings/asset.ts';
import { parsePairs, projectPairs } from '../../src/embeddings/projection.ts';

const PATH = '/chapters/real-embeddings/';
const BUDGET_KB = 100;
const site = useSite();
const asset = decodeAsset(readFileSync(join(DIST, '..', 'public', ASSET_FILE)));

const explorer = (page: Page, n = 0) => page.locator('wv-explorer').nth(n);
const isVectors = (u: string) => u.endsWith('.bin');
/** The chunk of the restricted parser (mathjs), which the explorer imports on first use. */
const isParser = (u: string) => /\/_astro\/parse\.[\w-]+\.js$/.test(u);

/** Gzipped size of a script of the built site, by its URL. */
const gzipKB = (url: string): number =>
  gzipSync(readFileSync(join(DIST, new URL(url).pathname)), { level: 9 }).length / 1024;

/** Resolves once the page has painted twice more (layout-shift entries are then recorded). */
const frames = (page: Page) =>
  page.evaluate(
    () => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(() => ok(null)))),
  );

/** Records every layout shift from the start of the page, with where its moved nodes are. */
async function recordShifts(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { shifts: object[] };
    w.shifts = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as {
        value: number;
        hadRecentInput: boolean;
        startTime: number;
        sources: { node?: Node | null }[];
      }[]) {
        const nodes = e.sources.map((s) => s.node).filter((n): n is Node => !!n);
        const inside = (sel: string) =>
          nodes.some((n) => (n instanceof Element ? n : n.parentElement)?.closest(sel));
        w.shifts.push({
          value: e.value,
          hadRecentInput: e.hadRecentInput,
          t: Math.round(e.startTime),
          header: inside('.site-header'),
          nodes: nodes.map((n) => (n instanceof Element ? n.tagName + '.' + n.className : '#text')),
        });
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
}

interface Shift {
  value: number;
  hadRecentInput: boolean;
  t: number;
  header: boolean;
  nodes: string[];
}
const shifts = (page: Page): Promise<Shift[]> =>
  page.evaluate(() => (window as unknown as { shifts: Shift[] }).shifts);
const cls = (list: Shift[]): number =>
  list.filter((s) => !s.hadRecentInput).reduce((a, s) => a + s.value, 0);

/** Where the explorer's parts sit, relative to the explorer's top. */
const explorerLayout = (page: Page) =>
  explorer(page).evaluate((el) => {
    const top = el.getBoundingClientRect().top;
    const at = (sel: string) =>
      Math.round(el.querySelector(sel)!.getBoundingClientRect().top - top);
    return {
      input: at('input[name="expression"]'),
      results: at('.wv-sides'),
      height: Math.round(el.getBoundingClientRect().height),
    };
  });

describe('real word vectors: loading and layout', () => {
  it.each(VIEWPORTS)(
    'loads %s: page JavaScript within the budget, and neither the vectors nor the parser until the explorer is used',
    async (_name, viewport) => {
      const w = await openPage(site.browser, site.server.url, { viewport });
      const requested: string[] = [];
      w.page.on('request', (r) => requested.push(r.url()));
      await w.page.goto(site.server.url + PATH, { waitUntil: 'networkidle' });
      await expect
        .poll(() => explorer(w.page).getAttribute('data-hydrated'), { timeout: 20_000 })
        .toBe('true');
      await w.page.waitForLoadState('networkidle');
      const scripts = requested.filter((u) => u.endsWith('.js'));
      const kb = scripts.reduce((a, u) => a + gzipKB(u), 0);
      expect(kb, `page JavaScript before any plot: ${scripts.join(', ')}`).toBeLessThan(BUDGET_KB);
      expect(requested.filter(isVectors)).toEqual([]);
      expect(requested.filter(isParser)).toEqual([]);

      // Scrolling past every widget draws the plots (the projection from its built points)
      // but loads nothing for the explorer, the projection or the analogy test.
      await w.page.evaluate(async () => {
        for (let y = 0; y < document.documentElement.scrollHeight; y += window.innerHeight / 2) {
          window.scrollTo(0, y);
          await new Promise((ok) => requestAnimationFrame(() => ok(null)));
        }
      });
      const projection = w.page.locator('wv-projection');
      await projection.scrollIntoViewIfNeeded();
      await expect
        .poll(() => projection.getAttribute('data-plot'), { timeout: 30_000 })
        .toBe('drawn');
      const arrows = await projection.locator('.nb-plot-area .annotation').count();
      expect(arrows, 'one arrow per built pair').toBe(5);
      // The points drawn are the words' principal axes as Node computes them from the asset.
      const drawn = await projection.locator('.nb-plot-area').evaluate((el) => {
        const t = (el as unknown as { data: { x: number[]; y: number[]; text: string[] }[] })
          .data[0]!;
        return { x: t.x, y: t.y, text: t.text };
      });
      const pairs = await projection.locator('input[name="pairs"]').inputValue();
      const parsed = parsePairs(pairs);
      if (!parsed.ok) throw new Error(parsed.message);
      const node = projectPairs(asset, parsed.pairs);
      if (!node.ok) throw new Error('unknown words in the built pairs');
      expect(drawn.text).toEqual(node.model.words);
      node.model.projection.points.forEach(([x, y], i) => {
        expect(Math.abs(drawn.x[i]! - x)).toBeLessThan(1e-12);
        expect(Math.abs(drawn.y[i]! - y)).toBeLessThan(1e-12);
      });
      await w.page.waitForLoadState('networkidle');
      expect(requested.filter(isVectors)).toEqual([]);
      expect(requested.filter(isParser)).toEqual([]);
      expect(await explorer(w.page).getAttribute('data-vectors')).toBe('idle');

      // First use: focus in the explorer fetches both, once.
      await explorer(w.page).locator('input[name="expression"]').focus();
      await expect
        .poll(() => explorer(w.page).getAttribute('data-vectors'), { timeout: 20_000 })
        .toBe('ready');
      await expect.poll(() => requested.filter(isParser).length, { timeout: 20_000 }).toBe(1);
      expect(requested.filter(isVectors)).toHaveLength(1);
      expect(w.problems).toEqual([]);
      expect(w.outside).toEqual([]);
      await w.context.close();
    },
  );

  it.each(VIEWPORTS)(
    'keeps the header and the page still as the script runs (%s): CLS under 0.1, nothing from the header',
    async (_name, viewport) => {
      const w = await openPage(site.browser, site.server.url, { viewport });
      await recordShifts(w.page);
      await w.page.goto(site.server.url + PATH);
      await expect.poll(() => w.page.locator('#projector-toggle').isVisible()).toBe(true);
      await expect
        .poll(() => explorer(w.page).getAttribute('data-hydrated'), { timeout: 20_000 })
        .toBe('true');
      await w.page.evaluate(() => document.fonts.ready.then(() => null));
      await frames(w.page);
      const list = await shifts(w.page);
      expect(list.filter((s) => s.header)).toEqual([]);
      expect(cls(list)).toBeLessThan(0.1);
      expect(w.problems).toEqual([]);
      await w.context.close();
    },
  );

  it.each(VIEWPORTS)(
    'keeps the explorer still while the vectors arrive (%s)',
    async (_name, viewport) => {
      const w = await openPage(site.browser, site.server.url, { viewport });
      await recordShifts(w.page);
      // The download waits until the test has seen the widget while it loads.
      let release = (): void => {};
      const gate = new Promise<void>((ok) => (release = ok));
      await w.page.route('**/*.bin', async (route) => {
        await gate;
        await route.fallback();
      });
      await w.page.goto(site.server.url + PATH);
      await expect
        .poll(() => explorer(w.page).getAttribute('data-hydrated'), { timeout: 20_000 })
        .toBe('true');
      await explorer(w.page).evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await w.page.evaluate(() => document.fonts.ready.then(() => null));
      await frames(w.page);
      const before = await explorerLayout(w.page);
      const from = (await shifts(w.page)).length;

      await explorer(w.page).locator('input[name="expression"]').focus();
      await expect
        .poll(() => explorer(w.page).getAttribute('data-vectors'), { timeout: 20_000 })
        .toBe('loading');
      await frames(w.page);
      const loading = await explorerLayout(w.page);
      expect(await explorer(w.page).locator('.wv-loading-text').textContent()).toMatch(
        /^Loading the word vectors/,
      );
      release();
      await expect
        .poll(() => explorer(w.page).getAttribute('data-vectors'), { timeout: 20_000 })
        .toBe('ready');
      await frames(w.page);
      const ready = await explorerLayout(w.page);
      expect(loading).toEqual(before);
      expect(ready).toEqual(before);
      const during = (await shifts(w.page)).slice(from);
      expect(cls(during), JSON.stringify(during)).toBeLessThan(0.1);
      expect(w.problems).toEqual([]);
      await w.context.close();
    },
  );
});

describe('real word vectors: what a toy edit recomputes', () => {
  const toyRows = chapterData('real-embeddings').cells.find((c) => c.name === 'toy') as {
    value: number[][];
  };
  /** cos(Queen, King − Dad + Mom) on the toy rows with Queen's first number set to q1, by hand. */
  function toyCosine(q1: number): number {
    const [king, queen, dad, mom] = toyRows.value.map((r) => [...r]);
    queen![0] = q1;
    const q = king!.map((x, j) => x - dad![j]! + mom![j]!);
    const dot = q.reduce((a, x, j) => a + x * queen![j]!, 0);
    const len = (v: number[]) => Math.sqrt(v.reduce((a, x) => a + x * x, 0));
    return dot / (len(q) * len(queen!));
  }
  const toySimilarity = (page: Page) =>
    explorer(page)
      .locator('.wv-result[data-space="toy"] tbody tr[data-word="queen"] [data-similarity]')
      .getAttribute('data-similarity')
      .then(Number);
  const toyEntry = (page: Page) =>
    page.locator('nb-matrix[data-cell="toy"] input[aria-label="toy row 2 column 1"]');

  it('answers the toy side from the words read at build time, loading nothing, before the explorer is used', async () => {
    const w = await openPage(site.browser, site.server.url);
    const requested: string[] = [];
    w.page.on('request', (r) => requested.push(r.url()));
    await w.page.goto(site.server.url + PATH);
    await expect
      .poll(() => explorer(w.page).getAttribute('data-hydrated'), { timeout: 20_000 })
      .toBe('true');
    // The chapter's example on the toy side: King − Man + Woman is not in the toy words.
    const toySide = explorer(w.page).locator('.wv-result[data-space="toy"]');
    expect(await toySide.textContent()).toMatch(/man and woman are not among them/);
    await toyEntry(w.page).fill('0.5');
    await expect
      .poll(() => w.page.locator('nb-plot[data-cell="toy"]').getAttribute('data-state'), {
        timeout: 30_000,
      })
      .not.toBe(null);
    // The build's words still have no answer in the toy words: the note stays, nothing loads.
    await w.page.waitForLoadState('networkidle');
    expect(await toySide.textContent()).toMatch(/man and woman are not among them/);
    expect(requested.filter(isVectors)).toEqual([]);
    expect(requested.filter(isParser)).toEqual([]);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('recomputes the toy side and its 3-D plot on a toy edit, without searching the 30,000 words or touching the GloVe table', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const input = explorer(w.page).locator('input[name="expression"]');
    await input.focus();
    await expect
      .poll(() => explorer(w.page).getAttribute('data-vectors'), { timeout: 20_000 })
      .toBe('ready');
    await input.fill('king - dad + mom');
    await input.press('Enter');
    await expect
      .poll(() => explorer(w.page).getAttribute('data-result-for'), { timeout: 20_000 })
      .toBe('king - dad + mom');
    expect(Math.abs((await toySimilarity(w.page)) - toyCosine(0.2))).toBeLessThan(1e-12);
    // Both plots drawn, then counted: each draw ends in Plotly's plotly_afterplot.
    const plot3d = w.page.locator('nb-plot[data-cell="toy"]');
    await plot3d.scrollIntoViewIfNeeded();
    await expect.poll(() => plot3d.getAttribute('data-state'), { timeout: 30_000 }).toBe('drawn');
    const projection = w.page.locator('wv-projection');
    await projection.scrollIntoViewIfNeeded();
    await expect
      .poll(() => projection.getAttribute('data-plot'), { timeout: 30_000 })
      .toBe('drawn');
    await w.page.evaluate(() => {
      const w = window as unknown as {
        draws: Record<string, number>;
        searches: number;
        realChanges: number;
      };
      w.draws = { toy: 0, projection: 0 };
      const count = (sel: string, key: string) =>
        (
          document.querySelector(sel) as unknown as {
            on(event: string, f: () => void): void;
          }
        ).on('plotly_afterplot', () => w.draws[key]!++);
      count('nb-plot[data-cell="toy"] .nb-plot-area', 'toy');
      count('wv-projection .nb-plot-area', 'projection');
      w.searches = 0;
      new PerformanceObserver((l) => {
        w.searches += l.getEntriesByName('wv-search').length;
      }).observe({ type: 'measure' });
      w.realChanges = 0;
      new MutationObserver((records) => (w.realChanges += records.length)).observe(
        document.querySelector('wv-explorer .wv-result[data-space="real"]')!,
        { childList: true, subtree: true, characterData: true, attributes: true },
      );
    });
    const counts = () =>
      w.page.evaluate(() => {
        const x = window as unknown as {
          draws: Record<string, number>;
          searches: number;
          realChanges: number;
        };
        return {
          toy: x.draws['toy'],
          projection: x.draws['projection'],
          searches: x.searches,
          realChanges: x.realChanges,
        };
      });

    await toyEntry(w.page).scrollIntoViewIfNeeded();
    await toyEntry(w.page).fill('0.5');
    await expect
      .poll(() => toySimilarity(w.page), { timeout: 10_000 })
      .toBeCloseTo(toyCosine(0.5), 12);
    await expect.poll(async () => (await counts()).toy, { timeout: 20_000 }).toBe(1);
    // Let idle work run out before reading the counts.
    await w.page.evaluate(
      () => new Promise((ok) => requestIdleCallback(() => ok(null), { timeout: 2000 })),
    );
    await frames(w.page);
    expect(await counts()).toEqual({ toy: 1, projection: 0, searches: 0, realChanges: 0 });

    // The instruments work: a new expression searches once and repaints the GloVe table.
    await input.fill('queen - king + dad');
    await input.press('Enter');
    await expect.poll(async () => (await counts()).searches, { timeout: 20_000 }).toBe(1);
    expect((await counts()).realChanges).toBeGreaterThan(0);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });
});

describe('real word vectors: text nested too deeply', () => {
  it('says so next to the box and keeps the last answer, instead of "Maximum call stack size exceeded"', async () => {
    const w = await openPage(site.browser, site.server.url, { viewport: VIEWPORTS[1][1] });
    await w.page.goto(site.server.url + PATH);
    const el = explorer(w.page);
    const input = el.locator('input[name="expression"]');
    await input.focus();
    await expect.poll(() => el.getAttribute('data-vectors'), { timeout: 20_000 }).toBe('ready');
    await input.fill('paris - france + italy');
    await input.press('Enter');
    await expect
      .poll(() => el.getAttribute('data-result-for'), { timeout: 20_000 })
      .toBe('paris - france + italy');
    const table = await el.locator('.wv-result[data-space="real"]').innerHTML();
    for (const [text, why] of [
      [
        `${'('.repeat(247)}king${')'.repeat(247)}`,
        /^Too many brackets inside one another \(247 deep\)/,
      ],
      [`${'['.repeat(120)}king`, /^Too many brackets inside one another \(120 deep\)/],
      [`${'-'.repeat(400)}king`, /^Too many \+ and − signs in a row \(400\)/],
      [`${'king + '.repeat(99)}king`, /^Too long: 697 characters/],
    ] as const) {
      await input.fill(text);
      await input.press('Enter');
      await expect.poll(() => el.getAttribute('data-result-for'), { timeout: 20_000 }).toBe(text);
      const message = el.locator('.wv-message');
      expect(await message.textContent()).toMatch(why);
      expect(await message.textContent()).not.toMatch(/call stack/);
      expect(await message.getAttribute('data-tone')).toBe('error');
      expect(await message.isVisible()).toBe(true);
      // Where the reader is looking: just under the box, on the same screen.
      const [box, said] = await Promise.all([input.boundingBox(), message.boundingBox()]);
      expect(said!.y - (box!.y + box!.height)).toBeLessThan(250);
      expect(await el.locator('.wv-result[data-space="real"]').innerHTML()).toBe(table);
      expect(await el.locator('.wv-result[data-space="real"]').getAttribute('data-stale')).toBe('');
    }
    // The page still answers.
    await input.fill('king - man + woman');
    await input.press('Enter');
    await expect
      .poll(
        () =>
          el.locator('.wv-result[data-space="real"] tbody tr').first().getAttribute('data-word'),
        {
          timeout: 20_000,
        },
      )
      .toBe('queen');
    expect(await el.locator('.wv-message').textContent()).toBe('');
    expect(w.problems).toEqual([]);
    await w.context.close();
  });
});
