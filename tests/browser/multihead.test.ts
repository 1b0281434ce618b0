/**
 * The multi-head chapter in Debian's Chromium: an edit of E reaches every head's weights,
 * the concatenation and the output, with the values of the engine's multiHeadAttention
 * computed in Node; the heads' side-by-side columns stack on a phone without sideways
 * scrolling; axe and the console are clean.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { shownValue, shownRows } from './read.ts';
import { WAIT, openPage } from './harness.ts';
import { VIEWPORTS, axeViolations, sideways } from './clean.ts';
import { chapterNotebook, useSite } from './fixtures.ts';
import { hconcat, multiHeadAttention, vconcat, type Matrix } from '../../src/engine/index.ts';
import type { Notebook } from '../../src/notebook/notebook.ts';

const PATH = '/chapters/multi-head-attention/';
/** Polls wait this long: a shared machine can be busy. */
const SLOW = WAIT;
const site = useSite();

function chapter(): Notebook {
  return chapterNotebook('multi-head-attention');
}

/** The engine's multi-head attention on the chapter's inputs after `edit`, with full projections. */
function engine(edit: (nb: Notebook) => void) {
  const nb = chapter();
  edit(nb);
  nb.flush();
  const m = (name: string) => nb.value(name) as Matrix;
  return multiHeadAttention(m('E'), m('E'), {
    wq: hconcat(m('W_Q1'), m('W_Q2')),
    wk: hconcat(m('W_K1'), m('W_K2')),
    wv: hconcat(m('W_V1'), m('W_V2')),
    wo: vconcat(m('W_O1'), m('W_O2')),
    heads: 2,
  });
}

const entry = (cell: string, i: number, j: number) =>
  `nb-matrix[data-cell="${cell}"] input[aria-label="${cell} row ${i + 1} column ${j + 1}"]`;

/** The page's numbers against the engine's: the same formulas, summed in another order. */
function maxDiff(shownRows: number[][], want: Matrix): number {
  expect([shownRows.length, shownRows[0]!.length]).toEqual([want.rows, want.cols]);
  return Math.max(...shownRows.flatMap((r, i) => r.map((x, j) => Math.abs(x - want.get(i, j)))));
}
const expectClose = (shownRows: number[][], want: Matrix) =>
  expect(maxDiff(shownRows, want)).toBeLessThanOrEqual(1e-12);

describe('multi-head attention', () => {
  it('recomputes every head, the concatenation and the output when a reader edits E, to multiHeadAttention’s values', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const before = await shownRows(w.page, 'A_2');
    // Take "my"'s owner feature away, and give "lunch" a verb feature: both heads change.
    await w.page.locator(entry('E', 5, 2)).fill('0.2');
    await w.page.locator(entry('E', 6, 3)).fill('0.7');
    const ref = engine((nb) => {
      nb.setEntry('E', 5, 2, 0.2);
      nb.setEntry('E', 6, 3, 0.7);
    });
    await expect
      .poll(
        async () => Math.abs((await shownValue(w.page, 'delta', 6, 0)) - ref.output.get(6, 0)),
        SLOW,
      )
      .toBeLessThanOrEqual(1e-12);
    expectClose(await shownRows(w.page, 'A_1'), ref.heads[0]!.weights);
    expectClose(await shownRows(w.page, 'A_2'), ref.heads[1]!.weights);
    expect(await shownRows(w.page, 'A_2')).not.toEqual(before);
    expectClose(await shownRows(w.page, 'O_1'), ref.heads[0]!.output);
    expectClose(await shownRows(w.page, 'O_2'), ref.heads[1]!.output);
    expectClose(await shownRows(w.page, 'H'), ref.concat);
    expectClose(await shownRows(w.page, 'delta'), ref.output);
    // The heads' proposals, added, are the same output.
    expectClose(await shownRows(w.page, 'changes'), ref.output);
    expect(w.problems).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  });

  it('an edit of one head’s W_Q changes that head only', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const head1 = await shownRows(w.page, 'A_1');
    await w.page.locator(entry('W_Q2', 0, 0)).fill('-1');
    const ref = engine((nb) => nb.setEntry('W_Q2', 0, 0, -1));
    await expect
      .poll(async () => maxDiff(await shownRows(w.page, 'A_2'), ref.heads[1]!.weights), SLOW)
      .toBeLessThanOrEqual(1e-12);
    expect(await shownRows(w.page, 'A_1')).toEqual(head1);
    expectClose(await shownRows(w.page, 'delta'), ref.output);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('the try-this button turns head 2 into a copy of head 1’s question', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const prompt = w.page.locator('aside.try', { hasText: 'Make head 2’s first key' });
    await prompt.getByRole('button', { name: 'Do it for me' }).click();
    const ref = engine((nb) => {
      nb.setEntry('W_K2', 2, 0, 0);
      nb.setEntry('W_K2', 1, 0, 2);
    });
    await expect
      .poll(async () => maxDiff(await shownRows(w.page, 'A_2'), ref.heads[1]!.weights), SLOW)
      .toBeLessThanOrEqual(1e-12);
    expect(await w.page.locator(entry('W_K2', 1, 0)).inputValue()).toBe('2');
    await expect
      .poll(() => prompt.locator('[role="status"]').textContent(), SLOW)
      .toMatch(/^Done: W_K2 row 3 column 1 = 0, W_K2 row 2 column 1 = 2\.$/);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('lays the heads side by side on a wide screen and stacks them on a phone, without sideways scrolling', async () => {
    const wide = await openPage(site.browser, site.server.url, {
      viewport: { width: 1400, height: 900 },
    });
    await wide.page.goto(site.server.url + PATH);
    const columns = (p: Page) =>
      p
        .locator('.side-by-side')
        .first()
        .locator('.side-column')
        .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    const [a, b] = await columns(wide.page);
    expect(Math.abs(a!.top - b!.top)).toBeLessThan(1);
    expect(b!.left).toBeGreaterThan(a!.right);
    // Wider than the text, so that two 7x7 heatmaps fit without scrolling.
    const fits = await wide.page
      .locator('nb-matrix[data-cell="A_1"] .nb-scroll')
      .evaluate((e) => e.scrollWidth <= e.clientWidth);
    expect(fits).toBe(true);
    await wide.context.close();

    const phone = await openPage(site.browser, site.server.url, {
      viewport: { width: 390, height: 844 },
    });
    await phone.page.goto(site.server.url + PATH);
    const [c, d] = await columns(phone.page);
    expect(d!.top).toBeGreaterThanOrEqual(c!.bottom);
    expect(c!.left).toBeGreaterThanOrEqual(0);
    expect(c!.right).toBeLessThanOrEqual(390);
    expect(await sideways(phone.page)).toBeLessThanOrEqual(0);
    expect(phone.problems).toEqual([]);
    await phone.context.close();
  });

  it('shows the chapter’s numbers with JavaScript off', async () => {
    const w = await openPage(site.browser, site.server.url, { javaScriptEnabled: false });
    await w.page.goto(site.server.url + PATH);
    const ref = engine(() => {});
    expectClose(await shownRows(w.page, 'A_2'), ref.heads[1]!.weights);
    expectClose(await shownRows(w.page, 'delta'), ref.output);
    await w.context.close();
  });

  it.each(VIEWPORTS)(
    'has no axe violations (%s)',
    async (_name, viewport) => {
      const w = await openPage(site.browser, site.server.url, { viewport });
      await w.page.goto(site.server.url + PATH);
      expect(await axeViolations(w.page)).toEqual([]);
      expect(w.problems).toEqual([]);
      expect(w.outside).toEqual([]);
      await w.context.close();
    },
    // axe checks the contrast of every one of the page's numbers: slow on a small machine.
    240_000,
  );
});
