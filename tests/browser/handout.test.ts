/**
 * A chapter printed as a handout: the reader's numbers (an edit made before printing
 * reaches every matrix, also those never scrolled to), the heatmap colours kept, every
 * worked step and collapsed part shown, nothing that only works on a screen (toolbar,
 * buttons, banners, the step bar), no matrix cut by a page break, links underlined.
 */
import { describe, expect, it } from 'vitest';
import { WAIT, openPage } from './harness.ts';
import { chapterNotebook, useSite } from './fixtures.ts';
import { current } from './read.ts';
import { formatNumber } from '../../src/widgets/format.ts';

const site = useSite();
const PATH = '/chapters/queries-keys-values/';

describe('printing a chapter', () => {
  it('prints the reader’s numbers in colour, with every step shown and the screen-only parts hidden', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const field = w.page.locator(
      'nb-matrix[data-cell="E"][data-editable="true"] input[aria-label="E row 1 column 1"]',
    );
    await field.fill('3');
    await field.press('Enter');
    await current(w.page);
    // In step mode at step 2: later steps are hidden on screen, the step bar is up.
    await w.page.getByRole('button', { name: 'Step mode' }).click();
    await w.page.locator('.nb-stepbar [data-action="next"]').click();
    // As after a slider move: prose far from the view skips its rendering on screen.
    await w.page.evaluate(() => document.querySelector('article')!.classList.add('nb-prose-skips'));
    await w.page.emulateMedia({ media: 'print' });
    // Chromium fires beforeprint when it prints; emulating the medium alone does not.
    await w.page.evaluate(() => dispatchEvent(new Event('beforeprint')));
    await current(w.page);

    const hidden = await w.page.evaluate(() =>
      [
        'nb-toolbar',
        '.nb-stepbar',
        '#nb-banner',
        '.nb-steps-controls',
        '.chapter-nav',
        '.site-header nav',
      ].map((sel) => {
        const el = document.querySelector(sel);
        return `${sel}: ${el ? getComputedStyle(el).display : 'absent'}`;
      }),
    );
    for (const line of hidden) expect(line).toMatch(/: (none|absent)$/);
    expect(
      await w.page.evaluate(
        () =>
          [...document.querySelectorAll('article button')].filter(
            (b) => getComputedStyle(b).display !== 'none',
          ).length,
      ),
    ).toBe(0);

    // Everything after the current step is on paper, and every worked step too.
    const shown = await w.page.evaluate(() => ({
      later: [...document.querySelectorAll('.nb-step-later')].filter(
        (el) => getComputedStyle(el).display === 'none',
      ).length,
      steps: [...document.querySelectorAll('nb-steps .nb-step')].map((el) => el.checkVisibility()),
      details: [...document.querySelectorAll('article details > :not(summary)')].map((el) =>
        el.checkVisibility({ contentVisibilityAuto: true }),
      ),
      output: document.querySelector('nb-matrix[data-cell="output"]')?.checkVisibility(),
    }));
    expect(shown.later).toBe(0);
    expect(shown.output).toBe(true);
    expect(shown.steps.length).toBeGreaterThan(1);
    expect(shown.steps.every(Boolean)).toBe(true);
    expect(shown.details.every(Boolean)).toBe(true);
    // Nothing skips its rendering on paper.
    const skipping = await w.page.evaluate(() =>
      [...document.querySelectorAll('article > p, nb-matrix, nb-steps, nb-equation')]
        .map((el) => getComputedStyle(el).contentVisibility)
        .filter((v) => v !== 'visible'),
    );
    expect(skipping).toEqual([]);

    // The reader's numbers, down to the last matrix and the last worked step.
    const ref = chapterNotebook('queries-keys-values', (nb) => nb.setEntry('E', 0, 0, 3));
    const out = ref.value('output');
    if (typeof out === 'number') throw new Error('output is a matrix');
    const printed = await w.page
      .locator('nb-matrix[data-cell="output"] td[data-i="0"][data-j="0"]')
      .textContent();
    expect(printed).toBe(formatNumber(out.get(0, 0), 2));
    const lastStep = w.page.locator('nb-steps[data-cell="weights"] .nb-step').last();
    const weights = ref.value('weights');
    if (typeof weights === 'number') throw new Error('weights is a matrix');
    expect(await lastStep.locator('td[data-i="0"][data-j="0"]').textContent()).toBe(
      formatNumber(weights.get(0, 0), 2),
    );

    // Colours kept on paper; no matrix split across pages; links underlined.
    const style = await w.page.evaluate(() => {
      const td = document.querySelector<HTMLElement>(
        'nb-matrix[data-cell="weights"] td[class*="nb-heat-"]',
      )!;
      const cs = getComputedStyle(td);
      const a = document.querySelector('article a[href]');
      return {
        adjust: getComputedStyle(document.documentElement).printColorAdjust,
        background: cs.backgroundColor,
        breaks: [...document.querySelectorAll('nb-matrix')].map(
          (m) => getComputedStyle(m).breakInside,
        ),
        link: a ? getComputedStyle(a).textDecorationLine : 'underline',
      };
    });
    expect(style.adjust).toBe('exact');
    expect(style.background).not.toMatch(/^rgba\(0, 0, 0, 0\)$|^transparent$/);
    expect(new Set(style.breaks)).toEqual(new Set(['avoid']));
    expect(style.link).toBe('underline');

    const pdf = await w.page.pdf({ format: 'A4', printBackground: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(20_000);
    await w.page.evaluate(() => dispatchEvent(new Event('afterprint')));
    await w.page.emulateMedia({ media: 'screen' });
    // Back on screen, the step mode is as it was.
    await expect.poll(() => w.page.locator('.nb-stepbar').isVisible(), WAIT).toBe(true);
    expect(w.problems).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  }, 120_000);
});
