/**
 * The features every chapter gets from its toolbar, in Chromium against the built site:
 * step mode by keyboard, "explain this number" on focus, the export dialog, presets and
 * the seeded random example. Values are compared with the engine computed in Node.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { current, shownValue } from './read.ts';
import { afterFrames, openPage } from './harness.ts';
import { axeViolations, sideways } from './clean.ts';
import { chapterData, chapterNotebook, useSite } from './fixtures.ts';
import { matrix, type Matrix } from '../../src/engine/index.ts';
import { explainEntry } from '../../src/notebook/explain.ts';
import { callsBottomUp } from '../../src/notebook/expr.ts';
import { symbolTex } from '../../src/notebook/tex.ts';
import { texOf, texOfAll } from './symbols.ts';
import { presetNumber, randomMatrices } from '../../src/notebook/presets.ts';
import type { Notebook } from '../../src/notebook/notebook.ts';

const PATH = '/chapters/queries-keys-values/';
const site = useSite();

/** The chapter computed in Node by the engine, after `edit`. */
function reference(edit?: (nb: Notebook) => void): Notebook {
  return chapterNotebook('queries-keys-values', edit);
}

const entry = (cell: string, i: number, j: number) =>
  `nb-matrix[data-cell="${cell}"][data-editable="true"] input[aria-label="${cell} row ${i + 1} column ${j + 1}"]`;
const shown = (cell: string, i: number, j: number) =>
  `nb-matrix[data-cell="${cell}"] td[aria-label^="${cell} row ${i + 1} column ${j + 1}:"]`;

async function inputMatrix(page: Page, cell: string): Promise<number[][]> {
  await current(page);
  return page
    .locator(`nb-matrix[data-cell="${cell}"][data-editable="true"] tbody tr`)
    .evaluateAll((rows) =>
      rows.map((r) => [...r.querySelectorAll('input')].map((i) => Number(i.value))),
    );
}

describe('step mode', () => {
  it('reveals one step at a time by keyboard, outlines what flows in, and Escape returns to reading mode', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.emulateMedia({ reducedMotion: 'reduce' });
    await w.page.goto(site.server.url + PATH);
    const status = w.page.locator('.nb-stepbar-status');
    const visible = (sel: string) => w.page.locator(sel).first().isVisible();
    expect(await w.page.locator('.nb-stepbar').isVisible()).toBe(false);
    await w.page.getByRole('button', { name: 'Step mode' }).click();
    expect(
      await w.page.getByRole('button', { name: 'Step mode' }).getAttribute('aria-pressed'),
    ).toBe('true');
    // Cells are named by their typeset symbols: read as the TeX KaTeX keeps.
    expect(await texOf(status)).toMatch(/^Step 1 of \d+: E$/);
    const total = Number(/of (\d+)/.exec((await status.textContent())!)![1]);
    expect(await visible('nb-matrix[data-cell="E"]')).toBe(true);
    expect(await visible('nb-matrix[data-cell="W_Q"]')).toBe(false);
    expect(await visible('nb-matrix[data-cell="output"]')).toBe(false);

    await w.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    for (const key of ['ArrowRight', 'ArrowDown', ' ', 'PageDown'])
      await w.page.keyboard.press(key);
    // Step 5 is Q: its equation and its matrix together, with E and W_Q outlined as flowing into it.
    expect(await texOf(status)).toBe(`Step 5 of ${total}: Q`);
    expect(await visible('nb-equation[data-cell="Q"]')).toBe(true);
    expect(await visible('nb-matrix[data-cell="Q"]')).toBe(true);
    expect(await visible('nb-matrix[data-cell="K"]')).toBe(false);
    const flows = await w.page
      .locator('.nb-flows-in')
      .evaluateAll((els) =>
        els.map(
          (e) =>
            `${(e as HTMLElement).dataset['cell']}: ${e.querySelector('.nb-flow-label annotation')?.textContent}`,
        ),
      );
    expect(flows.sort()).toEqual(['E: Q', 'W_Q: Q']);
    await w.page.keyboard.press('ArrowLeft');
    await w.page.keyboard.press('PageUp');
    expect(await texOf(status)).toBe(`Step 3 of ${total}: W_{K}`);
    await w.page.keyboard.press('ArrowUp');
    expect(await texOf(status)).toBe(`Step 2 of ${total}: W_{Q}`);

    // Typing in a matrix entry is not navigation.
    const field = w.page.locator(entry('E', 0, 0));
    await field.focus();
    await field.press('End');
    await field.press('ArrowRight');
    await field.press(' ');
    expect(await texOf(status)).toBe(`Step 2 of ${total}: W_{Q}`);

    // The bar's buttons: the weights step (named A, as the page writes it) outlines Q and K
    // (d_k, which has no widget, reads K).
    for (let k = 2; k < total && !(await texOf(status)).endsWith(': A'); k++) {
      await w.page.locator('.nb-stepbar [data-action="next"]').click();
    }
    const weightsStep = await texOf(status);
    expect(weightsStep).toMatch(new RegExp(`^Step \\d+ of ${total}: A$`));
    const flowsW = await w.page
      .locator('.nb-flows-in')
      .evaluateAll((els) =>
        els.map(
          (e) =>
            `${(e as HTMLElement).dataset['cell']}: ${e.querySelector('.nb-flow-label annotation')?.textContent}`,
        ),
      );
    expect(flowsW.sort()).toEqual(['K: A', 'Q: A']);
    const inView = await w.page.locator('nb-steps[data-cell="weights"]').evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top < innerHeight && r.bottom > 0;
    });
    expect(inView, 'the current step is scrolled into view').toBe(true);
    expect(await axeViolations(w.page)).toEqual([]);

    // State survives a reload of the page; Escape goes back to reading mode.
    await w.page.reload();
    expect(await texOf(status)).toBe(weightsStep);
    await w.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await w.page.keyboard.press('Escape');
    expect(await w.page.locator('.nb-stepbar').isVisible()).toBe(false);
    expect(await visible('nb-matrix[data-cell="output"]')).toBe(true);
    expect(await w.page.locator('.nb-flows-in, .nb-flow-label, .nb-step-later').count()).toBe(0);
    expect(w.problems).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  }, 120_000);

  it('fits a phone in step mode', async () => {
    const w = await openPage(site.browser, site.server.url, {
      viewport: { width: 390, height: 844 },
    });
    await w.page.goto(site.server.url + PATH);
    await w.page.getByRole('button', { name: 'Step mode' }).click();
    await w.page.locator('.nb-stepbar [data-action="next"]').click();
    expect(await sideways(w.page)).toBeLessThanOrEqual(0);
    const bar = await w.page.locator('.nb-stepbar').boundingBox();
    expect(bar!.x).toBeGreaterThanOrEqual(0);
    expect(bar!.x + bar!.width).toBeLessThanOrEqual(390);
    expect(await axeViolations(w.page)).toEqual([]);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });
});

describe('explain this number', () => {
  it('explains a focused weight with the live values, highlights its sources, and closes on Escape', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    await w.page.locator(entry('E', 6, 2)).fill('0.7');
    const ref = reference((nb) => nb.setEntry('E', 6, 2, 0.7));
    await expect
      .poll(() => shownValue(w.page, 'weights', 6, 4))
      .toBe((ref.value('weights') as Matrix).get(6, 4));
    const grid = w.page.locator('nb-matrix[data-cell="weights"] table.nb-grid');
    const td = w.page.locator(shown('weights', 6, 4));
    await td.scrollIntoViewIfNeeded();
    const place = () =>
      grid.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return [r.left + scrollX, r.top + scrollY, r.width, r.height];
      });
    // Widgets above use content-visibility: let them take their real sizes first, until the
    // grid stays where it is from one frame to the next.
    let last = '';
    await expect
      .poll(async () => {
        await afterFrames(w.page);
        const now = JSON.stringify(await place());
        const still = now === last;
        last = now;
        return still;
      })
      .toBe(true);
    const before = await place();
    await td.focus();
    const tip = w.page.locator('#nb-explain');
    expect(await tip.isVisible()).toBe(true);
    // Cells are named by the symbols the page shows: weights is A.
    const label = (cell: string) => ref.cells.get(cell)?.tex ?? symbolTex(cell);
    const want = explainEntry(ref.expression('weights')!, (n) => ref.value(n), 6, 4, {
      name: 'A',
      label,
    });
    expect(await texOfAll(tip.locator('p'))).toEqual(want.lines);
    expect(want.lines[0]).toMatch(/^A\[7,5\] = e\^\(s_ij − max_i\)/);
    expect(await td.getAttribute('aria-describedby')).toBe('nb-explain');
    expect(await td.getAttribute('class')).toContain('is-target');
    // Row 7 of Q and row 5 of K (a column of K') are highlighted in their matrices.
    expect(
      await w.page
        .locator('nb-matrix[data-cell="Q"] td.is-source')
        .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['i'])),
    ).toEqual(['6', '6', '6']);
    expect(
      await w.page
        .locator('nb-matrix[data-cell="K"] td.is-source')
        .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['i'])),
    ).toEqual(['4', '4', '4']);
    expect(await place()).toEqual(before);
    expect(await axeViolations(w.page)).toEqual([]);

    // The arrow keys move through the grid and the explanation follows.
    await w.page.keyboard.press('ArrowRight');
    const next = explainEntry(ref.expression('weights')!, (n) => ref.value(n), 6, 5, {
      name: 'A',
      label,
    });
    expect(await texOf(tip.locator('p'))).toBe(next.lines[0]);

    // A product: row of E times column of W_Q, with every term.
    await w.page.locator(shown('Q', 6, 0)).focus();
    expect(await texOf(tip.locator('p'))).toBe(
      'Q[7,1] = row 7 of E · column 1 of W_{Q} = 0·0 + 0·0 + 0.7·0 + 1·2 = 2',
    );
    await w.page.keyboard.press('Escape');
    expect(await tip.isVisible()).toBe(false);
    expect(await w.page.locator('.is-source, .is-target').count()).toBe(0);
    expect(w.problems).toEqual([]);
    await w.context.close();
  }, 120_000);

  it('explains a number of a worked step, moving through its grid by keyboard', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    await w.page.locator(entry('E', 1, 3)).fill('2');
    const ref = reference((nb) => nb.setEntry('E', 1, 3, 2));
    const steps = w.page.locator('nb-steps[data-cell="weights"]');
    await steps.getByRole('button', { name: 'Show all' }).click();
    await current(w.page);
    // Step 2 is Q Kᵀ: the grid is one tab stop, and the arrows move through it.
    const grid = steps.locator('.nb-step').nth(1).locator('table.nb-grid');
    expect(await grid.locator('td[tabindex="0"]').count()).toBe(1);
    await grid.locator('td[tabindex="0"]').focus();
    await w.page.keyboard.press('ArrowDown');
    for (let k = 0; k < 6; k++) await w.page.keyboard.press('ArrowRight');
    const focused = w.page.locator(':focus');
    expect(await focused.getAttribute('data-i')).toBe('1');
    expect(await focused.getAttribute('data-j')).toBe('6');
    expect(await grid.locator('td[tabindex="0"]').count()).toBe(1);
    // The note explains that entry of Q Kᵀ with the live numbers, as the engine would.
    const [, product] = callsBottomUp(ref.expression('weights')!);
    const want = explainEntry(product!, (n) => ref.value(n), 1, 6, {
      label: (cell) => ref.cells.get(cell)?.tex ?? symbolTex(cell),
    });
    const tip = w.page.locator('#nb-explain');
    expect(await tip.isVisible()).toBe(true);
    expect(await texOfAll(tip.locator('p'))).toEqual(want.lines);
    // Q[2,1] is 4 after the edit (0.2 before it).
    expect(want.lines[0]).toMatch(/^\(Q \* K'\)\[2,7\] = row 2 of Q · column 7 of K' = 4·0.4 /);
    expect(await focused.getAttribute('aria-describedby')).toBe('nb-explain');
    // Row 2 of Q and row 7 of K (column 7 of Kᵀ) light up in their own matrices.
    expect(
      await w.page
        .locator('nb-matrix[data-cell="Q"] td.is-source')
        .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['i'])),
    ).toEqual(['1', '1', '1']);
    expect(
      await w.page
        .locator('nb-matrix[data-cell="K"] td.is-source')
        .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['i'])),
    ).toEqual(['6', '6', '6']);
    // So does column 7 of Kᵀ in step 1, the step it came from.
    expect(
      await steps
        .locator('.nb-step')
        .nth(0)
        .locator('td.is-source')
        .evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset['j'])),
    ).toEqual(['6', '6', '6']);
    expect(await axeViolations(w.page)).toEqual([]);
    await w.page.keyboard.press('Escape');
    expect(await tip.isVisible()).toBe(false);
    expect(w.problems).toEqual([]);
    await w.context.close();
  }, 120_000);
});

describe('export', () => {
  it('opens a dialog with NumPy and PyTorch code holding the live numbers, copies and downloads it', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await w.page.goto(site.server.url + PATH);
    await w.page.locator(entry('E', 0, 0)).fill('0.123456789');
    await w.page.locator(entry('W_V', 1, 1)).fill('-Infinity');
    await w.page.locator(entry('W_V', 1, 1)).press('Enter');
    await w.page.getByRole('button', { name: 'Export code' }).click();
    const dialog = w.page.getByRole('dialog', { name: 'Code for these numbers' });
    expect(await dialog.isVisible()).toBe(true);
    const numpy = (await dialog.locator('[data-code="numpy"]').textContent())!;
    expect(numpy).toContain('import numpy as np');
    expect(numpy).toContain('    [0.123456789, 0.1, 0, 0],');
    expect(numpy).toContain('    [0, -np.inf, 0],');
    expect(numpy).toContain('weights = softmax(Q @ K.T / np.sqrt(d_k))');
    expect(await axeViolations(w.page)).toEqual([]);

    await dialog.getByRole('tab', { name: 'NumPy' }).focus();
    await w.page.keyboard.press('ArrowRight');
    expect(await dialog.getByRole('tab', { name: 'PyTorch' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    const torch = (await dialog.locator('[data-code="torch"]').textContent())!;
    expect(await dialog.locator('#nb-panel-torch').isVisible()).toBe(true);
    expect(torch).toContain('E = torch.tensor([\n    [0.123456789, 0.1, 0, 0],');
    expect(torch).toContain('    [0, -math.inf, 0],');

    await dialog.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => w.page.evaluate(() => navigator.clipboard.readText())).toBe(torch);
    const [download] = await Promise.all([
      w.page.waitForEvent('download'),
      dialog.getByRole('button', { name: 'Download .py' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('queries-keys-values-pytorch.py');
    expect(readFileSync((await download.path())!, 'utf8')).toBe(torch);

    await w.page.keyboard.press('Escape');
    expect(await dialog.isVisible()).toBe(false);
    expect(await w.page.evaluate(() => document.activeElement?.textContent)).toBe('Export code');
    expect(w.problems).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  });
});

describe('presets and the random example', () => {
  it('applies a chapter preset: its inputs, and everything downstream as the engine computes it', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const preset = chapterData('queries-keys-values').presets[0]!;
    await w.page.getByLabel('Example').selectOption({ label: preset.name });
    const wq = (preset.cells['W_Q'] as number[][]).map((r) => r.map((x) => presetNumber(x)));
    expect(await inputMatrix(w.page, 'W_Q')).toEqual(wq);
    const ref = reference((nb) => nb.set('W_Q', matrix(wq)));
    await expect
      .poll(() => shownValue(w.page, 'weights', 6, 4))
      .toBe((ref.value('weights') as Matrix).get(6, 4));
    expect(await shownValue(w.page, 'output', 2, 1)).toBe(
      (ref.value('output') as Matrix).get(2, 1),
    );
    expect(await w.page.locator('nb-toolbar [role="status"]').textContent()).toContain(preset.name);
    await w.page.getByRole('button', { name: 'Reset numbers' }).click();
    expect(await w.page.getByLabel('Example').inputValue()).toBe('');
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('a typed seed always gives the same numbers; “Random example” shows its seed; the link carries them', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const shapes: [string, number, number][] = [
      ['E', 7, 4],
      ['W_Q', 4, 3],
      ['W_K', 4, 3],
      ['W_V', 4, 3],
    ];
    const seed = w.page.getByLabel('Seed');
    await seed.fill('42');
    await seed.press('Enter');
    const want = randomMatrices(shapes, 42);
    expect(await inputMatrix(w.page, 'E')).toEqual(want.get('E'));
    expect(await inputMatrix(w.page, 'W_K')).toEqual(want.get('W_K'));
    expect(
      want
        .get('E')!
        .flat()
        .every((x) => x >= -1 && x <= 1 && Number(x.toFixed(2)) === x),
    ).toBe(true);
    const ref = reference((nb) => {
      for (const [name, v] of want) nb.set(name, matrix(v));
    });
    await expect
      .poll(() => shownValue(w.page, 'output', 6, 1))
      .toBe((ref.value('output') as Matrix).get(6, 1));

    await w.page.getByRole('button', { name: 'Random example' }).click();
    const s = Number(await seed.inputValue());
    expect(s).toBeGreaterThan(0);
    expect(await inputMatrix(w.page, 'W_Q')).toEqual(randomMatrices(shapes, s).get('W_Q'));
    expect(await w.page.locator('nb-toolbar [role="status"]').textContent()).toContain(`seed ${s}`);
    await expect.poll(() => w.page.evaluate(() => location.hash)).toMatch(/^#cells=/);
    const other = await openPage(site.browser, site.server.url);
    await other.page.goto(w.page.url());
    expect(await inputMatrix(other.page, 'W_Q')).toEqual(randomMatrices(shapes, s).get('W_Q'));
    await other.context.close();

    await seed.fill('4.5');
    await seed.press('Enter');
    expect(await w.page.locator('nb-toolbar [role="status"]').textContent()).toMatch(
      /is not a seed/,
    );
    expect(await inputMatrix(w.page, 'W_Q')).toEqual(randomMatrices(shapes, s).get('W_Q'));
    expect(w.problems).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  });
});
