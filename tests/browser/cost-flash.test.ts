/**
 * The cost chapter in Chromium, against the built site: FlashAttention stepped tile by tile
 * by keyboard, its running max, rescale, sum and accumulator checked at every step against
 * numpy's closed form (tests/fixtures/flash.json), block sizes changed by keyboard, the
 * finished blocks equal to ordinary attention below 1e-12; the measurement of n², run only
 * on request for small n within a budget and plotted; the sparse patterns' counts; and the
 * page with JavaScript off, at phone width, by keyboard and under axe.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { current, labelNumber, shownEntry, shownRows } from './read.ts';
import { WAIT, openPage } from './harness.ts';
import { texOf } from './symbols.ts';
import { VIEWPORTS, axeViolations, sideways } from './clean.ts';
import { chapterNotebook, useSite } from './fixtures.ts';

const PATH = '/chapters/cost-and-flashattention/';
const site = useSite();

type Encoded = number | string;
interface Step {
  t: number;
  rows: [number, number];
  tile: Encoded[][];
  max: Encoded[][];
  scale: Encoded[][];
  sum: Encoded[][];
  acc: Encoded[][];
}
interface Case {
  name: string;
  Br: number;
  Bc: number;
  steps: Step[];
  output: Encoded[][];
}
const cases = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/flash.json'), 'utf8'),
) as Case[];
const chapterCase = (br: number, bc: number): Case =>
  cases.find((c) => c.name === 'chapter' && c.Br === br && c.Bc === bc)!;
const num = (v: Encoded): number =>
  v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : (v as number);

/** Every shown number of a cell equals numpy's to 1e-12 (Chromium and numpy round differently). */
async function expectCell(page: Page, cell: string, want: Encoded[][], label: string) {
  const got = await shownRows(page, cell);
  expect([got.length, got[0]?.length], `${label}: ${cell} shape`).toEqual([
    want.length,
    want[0]!.length,
  ]);
  got.forEach((row, i) =>
    row.forEach((x, j) => {
      const w = num(want[i]![j]!);
      expect(
        x === w || Math.abs(x - w) <= 1e-12 * Math.max(1, Math.abs(w)),
        `${label}: ${cell}[${i}][${j}] = ${x}, numpy ${w}`,
      ).toBe(true);
    }),
  );
}

/** The exact number a <Value> shows (its title holds every digit). */
const exactValue = async (page: Page, cell: string): Promise<number> => {
  await current(page);
  const title = await page.locator(`nb-value[data-cell="${cell}"]`).first().getAttribute('title');
  return labelNumber(`: ${title ?? ''}`);
};

const stepper = (page: Page) => page.locator('nb-flash-steps');
const stepShown = async (page: Page): Promise<string> =>
  (await stepper(page).locator('output').textContent()) ?? '';

describe('FlashAttention, step by step', () => {
  it('steps through every tile by keyboard, with numpy’s running max, rescale, sum and accumulator', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const c = chapterCase(3, 2);
    expect(c.steps.length).toBe(15);
    const next = stepper(w.page).getByRole('button', { name: 'Next step →' });
    await next.focus();
    for (const st of c.steps) {
      await expect.poll(() => stepShown(w.page)).toBe(`${st.t} of 15`);
      const label = `step ${st.t}`;
      await expectCell(w.page, 'S_ij', st.tile, label);
      await expectCell(w.page, 'm', st.max, label);
      await expectCell(w.page, 'alpha', st.scale, label);
      await expectCell(w.page, 'l', st.sum, label);
      await expectCell(w.page, 'O_acc', st.acc, label);
      const status = await stepper(w.page).locator('.nb-flash-status').textContent();
      const qb = Math.floor((st.t - 1) / 5) + 1;
      const kb = ((st.t - 1) % 5) + 1;
      expect(status).toContain(`Step ${st.t} of 15: query block ${qb} of 3`);
      expect(status).toContain(`key block ${kb} of 5`);
      // The last key block of a query block: its rows equal ordinary attention.
      const diff = await exactValue(w.page, 'diff_i');
      if (kb === 5) {
        expect(status).toContain('finished output');
        expect(diff).toBeLessThan(1e-12);
        await expectCell(w.page, 'O_i', c.output.slice(st.rows[0], st.rows[1]), label);
      } else expect(diff).toBeGreaterThan(1e-6);
      // The keyboard stays on "Next step", which does nothing at the end but keeps its focus.
      await w.page.keyboard.press(st.t % 2 ? 'Enter' : ' ');
    }
    expect(await stepShown(w.page)).toBe('15 of 15');
    expect(await next.getAttribute('aria-disabled')).toBe('true');
    expect(await w.page.evaluate(() => document.activeElement?.textContent)).toBe('Next step →');
    // A row is rescaled somewhere along the way, so the test has seen α strictly between 0 and 1.
    expect(c.steps.some((s) => s.scale.some(([a]) => num(a!) > 0 && num(a!) < 1))).toBe(true);
    // The whole output, and its difference from ordinary attention.
    await expectCell(w.page, 'O_flash', c.output, 'output');
    const diff = await exactValue(w.page, 'diff');
    expect(diff).toBeLessThan(1e-12);
    const shown = await w.page.locator('nb-value[data-cell="diff"] .nb-value-number').textContent();
    expect(shown).toMatch(/^(0\.00|\d\.\de-1[3-9]|\d\.\de-[2-9]\d)$/);
    expect(w.problems).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  }, 240_000);

  it('changes the block sizes by keyboard: new tiles, a new number of steps, and a step past the end clamped', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    // To the last step of the 15, then B_c from 2 to 4: 9 steps, and the step shown is the last.
    await stepper(w.page).getByRole('button', { name: 'Last step' }).click();
    await expect.poll(() => stepShown(w.page)).toBe('15 of 15');
    const bc = w.page.getByRole('slider', { name: /keys \(and values\) per block/ });
    await bc.focus();
    await w.page.keyboard.press('ArrowRight');
    await w.page.keyboard.press('ArrowRight');
    await expect.poll(() => stepShown(w.page)).toBe('9 of 9');
    const c = chapterCase(3, 4);
    await expectCell(w.page, 'S_ij', c.steps[8]!.tile, 'B_c = 4, step 9');
    await expectCell(w.page, 'l', c.steps[8]!.sum, 'B_c = 4, step 9');
    // The step slider, by keyboard: Home, then two steps on.
    const slider = stepper(w.page).getByRole('slider', { name: 'Step' });
    await slider.focus();
    await w.page.keyboard.press('Home');
    await w.page.keyboard.press('ArrowRight');
    await w.page.keyboard.press('ArrowRight');
    await expect.poll(() => stepShown(w.page)).toBe('3 of 9');
    expect(await slider.getAttribute('max')).toBe('9');
    for (const cell of ['m', 'alpha', 'O_acc'] as const)
      await expectCell(
        w.page,
        cell,
        { m: c.steps[2]!.max, alpha: c.steps[2]!.scale, O_acc: c.steps[2]!.acc }[cell],
        `B_c = 4, step 3, ${cell}`,
      );
    expect(await exactValue(w.page, 'diff_i')).toBeLessThan(1e-12);
    // B_r to 4 as well: blocks that do not divide 9, the last query block a single row.
    const br = w.page.getByRole('slider', { name: /query rows per block/ });
    await br.focus();
    await w.page.keyboard.press('ArrowRight');
    const c44 = chapterCase(4, 4);
    await stepper(w.page).getByRole('button', { name: 'Last step' }).click();
    await expect.poll(() => stepShown(w.page)).toBe('9 of 9');
    await expectCell(w.page, 'S_ij', c44.steps[8]!.tile, 'B = 4, step 9');
    await expectCell(w.page, 'O_i', c44.output.slice(8, 9), 'B = 4, the last row');
    expect(
      await w.page.locator('nb-matrix[data-cell="S_ij"] .nb-shape').first().textContent(),
    ).toBe('1×1');
    // The map: 8 tiles done, the current one, none to come; every output row finished.
    const map = stepper(w.page).locator('svg');
    expect(await map.locator('rect.fl-tile.fl-done').count()).toBe(8);
    expect(await map.locator('rect.fl-tile.fl-current').count()).toBe(1);
    expect(await map.locator('rect.fl-tile.fl-todo').count()).toBe(0);
    expect(await map.getAttribute('aria-label')).toContain('Output rows finished: 9 of 9');
    expect(w.problems).toEqual([]);
    await w.context.close();
  }, 120_000);

  it('explains an entry of the running sum with this step’s numbers', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    await w.page.locator('nb-try[data-set="B_r=3; B_c=2; t=2"] button').click();
    await expect.poll(() => stepShown(w.page)).toBe('2 of 15');
    await current(w.page);
    const td = w.page.locator(shownEntry('l', 1, 0)).first();
    await td.scrollIntoViewIfNeeded();
    await td.focus();
    const tip = w.page.locator('#nb-explain');
    expect(await tip.isVisible()).toBe(true);
    const c = chapterCase(3, 2);
    const alpha = num(c.steps[1]!.scale[1]![0]!);
    // Cells are named by their typeset symbols; read each formula as its TeX.
    const line = await texOf(tip.locator('p'));
    expect(line).toMatch(/^\\ell\[2,1\] = α·ℓ before \+ Σ e\^\(S_(ij|\{ij\}) − m\) = /);
    expect(line).toContain(`${Number(alpha.toPrecision(4))}·`);
    expect(line).toContain('(step 2 of 15: query block 1 (rows 1–3), key block 2 (keys 3–4))');
    expect(alpha).toBeGreaterThan(0);
    expect(alpha).toBeLessThan(1);
    await w.page.keyboard.press('Escape');
    expect(w.problems).toEqual([]);
    await w.context.close();
  });
});

describe('step mode and examples', () => {
  it('makes the step control a step of step mode, outlined as flowing into the tile', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    await w.page.getByRole('button', { name: 'Step mode' }).click();
    const status = w.page.locator('.nb-stepbar-status');
    const next = w.page.locator('.nb-stepbar [data-action="next"]');
    for (let k = 0; k < 80 && !/: S_\{ij\}$/.test(await texOf(status)); k++) await next.click();
    expect(await texOf(status)).toMatch(/^Step \d+ of \d+: S_\{ij\}$/);
    const flows = await w.page
      .locator('.nb-flows-in')
      .evaluateAll((els) =>
        els.map((e) => `${e.localName} ${(e as HTMLElement).dataset['cell']}`).sort(),
      );
    expect(flows).toEqual([
      'nb-flash-steps t',
      'nb-matrix K',
      'nb-matrix Q',
      'nb-scalar B_c',
      'nb-scalar B_r',
    ]);
    // The step control still steps while step mode is on.
    await stepper(w.page).getByRole('button', { name: 'Next step →' }).click();
    await expect.poll(() => stepShown(w.page)).toBe('2 of 15');
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('takes a preset and a random example without an error in any cell', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    await w.page.locator('select[name="preset"]').selectOption({ label: 'A late, large score' });
    await expect.poll(() => stepShown(w.page)).toBe('5 of 15');
    // Every query's max jumps at the last key block, "a": every α of step 5 is below 1.
    const alphas = (await shownRows(w.page, 'alpha')).map((r) => r[0]!);
    expect(alphas.every((a) => a > 0 && a < 1)).toBe(true);
    expect(await exactValue(w.page, 'diff_i')).toBeLessThan(1e-12);
    await w.page.getByRole('button', { name: 'Random example' }).click();
    await current(w.page);
    expect(await w.page.locator('nb-matrix .nb-message[data-tone="error"]').count()).toBe(0);
    expect(await exactValue(w.page, 'diff')).toBeLessThan(1e-12);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });
});

describe('n² scores, measured', () => {
  it('runs nothing on load; on request measures small n within a budget, tabulates and plots it with the n² fit', async () => {
    const w = await openPage(site.browser, site.server.url);
    const plotlyRequests: string[] = [];
    w.page.on('request', (r) => {
      // Plotly's own chunks; not the page's small loader for it (plotly-loader.*, its styles).
      if (/plotly(?!-loader)|core\.|scatter/.test(r.url())) plotlyRequests.push(r.url());
    });
    await w.page.goto(site.server.url + PATH);
    const bench = w.page.locator('nb-cost-bench');
    await bench.scrollIntoViewIfNeeded();
    await expect.poll(() => bench.getAttribute('data-hydrated')).toBe('true');
    expect(await bench.getAttribute('data-state')).toBeNull();
    expect(plotlyRequests).toEqual([]);
    // By keyboard: the largest size, then the button.
    const select = bench.getByLabel('Up to n =');
    await select.focus();
    await select.selectOption('256');
    await bench.getByRole('button', { name: 'Measure in this browser' }).focus();
    const started = Date.now();
    await w.page.keyboard.press('Enter');
    await expect.poll(() => bench.getAttribute('data-state'), WAIT).toBe('done');
    // Well within any budget: three small sizes.
    expect(Date.now() - started).toBeLessThan(WAIT.timeout);
    expect(await bench.getAttribute('data-measured')).toBe('64,128,256');
    const rows = await bench
      .locator('.nb-cost-result tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    expect(rows.map((r) => r[0])).toEqual(['64', '128', '256']);
    expect(rows.map((r) => r[1])).toEqual(['4,096', '16,384', '65,536']);
    // The memory is the array the engine allocated: 8 bytes per score.
    expect(rows.map((r) => r[4])).toEqual(['32 KiB', '128 KiB', '512 KiB']);
    expect(await bench.locator('caption').textContent()).toMatch(
      /^Measured in this browser just now/,
    );
    // Both plots, drawn by Plotly: the points measured and a c·n² curve through them.
    const plots = bench.locator('.nb-cost-plots');
    await expect.poll(() => plots.getAttribute('data-state'), WAIT).toBe('drawn');
    const traces = await bench.evaluate((el) =>
      [...el.querySelectorAll('.nb-cost-plot')].map((p) =>
        ((p as unknown as { data?: { name: string; x: number[]; y: number[] }[] }).data ?? []).map(
          (t) => ({ name: t.name, x: [...t.x], y: [...t.y] }),
        ),
      ),
    );
    const [time, memory] = traces as [
      { name: string; x: number[]; y: number[] }[],
      { name: string; x: number[]; y: number[] }[],
    ];
    expect(time[0]!.x).toEqual([64, 128, 256]);
    expect(time[0]!.y.every((ms) => ms > 0)).toBe(true);
    expect(memory[0]!.y).toEqual([64, 128, 256].map((n) => (8 * n * n) / 2 ** 20));
    // The fitted curve is c·n², c by least squares through the measured points.
    for (const [points, fit] of [
      [time[0]!, time[1]!],
      [memory[0]!, memory[1]!],
    ] as const) {
      const c =
        points.x.reduce((a, n, k) => a + points.y[k]! * n * n, 0) /
        points.x.reduce((a, n) => a + n ** 4, 0);
      expect(fit.name).toBe('c · n² fitted');
      fit.x.forEach((n, k) =>
        expect(Math.abs(fit.y[k]! - c * n * n)).toBeLessThanOrEqual(1e-9 * Math.max(1, c * n * n)),
      );
    }
    // The memory fit is exact: the points are 8n² bytes.
    const last = memory[1]!.y.at(-1)!;
    expect(Math.abs(last - (8 * 256 * 256) / 2 ** 20)).toBeLessThan(1e-12);
    expect(await bench.locator('.nb-cost-status').textContent()).toMatch(
      /^Measured in this browser: n = 64 to 256\. The fitted curve is \d\.\d\de[−-]\d+ ms × n²/,
    );
    expect(await axeViolations(w.page)).toEqual([]);
    expect(w.problems).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  }, 120_000);

  it('ends the measurement after a run over the budget', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const bench = w.page.locator('nb-cost-bench');
    // A budget no run can meet: the first size runs, and the next is not started.
    await bench.evaluate((el) => ((el as HTMLElement).dataset['budgetMs'] = '0.000001'));
    await bench.getByRole('button', { name: 'Measure in this browser' }).click();
    await expect.poll(() => bench.getAttribute('data-state'), WAIT).toBe('done');
    expect(await bench.getAttribute('data-measured')).toBe('64');
    expect(await bench.locator('.nb-cost-status').textContent()).toMatch(
      /Stopped after n = 64: one run took .* ms, over the budget/,
    );
    expect(w.problems).toEqual([]);
    await w.context.close();
  });
});

describe('sparse patterns', () => {
  it('counts the scores each pattern keeps and recomputes attention with it', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const value = (cell: string) =>
      w.page.locator(`nb-value[data-cell="${cell}"] .nb-value-number`).first().textContent();
    // n = 10, w = 3: 55 causal scores, 10·3 − 3 = 27 in the window.
    expect(await value('kept_full')).toBe('55');
    expect(await value('kept_win')).toBe('27');
    const wSlider = w.page.getByRole('slider', { name: /keys in the sliding window/ });
    await wSlider.focus();
    await w.page.keyboard.press('ArrowRight');
    const ref = chapterNotebook('cost-and-flashattention', (nb) => nb.set('w', 4));
    await expect.poll(() => value('kept_win')).toBe(String(ref.value('kept_win')));
    expect(ref.value('kept_win')).toBe(10 * 4 - (4 * 3) / 2);
    // Chromium's Math.log and Math.cos (in the seeded queries) may differ from Node's in the last bit.
    const shownW = await shownRows(w.page, 'A_win');
    const wantW = (ref.value('A_win') as { toArray(): number[][] }).toArray();
    expect(shownW.length).toBe(10);
    shownW.forEach((r, i) =>
      r.forEach((x, j) =>
        expect(Math.abs(x - wantW[i]![j]!), `A_win[${i}][${j}]`).toBeLessThan(1e-12),
      ),
    );
    expect(shownW.every((r, i) => r.every((x, j) => (i - j >= 4 || j > i ? x === 0 : x > 0)))).toBe(
      true,
    );
    // A window as wide as the text changes nothing.
    await w.page.locator('nb-try[data-set="n_s=10; w=10"] button').click();
    await expect.poll(() => exactValue(w.page, 'diff_win')).toBe(0);
    expect(await value('kept_win')).toBe('55');
    expect(w.problems).toEqual([]);
    await w.context.close();
  });
});

describe('the page as a whole', () => {
  it('with JavaScript off: the exact counts and bytes per n, the first step and its numbers, and a note on measuring', async () => {
    const w = await openPage(site.browser, site.server.url, { javaScriptEnabled: false });
    await w.page.goto(site.server.url + PATH);
    const bench = w.page.locator('nb-cost-bench');
    expect(await bench.locator('.nb-cost-nojs').isVisible()).toBe(true);
    expect(await bench.locator('.nb-cost-nojs').textContent()).toContain(
      'Times are measured in your own browser, with JavaScript on',
    );
    expect(await bench.locator('.nb-cost-controls').isVisible()).toBe(false);
    expect(await bench.locator('.nb-cost-status').isVisible()).toBe(false);
    // No time measured anywhere else: the exact counts and bytes of every size.
    expect(await bench.locator('caption').textContent()).toMatch(/^What attention on n tokens/);
    expect(await bench.locator('table').textContent()).not.toMatch(/\d ms/);
    const ns = await bench.locator('tbody th').allTextContents();
    expect(ns).toEqual(['64', '128', '256', '512', '1,024', '2,048']);
    // n² scores of 8 bytes, and 2n²d multiplications with d = 64.
    const rows = await bench
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].slice(1).map((c) => c.textContent)));
    expect(rows).toEqual(
      [64, 128, 256, 512, 1024, 2048].map((n) => [
        (n * n).toLocaleString('en-US'),
        8 * n * n >= 2 ** 20 ? `${(8 * n * n) / 2 ** 20} MiB` : `${(8 * n * n) / 2 ** 10} KiB`,
        (2 * n * n * 64).toLocaleString('en-US'),
      ]),
    );
    expect(await stepper(w.page).locator('.nb-flash-status').textContent()).toMatch(
      /^Step 1 of 15: query block 1 of 3 \(rows 1–3: “The”, “skilled”, “surgeon”\)/,
    );
    const c = chapterCase(3, 2);
    await expectCell(w.page, 'S_ij', c.steps[0]!.tile, 'no JS');
    await expectCell(w.page, 'l', c.steps[0]!.sum, 'no JS');
    expect(await stepper(w.page).locator('svg rect.fl-tile.fl-current').count()).toBe(1);
    expect(await stepper(w.page).locator('.nb-flash-js').isVisible()).toBe(false);
    expect(await stepper(w.page).locator('.nb-flash-nojs').textContent()).toContain(
      'With JavaScript on, buttons here step through the 15 tiles',
    );
    expect(w.outside).toEqual([]);
    await w.context.close();
  });

  for (const [name, viewport] of VIEWPORTS) {
    it(`is clean on a ${name}: no console errors, nothing sideways, no axe violations`, async () => {
      const w = await openPage(site.browser, site.server.url, { viewport });
      await w.page.goto(site.server.url + PATH);
      await stepper(w.page).getByRole('button', { name: 'Next step →' }).click();
      await expect.poll(() => stepShown(w.page)).toBe('2 of 15');
      await current(w.page);
      expect(await sideways(w.page)).toBeLessThanOrEqual(0);
      expect(await axeViolations(w.page)).toEqual([]);
      expect(w.problems).toEqual([]);
      expect(w.outside).toEqual([]);
      await w.context.close();
    });
  }
});
