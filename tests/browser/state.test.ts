/**
 * A reader's numbers against hostile links, full storage, damaged saved state, careless
 * entries and examples, in Chromium against the built site: every link cell is checked,
 * nothing the reader saved is lost without their say, and every echo stays short.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { WAIT, openPage, type Watched } from './harness.ts';
import { current, shownValue } from './read.ts';
import { axeViolations, sideways, VIEWPORTS } from './clean.ts';
import { chapterNotebook, useSite } from './fixtures.ts';
import { texOf } from './symbols.ts';
import type { Matrix } from '../../src/engine/index.ts';

const PATH = '/chapters/queries-keys-values/';
const KEY = 'attention-step-by-step:v1:queries-keys-values';
const SLOW = { timeout: 15_000 };
const site = useSite();

const entry = (cell: string, i: number, j: number) =>
  `nb-matrix[data-cell="${cell}"][data-editable="true"] input[aria-label="${cell} row ${i + 1} column ${j + 1}"]`;
/** A share link's fragment for these cells, as the page writes one. */
const link = (cells: Record<string, unknown>, extra: Record<string, unknown> = {}): string =>
  `#cells=${Buffer.from(JSON.stringify({ v: 1, id: 'queries-keys-values', cells, ...extra })).toString('base64url')}`;
const banner = (page: Page) => page.locator('#nb-banner');
const savedText = (page: Page) => page.evaluate((k) => localStorage.getItem(k), KEY);

/** A page whose reader has typed 3 into E row 1 column 1, saved in this browser. */
async function withSavedEdit(): Promise<Watched> {
  const w = await openPage(site.browser, site.server.url);
  await w.page.goto(site.server.url + PATH);
  await w.page.locator(entry('E', 0, 0)).fill('3');
  await expect.poll(() => savedText(w.page), SLOW).not.toBeNull();
  return w;
}

/** Opens `fragment` afresh (a new document, as following a link does). */
async function follow(page: Page, fragment: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(site.server.url + PATH + fragment);
  await page.locator('nb-toolbar:not([hidden])').waitFor(SLOW);
}

describe('share links are checked cell by cell', () => {
  // W_Q follows d_model (4) and d_k (3); d_k is a size; the chapter's E is 7x4.
  it.each([
    [
      'a matrix of another shape',
      { W_Q: [[1, 2, 3]] },
      /W_\{Q\} is 4×3 here, and the link gives 1×3/,
    ],
    ['a size that is not whole', { dk: 2.5 }, /d_k is 2\.5/],
    [
      'a matrix that disagrees with its slider',
      { n: 3, E: Array.from({ length: 7 }, () => [0, 0, 0, 0]) },
      /: E is 3×4 here, and the link gives 7×4/,
    ],
    ['-Infinity for a size', { d_model: '-Infinity' }, /d_\{\\mathrm\{model\}\} is −∞/],
  ])(
    'refuses %s, naming the cell, and keeps the reader’s saved numbers through the next edit',
    async (_what, cells, message) => {
      const w = await withSavedEdit();
      const before = await savedText(w.page);
      await follow(w.page, link(cells));
      // The cell is named by its typeset symbol, read here as its TeX.
      await expect.poll(() => texOf(banner(w.page)), SLOW).toMatch(message);
      const text = await texOf(banner(w.page));
      expect(text).toMatch(/^That link could not be used: .*Showing your saved numbers\.$/);
      expect(await banner(w.page).getAttribute('data-tone')).toBe('error');
      expect(await w.page.locator(entry('E', 0, 0)).inputValue()).toBe('3');
      expect(await savedText(w.page)).toBe(before);
      // One edit after the refusal keeps the saved 3 and adds the new number.
      await w.page.locator(entry('E', 0, 1)).fill('5');
      await expect.poll(() => savedText(w.page), SLOW).not.toBe(before);
      await follow(w.page, '');
      expect(await w.page.locator(entry('E', 0, 0)).inputValue()).toBe('3');
      expect(await w.page.locator(entry('E', 0, 1)).inputValue()).toBe('5');
      expect(w.problems).toEqual([]);
      await w.context.close();
    },
  );

  it('refuses a __proto__ cell without success and without polluting anything', async () => {
    const w = await openPage(site.browser, site.server.url);
    const fragment = `#cells=${Buffer.from('{"v":1,"id":"queries-keys-values","cells":{"__proto__":{"polluted":1}}}').toString('base64url')}`;
    await follow(w.page, fragment);
    await expect
      .poll(() => banner(w.page).textContent(), SLOW)
      .toBe(
        'That link could not be used: the link sets a cell this chapter does not have. Showing the chapter’s own numbers.',
      );
    expect(await w.page.evaluate(() => ({}) as Record<string, unknown>)).not.toHaveProperty(
      'polluted',
    );
    expect(await w.page.evaluate(() => 'polluted' in Object.prototype)).toBe(false);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('never puts a link’s own text in the banner (a 40,000-character version)', async () => {
    const w = await openPage(site.browser, site.server.url);
    await follow(w.page, link({}, { v: 'x'.repeat(40_000) }));
    await expect
      .poll(() => banner(w.page).textContent(), SLOW)
      .toMatch(/another version of this site/);
    expect(((await banner(w.page).textContent()) ?? '').length).toBeLessThan(200);
    expect(await banner(w.page).textContent()).not.toMatch(/xx/);
    expect(await sideways(w.page)).toBeLessThanOrEqual(0);
    await w.context.close();
  });
});

describe('a followed link does not overwrite the reader’s saved numbers', () => {
  it('shows the link’s numbers, keeps the saved ones until the reader chooses, and both choices work', async () => {
    const w = await withSavedEdit();
    const before = await savedText(w.page);
    const fragment = link({ E: [[5, 0.1, 0, 0], ...chapterE().slice(1)] });
    await follow(w.page, fragment);
    await expect.poll(() => banner(w.page).textContent(), SLOW).toMatch(/numbers from the link/);
    expect(await w.page.locator(entry('E', 0, 0)).inputValue()).toBe('5');
    // Q follows the link's numbers, as the engine computes them in Node.
    const ref = chapterNotebook('queries-keys-values', (nb) => nb.setEntry('E', 0, 0, 5));
    expect(await shownValue(w.page, 'Q', 0, 1)).toBe((ref.value('Q') as Matrix).get(0, 1));
    expect(await axeViolations(w.page, '#nb-banner')).toEqual([]);
    expect(await savedText(w.page)).toBe(before);
    // Leaving without choosing leaves the saved numbers as they were.
    await follow(w.page, '');
    expect(await w.page.locator(entry('E', 0, 0)).inputValue()).toBe('3');
    await follow(w.page, fragment);

    await w.page.getByRole('button', { name: 'Back to my saved numbers' }).click();
    await current(w.page);
    expect(await w.page.locator(entry('E', 0, 0)).inputValue()).toBe('3');
    expect(await banner(w.page).textContent()).toBe('Back to your saved numbers.');
    expect(await savedText(w.page)).toBe(before);

    await follow(w.page, fragment);
    await w.page.getByRole('button', { name: 'Keep the link’s numbers' }).click();
    await expect.poll(() => savedText(w.page), SLOW).not.toBe(before);
    await follow(w.page, '');
    expect(await w.page.locator(entry('E', 0, 0)).inputValue()).toBe('5');
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('an edit takes the link’s numbers as the reader’s, and one button brings the earlier ones back', async () => {
    const w = await withSavedEdit();
    const before = await savedText(w.page);
    const own11 = await w.page.locator(entry('E', 1, 1)).inputValue();
    await follow(w.page, link({ E: [[5, 0.1, 0, 0], ...chapterE().slice(1)] }));
    await expect.poll(() => banner(w.page).textContent(), SLOW).toMatch(/numbers from the link/);
    await w.page.locator(entry('E', 1, 1)).fill('7');
    await expect.poll(() => banner(w.page).textContent(), SLOW).toMatch(/in place of your earlier/);
    await expect.poll(() => savedText(w.page), SLOW).not.toBe(before);
    expect(await axeViolations(w.page, '#nb-banner')).toEqual([]);
    const undo = w.page.getByRole('button', { name: 'Bring back my earlier numbers' });
    await undo.focus();
    await w.page.keyboard.press('Enter');
    await expect
      .poll(() => banner(w.page).textContent(), SLOW)
      .toBe('Your earlier numbers are back, and saved again.');
    await current(w.page);
    expect(await w.page.locator(entry('E', 0, 0)).inputValue()).toBe('3');
    const ref = chapterNotebook('queries-keys-values', (nb) => nb.setEntry('E', 0, 0, 3));
    expect(await w.page.locator(entry('E', 1, 1)).inputValue()).toBe(own11);
    expect(own11).not.toBe('7');
    expect(await shownValue(w.page, 'Q', 0, 1)).toBe((ref.value('Q') as Matrix).get(0, 1));
    expect(await savedText(w.page)).toBe(before);
    // And they stay after a reload.
    await w.page.reload();
    await w.page.locator('nb-toolbar:not([hidden])').waitFor(SLOW);
    expect(await w.page.locator(entry('E', 0, 0)).inputValue()).toBe('3');
    expect(w.problems).toEqual([]);
    await w.context.close();
  });
});

describe('the followed-link banner on a phone', () => {
  it('fits the width, and its choices are reachable by keyboard', async () => {
    const w = await openPage(site.browser, site.server.url, { viewport: VIEWPORTS[1][1] });
    await w.page.goto(site.server.url + PATH);
    await w.page.locator(entry('E', 0, 0)).fill('3');
    await expect.poll(() => savedText(w.page), SLOW).not.toBeNull();
    await follow(
      w.page,
      link({
        W_Q: [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
          [1, 1, 1],
        ],
      }),
    );
    const keep = w.page.getByRole('button', { name: 'Keep the link’s numbers' });
    await keep.waitFor(SLOW);
    expect(await sideways(w.page)).toBeLessThanOrEqual(0);
    await keep.focus();
    await w.page.keyboard.press('Enter');
    await expect
      .poll(() => banner(w.page).textContent(), SLOW)
      .toMatch(/^The link’s numbers are now your saved numbers for this chapter\./);
    // The earlier numbers are one button away, and the banner still fits the phone.
    await w.page.getByRole('button', { name: 'Bring back my earlier numbers' }).waitFor(SLOW);
    expect(await sideways(w.page)).toBeLessThanOrEqual(0);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });
});

describe('a reload of the reader’s own address', () => {
  it('brings back their numbers without treating them as someone else’s link', async () => {
    const w = await withSavedEdit();
    await expect.poll(() => w.page.evaluate(() => location.hash), SLOW).toMatch(/^#cells=/);
    await w.page.reload();
    await w.page.locator('nb-toolbar:not([hidden])').waitFor(SLOW);
    expect(await w.page.locator(entry('E', 0, 0)).inputValue()).toBe('3');
    expect(await banner(w.page).textContent()).toBe('');
    expect(w.problems).toEqual([]);
    await w.context.close();
  });
});

/** The chapter's E as its frontmatter gives it (the engine's notebook, in Node). */
function chapterE(): number[][] {
  return (chapterNotebook('queries-keys-values').value('E') as Matrix).toArray();
}

describe('storage problems are said where the reader looks', () => {
  it('says so when storage is full, and points to the link', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.addInitScript(() => {
      Storage.prototype.setItem = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await w.page.goto(site.server.url + PATH);
    await w.page.locator(entry('E', 0, 0)).fill('3');
    await expect
      .poll(() => banner(w.page).textContent(), SLOW)
      .toMatch(/could not be saved in this browser \(its storage is full\).*Copy link/);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('says so when the saved numbers are damaged, and shows the chapter’s own', async () => {
    const w = await withSavedEdit();
    await w.page.evaluate((k) => localStorage.setItem(k, 'garbage!!'), KEY);
    await follow(w.page, '');
    await expect
      .poll(() => banner(w.page).textContent(), SLOW)
      .toMatch(/^Your saved numbers for this chapter could not be read/);
    expect(await w.page.locator(entry('E', 0, 0)).inputValue()).toBe(String(chapterE()[0]![0]));
    expect(w.problems).toEqual([]);
    await w.context.close();
  });
});

describe('careless entries', () => {
  it('refuses 1e309 as too large and keeps the last good number', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const field = w.page.locator(entry('E', 0, 0));
    await field.fill('1e309');
    await field.press('Enter');
    const message = w.page.locator('nb-matrix[data-cell="E"] .nb-message').first();
    await expect.poll(() => message.textContent(), SLOW).toMatch(/too large/);
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    const ref = chapterNotebook('queries-keys-values');
    expect(await shownValue(w.page, 'Q', 0, 0)).toBe((ref.value('Q') as Matrix).get(0, 0));
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it.each(VIEWPORTS)(
    'a 10,000-character entry gives a short message and no sideways scroll (%s)',
    async (_name, viewport) => {
      const w = await openPage(site.browser, site.server.url, { viewport });
      await w.page.goto(site.server.url + PATH);
      const field = w.page.locator(entry('E', 0, 0));
      await field.fill('a'.repeat(10_000));
      await field.press('Enter');
      const message = w.page.locator('nb-matrix[data-cell="E"] .nb-message').first();
      await expect.poll(() => message.textContent(), SLOW).toMatch(/is not a number/);
      expect(((await message.textContent()) ?? '').length).toBeLessThan(300);
      expect(await sideways(w.page)).toBeLessThanOrEqual(0);
      expect(w.problems).toEqual([]);
      await w.context.close();
    },
  );

  it('“Reset numbers” clears a rejected entry', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const field = w.page.locator(entry('E', 0, 0));
    await field.fill('abc');
    await field.press('Enter');
    // Text that is not a plain number loads the expression parser first (a large chunk):
    // on a busy machine that is slow real work, so it has the full budget.
    await expect.poll(() => field.getAttribute('aria-invalid'), WAIT).toBe('true');
    await w.page.getByRole('button', { name: 'Reset numbers' }).click();
    await expect.poll(() => field.inputValue(), SLOW).toBe(String(chapterE()[0]![0]));
    expect(await field.getAttribute('aria-invalid')).toBeNull();
    expect(await w.page.locator('nb-matrix[data-cell="E"] .nb-message').first().textContent()).toBe(
      '',
    );
    await w.context.close();
  });
});

describe('examples and the prose', () => {
  it('a random example says the prose describes other numbers, until the chapter’s return', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const note = w.page.locator('.nb-prose-note');
    await w.page.getByRole('button', { name: 'Random example' }).click();
    await expect
      .poll(() => note.textContent(), SLOW)
      .toMatch(/describes its own numbers, not these/);
    // It sits right under the toolbar's banner, where the reader is looking.
    expect(
      await w.page.evaluate(
        () => document.querySelector('#nb-banner')?.nextElementSibling?.className,
      ),
    ).toContain('nb-prose-note');
    expect(await note.isVisible()).toBe(true);
    expect(await axeViolations(w.page, '.nb-prose-note')).toEqual([]);
    const hash = await w.page.evaluate(() => location.hash);
    await w.page.locator(entry('E', 0, 0)).fill('2');
    await expect.poll(() => w.page.evaluate(() => location.hash), SLOW).not.toBe(hash);
    expect(await note.textContent()).toMatch(/not these/);
    await w.page.getByRole('button', { name: 'Reset numbers' }).click();
    await expect.poll(() => note.textContent(), SLOW).toBe('');
    expect(await note.isVisible()).toBe(false);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });
});

describe('plots of huge numbers', () => {
  // Row 2 column 2 at 1e300 made Plotly log "<path> attribute d: Expected number";
  // row 3 column 1 at 1.7e308, "<g> attribute transform: Trailing garbage".
  it.each([
    [1, 1, '1e300'],
    [2, 0, '1.7e308'],
  ])(
    'draws E row %i+1 column %i+1 = %s at the limit with a note, and logs no errors',
    async (i, j, v) => {
      const w = await openPage(site.browser, site.server.url);
      await w.page.goto(`${site.server.url}/chapters/values-and-update/`);
      const plot = w.page.locator('nb-plot[data-cell="bankMoves"]');
      await plot.scrollIntoViewIfNeeded();
      await expect.poll(() => plot.getAttribute('data-state'), { timeout: 30_000 }).toBe('drawn');
      const field = w.page.locator(entry('E', i, j));
      await field.fill(v);
      await field.press('Enter');
      await plot.scrollIntoViewIfNeeded();
      await expect
        .poll(() => plot.locator('.nb-plot-message').textContent(), { timeout: 30_000 })
        .toMatch(/too large to draw; they are drawn at ±1e12/);
      // Drawn, and the drawing has had its frames: Plotly logs while it lays out.
      await expect.poll(() => plot.getAttribute('data-state'), { timeout: 30_000 }).toBe('drawn');
      await plot.evaluate(
        () => new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok))),
      );
      expect(w.problems).toEqual([]);
      await w.context.close();
    },
  );
});
