/**
 * The position chapter in Chromium, against the built site: an edit flows through the
 * original and the shuffled attention to the engine's numbers; a shuffle (a "Try this"
 * button, a preset) gives the original output rows in the new order, and with a position
 * table no longer does; an order that is not a permutation is refused where the reader
 * looks; the sinusoidal sliders reshape the table and its plot; the RoPE shift leaves the
 * score alone; the page reads right with JavaScript off (numpy's numbers), and has no axe
 * violations on a desktop or a phone.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { current, labelNumber, shownRows, shownValue } from './read.ts';
import { WAIT, openPage } from './harness.ts';
import { texOf } from './symbols.ts';
import { VIEWPORTS, axeViolations, sideways } from './clean.ts';
import { chapterNotebook, useSite } from './fixtures.ts';
import type { Notebook } from '../../src/notebook/notebook.ts';
import { matrix, type Matrix } from '../../src/engine/index.ts';
import { storageKey } from '../../src/notebook/state.ts';

const PAGE = '/chapters/position/';
const site = useSite();

/** The chapter computed in Node by the engine after `edit`: what the page must show. */
const reference = (edit?: (nb: Notebook) => void) => {
  const nb = chapterNotebook('position', edit);
  return (cell: string) => nb.value(cell) as Matrix;
};

/** numpy's values of the chapter as written (scripts/make_chapter_fixtures.py). */
const numpy = (
  JSON.parse(
    readFileSync(join(import.meta.dirname, '../fixtures/chapters.json'), 'utf8'),
  ) as Record<string, Record<string, number[][]>>
)['position']!;

const entry = (cell: string, i: number, j: number) =>
  `nb-matrix[data-cell="${cell}"] input[aria-label="${cell} row ${i + 1} column ${j + 1}"]`;
const slider = (page: Page, cell: string) =>
  page.locator(`nb-scalar[data-cell="${cell}"] input[type="range"]`);
const shapeOf = async (page: Page, cell: string) => {
  await current(page);
  return page.locator(`nb-matrix[data-cell="${cell}"] .nb-shape`).first().textContent();
};

const close = (a: number, b: number, tol = 1e-12) => Math.abs(a - b) <= tol;
const allClose = (got: number[][], want: number[][], tol = 1e-12) =>
  got.length === want.length &&
  got.every(
    (row, i) => row.length === want[i]!.length && row.every((v, j) => close(v, want[i]![j]!, tol)),
  );
const toRows = (m: Matrix) => m.toArray();

/** The exact numbers of a grid inside `scope`, from the entries' accessible names. */
async function shownRowsIn(scope: Locator, cell: string): Promise<number[][]> {
  const labels = await scope
    .locator('tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) =>
        [...tr.querySelectorAll('td[aria-label]')].map((td) => td.getAttribute('aria-label')!),
      ),
    );
  return labels
    .filter((r) => r.length > 0 && r[0]!.startsWith(`${cell} `))
    .map((r) => r.map(labelNumber));
}

describe('position', () => {
  it('an edit to E reaches both the original and the shuffled attention, and Δ stays zero', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PAGE);
    const before = await shownValue(w.page, 'O', 1, 2);
    await w.page.locator(entry('E', 1, 2)).fill('2');
    const ref = reference((nb) => nb.setEntry('E', 1, 2, 2));
    await expect
      .poll(async () => close(await shownValue(w.page, 'O', 1, 2), ref('O').get(1, 2)))
      .toBe(true);
    expect(ref('O').get(1, 2)).not.toBe(before);
    expect(allClose(await shownRows(w.page, 'O_s'), toRows(ref('O_s'))), 'O_s').toBe(true);
    expect(allClose(await shownRows(w.page, 'O_p'), toRows(ref('O_p'))), 'O_p').toBe(true);
    expect(allClose(await shownRows(w.page, 'X'), toRows(ref('X'))), 'X').toBe(true);
    // Δ is computed on the page (to 12 decimals): zero, whatever the numbers.
    const gap = await shownRows(w.page, 'gap');
    expect(gap.flat().every((v) => v === 0)).toBe(true);
    expect(w.problems).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  });

  it('a shuffle from a “Try this” button and from a preset: O_π holds O’s rows in the new order', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PAGE);
    await w.page.locator('nb-try[data-set^="p[1,1]=5; p[1,2]=4"] button').click();
    const order = [5, 4, 3, 2, 1];
    await expect
      .poll(async () => (await w.page.locator(entry('p', 0, 0)).inputValue()) === '5', WAIT)
      .toBe(true);
    await expect
      .poll(() => w.page.locator('nb-reordered[data-cell="p"]').textContent(), WAIT)
      .toBe('“man the bites dog the”');
    const o = await shownRows(w.page, 'O');
    const os = await shownRows(w.page, 'O_s');
    // Checked from the shown numbers alone: row i of O_π is row p_i of O.
    order.forEach((p, i) => expect(allClose([os[i]!], [o[p - 1]!]), `row ${i + 1}`).toBe(true));
    const ref = reference((nb) => nb.set('p', matrix([order])));
    expect(allClose(os, toRows(ref('O_s')))).toBe(true);
    expect((await shownRows(w.page, 'gap')).flat().every((v) => Math.abs(v) < 1e-12)).toBe(true);
    // With the position table the shuffled output is no longer the original reordered.
    const gapP = (await shownRows(w.page, 'gap_p')).flat();
    expect(Math.max(...gapP.map(Math.abs))).toBeGreaterThan(0.05);
    expect(allClose([gapP], [toRows(ref('gap_p')).flat()])).toBe(true);

    await w.page.getByLabel('Example').selectOption({ label: 'Rotate by one' });
    await expect
      .poll(async () => (await w.page.locator(entry('p', 0, 0)).inputValue()) === '5', WAIT)
      .toBe(true);
    await expect.poll(() => w.page.locator(entry('p', 0, 1)).inputValue(), WAIT).toBe('1');
    const rot = reference((nb) => nb.set('p', matrix([[5, 1, 2, 3, 4]])));
    expect(allClose(await shownRows(w.page, 'O_s'), toRows(rot('O_s'))), 'O_s').toBe(true);
    expect(allClose(await shownRows(w.page, 'gap_p'), toRows(rot('gap_p'))), 'gap_p').toBe(true);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('an order that is not a permutation is refused with a message; the last good numbers stay', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PAGE);
    const good = await shownRows(w.page, 'E_s');
    await w.page.locator('nb-try[data-set="p[1,2]=2"] button').click();
    const message = w.page.locator('nb-matrix[data-cell="E_s"] .nb-message');
    await expect
      .poll(() => message.textContent(), WAIT)
      .toMatch(/not a permutation of 1 to 5: 2 appears twice \(entries 2 and 5\) and 5 is missing/);
    expect(
      await w.page.locator('nb-matrix[data-cell="E_s"]').first().getAttribute('data-state'),
    ).toBe('error');
    expect(await shownRows(w.page, 'E_s')).toEqual(good);
    // The sentence in the prose keeps its last reading and says why.
    const reading = w.page.locator('nb-reordered[data-cell="p"]');
    expect(await reading.getAttribute('data-state')).toBe('error');
    expect(await reading.textContent()).toMatch(
      /^“the man bites the dog” \(not updated: not an order of 1 to 5: 2 appears twice/,
    );
    // Cells that do not use the order still compute.
    expect(
      await w.page.locator('nb-matrix[data-cell="O"]').first().getAttribute('data-state'),
    ).toBe('ok');
    // Typing a good order back brings everything back.
    await w.page.locator(entry('p', 0, 1)).fill('5');
    await expect
      .poll(
        () => w.page.locator('nb-matrix[data-cell="E_s"]').first().getAttribute('data-state'),
        WAIT,
      )
      .toBe('ok');
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('the sinusoidal sliders, by keyboard, reshape the table and redraw its waves', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PAGE);
    await slider(w.page, 'd_pe').focus();
    await w.page.keyboard.press('ArrowRight');
    await slider(w.page, 'n_pos').focus();
    await w.page.keyboard.press('End');
    const ref = reference((nb) => {
      nb.set('d_pe', 10);
      nb.set('n_pos', 64);
    });
    await expect.poll(() => shapeOf(w.page, 'PE'), WAIT).toBe('64×10');
    for (const [i, j] of [
      [63, 9],
      [12, 0],
      [7, 5],
    ] as const)
      expect(
        close(await shownValue(w.page, 'PE', i, j), ref('PE').get(i, j)),
        `PE[${i}][${j}]`,
      ).toBe(true);
    // The paper's formula, written out here: PE(12, 0) = sin(12), PE(7, 5) = cos(7 / 10000^(4/10)).
    expect(close(await shownValue(w.page, 'PE', 12, 0), Math.sin(12))).toBe(true);
    expect(close(await shownValue(w.page, 'PE', 7, 5), Math.cos(7 / 10000 ** (4 / 10)))).toBe(true);
    const plot = w.page.locator('nb-plot[data-cell="waves"]');
    await plot.scrollIntoViewIfNeeded();
    await expect.poll(() => plot.getAttribute('data-state'), WAIT).toBe('drawn');
    const traces = () =>
      w.page.evaluate(() => {
        const gd = document.querySelector(
          'nb-plot[data-cell="waves"] .nb-plot-area',
        ) as unknown as {
          data?: { x: number[]; y: number[] }[];
        };
        return (gd.data ?? []).map((t) => ({ x: [...t.x], y: [...t.y] }));
      });
    await expect.poll(async () => (await traces()).length, WAIT).toBe(10);
    const t = await traces();
    expect(t[0]!.x.length).toBe(64);
    expect(t[3]!.y.every((v, i) => close(v, ref('PE').get(i, 3)))).toBe(true);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('RoPE: shifting both positions changes the rotated vectors but not their score', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PAGE);
    const score = await shownValue(w.page, 'dot_mn', 0, 0);
    const qBefore = await shownRows(w.page, 'q_ms');
    await slider(w.page, 's').focus();
    for (let k = 0; k < 7; k++) await w.page.keyboard.press('ArrowRight');
    const ref = reference((nb) => nb.set('s', 7));
    await expect
      .poll(async () => allClose(await shownRows(w.page, 'q_ms'), toRows(ref('q_ms'))), WAIT)
      .toBe(true);
    expect(allClose(await shownRows(w.page, 'q_ms'), qBefore, 1e-3)).toBe(false);
    expect(close(await shownValue(w.page, 'dot_s', 0, 0), score, 1e-9)).toBe(true);
    // The picture of the shifted pair follows: its arrows are the first two numbers of q_{m+s}, k_{n+s}.
    const picture = w.page.locator('nb-rotation[data-cells="q_ms,k_ns"] svg');
    const fmt2 = (v: number) => (Math.abs(v) < 0.005 ? '0.00' : v.toFixed(2).replace('-', '−'));
    const q = ref('q_ms');
    await expect
      .poll(() => picture.getAttribute('aria-label'), WAIT)
      .toContain(`q_m+s = (${fmt2(q.get(0, 0))}, ${fmt2(q.get(0, 1))})`);
    const tip = picture.locator('g.nb-rot-0 circle');
    const [cx, cy] = [Number(await tip.getAttribute('cx')), Number(await tip.getAttribute('cy'))];
    // Drawn counter-clockwise from the x axis, y up: the tip's direction is the pair's angle.
    expect(
      Math.abs(Math.atan2(-(cy - 110), cx - 110) - Math.atan2(q.get(0, 1), q.get(0, 0))),
    ).toBeLessThan(0.02);
    expect(Math.abs(await shownValue(w.page, 'dot_gap', 0, 0))).toBeLessThan(1e-9);
    // Moving the query alone changes the offset, and the score.
    await w.page.locator('nb-try[data-set="m=2; n=5"] button').click();
    const swapped = reference((nb) => {
      nb.set('m', 2);
      nb.set('n', 5);
    });
    await expect
      .poll(
        async () => close(await shownValue(w.page, 'dot_mn', 0, 0), swapped('dot_mn').get(0, 0)),
        WAIT,
      )
      .toBe(true);
    expect(close(swapped('dot_mn').get(0, 0), score, 1e-3)).toBe(false);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('a sentence typed by keyboard sets the number of positions and names the rows', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PAGE);
    const field = w.page.getByLabel('Your sentence');
    await field.focus();
    await w.page.keyboard.press('Control+A');
    await w.page.keyboard.type('man bites dog today');
    const ref = reference((nb) => nb.set('n_words', 4));
    const table = w.page.locator('nb-sentence');
    await expect.poll(() => table.locator('.nb-shape').textContent(), WAIT).toBe('4×8');
    expect(await table.locator('.nb-sentence-summary').textContent()).toBe(
      '4 words, positions 0 to 3.',
    );
    const rows = await table.locator('tbody th').allTextContents();
    expect(rows).toEqual(['man (pos 0)', 'bites (pos 1)', 'dog (pos 2)', 'today (pos 3)']);
    const shown = await shownRowsIn(table, 'PE_words');
    expect(allClose(shown, toRows(ref('PE_words')))).toBe(true);
    // PE(3, 0) = sin(3): the paper's formula, with the fourth word at position 3.
    expect(close(shown[3]![0]!, Math.sin(3))).toBe(true);
    // An empty sentence is refused, and the rows stay.
    await w.page.keyboard.press('Control+A');
    await w.page.keyboard.press('Backspace');
    await expect
      .poll(() => table.locator('.nb-sentence-summary').textContent(), WAIT)
      .toBe('Type at least one word. Showing the last 4 words.');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await table.locator('.nb-shape').textContent()).toBe('4×8');
    // The count is kept with the reader's numbers, the words are not: after a reload the rows
    // are named by position, and the field says why. Saving follows the edit by a moment, so
    // the reload waits until the saved numbers hold the count.
    const key = storageKey('position');
    await expect
      .poll(
        () =>
          w.page.evaluate((k) => {
            const text = localStorage.getItem(k);
            if (!text) return null;
            const json = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
            return (JSON.parse(json) as { cells: Record<string, unknown> }).cells['n_words'];
          }, key),
        WAIT,
      )
      .toBe(4);
    await w.page.reload();
    await expect
      .poll(() => table.locator('.nb-sentence-summary').textContent(), WAIT)
      .toBe('4 positions, from your saved numbers or a link. Type a sentence to name them.');
    expect(await table.locator('tbody th').allTextContents()).toEqual([
      'pos 0',
      'pos 1',
      'pos 2',
      'pos 3',
    ]);
    expect(await field.inputValue()).toBe('');
    // Reset brings the chapter's sentence back.
    await w.page.getByRole('button', { name: 'Reset numbers' }).click();
    await expect
      .poll(() => field.inputValue(), WAIT)
      .toBe('The skilled surgeon operated on the patient with a');
    await expect.poll(() => table.locator('.nb-shape').textContent(), WAIT).toBe('9×8');
    expect((await table.locator('tbody th').allTextContents())[2]).toBe('surgeon (pos 2)');
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('a random example keeps the order an order, so every cell still computes', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PAGE);
    const seed = w.page.getByLabel('Seed');
    await seed.fill('42');
    await seed.press('Enter');
    await expect
      .poll(
        async () =>
          (await w.page.locator(entry('p', 0, 0)).inputValue()) !== '1' ||
          (await w.page.locator(entry('p', 0, 1)).inputValue()) !== '5',
        WAIT,
      )
      .toBe(true);
    const p = await Promise.all(
      [0, 1, 2, 3, 4].map((j) => w.page.locator(entry('p', 0, j)).inputValue()),
    );
    expect([...p].sort()).toEqual(['1', '2', '3', '4', '5']);
    await current(w.page);
    for (const cell of ['E_s', 'O_s', 'gap', 'gap_p'])
      expect(
        await w.page.locator(`nb-matrix[data-cell="${cell}"]`).first().getAttribute('data-state'),
        cell,
      ).toBe('ok');
    expect((await shownRows(w.page, 'gap')).flat().every((v) => Math.abs(v) < 1e-12)).toBe(true);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('explains a reordered entry and a rotated one, naming the row and the angle', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PAGE);
    const tip = w.page.locator('#nb-explain');
    const td = w.page.locator('nb-matrix[data-cell="E_s"] td[aria-label^="E_s row 2 column 2:"]');
    await td.scrollIntoViewIfNeeded();
    await td.focus();
    await expect.poll(() => tip.isVisible(), WAIT).toBe(true);
    // Place 2 holds token 5 (man), whose "person" feature is 1.
    // Cells are named by their typeset symbols; read each formula as its TeX.
    expect(await texOf(tip.locator('p'))).toMatch(
      /^E_\{\\pi\}\[2,2\] = E\[5,2\] = 1: row 2 of the result is row 5 of E \(p lists 5 in place 2\)$/,
    );
    expect(
      await w.page
        .locator('nb-matrix[data-cell="E"] td.is-source, nb-matrix[data-cell="E"] input.is-source')
        .count(),
    ).toBeGreaterThan(0);
    await w.page.keyboard.press('Escape');
    const rot = w.page.locator('nb-matrix[data-cell="Q_r"] td[aria-label^="Q_r row 3 column 1:"]');
    await rot.scrollIntoViewIfNeeded();
    await rot.focus();
    const first = () => texOf(tip.locator('p'));
    await expect.poll(first, WAIT).toMatch(/^Q_\{\\text\{rot\}\}\[3,1\] = /);
    const line = await first();
    // Row 3 (bites, position 2) of Q is (2, 1, 0, 0): pair 1 turned by 2 radians.
    expect(line).toContain('= x·cos θ − y·sin θ = 2·(−0.4161) − 1·0.9093 = −1.742');
    expect(line).toContain('θ = pos · 10000^(−2i/d) = 2 · 10000^(−0) = 2 rad');
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('shows numpy’s numbers with JavaScript off', async () => {
    const w = await openPage(site.browser, site.server.url, { javaScriptEnabled: false });
    await w.page.goto(site.server.url + PAGE);
    for (const cell of ['O', 'O_s', 'gap', 'gap_p', 'PE_4', 'Q_r', 'A_r', 'dot_mn', 'dot_s']) {
      const shown = await shownRows(w.page, cell);
      expect(
        allClose(
          shown,
          numpy[cell]!.map((r) => r.slice(0, shown[0]!.length)),
          1e-9,
        ),
        cell,
      ).toBe(true);
    }
    expect(await w.page.locator(`nb-value[data-cell="len_q"]`).textContent()).toBe(
      (numpy['len_q'] as unknown as number).toFixed(6),
    );
    await w.context.close();
  });

  it.each(VIEWPORTS)(
    'has no axe violations (%s), nor horizontal page overflow',
    async (_name, viewport) => {
      const w = await openPage(site.browser, site.server.url, { viewport });
      await w.page.goto(site.server.url + PAGE);
      expect(await axeViolations(w.page)).toEqual([]);
      expect(await sideways(w.page)).toBeLessThanOrEqual(0);
      expect(w.problems).toEqual([]);
      expect(w.outside).toEqual([]);
      await w.context.close();
    },
    300_000,
  );
});
