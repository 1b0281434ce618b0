/**
 * The scaling and masking chapters in Chromium, against the built site: sliders reshape
 * matrices and plots, edits flow to the engine's numbers, the layout switch shows the
 * transposed numbers and works by keyboard, masked entries read −∞ with weight 0, and
 * the pages are clean (console, network, axe) on a desktop and a phone, with and
 * without JavaScript.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { current, labelNumber, shownEntry, shownValue } from './read.ts';
import { WAIT, openPage } from './harness.ts';
import { VIEWPORTS, axeViolations, sideways } from './clean.ts';
import { chapterNotebook, useSite } from './fixtures.ts';
import type { prepareChapter } from '../../src/content/chapter-notebook.ts';
import type { Matrix } from '../../src/engine/index.ts';
import { valueText as inlineText } from '../../src/widgets/inline-value.ts';

const valueText = (v: number, digits: number): string => inlineText(v, digits).text;

const SCORES = '/chapters/scores-and-scaling/';
const MASKING = '/chapters/masking/';
const site = useSite();

type Nb = ReturnType<typeof prepareChapter>['notebook'];

/** The chapter computed in Node by the engine, after `edit`: what the page must show. */
function reference(id: string, edit?: (nb: Nb) => void) {
  const notebook = chapterNotebook(id, edit);
  return {
    m: (cell: string) => notebook.value(cell) as Matrix,
    n: (cell: string) => notebook.value(cell) as number,
  };
}

const entry = (cell: string, i: number, j: number) =>
  `input[aria-label="${cell} row ${i + 1} column ${j + 1}"]`;
const shown = (cell: string, i: number, j: number) =>
  `td[aria-label^="${cell} row ${i + 1} column ${j + 1}:"]`;

const valueOf = (page: Page, cell: string) =>
  page.locator(`nb-value[data-cell="${cell}"] .nb-value-number`).first().textContent();
const shapeOf = async (page: Page, cell: string) => {
  await current(page);
  return page.locator(`nb-matrix[data-cell="${cell}"] .nb-shape`).first().textContent();
};

/** The x values Plotly is drawing for a plot (it keeps them on the plot's element). */
async function plotted(page: Page, cell: string): Promise<number[][]> {
  return page.evaluate((c) => {
    const gd = document.querySelector(`nb-plot[data-cell="${c}"] .nb-plot-area`) as unknown as {
      data?: { x: number[]; y: number[] }[];
    };
    return (gd.data ?? []).map((t) => [...t.x, ...t.y]);
  }, cell);
}

describe('scores and scaling', () => {
  it('recomputes QKᵀ and the weights when a reader edits a query, to the engine’s values', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + SCORES);
    await w.page.locator(`nb-matrix[data-cell="Q"] ${entry('Q', 6, 2)}`).fill('1.5');
    const ref = reference('scores-and-scaling', (nb) => nb.setEntry('Q', 6, 2, 1.5));
    await expect.poll(() => shownValue(w.page, 'dots', 6, 6)).toBe(ref.m('dots').get(6, 6));
    for (const [cell, i, j] of [
      ['dots', 6, 4],
      ['weights', 6, 6],
      ['weights', 6, 4],
    ] as const) {
      expect(await shownValue(w.page, cell, i, j), `${cell}[${i}][${j}]`).toBe(
        ref.m(cell).get(i, j),
      );
    }
    // Pointing at a changed number shows its exact value as a tooltip, not the build's.
    const pointed = w.page.locator(shownEntry('weights', 6, 3)).first();
    await pointed.hover();
    expect(labelNumber(`: ${await pointed.getAttribute('title')}`)).toBe(
      ref.m('weights').get(6, 3),
    );
    expect(ref.m('weights').get(6, 3)).not.toBe(
      reference('scores-and-scaling').m('weights').get(6, 3),
    );
    expect(w.problems).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  });

  it('reshapes the random vectors, the scores, the live numbers and both curves when d_k moves (by keyboard)', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + SCORES);
    for (const c of ['var_curve', 'sat_curve']) {
      await w.page.locator(`nb-plot[data-cell="${c}"]`).scrollIntoViewIfNeeded();
      await expect
        .poll(() => w.page.locator(`nb-plot[data-cell="${c}"]`).getAttribute('data-state'), WAIT)
        .toBe('drawn');
    }
    expect((await plotted(w.page, 'var_curve'))[0]!.length).toBe(2 * 64);
    const slider = w.page.getByRole('slider', { name: /length of every random query/ });
    await slider.focus();
    await w.page.keyboard.press('Home');
    for (let k = 0; k < 4; k++) await w.page.keyboard.press('ArrowRight');
    const ref = reference('scores-and-scaling', (nb) => nb.set('d_k', 5));
    await expect.poll(() => shapeOf(w.page, 'Q_r')).toBe('6×5');
    expect(await shownValue(w.page, 'S_raw', 2, 3)).toBe(ref.m('S_raw').get(2, 3));
    expect(await shownValue(w.page, 'S_scaled', 2, 3)).toBe(ref.m('S_scaled').get(2, 3));
    expect(await shownValue(w.page, 'w_raw', 0, 1)).toBe(ref.m('w_raw').get(0, 1));
    expect(await valueOf(w.page, 'var_raw')).toBe(valueText(ref.n('var_raw'), 2));
    expect(await valueOf(w.page, 'var_scaled')).toBe(valueText(ref.n('var_scaled'), 2));
    expect(await valueOf(w.page, 'd_k')).toBe('5');
    // The plots now run from 1 to 5, with the engine's variances (a plot redraws once it is near).
    await w.page.locator('nb-plot[data-cell="var_curve"]').scrollIntoViewIfNeeded();
    await expect.poll(async () => (await plotted(w.page, 'var_curve'))[0]!.length).toBe(10);
    const traces = await plotted(w.page, 'var_curve');
    expect(traces[0]!.slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
    // Chromium's and Node's Math functions may differ in the last bit: compare to 1e-12.
    const close = (got: number[], want: number[]) =>
      got.length === want.length &&
      got.every((g, k) => Math.abs(g - want[k]!) <= 1e-12 * Math.max(1, Math.abs(want[k]!)));
    const want = (m: string, c: number) => [0, 1, 2, 3, 4].map((i) => ref.m(m).get(i, c));
    expect(close(traces[0]!.slice(5), want('var_curve', 1)), 'raw variance curve').toBe(true);
    expect(close(traces[1]!.slice(5), want('var_curve', 2)), 'scaled variance curve').toBe(true);
    await w.page.locator('nb-plot[data-cell="sat_curve"]').scrollIntoViewIfNeeded();
    await expect
      .poll(async () =>
        close((await plotted(w.page, 'sat_curve'))[1]!.slice(5), want('sat_curve', 2)),
      )
      .toBe(true);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('makes the suggested edit from a “Try this” button', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + SCORES);
    await w.page.locator('nb-try[data-set="Q[7,1]=20"] button').click();
    const ref = reference('scores-and-scaling', (nb) => nb.setEntry('Q', 6, 0, 20));
    await expect.poll(() => shownValue(w.page, 'weights', 6, 4)).toBe(ref.m('weights').get(6, 4));
    expect(await w.page.locator(`nb-matrix[data-cell="Q"] ${entry('Q', 6, 0)}`).inputValue()).toBe(
      '20',
    );
    expect(w.problems).toEqual([]);
    await w.context.close();
  });
});

describe('masking', () => {
  it('shows −∞ above the diagonal and weight 0 there, and keeps earlier rows when a later key changes', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + MASKING);
    const masked = w.page.locator(`nb-matrix[data-cell="masked"] ${shown('masked', 0, 1)}`).first();
    expect(await masked.textContent()).toBe('−∞');
    expect(await shownValue(w.page, 'masked', 3, 7)).toBe(-Infinity);
    expect(await shownValue(w.page, 'weights', 3, 7)).toBe(0);
    expect(
      await w.page
        .locator(`nb-matrix[data-cell="weights"] ${shown('weights', 3, 7)}`)
        .first()
        .textContent(),
    ).toBe('0.00');
    expect(await shownValue(w.page, 'weights', 0, 0)).toBe(1);
    const before = await shownValue(w.page, 'weights', 4, 2);
    const peekBefore = await shownValue(w.page, 'peek', 4, 2);
    await w.page.locator(`nb-matrix[data-cell="K"] ${entry('K', 8, 0)}`).fill('3');
    const ref = reference('masking', (nb) => nb.setEntry('K', 8, 0, 3));
    await expect.poll(() => shownValue(w.page, 'weights', 8, 8)).toBe(ref.m('weights').get(8, 8));
    expect(await shownValue(w.page, 'weights', 4, 2)).toBe(before);
    expect(await shownValue(w.page, 'peek', 4, 2)).not.toBe(peekBefore);
    expect(await shownValue(w.page, 'peek', 4, 2)).toBe(ref.m('peek').get(4, 2));
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('switches to the transposed layout by keyboard, showing the same numbers transposed', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + MASKING);
    const group = w.page.getByRole('group', { name: 'Draw the attention matrix' });
    const paper = group.getByRole('radio', { name: /as in the paper/ });
    const transposed = group.getByRole('radio', { name: /transposed/ });
    const paperPanel = w.page.locator('nb-layout-switch section[data-layout="paper"]');
    const tPanel = w.page.locator('nb-layout-switch section[data-layout="transposed"]');
    expect(await paper.isChecked()).toBe(true);
    expect(await paperPanel.isVisible()).toBe(true);
    expect(await tPanel.isVisible()).toBe(false);
    // An edit first, so the numbers compared are not only the build's.
    await w.page.locator(`nb-matrix[data-cell="Q"] ${entry('Q', 8, 1)}`).fill('-1');
    const ref = reference('masking', (nb) => nb.setEntry('Q', 8, 1, -1));
    await expect
      .poll(() => shownValue(paperPanel, 'weights', 8, 2))
      .toBe(ref.m('weights').get(8, 2));
    await paper.focus();
    await w.page.keyboard.press('ArrowDown');
    expect(await transposed.isChecked()).toBe(true);
    expect(await tPanel.isVisible()).toBe(true);
    expect(await paperPanel.isVisible()).toBe(false);
    const a = ref.m('weights');
    const s = ref.m('masked');
    for (const [i, j] of [
      [8, 2],
      [2, 8],
      [5, 3],
      [0, 0],
    ] as const) {
      expect(await shownValue(tPanel, 'weightsT', j, i), `weightsT[${j}][${i}]`).toBe(a.get(i, j));
      expect(await shownValue(tPanel, 'maskedT', j, i), `maskedT[${j}][${i}]`).toBe(s.get(i, j));
    }
    // In this layout the −∞ are below the diagonal.
    expect(
      await tPanel
        .locator(`nb-matrix[data-cell="maskedT"] ${shown('maskedT', 7, 2)}`)
        .textContent(),
    ).toBe('−∞');
    await w.page.keyboard.press('ArrowUp');
    expect(await paper.isChecked()).toBe(true);
    expect(await paperPanel.isVisible()).toBe(true);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('masks padding keys from an editable row, and says so when a whole row is masked', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + MASKING);
    expect(await shownValue(w.page, 'padded_scores', 2, 6)).toBe(-Infinity);
    expect(await shownValue(w.page, 'padded_weights', 2, 6)).toBe(0);
    await w.page.locator(`nb-matrix[data-cell="pad"] ${entry('pad', 0, 6)}`).fill('0');
    const ref = reference('masking', (nb) => nb.setEntry('pad', 0, 6, 0));
    await expect
      .poll(() => shownValue(w.page, 'padded_weights', 2, 6))
      .toBe(ref.m('padded_weights').get(2, 6));
    expect(await shownValue(w.page, 'padded_weights', 2, 6)).toBeGreaterThan(0);
    await w.page.locator('nb-try[data-set="pad[1,1]=1"] button').click();
    const note = w.page.locator('nb-matrix[data-cell="both"] .nb-message');
    await expect
      .poll(() => note.textContent())
      .toBe('row 1: every score is masked, so its weights are set to 0');
    expect(await shownValue(w.page, 'both', 0, 0)).toBe(0);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('computes the context-window cost live from the slider', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + MASKING);
    const slider = w.page.getByRole('slider', { name: /tokens in the context window/ });
    await slider.focus();
    await w.page.keyboard.press('End');
    const ref = reference('masking', (nb) => nb.set('n', 131072));
    await expect.poll(() => valueOf(w.page, 'n')).toBe('131,072');
    // The slider's own number is written the same way.
    expect(await w.page.locator('nb-scalar[data-cell="n"] output').textContent()).toBe('131,072');
    expect(await valueOf(w.page, 'n_scores')).toBe(valueText(ref.n('n_scores'), 0));
    expect(await valueOf(w.page, 'n_visible')).toBe(valueText(ref.n('n_visible'), 0));
    expect(await valueOf(w.page, 'GiB_head')).toBe('32.000');
    expect(await valueOf(w.page, 'GiB_layer')).toBe(valueText(ref.n('GiB_layer'), 2));
    // Half the context, a quarter of the memory.
    await w.page.locator('nb-try[data-set="n=65536"] button').click();
    await expect.poll(() => valueOf(w.page, 'GiB_head')).toBe('8.000');
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('shows both layouts, labelled, and the chapters’ numbers with JavaScript off', async () => {
    const w = await openPage(site.browser, site.server.url, { javaScriptEnabled: false });
    await w.page.goto(site.server.url + MASKING);
    const ref = reference('masking');
    expect(await w.page.locator('nb-layout-switch fieldset').isVisible()).toBe(false);
    expect(
      await w.page.getByRole('heading', { name: /paper.s layout: queries are rows/ }).isVisible(),
    ).toBe(true);
    expect(
      await w.page
        .getByRole('heading', { name: 'The transposed layout: queries are columns' })
        .isVisible(),
    ).toBe(true);
    expect(await shownValue(w.page, 'weightsT', 2, 8)).toBe(ref.m('weights').get(8, 2));
    expect(await valueOf(w.page, 'GiB_layer')).toBe(valueText(ref.n('GiB_layer'), 2));
    await w.page.goto(site.server.url + SCORES);
    const s = reference('scores-and-scaling');
    expect(await shownValue(w.page, 'S_raw', 1, 1)).toBe(s.m('S_raw').get(1, 1));
    expect(await valueOf(w.page, 'var_raw')).toBe(valueText(s.n('var_raw'), 2));
    await w.context.close();
  });

  it.each(VIEWPORTS)(
    'has no axe violations (%s), nor horizontal page overflow, in either layout',
    async (_name, viewport) => {
      const w = await openPage(site.browser, site.server.url, { viewport });
      for (const path of [SCORES, MASKING]) {
        await w.page.goto(site.server.url + path);
        expect(await axeViolations(w.page), path).toEqual([]);
        expect(await sideways(w.page), `${path} scrolls sideways`).toBeLessThanOrEqual(0);
      }
      await w.page.getByRole('radio', { name: /transposed/ }).check();
      expect(await axeViolations(w.page, 'nb-layout-switch'), 'transposed').toEqual([]);
      expect(w.problems).toEqual([]);
      expect(w.outside).toEqual([]);
      await w.context.close();
      // axe over pages of several thousand elements is slow on a busy machine.
    },
    300_000,
  );
});
