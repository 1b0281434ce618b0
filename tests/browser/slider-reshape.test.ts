/**
 * A slider that reshapes grids, in Chromium against the built site: the grids keep their
 * table and reuse their entries, so after every move each shown entry must still name its
 * own row and column, hold the right number, and the grid keep exactly one tab stop; the
 * slider keeps the keyboard focus. Prose far from the view starts skipping its rendering at
 * the first move, and that must not move anything on the page.
 */
import { describe, expect, it } from 'vitest';
import { current } from './read.ts';
import { afterFrames, openPage } from './harness.ts';
import { useSite } from './fixtures.ts';

const PATH = '/chapters/cost-and-flashattention/';
const site = useSite();

/** Each shown entry of `cell`'s grid: its accessible name and whether it is the tab stop. */
const entries = (cell: string) =>
  `[...document.querySelectorAll('nb-matrix[data-cell="${cell}"] tbody td[aria-label]')].map((td) => [td.getAttribute('aria-label'), td.tabIndex])`;

describe('a slider that changes the shape of grids', () => {
  it('keeps every entry’s name, number and the one tab stop right, move after move, by keyboard', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const slider = w.page.getByRole('slider', { name: /tokens in the sparse examples/ });
    await slider.focus();
    // 10, then up to 16 and down to 4 and back, as a reader holding an arrow key would.
    const keys = [
      ...Array<string>(6).fill('ArrowRight'),
      'End',
      ...Array<string>(12).fill('ArrowLeft'),
      'Home',
      ...Array<string>(3).fill('ArrowRight'),
    ];
    let n = 10;
    for (const key of keys) {
      await w.page.keyboard.press(key);
      n = key === 'End' ? 16 : key === 'Home' ? 4 : key === 'ArrowRight' ? n + 1 : n - 1;
      n = Math.min(16, Math.max(4, n));
      await current(w.page);
      // The causal pattern, n × n: 1 where the key is not after the query, else 0.
      const shown = (await w.page.evaluate(entries('P_full'))) as [string, number][];
      const want: string[] = [];
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++)
          want.push(`P_full row ${i + 1} column ${j + 1}: ${j <= i ? 1 : 0}`);
      expect(
        shown.map(([label]) => label),
        `P_full at n = ${n}`,
      ).toEqual(want);
      expect(shown.filter(([, tab]) => tab === 0).length, `tab stops at n = ${n}`).toBe(1);
      const shape = await w.page
        .locator('nb-matrix[data-cell="P_full"] table')
        .evaluate((t: HTMLTableElement) => [
          t.dataset['rows'],
          t.dataset['cols'],
          t.tHead!.rows[0]!.cells.length,
          t.tBodies[0]!.rows.length,
          [...t.tBodies[0]!.rows].map((r) => r.cells[0]!.textContent).join(','),
        ]);
      expect(shape).toEqual([
        String(n),
        String(n),
        n + 1,
        n,
        Array.from({ length: n }, (_, i) => String(i + 1)).join(','),
      ]);
      expect(await slider.evaluate((el) => el === document.activeElement)).toBe(true);
    }
    // The weights of full causal attention at the last size: each row sums to 1 over the
    // keys it may see, and is 0 after them (from the accessible names, every digit).
    const weights = ((await w.page.evaluate(entries('A_full'))) as [string, number][]).map(
      ([label]) => Number(label.split(': ')[1]!.replace('−', '-')),
    );
    expect(weights.length).toBe(n * n);
    for (let i = 0; i < n; i++) {
      const row = weights.slice(i * n, i * n + n);
      expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
      expect(row.slice(i + 1).every((x) => x === 0)).toBe(true);
    }
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('lets prose far from the view skip its rendering from the first move, without moving anything', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    await afterFrames(w.page);
    const skipping = () =>
      w.page.evaluate(() =>
        [...document.querySelectorAll('article > p')].map(
          (p) => getComputedStyle(p).contentVisibility,
        ),
      );
    expect(new Set(await skipping())).toEqual(new Set(['visible']));
    // Every widget drawn once (an off-screen grid has a placeholder height until then), and
    // the slider in view: where the last heading and the page's end are, before and after
    // a move that keeps every shape (the window's width changes numbers, not sizes).
    const slider = w.page.getByRole('slider', { name: /keys in the sliding window/ });
    await w.page.evaluate(async () => {
      for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
        scrollTo(0, y);
        await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
      }
    });
    await slider.focus();
    await afterFrames(w.page);
    const where = () =>
      w.page.evaluate(() => [
        [...document.querySelectorAll('article h2')].at(-1)!.getBoundingClientRect().top + scrollY,
        document.documentElement.scrollHeight,
      ]);
    const before = await where();
    await w.page.keyboard.press('ArrowRight');
    await current(w.page);
    await afterFrames(w.page);
    expect(new Set(await skipping())).toEqual(new Set(['auto']));
    expect(await where()).toEqual(before);
    // Scrolled to the end and back, every block is drawn where it was.
    await w.page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
    await afterFrames(w.page);
    await w.page.evaluate(() => scrollTo(0, 0));
    await afterFrames(w.page);
    expect(await where()).toEqual(before);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });
});
