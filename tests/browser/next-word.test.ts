/**
 * The next-word chapter in Chromium, against the built site: an edit of the last row flows
 * to the logits and probabilities, the k and p sliders change which words survive, the
 * seed changes the draw (by the slider and by “Draw again”, with the keyboard), the
 * training loss follows the targets, the page shows numpy's numbers with JavaScript off,
 * and it is clean (console, network, axe, no sideways scroll) on a desktop and a phone.
 * Defaults are checked against numpy (tests/fixtures/chapters.json); edited states against
 * the engine in Node, which the unit tests check against numpy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { current, shownEntry, shownRows, shownValue } from './read.ts';
import { WAIT, openPage } from './harness.ts';
import { VIEWPORTS, axeViolations, sideways } from './clean.ts';
import { chapterData, chapterNotebook, useSite } from './fixtures.ts';
import type { Notebook } from '../../src/notebook/notebook.ts';
import type { Matrix } from '../../src/engine/index.ts';
import { valueText } from '../../src/widgets/inline-value.ts';

const PATH = '/chapters/next-word/';
const site = useSite();

const numpy = (
  JSON.parse(
    readFileSync(join(import.meta.dirname, '../fixtures/chapters.json'), 'utf8'),
  ) as Record<string, Record<string, unknown>>
)['next-word']!;
const decode = (v: unknown): number =>
  v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : (v as number);
const numpyRow = (cell: string, i = 0): number[] => (numpy[cell] as unknown[][])[i]!.map(decode);
const VOCAB = chapterData('next-word').labels!['vocab']!;

const close = (a: number, b: number): boolean =>
  a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));

/** What the page must show after `edit`, computed by the engine in Node. */
function reference(edit?: (nb: Notebook) => void) {
  const nb = chapterNotebook('next-word', edit);
  return { row: (cell: string, i = 0) => (nb.value(cell) as Matrix).toArray()[i]! };
}

const entry = (cell: string, i: number, j: number) =>
  `nb-matrix[data-cell="${cell}"] input[aria-label="${cell} row ${i + 1} column ${j + 1}"]`;
const word = (page: Page) => page.locator('nb-draw .nb-draw-word').textContent();
const wordOf = (oneHot: number[]): string => VOCAB[oneHot.indexOf(1)]!;
const survivors = (row: number[]): string[] => row.flatMap((v, j) => (v > 0 ? [VOCAB[j]!] : []));

async function expectRow(page: Page, cell: string, want: number[], i = 0): Promise<void> {
  const got = (await shownRows(page, cell))[i]!;
  expect(got.length, cell).toBe(want.length);
  got.forEach((g, j) => expect(close(g, want[j]!), `${cell}[${j}]: ${g} vs ${want[j]}`).toBe(true));
}

describe('the next word', () => {
  it('recomputes the logits and probabilities when a reader edits the last row', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    // The build's numbers are numpy's.
    await expectRow(w.page, 'z', numpyRow('z'));
    await expectRow(w.page, 'P', numpyRow('P'));
    await w.page.locator(entry('h', 0, 3)).fill('2.5');
    const ref = reference((nb) => nb.setEntry('h', 0, 3, 2.5));
    await expect.poll(() => shownValue(w.page, 'z', 0, 7)).toBe(ref.row('z')[7]);
    await expectRow(w.page, 'z', ref.row('z'));
    await expectRow(w.page, 'P', ref.row('P'));
    await expectRow(w.page, 'P_s', ref.row('P_s'));
    // The ailment reading lifts tremor well above its old probability.
    expect(ref.row('P')[7]!).toBeGreaterThan(3 * numpyRow('P')[7]!);
    // A logit of −∞ (typed into W_U) is probability 0 everywhere downstream, never NaN.
    await w.page.locator(entry('W_U', 0, 9)).fill('-Infinity');
    const masked = reference((nb) => {
      nb.setEntry('h', 0, 3, 2.5);
      nb.setEntry('W_U', 0, 9, -Infinity);
    });
    await expect.poll(() => shownValue(w.page, 'z', 0, 9)).toBe(-Infinity);
    for (const cell of ['P', 'P_T', 'P_k', 'P_p', 'P_s']) {
      expect(await shownValue(w.page, cell, 0, 9), cell).toBe(0);
      await expectRow(w.page, cell, masked.row(cell));
    }
    expect(w.problems).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  });

  it('keeps the words top-k and top-p choose as the sliders move, by keyboard', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const kSlider = w.page.getByRole('slider', { name: /words kept by top-k/ });
    await kSlider.focus();
    await w.page.keyboard.press('Home');
    await w.page.keyboard.press('ArrowRight');
    await w.page.keyboard.press('ArrowRight');
    await expect
      .poll(() => w.page.locator('nb-scalar[data-cell="k"] output').textContent())
      .toBe('3');
    let ref = reference((nb) => nb.set('k', 3));
    await expectRow(w.page, 'P_k', ref.row('P_k'));
    expect(survivors(await shownRows(w.page, 'P_k').then((r) => r[0]!))).toEqual([
      'scalpel',
      'knife',
      'needle',
    ]);
    const pSlider = w.page.getByRole('slider', { name: /probability mass kept by top-p/ });
    await pSlider.focus();
    // 0.9 → 0.6: six steps of 0.05 down.
    for (let s = 0; s < 6; s++) await w.page.keyboard.press('ArrowLeft');
    await expect
      .poll(() => w.page.locator('nb-scalar[data-cell="p"] output').textContent())
      .toBe('0.6');
    ref = reference((nb) => {
      nb.set('k', 3);
      nb.set('p', 0.6);
    });
    await expectRow(w.page, 'P_p', ref.row('P_p'));
    await expectRow(w.page, 'P_s', ref.row('P_s'));
    // scalpel alone holds 0.6005 ≥ 0.6 of P_T (numpy), so the nucleus is one word.
    expect(numpyRow('P_T')[0]!).toBeGreaterThanOrEqual(0.6);
    expect(survivors(ref.row('P_p'))).toEqual(['scalpel']);
    // Each filtered row sums to 1.
    const sum = (await shownRows(w.page, 'P_k'))[0]!.reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('draws again with the next seed from the keyboard, and counts N draws next to the probabilities', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    // numpy's draw for the chapter's seed.
    expect(await word(w.page)).toBe(wordOf(numpyRow('drawn')));
    await expectRow(w.page, 'compare', numpyRow('freq'), 1);
    const again = w.page.getByRole('button', { name: 'Draw again (next seed)' });
    await again.focus();
    await w.page.keyboard.press('Enter');
    const next = reference((nb) => nb.set('seed', 43));
    await expect.poll(() => word(w.page), WAIT).toBe(wordOf(next.row('drawn')));
    expect(wordOf(next.row('drawn'))).not.toBe(wordOf(numpyRow('drawn')));
    expect(await w.page.locator('nb-scalar[data-cell="seed"] output').textContent()).toBe('43');
    expect(await w.page.locator('nb-draw .nb-draw-seed').textContent()).toBe('43');
    await expectRow(w.page, 'compare', next.row('freq'), 1);
    // The same seed, the same word: back to 42 by the slider, the first word again.
    const seedSlider = w.page.getByRole('slider', { name: /where the random numbers start/ });
    await seedSlider.focus();
    await w.page.keyboard.press('ArrowLeft');
    await expect.poll(() => word(w.page), WAIT).toBe(wordOf(numpyRow('drawn')));
    // Greedy: at T = 0 every seed draws the most likely word.
    await w.page.locator('nb-try[data-set="T=0"] button').click();
    for (let s = 0; s < 3; s++) {
      await again.click();
      await current(w.page);
      expect(await word(w.page)).toBe('scalpel');
    }
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('explains a draw and a filtered entry with the live numbers', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const tip = w.page.locator('.nb-explain[role="tooltip"]');
    await current(w.page);
    await w.page
      .locator(shownEntry('drawn', 0, 0))
      .first()
      .hover();
    // mulberry32(42)'s first number, as numpy's reference gives it (tests/fixtures/sampling.json).
    await expect
      .poll(() => tip.first().textContent(), WAIT)
      .toMatch(/x\[1,1\] = 1: u = 0\.6011 \(number 1 from seed 42\) falls in \[0, 0\.6494\)/);
    await w.page
      .locator(shownEntry('P_k', 0, 9))
      .first()
      .hover();
    await expect
      .poll(() => tip.first().textContent(), WAIT)
      .toMatch(
        /= 0: .* k = 5 keeps the 5 largest of row 1, and it is the 10th largest, so it is dropped/,
      );
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('gives each position the loss of its true next word, and follows an edit of the targets', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const numpyLoss = decode(numpy['loss']);
    expect(await w.page.locator('nb-value[data-cell="loss"]').first().textContent()).toBe(
      valueText(numpyLoss, 3).text,
    );
    expect(
      close(
        await shownValue(w.page, 'p_true', 8, 0),
        decode((numpy['p_true'] as unknown[][])[8]![0]),
      ),
    ).toBe(true);
    // A row that could see its next word copies it: the peeking loss falls as c grows.
    await w.page.locator('nb-try[data-set="c=4"] button').click();
    const peek = chapterNotebook('next-word', (nb) => nb.set('c', 4)).value('loss_peek') as number;
    expect(peek).toBeLessThan(decode(numpy['loss_peek']));
    await expect
      .poll(() => w.page.locator('nb-value[data-cell="loss_peek"]').textContent())
      .toBe(valueText(peek, 3).text);
    await w.page.locator('nb-try[data-set="Y[9,9]=0; Y[9,10]=1"] button').click();
    const ref = chapterNotebook('next-word', (nb) => {
      nb.setEntry('Y', 8, 8, 0);
      nb.setEntry('Y', 8, 9, 1);
    });
    const losses = ref.value('losses') as Matrix;
    // Chromium's and Node's log may differ in the last bit: compare to 1e-9.
    await expect
      .poll(async () => close(await shownValue(w.page, 'losses', 8, 0), losses.get(8, 0)))
      .toBe(true);
    // Only the last position changes.
    expect(
      close(
        await shownValue(w.page, 'losses', 3, 0),
        decode((numpy['losses'] as unknown[][])[3]![0]),
      ),
    ).toBe(true);
    await expect
      .poll(() => w.page.locator('nb-value[data-cell="loss"]').first().textContent())
      .toBe(valueText(ref.value('loss') as number, 3).text);
    // Underflow: −log 0 is ∞ from the probabilities, the loss from the logits stays finite.
    await w.page.locator('nb-try[data-set="H[9,1]=-600"] button').click();
    await expect.poll(() => shownValue(w.page, 'nll', 8, 0)).toBe(Infinity);
    expect(Number.isFinite(await shownValue(w.page, 'losses', 8, 0))).toBe(true);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('shows numpy’s numbers and the drawn word with JavaScript off', async () => {
    const w = await openPage(site.browser, site.server.url, { javaScriptEnabled: false });
    await w.page.goto(site.server.url + PATH);
    await expectRow(w.page, 'P_s', numpyRow('P_s'));
    await expectRow(w.page, 'compare', numpyRow('compare', 1), 1);
    expect(await word(w.page)).toBe(wordOf(numpyRow('drawn')));
    expect(await w.page.locator('nb-draw button').isVisible()).toBe(false);
    expect(await w.page.locator('nb-value[data-cell="loss"]').first().textContent()).toBe(
      valueText(decode(numpy['loss']), 3).text,
    );
    await w.context.close();
  });

  it.each(VIEWPORTS)(
    'has no axe violations (%s), nor horizontal page overflow',
    async (_name, viewport) => {
      const w = await openPage(site.browser, site.server.url, { viewport });
      await w.page.goto(site.server.url + PATH);
      expect(await axeViolations(w.page)).toEqual([]);
      expect(await sideways(w.page)).toBeLessThanOrEqual(0);
      expect(w.problems).toEqual([]);
      expect(w.outside).toEqual([]);
      await w.context.close();
    },
    300_000,
  );
});
