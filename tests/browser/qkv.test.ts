/**
 * The queries-keys-values chapter in Debian's Chromium, against the built site: edits
 * flow to the right numbers, bad input is contained, and the page is clean (console,
 * network, axe) with JavaScript on and off.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { current, shownValue, shownRows } from './read.ts';
import { WAIT, afterFrames, openPage, settle } from './harness.ts';
import { VIEWPORTS, axeViolations, sideways } from './clean.ts';
import { chapterNotebook, useSite } from './fixtures.ts';
import type { prepareChapter } from '../../src/content/chapter-notebook.ts';
import type { Matrix } from '../../src/engine/index.ts';
import { fullNumber } from '../../src/widgets/format.ts';

const PATH = '/chapters/queries-keys-values/';
/** Polls wait this long: the parser loads on first use, and a shared machine can be busy. */
const SLOW = WAIT;
const site = useSite();

/** The same chapter computed in Node by the engine: what the page must show. */
function reference(edit?: (nb: ReturnType<typeof prepareChapter>['notebook']) => void) {
  const notebook = chapterNotebook('queries-keys-values', edit);
  return (cell: string) => notebook.value(cell) as Matrix;
}

/** An editable entry (an input) or a shown number (a cell labelled "E row 1 column 1: 0.5"). */
const entry = (cell: string, i: number, j: number) =>
  `input[aria-label="${cell} row ${i + 1} column ${j + 1}"]`;
const shown = (cell: string, i: number, j: number) =>
  `td[aria-label^="${cell} row ${i + 1} column ${j + 1}:"]`;

describe('queries, keys and values', () => {
  it('recomputes Q, the weights and the output when a reader edits E, to the engine’s values', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const before = await shownValue(w.page, 'weights', 6, 4);
    const field = w.page.locator(`nb-matrix[data-cell="E"] ${entry('E', 6, 2)}`);
    await field.fill('0.9');
    const ref = reference((nb) => nb.setEntry('E', 6, 2, 0.9));
    await expect.poll(() => shownValue(w.page, 'weights', 6, 4), SLOW).not.toBe(before);
    for (const [cell, i, j] of [
      ['Q', 6, 0],
      ['K', 6, 0],
      ['weights', 6, 4],
      ['weights', 6, 5],
      ['weights', 3, 6],
      ['output', 6, 1],
    ] as const) {
      expect(await shownValue(w.page, cell, i, j), `${cell}[${i}][${j}]`).toBe(ref(cell).get(i, j));
    }
    // What is shown rounds the exact value.
    const text = await w.page
      .locator(`nb-matrix[data-cell="weights"] ${shown('weights', 6, 4)}`)
      .textContent();
    expect(text).toBe(ref('weights').get(6, 4).toFixed(2));
    expect(w.problems).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  });

  it('repaints the grids near the reader with the edit and the far ones in idle time, or at once for printing', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const field = w.page.locator(`nb-matrix[data-cell="E"] ${entry('E', 6, 2)}`);
    await field.scrollIntoViewIfNeeded();
    await afterFrames(w.page); // the first visibility reports
    const edit = (value: string, print: boolean) =>
      w.page.evaluate(
        async ([value, print]) => {
          const input = document.querySelector<HTMLInputElement>(
            'nb-matrix[data-cell="E"][data-editable="true"] input[data-i="6"][data-j="2"]',
          )!;
          input.value = value;
          input.dispatchEvent(new Event('input', { bubbles: true }));
          await Promise.resolve(); // the notebook applies the edit at the end of the task
          await new Promise<void>((ok) => queueMicrotask(ok));
          const pending = () =>
            [...document.querySelectorAll('nb-matrix[data-pending]')].map(
              (m) =>
                `${m.getAttribute('data-cell')}${m.getAttribute('data-editable') === 'true' ? ' (edited)' : ''}`,
            );
          const afterEdit = pending();
          // What the reader sees is never waiting: every widget in the viewport is current.
          const inView = [...document.querySelectorAll('nb-matrix, nb-steps')].filter((m) => {
            const r = m.getBoundingClientRect();
            return r.bottom > 0 && r.top < innerHeight && r.height > 0;
          });
          const inViewPending = inView.filter((m) => m.hasAttribute('data-pending')).length;
          if (print) dispatchEvent(new Event('beforeprint'));
          return { afterEdit, inView: inView.length, inViewPending, afterPrint: pending() };
        },
        [value, print] as const,
      );
    // The output grid is screens away: it waits, and catches up on its own.
    const first = await edit('0.9', false);
    expect(first.afterEdit).toContain('output');
    expect(first.afterEdit).not.toContain('E (edited)');
    expect(first.inView).toBeGreaterThan(0);
    expect(first.inViewPending).toBe(0);
    const ref = reference((nb) => nb.setEntry('E', 6, 2, 0.9));
    expect(await shownRows(w.page, 'output')).toEqual(ref('output').toArray());
    // Printing shows every number: nothing is left pending.
    const second = await edit('-0.4', true);
    expect(second.afterEdit.length).toBeGreaterThan(0);
    expect(second.afterPrint).toEqual([]);
    const ref2 = reference((nb) => nb.setEntry('E', 6, 2, -0.4));
    const outputNow = await w.page
      .locator('nb-matrix[data-cell="output"] td[aria-label]')
      .evaluateAll((tds) => tds.map((td) => td.getAttribute('aria-label')));
    expect(outputNow[0]).toContain(fullNumber(ref2('output').get(0, 0)));
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('accepts expressions and -Infinity in an entry', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const field = w.page.locator(`nb-matrix[data-cell="E"] ${entry('E', 0, 0)}`);
    await field.fill('1/sqrt(2)');
    await field.press('Enter');
    const ref = reference((nb) => nb.setEntry('E', 0, 0, 1 / Math.sqrt(2)));
    await expect.poll(() => shownValue(w.page, 'Q', 0, 1), SLOW).toBe(ref('Q').get(0, 1));
    const f2 = w.page.locator(`nb-matrix[data-cell="W_Q"] ${entry('W_Q', 3, 0)}`);
    await f2.fill('-Infinity');
    await expect.poll(() => shownValue(w.page, 'Q', 6, 0), SLOW).toBe(-Infinity);
    // The weights now fail (∞ − ∞ in a score); the worked steps say so instead of going stale.
    const error = chapterNotebook('queries-keys-values', (nb) => {
      nb.setEntry('E', 0, 0, 1 / Math.sqrt(2));
      nb.setEntry('W_Q', 3, 0, -Infinity);
    }).state('weights');
    expect(error.status).toBe('error');
    const steps = w.page.locator('nb-steps[data-cell="weights"]');
    await steps.scrollIntoViewIfNeeded();
    await expect.poll(() => steps.getAttribute('data-state'), SLOW).toBe('error');
    expect(await steps.locator('.nb-message').textContent()).toBe(
      `${error.status === 'error' && error.error}. Showing the last steps that worked.`,
    );
    await f2.fill('0');
    await expect.poll(() => steps.getAttribute('data-state'), SLOW).toBe('ok');
    expect(await steps.locator('.nb-message').textContent()).toBe('');
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('flags a bad entry where the reader is looking, and changes nothing else', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const good = w.page.locator(`nb-matrix[data-cell="E"] ${entry('E', 1, 1)}`);
    await good.fill('0.25');
    await expect
      .poll(() => shownValue(w.page, 'Q', 1, 1), SLOW)
      .toBe(reference((nb) => nb.setEntry('E', 1, 1, 0.25))('Q').get(1, 1));
    const weightsBefore = await w.page.locator('nb-matrix[data-cell="weights"] table').innerText();
    const bad = w.page.locator(`nb-matrix[data-cell="E"] ${entry('E', 4, 2)}`);
    await bad.fill('abc');
    await bad.press('Enter');
    const message = w.page.locator('nb-matrix[data-cell="E"][data-editable="true"] .nb-message');
    await expect
      .poll(() => message.textContent(), SLOW)
      .toMatch(/E row 5 column 3: “abc” is not a number \(unknown name "abc".*Kept 0\.9\./);
    expect(await bad.getAttribute('aria-invalid')).toBe('true');
    expect(await w.page.locator('nb-matrix[data-cell="weights"] table').innerText()).toBe(
      weightsBefore,
    );
    // The earlier good edit is still there; Escape puts the last good value back.
    expect(await good.inputValue()).toBe('0.25');
    await bad.press('Escape');
    expect(await bad.inputValue()).toBe('0.9');
    expect(await bad.getAttribute('aria-invalid')).toBeNull();
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('moves between entries with the arrow keys and pastes a block from a spreadsheet', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const first = w.page.locator(`nb-matrix[data-cell="W_V"] ${entry('W_V', 0, 0)}`);
    await first.focus();
    await w.page.keyboard.press('ArrowDown');
    expect(await w.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'W_V row 2 column 1',
    );
    await w.page.keyboard.press('End');
    await w.page.keyboard.press('ArrowRight');
    expect(await w.page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'W_V row 2 column 2',
    );
    await w.page.evaluate(() => {
      const input = document.activeElement as HTMLInputElement;
      const data = new DataTransfer();
      data.setData('text/plain', '1\t2\n3\t4\n');
      input.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    });
    const ref = reference((nb) => {
      nb.setEntry('W_V', 1, 1, 1);
      nb.setEntry('W_V', 1, 2, 2);
      nb.setEntry('W_V', 2, 1, 3);
      nb.setEntry('W_V', 2, 2, 4);
    });
    await expect.poll(() => shownValue(w.page, 'V', 3, 2), SLOW).toBe(ref('V').get(3, 2));
    expect(await shownValue(w.page, 'output', 6, 1)).toBe(ref('output').get(6, 1));
    expect(
      await w.page.locator(`nb-matrix[data-cell="W_V"] ${entry('W_V', 2, 2)}`).inputValue(),
    ).toBe('4');
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('steps through softmax(QKᵀ/√d_k) one operation at a time', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const steps = w.page.locator('nb-steps[data-cell="weights"] .nb-step');
    const visible = async () =>
      await steps.evaluateAll((els) => els.filter((e) => !(e as HTMLElement).hidden).length);
    expect(await visible()).toBe(1);
    await w.page.getByRole('button', { name: 'Next step' }).click();
    await w.page.getByRole('button', { name: 'Next step' }).click();
    expect(await visible()).toBe(3);
    await w.page.getByRole('button', { name: 'Show all' }).click();
    expect(await visible()).toBe(await steps.count());
    await w.context.close();
  });

  it('keeps the reader’s numbers across a reload and in a share link; reset restores the chapter’s', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    await w.page.locator(`nb-matrix[data-cell="E"] ${entry('E', 0, 0)}`).fill('3');
    await expect.poll(() => w.page.evaluate(() => location.hash), SLOW).toMatch(/^#cells=/);
    const link = w.page.url();
    await w.page.reload();
    expect(await w.page.locator(`nb-matrix[data-cell="E"] ${entry('E', 0, 0)}`).inputValue()).toBe(
      '3',
    );
    const other = await openPage(site.browser, site.server.url);
    await other.page.goto(link);
    expect(
      await other.page.locator(`nb-matrix[data-cell="E"] ${entry('E', 0, 0)}`).inputValue(),
    ).toBe('3');
    expect(await shownValue(other.page, 'Q', 0, 1)).toBe(
      reference((nb) => nb.setEntry('E', 0, 0, 3))('Q').get(0, 1),
    );
    await other.page.getByRole('button', { name: 'Reset numbers' }).click();
    // Read what the reader would see on scrolling to E: far grids catch up in idle time.
    await current(other.page);
    expect(
      await other.page.locator(`nb-matrix[data-cell="E"] ${entry('E', 0, 0)}`).inputValue(),
    ).toBe('1');
    await other.context.close();
    await w.context.close();
  });

  it('refuses a damaged share link with a message and keeps the chapter’s numbers', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(`${site.server.url}${PATH}#cells=garbage!!`);
    await expect
      .poll(() => w.page.locator('#nb-banner').textContent(), SLOW)
      .toMatch(/That link could not be used: the link is damaged/);
    expect(await w.page.locator(`nb-matrix[data-cell="E"] ${entry('E', 0, 0)}`).inputValue()).toBe(
      '1',
    );
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('shows the chapter’s numbers with JavaScript off', async () => {
    const w = await openPage(site.browser, site.server.url, { javaScriptEnabled: false });
    await w.page.goto(site.server.url + PATH);
    const ref = reference();
    expect(await shownValue(w.page, 'weights', 6, 4)).toBe(ref('weights').get(6, 4));
    expect(await shownValue(w.page, 'output', 3, 2)).toBe(ref('output').get(3, 2));
    expect(
      await w.page.locator(`nb-matrix[data-cell="E"] ${entry('E', 0, 0)}`).getAttribute('readonly'),
    ).not.toBeNull();
    await w.context.close();
  });

  /** Within 1e-12: Node's and Chromium's Math.exp may differ in the last place. */
  function expectClose(got: number[][], want: Matrix): void {
    expect([got.length, got[0]?.length]).toEqual([want.rows, want.cols]);
    got.forEach((r, i) =>
      r.forEach((x, j) =>
        expect(Math.abs(x - want.get(i, j)), `[${i}][${j}]`).toBeLessThanOrEqual(1e-12),
      ),
    );
  }
  const shape = async (page: Page, cell: string) => {
    await current(page);
    return page
      .locator(`nb-matrix[data-cell="${cell}"] figcaption .nb-shape`)
      .first()
      .textContent();
  };
  const slider = (page: Page, cell: string) =>
    page.locator(`nb-scalar[data-cell="${cell}"] input[type="range"]`);

  it('reshapes every matrix when the sliders move by keyboard, to the values the notebook gives in Node', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    // n: 7 -> 9 (two steps right); d_model: 4 -> 6; d_k: 3 -> 2.
    await slider(w.page, 'n').focus();
    await w.page.keyboard.press('ArrowRight');
    await w.page.keyboard.press('ArrowRight');
    await slider(w.page, 'd_model').focus();
    await w.page.keyboard.press('ArrowUp');
    await w.page.keyboard.press('ArrowUp');
    await slider(w.page, 'dk').focus();
    await w.page.keyboard.press('ArrowLeft');
    await expect.poll(() => shape(w.page, 'W_Q'), SLOW).toBe('6×2');
    // The slider keeps the focus while the grids around it are rebuilt.
    expect(await w.page.evaluate(() => document.activeElement?.id)).toBe('nb-scalar-dk');
    expect(await w.page.locator('nb-scalar[data-cell="n"] output').textContent()).toBe('9');
    for (const [cell, want] of [
      ['E', '9×6'],
      ['W_K', '6×2'],
      ['W_V', '6×2'],
      ['Q', '9×2'],
      ['scores', '9×9'],
      ['weights', '9×9'],
      ['output', '9×2'],
    ] as const) {
      expect(await shape(w.page, cell), cell).toBe(want);
    }
    expect(
      await w.page
        .locator('nb-equation[data-cell="Q"] [data-shape-of="E"] .nb-shape')
        .textContent(),
    ).toBe('9×6');
    const ref = reference((nb) => {
      nb.set('n', 9);
      nb.set('d_model', 6);
      nb.set('dk', 2);
    });
    await current(w.page);
    expect(await w.page.locator(entry('E', 8, 5)).inputValue()).toBe(String(ref('E').get(8, 5)));
    expect(await w.page.locator(entry('E', 0, 0)).inputValue()).toBe('1'); // kept from before
    expectClose(await shownRows(w.page, 'Q'), ref('Q'));
    expectClose(await shownRows(w.page, 'weights'), ref('weights'));
    expectClose(await shownRows(w.page, 'output'), ref('output'));
    // The new tokens carry the sentence on; new features are numbered.
    const rowNames = await w.page
      .locator('nb-matrix[data-cell="weights"] tbody th')
      .allTextContents();
    expect(rowNames.slice(6)).toEqual(['Yogurt', 'with', 'fresh']);
    expect(await w.page.locator('nb-matrix[data-cell="E"] thead th').allTextContents()).toContain(
      'feature 6',
    );
    // The step-through follows: its first step is Kᵀ, 2 x 9.
    expect(await w.page.locator('nb-steps .nb-step').first().locator('tbody tr').count()).toBe(2);

    // An edit in a new row flows through, and a reload keeps the sizes and the edit.
    await expect.poll(() => w.page.evaluate(() => location.hash), SLOW).toMatch(/^#cells=/);
    const hashBefore = await w.page.evaluate(() => location.hash);
    await w.page.locator(entry('E', 8, 0)).fill('2');
    const edited = reference((nb) => {
      nb.set('n', 9);
      nb.set('d_model', 6);
      nb.set('dk', 2);
      nb.flush();
      nb.setEntry('E', 8, 0, 2);
    });
    await expect
      .poll(async () => (await shownRows(w.page, 'weights'))[8]![8], SLOW)
      .not.toBe(ref('weights').get(8, 8));
    expectClose(await shownRows(w.page, 'weights'), edited('weights'));
    await expect.poll(() => w.page.evaluate(() => location.hash), SLOW).not.toBe(hashBefore);
    await w.page.reload();
    expect(await shape(w.page, 'E')).toBe('9×6');
    expect(await slider(w.page, 'n').inputValue()).toBe('9');
    expectClose(await shownRows(w.page, 'output'), edited('output'));
    expect(w.problems).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  });

  it('draws the heatmap at the new size, and shrinks everything to the smallest sizes', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    for (const cell of ['n', 'd_model', 'dk']) {
      await slider(w.page, cell).focus();
      await w.page.keyboard.press('Home');
    }
    await expect.poll(() => shape(w.page, 'weights'), SLOW).toBe('2×2');
    const ref = reference((nb) => {
      nb.set('n', 2);
      nb.set('d_model', 1);
      nb.set('dk', 1);
    });
    expect(await shape(w.page, 'E')).toBe('2×1');
    expectClose(await shownRows(w.page, 'weights'), ref('weights'));
    const plot = w.page.locator('nb-plot[data-cell="weights"]');
    await plot.scrollIntoViewIfNeeded();
    await expect.poll(() => plot.getAttribute('data-state'), WAIT).toBe('drawn');
    const z = await plot
      .locator('.nb-plot-area')
      .evaluate((el) => (el as unknown as { data: { z: number[][] }[] }).data[0]!.z);
    expectClose(z, ref('weights'));
    // Back up to the largest: the plot follows. Focusing the slider scrolls it into view
    // and the grids grow, which can push the plot out of range: a plot off screen redraws
    // only when it comes near, so bring it back into view, as a reader would look at it.
    await slider(w.page, 'n').focus();
    await w.page.keyboard.press('End');
    await expect.poll(() => shape(w.page, 'weights'), SLOW).toBe('12×12');
    await plot.scrollIntoViewIfNeeded();
    const rows = () =>
      plot
        .locator('.nb-plot-area')
        .evaluate((el) => (el as unknown as { data: { z: number[][] }[] }).data[0]!.z.length);
    await expect.poll(rows, SLOW).toBe(12);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('a rejected entry is dropped when its matrix is rebuilt, and a try-this edit on a missing entry explains itself', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const bad = w.page.locator(entry('W_Q', 3, 0));
    await bad.fill('abc');
    await bad.press('Enter');
    const message = w.page.locator('nb-matrix[data-cell="W_Q"][data-editable="true"] .nb-message');
    await expect.poll(() => message.textContent(), SLOW).toMatch(/not a number/);
    await slider(w.page, 'd_model').focus();
    await w.page.keyboard.press('ArrowLeft'); // 4 -> 3: row 4 of W_Q is gone
    await expect.poll(() => shape(w.page, 'W_Q'), SLOW).toBe('3×3');
    expect(await message.textContent()).toBe('');
    expect(
      await w.page.locator('nb-matrix[data-cell="W_Q"] input[aria-invalid="true"]').count(),
    ).toBe(0);
    const prompt = w.page.locator('aside.try', { hasText: 'Set the “is food” row of' });
    await prompt.getByRole('button', { name: 'Do it for me' }).click();
    const status = prompt.locator('[role="status"]');
    await expect
      .poll(() => status.textContent(), SLOW)
      .toMatch(/^Not done: W_Q is 3×3 now and has no row 4, column 1\./);
    expect(await status.isVisible()).toBe(true);
    expect(await shownRows(w.page, 'Q')).toEqual(
      reference((nb) => nb.set('d_model', 3))('Q').toArray(),
    );
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it.each(VIEWPORTS)(
    'has no axe violations (%s), nor horizontal page overflow',
    async (_name, viewport) => {
      const w = await openPage(site.browser, site.server.url, { viewport });
      for (const path of ['/', PATH, '/glossary/']) {
        await w.page.goto(site.server.url + path);
        await settle(w.page);
        expect(await axeViolations(w.page), path).toEqual([]);
        expect(await sideways(w.page), `${path} scrolls sideways`).toBeLessThanOrEqual(0);
      }
      expect(w.problems).toEqual([]);
      expect(w.outside).toEqual([]);
      await w.context.close();
    },
    // axe checks the contrast of every one of the page's numbers: slow on a small machine.
    240_000,
  );
});
