/**
 * The transformer-block chapter in Chromium, against the built site. The expected numbers
 * come from the independent numpy reference (scripts/make_chapter_fixtures.py, run here on
 * the chapter's cells with the same edit): an edit of the stream's input reaches the
 * LayerNorm steps, the check of mean 0 and variance 1, and the stream after every
 * addition; the parameter-count slider, moved by keyboard, gives 12d² + 13d; the token
 * slider, a “Try this” button and an example follow; with JavaScript off the build's
 * numbers are the reference's; axe finds nothing on a desktop or a phone.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { current, shownRows, shownValue } from './read.ts';
import { WAIT, openPage } from './harness.ts';
import { texOf } from './symbols.ts';
import { VIEWPORTS, axeViolations, sideways } from './clean.ts';
import { chapterData, useSite } from './fixtures.ts';
import { valueText as inlineText } from '../../src/widgets/inline-value.ts';

const PATH = '/chapters/transformer-block/';
const site = useSite();

type Rows = number[][];

/**
 * Every derived cell of the chapter after `edit` (an input's new value), computed by numpy
 * with the fixture script's own evaluator: none of the site's code is involved.
 */
function numpy(edit: Record<string, unknown> = {}): Record<string, unknown> {
  const data = chapterData('transformer-block');
  const cells = data.cells.map((c) => (c.name in edit ? { ...c, value: edit[c.name] } : c));
  const code = `
import json, sys
sys.path.insert(0, ${JSON.stringify(join(import.meta.dirname, '../../scripts'))})
import make_chapter_fixtures as f
print(json.dumps(f.chapter_values({"cells": json.load(sys.stdin)})))
`;
  return JSON.parse(
    execFileSync(process.env['NUMPY_PYTHON'] ?? 'python3', ['-c', code], {
      input: JSON.stringify(cells),
      encoding: 'utf8',
    }),
  ) as Record<string, unknown>;
}

const X0 = () => chapterData('transformer-block').cells.find((c) => c.name === 'X_0')!;

/** The largest difference between what a grid shows and the reference. */
function maxDiff(shown: Rows, want: Rows): number {
  expect([shown.length, shown[0]?.length]).toEqual([want.length, want[0]!.length]);
  return Math.max(...shown.flatMap((r, i) => r.map((x, j) => Math.abs(x - want[i]![j]!))));
}

const entry = (cell: string, i: number, j: number) =>
  `nb-matrix[data-cell="${cell}"] input[aria-label="${cell} row ${i + 1} column ${j + 1}"]`;
const valueOf = async (page: Page, cell: string) => {
  await current(page);
  return page.locator(`nb-value[data-cell="${cell}"] .nb-value-number`).first().textContent();
};
const text = (v: number, digits: number) => inlineText(v, digits).text;

describe('the transformer block', () => {
  it('an edit of the stream’s input, typed by keyboard, reaches LayerNorm’s steps and the stream after every addition', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    // noodles: "describes food" from 0.1 to 0.5, and "verb" from 0 to −0.4.
    const field = w.page.locator(entry('X_0', 2, 1));
    await field.focus();
    await field.press('Control+a');
    await w.page.keyboard.type('0.5');
    await w.page.keyboard.press('Tab');
    await w.page.locator(entry('X_0', 2, 3)).fill('-0.4');
    const value = (X0() as { value: number[][] }).value.map((r) => [...r]);
    value[2]![1] = 0.5;
    value[2]![3] = -0.4;
    const ref = numpy({ X_0: value });
    const want = (cell: string) => ref[cell] as Rows;
    await expect
      .poll(async () => Math.abs((await shownValue(w.page, 'mu_1', 2, 0)) - want('mu_1')[2]![0]!))
      .toBeLessThan(1e-12);
    for (const cell of [
      'mu_1',
      'var_1',
      'N_1',
      'stats_1',
      'H_1',
      'A_1',
      'att_1',
      'Y_1',
      'M_1',
      'X_1',
      'X_3',
      'sum_all',
    ])
      expect(maxDiff(await shownRows(w.page, cell), want(cell)), cell).toBeLessThan(1e-9);
    // U is 16 wide and shown as its first 7 columns, a gap and its last 2.
    const u = want('U').map((r) => [...r.slice(0, 7), ...r.slice(-2)]);
    expect(maxDiff(await shownRows(w.page, 'U'), u)).toBeLessThan(1e-9);
    // The check, on the page: mean 0 and variance a hair under 1 in the edited row.
    const stats = await shownRows(w.page, 'stats_1');
    expect(Math.abs(stats[2]![0]!)).toBeLessThan(1e-12);
    expect(stats[2]![1]!).toBeGreaterThan(0.9999);
    expect(stats[2]![1]!).toBeLessThan(1);
    // The stream before and after attention's addition: Y₁ − X₀ is what attention added.
    const y = await shownRows(w.page, 'Y_1');
    const att = await shownRows(w.page, 'att_1');
    y.forEach((r, i) =>
      r.forEach((v, j) => expect(v).toBeCloseTo(value[i]![j]! + att[i]![j]!, 12)),
    );
    expect(w.problems).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  });

  it('walks LayerNorm one operation at a time', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const steps = w.page.locator('nb-steps[data-cell="N_1"]');
    await steps.scrollIntoViewIfNeeded();
    const status = steps.locator('.nb-steps-status');
    await expect.poll(() => status.textContent(), WAIT).toBe('Step 1 of 4');
    await steps.getByRole('button', { name: 'Next step' }).click();
    await expect.poll(() => status.textContent(), WAIT).toBe('Step 2 of 4');
    const ref = numpy();
    const shown = await steps
      .locator('.nb-step')
      .first()
      .locator('td[aria-label]')
      .evaluateAll((tds) => tds.map((td) => td.getAttribute('aria-label')!));
    // Step 1 is X₀ − μ: row 3, column 1 is noodles' "is food" minus its mean.
    const x = (X0() as { value: number[][] }).value;
    const label = shown.find((l) => l.includes('row 3 column 1:'))!;
    expect(Number(label.split(': ')[1]!.replace('−', '-'))).toBeCloseTo(
      x[2]![0]! - (ref['mu_1'] as Rows)[2]![0]!,
      12,
    );
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('counts a block’s numbers from the d slider, by keyboard: 8d² of 12d², then 12d² + 13d exactly', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const slider = w.page.getByRole('slider', { name: /width of the stream/ });
    await slider.focus();
    await w.page.keyboard.press('End');
    let d = 12288;
    await expect.poll(() => valueOf(w.page, 'd'), WAIT).toBe('12,288');
    expect(await valueOf(w.page, 'attn_w')).toBe(text(4 * d * d, 0));
    expect(await valueOf(w.page, 'mlp_w')).toBe(text(8 * d * d, 0));
    expect(await valueOf(w.page, 'mlp_share')).toBe('0.6667');
    expect(await valueOf(w.page, 'block_all')).toBe(text(12 * d * d + 13 * d, 0));
    await w.page.keyboard.press('Home');
    await w.page.keyboard.press('ArrowRight');
    d = 8;
    await expect.poll(() => valueOf(w.page, 'd'), WAIT).toBe('8');
    expect(await valueOf(w.page, 'block_all')).toBe(text(12 * d * d + 13 * d, 0));
    expect(await valueOf(w.page, 'mlp_share_all')).toBe(
      text((8 * d * d + 5 * d) / (12 * d * d + 13 * d), 4),
    );
    expect(await valueOf(w.page, 'mlp_share')).toBe('0.6667');
    // GPT-2 small from its "Try this" button: 12 blocks of 7,087,872.
    await w.page.locator('nb-try[data-set="d=768; n_layers=12"] button').click();
    await expect.poll(() => valueOf(w.page, 'model_blocks'), WAIT).toBe('85,054,464');
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('follows one token through the stack, and an example switches blocks 2 and 3 off', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    await w.page.locator('nb-try[data-set="tok=7"] button').click();
    const ref = numpy();
    await expect
      .poll(async () => (await shownRows(w.page, 'trace'))[0], WAIT)
      .toEqual((X0() as { value: number[][] }).value[6]);
    const trace = await shownRows(w.page, 'trace');
    expect(maxDiff([trace[6]!], [(ref['X_3'] as Rows)[6]!])).toBeLessThan(1e-9);
    expect(maxDiff([trace[2]!], [(ref['X_1'] as Rows)[6]!])).toBeLessThan(1e-9);
    await w.page
      .locator('select[name="preset"]')
      .selectOption({ label: 'Blocks 2 and 3 add nothing' });
    await expect
      .poll(async () => maxDiff(await shownRows(w.page, 'X_3'), ref['X_1'] as Rows), WAIT)
      .toBeLessThan(1e-9);
    const after = await shownRows(w.page, 'trace');
    for (const k of [3, 4, 5, 6]) expect(after[k]).toEqual(after[2]);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('keeps the last good numbers and says why when an entry is not a number', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const before = await shownRows(w.page, 'N_1');
    await w.page.locator(entry('X_0', 0, 0)).fill('1/');
    await w.page.locator(entry('X_0', 0, 0)).press('Tab');
    await expect
      .poll(() => w.page.locator(entry('X_0', 0, 0)).getAttribute('aria-invalid'), WAIT)
      .toBe('true');
    const message = w.page.locator('nb-matrix[data-cell="X_0"] .nb-message');
    // The cell is named by its typeset symbol; read it as its TeX.
    await expect.poll(() => texOf(message), WAIT).toMatch(/X_0 row 1 column 1/);
    expect(await shownRows(w.page, 'N_1')).toEqual(before);
    expect(w.outside).toEqual([]);
    await w.context.close();
  });

  it('shows the reference’s numbers with JavaScript off', async () => {
    const w = await openPage(site.browser, site.server.url, { javaScriptEnabled: false });
    await w.page.goto(site.server.url + PATH);
    const ref = numpy();
    for (const cell of ['N_1', 'stats_1', 'H_1', 'Y_1', 'X_1', 'X_3'])
      expect(maxDiff(await shownRows(w.page, cell), ref[cell] as Rows), cell).toBeLessThan(1e-9);
    expect(
      await w.page
        .locator('nb-value[data-cell="block_all"] .nb-value-number')
        .first()
        .textContent(),
    ).toBe(text(ref['block_all'] as number, 0));
    await w.context.close();
  });

  it.each(VIEWPORTS)(
    'has no axe violations (%s), nor sideways scrolling',
    async (_name, viewport) => {
      const w = await openPage(site.browser, site.server.url, { viewport });
      await w.page.goto(site.server.url + PATH);
      expect(await axeViolations(w.page)).toEqual([]);
      expect(await sideways(w.page)).toBeLessThanOrEqual(0);
      // The weights of blocks 2 and 3, opened.
      await w.page.locator('details summary', { hasText: 'The weights of blocks 2 and 3' }).click();
      expect(await axeViolations(w.page, 'details[open]')).toEqual([]);
      expect(await sideways(w.page)).toBeLessThanOrEqual(0);
      expect(w.problems).toEqual([]);
      expect(w.outside).toEqual([]);
      await w.context.close();
    },
    300_000,
  );
});
