/**
 * The chapter "The code" in Chromium: its listing is walked through by the buttons, the
 * keyboard, a click and the page's step mode, one line's result at a time; an edit at the
 * first line changes the current line's matrix to what NumPy computes when it runs the same
 * listing; without JavaScript every line shows with its result; and the page is clean
 * (console, network, axe, no sideways scroll) on a desktop and a phone.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { current, shownRows } from './read.ts';
import { WAIT, openPage } from './harness.ts';
import { texOf } from './symbols.ts';
import { VIEWPORTS, axeViolations, sideways } from './clean.ts';
import { chapterNotebook, useSite } from './fixtures.ts';
import type { Matrix } from '../../src/engine/index.ts';

const PATH = '/chapters/the-code/';
const LISTING = join(import.meta.dirname, '../../content/code/self_attention.py');
const site = useSite();

/** The lines the walk stops at, in order, and what each prints with the chapter's sizes. */
const STOPS = [
  ['def self_attention(X, W_Q, W_K, W_V, W_O):', 'X (7, 4)'],
  ['Q = X @ W_Q', 'Q (7, 3)'],
  ['K = X @ W_K', 'K (7, 3)'],
  ['V = X @ W_V', 'V (7, 3)'],
  ['d_k = K.shape[-1]', 'd_k 3'],
  ['scores = Q @ K.swapaxes(-2, -1) / np.sqrt(d_k)', 'scores (7, 7)'],
  ['weights = softmax(scores, axis=-1)', 'weights (7, 7)'],
  ['attended = weights @ V', 'attended (7, 3)'],
  ['update = attended @ W_O', 'update (7, 4)'],
  ['out = X + update', 'out (7, 4)'],
] as const;

/** NumPy's results when it runs the chapter's own listing on the page's inputs, X[7,4] = 0.3. */
let numpy: Record<string, number[][]>;
beforeAll(() => {
  const nb = chapterNotebook('the-code');
  const inputs = Object.fromEntries(
    ['X', 'W_Q', 'W_K', 'W_V', 'W_O'].map((c) => [c, (nb.value(c) as Matrix).toArray()]),
  );
  inputs['X']![6]![3] = 0.3;
  const script = `
import contextlib, io, json, sys
import numpy as np
ns = {}
exec(open(sys.argv[1]).read(), ns)
inputs = json.loads(sys.argv[2])
seen = {}
def watch(frame, event, arg):
    if event == "return" and frame.f_code is ns["self_attention"].__code__:
        seen.update(frame.f_locals)
sys.setprofile(watch)
with contextlib.redirect_stdout(io.StringIO()):
    ns["self_attention"](*[np.array(inputs[k]) for k in ["X", "W_Q", "W_K", "W_V", "W_O"]])
sys.setprofile(None)
print(json.dumps({k: v.tolist() for k, v in seen.items() if isinstance(v, np.ndarray)}))
`;
  numpy = JSON.parse(
    execFileSync(
      process.env['NUMPY_PYTHON'] ?? 'python3',
      ['-c', script, LISTING, JSON.stringify(inputs)],
      {
        encoding: 'utf8',
      },
    ),
  ) as Record<string, number[][]>;
});

const walk = (page: Page) => page.locator('nb-code');
const currentLine = (page: Page) =>
  walk(page)
    .locator('.line.is-current')
    .evaluateAll((ls) => ls.map((l) => l.textContent!.trim()));
const shownStep = (page: Page) => walk(page).locator('.nb-code-step:visible');

async function expectAt(page: Page, k: number): Promise<void> {
  const [line, printed] = STOPS[k]!;
  await expect
    .poll(() => currentLine(page), WAIT)
    .toEqual([line, printed.replace(/^(\w+) .*/, `print("$1", $1${k === 4 ? '' : '.shape'})`)]);
  expect(await shownStep(page).count()).toBe(1);
  expect(await shownStep(page).locator('samp').textContent()).toBe(printed);
  expect(await walk(page).locator('.nb-code-status').textContent()).toMatch(
    new RegExp(`^Step ${k + 1} of ${STOPS.length}`),
  );
}

async function open(viewport?: { width: number; height: number }) {
  const w = await openPage(site.browser, site.server.url, viewport ? { viewport } : {});
  await w.page.emulateMedia({ reducedMotion: 'reduce' });
  await w.page.goto(site.server.url + PATH);
  await walk(w.page).scrollIntoViewIfNeeded();
  await expect.poll(() => walk(w.page).getAttribute('data-live'), WAIT).toBe('');
  return w;
}

describe('the code walk-through', () => {
  it('steps through the lines by its buttons, the arrow keys and a click, one result at a time', async () => {
    const w = await open();
    const { page } = w;
    const prev = walk(page).getByRole('button', { name: '← Previous line' });
    const next = walk(page).getByRole('button', { name: 'Next line →' });
    await expectAt(page, 0);
    expect(await prev.isDisabled()).toBe(true);
    await next.click();
    await expectAt(page, 1);
    await next.click();
    await expectAt(page, 2);
    await prev.click();
    await expectAt(page, 1);

    // The keyboard alone: Tab from the buttons reaches the listing, whose arrow keys move.
    await next.focus();
    await page.keyboard.press('Tab');
    expect(
      await page.evaluate(() => document.activeElement?.closest('.nb-code-listing') !== null),
    ).toBe(true);
    for (let k = 0; k < 4; k++) await page.keyboard.press('ArrowDown');
    await expectAt(page, 5);
    await page.keyboard.press('ArrowUp');
    await expectAt(page, 4);
    await page.keyboard.press('End');
    await expectAt(page, STOPS.length - 1);
    expect(await next.isDisabled()).toBe(true);
    await page.keyboard.press('ArrowDown');
    await expectAt(page, STOPS.length - 1);
    await page.keyboard.press('Home');
    await expectAt(page, 0);

    await walk(page).locator('.line', { hasText: 'weights = softmax(scores, axis=-1)' }).click();
    await expectAt(page, 6);
    expect(w.problems).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  });

  it('an edit at the def line changes the current line’s result to what NumPy computes from the listing', async () => {
    const w = await open();
    const { page } = w;
    const before = await shownRows(page, 'weights');
    const entry = walk(page).locator('input[aria-label="X row 7 column 4"]');
    await entry.fill('0.3');
    await walk(page).locator('.line', { hasText: 'weights = softmax(scores, axis=-1)' }).click();
    await expectAt(page, 6);
    await current(page);
    const close = (got: number[][], want: number[][]) => {
      expect([got.length, got[0]!.length]).toEqual([want.length, want[0]!.length]);
      got.forEach((r, i) =>
        r.forEach((x, j) => expect(Math.abs(x - want[i]![j]!)).toBeLessThanOrEqual(1e-9)),
      );
    };
    await expect
      .poll(
        async () => JSON.stringify(await shownRows(page, 'weights')) !== JSON.stringify(before),
        WAIT,
      )
      .toBe(true);
    close(await shownRows(page, 'weights'), numpy['weights']!);
    await walk(page).locator('.nb-code-listing pre').focus();
    await page.keyboard.press('End');
    await expectAt(page, STOPS.length - 1);
    close(await shownRows(page, 'out'), numpy['out']!);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('explains a number of the current line’s matrix, as every matrix of the site does', async () => {
    const w = await open();
    const { page } = w;
    await walk(page).locator('.line', { hasText: 'update = attended @ W_O' }).click();
    await expectAt(page, 8);
    await current(page);
    const td = shownStep(page).locator('td[aria-label^="update row 7 column 3:"]');
    await td.focus();
    const tip = page.locator('#nb-explain');
    await expect.poll(() => tip.isVisible(), WAIT).toBe(true);
    // Cells are named by their typeset symbols; read each formula as its TeX.
    expect(await texOf(tip.locator('p'))).toMatch(
      /^\\Delta X\[7,3\] = row 7 of AV · column 3 of W_\{O\}/,
    );
    await page.keyboard.press('Escape');
    await expect.poll(() => tip.isVisible(), WAIT).toBe(false);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('in the page’s step mode, the step keys walk through the lines before moving on', async () => {
    const w = await open();
    const { page } = w;
    await page.getByRole('button', { name: 'Step mode' }).click();
    const status = page.locator('.nb-stepbar-status');
    await expect.poll(() => status.textContent(), WAIT).toMatch(/^Step 1 of \d+: /);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await expectAt(page, 0);
    await page.keyboard.press('ArrowRight');
    await expectAt(page, 1);
    await page.locator('.nb-stepbar').getByRole('button', { name: /Next/ }).click();
    await expectAt(page, 2);
    expect(await status.textContent()).toMatch(/^Step 1 of/);
    await page.keyboard.press('ArrowLeft');
    await expectAt(page, 1);
    for (let k = 1; k < STOPS.length - 1; k++) await page.keyboard.press('ArrowRight');
    await expectAt(page, STOPS.length - 1);
    expect(await status.textContent()).toMatch(/^Step 1 of/);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => status.textContent(), WAIT).toMatch(/^Step 2 of/);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('shows every line with its result, build-time numbers and printed shapes, with JavaScript off', async () => {
    const w = await openPage(site.browser, site.server.url, { javaScriptEnabled: false });
    await w.page.goto(site.server.url + PATH);
    const steps = walk(w.page).locator('.nb-code-step');
    expect(await steps.count()).toBe(STOPS.length);
    expect(await walk(w.page).locator('.nb-code-controls').isVisible()).toBe(false);
    for (const [k, [line, printed]] of STOPS.entries()) {
      expect(await steps.nth(k).isVisible()).toBe(true);
      expect(await steps.nth(k).locator('.nb-code-step-head code').textContent()).toBe(line);
      expect(await steps.nth(k).locator('samp').textContent()).toBe(printed);
    }
    const reference = chapterNotebook('the-code');
    const want = (reference.value('weights') as Matrix).toArray();
    const label = await steps
      .nth(6)
      .locator('td[aria-label^="weights row 7 column 5:"]')
      .getAttribute('aria-label');
    expect(Math.abs(Number(label!.split(': ')[1]) - want[6]![4]!)).toBeLessThanOrEqual(1e-9);
    await w.context.close();
  });

  for (const [name, viewport] of VIEWPORTS) {
    it(`is clean on a ${name}: axe, no sideways scroll, nothing leaves the site`, async () => {
      const w = await open(viewport);
      const { page } = w;
      await walk(page).locator('.line', { hasText: 'weights = softmax(scores, axis=-1)' }).click();
      await expectAt(page, 6);
      await current(page);
      expect(await axeViolations(page)).toEqual([]);
      expect(await sideways(page)).toBeLessThanOrEqual(0);
      expect(w.problems).toEqual([]);
      expect(w.outside).toEqual([]);
      await w.context.close();
    });
  }
});
