/**
 * The softmax and the values chapters in Debian's Chromium, against the built site: the
 * temperature slider, the naive softmax's NaN beside the stable one, the attention graph
 * and the meaning plots follow edits to the engine's values; clean console, network, axe.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { shownValue } from './read.ts';
import { WAIT, openPage } from './harness.ts';
import { VIEWPORTS, axeViolations, sideways } from './clean.ts';
import { chapterNotebook, useSite } from './fixtures.ts';
import type { prepareChapter } from '../../src/content/chapter-notebook.ts';
import type { Matrix } from '../../src/engine/index.ts';

type Nb = ReturnType<typeof prepareChapter>['notebook'];
const site = useSite();

/** A chapter computed in Node by the engine: what the page must show. */
function reference(id: string, edit?: (nb: Nb) => void) {
  const notebook = chapterNotebook(id, edit);
  return (cell: string) => notebook.value(cell) as Matrix;
}

const entry = (cell: string, i: number, j: number) =>
  `nb-matrix[data-cell="${cell}"] input[aria-label="${cell} row ${i + 1} column ${j + 1}"]`;
const shown = (cell: string, i: number, j: number) =>
  `nb-matrix[data-cell="${cell}"] td[aria-label^="${cell} row ${i + 1} column ${j + 1}:"]`;

async function matrixShown(
  page: Page,
  cell: string,
  rows: number,
  cols: number,
): Promise<number[][]> {
  const out: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const r: number[] = [];
    for (let j = 0; j < cols; j++) r.push(await shownValue(page, cell, i, j));
    out.push(r);
  }
  return out;
}

/** The engine's numbers as matchers: Chromium's and Node's Math.exp may differ in the last bit. */
const near = (m: number[][]) =>
  m.map((r) =>
    r.map((x) => (Number.isNaN(x) ? NaN : Number.isFinite(x) ? expect.closeTo(x, 13) : x)),
  );

const SOFTMAX = '/chapters/softmax/';
const VALUES = '/chapters/values-and-update/';

describe('softmax', () => {
  it('moves the weights to the engine’s values when the temperature slider moves, and every row sums to 1', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + SOFTMAX);
    const before = await matrixShown(w.page, 'weightsT', 3, 3);
    expect(before).toEqual(near(reference('softmax')('weightsT').toArray()));
    for (const t of [0.25, 4]) {
      await w.page.locator('nb-scalar[data-cell="T"] input[type="range"]').fill(String(t));
      const want = reference('softmax', (nb) => nb.set('T', t))('weightsT').toArray();
      await expect.poll(() => matrixShown(w.page, 'weightsT', 3, 3)).toEqual(near(want));
      for (const row of want)
        expect(Math.abs(row.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
    }
    // A low temperature sharpens: the largest weight of row 1 grew; a high one flattens.
    const cold = reference('softmax', (nb) => nb.set('T', 0.25))('weightsT');
    const hot = reference('softmax', (nb) => nb.set('T', 4))('weightsT');
    expect(cold.get(0, 1)).toBeGreaterThan(before[0]![1]!);
    expect(hot.get(0, 1)).toBeLessThan(before[0]![1]!);
    expect(await w.page.locator('nb-scalar[data-cell="T"] output').textContent()).toBe('4');
    expect(w.problems).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  });

  it('shows the row sums of edited scores as 1', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + SOFTMAX);
    await w.page.locator(entry('S', 1, 2)).fill('9');
    const ref = reference('softmax', (nb) => nb.setEntry('S', 1, 2, 9));
    await expect
      .poll(() => shownValue(w.page, 'weights', 1, 2))
      .toBeCloseTo(ref('weights').get(1, 2), 13);
    for (let i = 0; i < 3; i++) {
      const sum = await shownValue(w.page, 'rowSums', i, 0);
      expect(sum).toBeCloseTo(ref('rowSums').get(i, 0), 13);
      expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
      expect(await w.page.locator(shown('rowSums', i, 0)).textContent()).toBe('1.0000');
    }
    await w.context.close();
  });

  it('shows NaN from the naive formula, with the reason, while the stable softmax of the same scores is fine', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + SOFTMAX);
    const naive = w.page.locator('nb-matrix[data-cell="naive"]');
    await expect
      .poll(() => naive.locator('td[data-i]').allTextContents())
      .toEqual(new Array(9).fill('NaN'));
    expect(await naive.locator('.nb-message').textContent()).toMatch(
      /rows 1, 2, 3: .*becomes ∞; ∞ \/ ∞ is NaN/,
    );
    // The NaN pattern, as the reader sees it (a class paints it: pages refuse style attributes).
    const [shownBg, nanBg] = await naive
      .locator('td[data-i]')
      .first()
      .evaluate((el) => {
        const probe = document.createElement('div');
        probe.style.background = 'var(--nan-bg)';
        document.body.append(probe);
        const want = getComputedStyle(probe).backgroundImage;
        probe.remove();
        return [getComputedStyle(el).backgroundImage, want];
      });
    expect(nanBg).toMatch(/gradient/);
    expect(shownBg).toBe(nanBg);
    const ref = reference('softmax');
    expect(await matrixShown(w.page, 'stable', 3, 3)).toEqual(near(ref('stable').toArray()));
    expect(ref('stable').toArray()).toEqual(
      ref('weights')
        .toArray()
        .map((r) => r.map((x) => expect.closeTo(x, 12))),
    );
    expect(
      await w.page.locator('nb-matrix[data-cell="expShifted"] td[data-i]').first().textContent(),
    ).toBe('∞');

    // "Do it for me" with c = 708: only the largest exponentials overflow; zeros and NaN mix.
    await w.page.locator('nb-try[data-set="c=708"] button').click();
    const at708 = reference('softmax', (nb) => nb.set('c', 708))('naive').toArray();
    expect(at708.flat().some((x) => Number.isNaN(x))).toBe(true);
    expect(at708.flat().some((x) => x === 0)).toBe(true);
    await expect
      .poll(async () => (await matrixShown(w.page, 'naive', 3, 3)).map((r) => r.map(String)))
      .toEqual(at708.map((r) => r.map(String)));
    expect(await shownValue(w.page, 'stable', 0, 1)).toBeCloseTo(
      reference('softmax', (nb) => nb.set('c', 708))('stable').get(0, 1),
      13,
    );

    // Below: underflow, 0 / 0.
    await w.page.locator('nb-scalar[data-cell="c"] input[type="range"]').fill('-1000');
    await expect
      .poll(() => naive.locator('.nb-message').textContent())
      .toMatch(/becomes 0; every term is 0, and 0 \/ 0 is NaN/);
    expect(await naive.locator('td[data-i]').allTextContents()).toEqual(new Array(9).fill('NaN'));

    // Small scores: no NaN, no note, and the naive numbers are the engine's.
    await w.page.locator('nb-scalar[data-cell="c"] input[type="range"]').fill('0');
    const fine = reference('softmax', (nb) => nb.set('c', 0))('naive').toArray();
    await expect.poll(() => matrixShown(w.page, 'naive', 3, 3)).toEqual(near(fine));
    expect(await naive.locator('.nb-message').textContent()).toBe('');
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('redraws the attention graph when a score or the temperature changes, and narrows it to one token', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + SOFTMAX);
    const graph = w.page.locator('nb-attention-graph[data-cell="weightsT"]');
    const edge = (i: number, j: number) =>
      graph.locator(`g.nb-edge[data-from="${i}"][data-to="${j}"]`);
    const weightOf = async (i: number, j: number) =>
      Number(await edge(i, j).getAttribute('data-weight'));
    expect(await graph.locator('g.nb-edge').count()).toBe(9);
    expect(await weightOf(0, 2)).toBeCloseTo(reference('softmax')('weightsT').get(0, 2), 13);

    await w.page.locator(entry('S', 0, 2)).fill('4');
    const ref = reference('softmax', (nb) => nb.setEntry('S', 0, 2, 4));
    await expect.poll(() => weightOf(0, 2)).toBeCloseTo(ref('weightsT').get(0, 2), 13);
    expect(await weightOf(0, 1)).toBeCloseTo(ref('weightsT').get(0, 1), 13);
    // Thicker for a larger weight.
    const width = async (i: number, j: number) =>
      Number(await edge(i, j).locator('path').first().getAttribute('stroke-width'));
    expect(await width(0, 2)).toBeGreaterThan(await width(0, 1));
    // The words say the same: I attends most to tennis now.
    expect(await graph.locator('.nb-graph-words li[data-from="0"]').textContent()).toMatch(
      /^I attends to tennis \(0\.\d\d\)/,
    );

    // A near-zero temperature: one arrow per token carries (almost) everything.
    await w.page.locator('nb-scalar[data-cell="T"] input[type="range"]').fill('0.05');
    const cold = reference('softmax', (nb) => {
      nb.setEntry('S', 0, 2, 4);
      nb.set('T', 0.05);
    })('weightsT');
    await expect.poll(() => weightOf(0, 2)).toBeCloseTo(cold.get(0, 2), 13);
    expect(await graph.locator('g.nb-edge').count()).toBe(
      cold
        .toArray()
        .flat()
        .filter((x) => x >= 0.01).length,
    );

    await graph.getByLabel('Show the arrows from').selectOption({ label: 'love' });
    await expect
      .poll(() =>
        graph
          .locator('g.nb-edge')
          .evaluateAll((els) => [...new Set(els.map((e) => e.getAttribute('data-from')))]),
      )
      .toEqual(['1']);
    expect(await graph.locator('.nb-graph-words li').count()).toBe(1);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('shows the numbers, the NaN note and the graph with JavaScript off', async () => {
    const w = await openPage(site.browser, site.server.url, { javaScriptEnabled: false });
    await w.page.goto(site.server.url + SOFTMAX);
    const ref = reference('softmax');
    expect(await matrixShown(w.page, 'weightsT', 3, 3)).toEqual(near(ref('weightsT').toArray()));
    expect(await w.page.locator('nb-matrix[data-cell="naive"] .nb-message').textContent()).toMatch(
      /∞ \/ ∞ is NaN/,
    );
    expect(
      await w.page.locator('nb-matrix[data-cell="naive"] td[data-i]').first().textContent(),
    ).toBe('NaN');
    expect(await w.page.locator('nb-attention-graph g.nb-edge').count()).toBe(9);
    expect(await w.page.locator('nb-attention-graph .nb-graph-words li').count()).toBe(3);
    await w.context.close();
  });
});

/** The plotted points of a plot: its first trace's x and y, as Plotly holds them. */
async function plotted(
  page: Page,
  cell: string,
): Promise<{ x: number[]; y: number[]; text: string[] }> {
  return page.locator(`nb-plot[data-cell="${cell}"] .nb-plot-area`).evaluate((el) => {
    const d = (el as unknown as { data: { x: number[]; y: number[]; text: string[] }[] }).data[0]!;
    return { x: [...d.x], y: [...d.y], text: [...d.text] };
  });
}

async function drawn(page: Page, cell: string): Promise<void> {
  const plot = page.locator(`nb-plot[data-cell="${cell}"]`);
  await plot.scrollIntoViewIfNeeded();
  await expect.poll(() => plot.getAttribute('data-state'), WAIT).toBe('drawn');
}

describe('values and the update', () => {
  it('recomputes V, ΔE and E′ from edits to the engine’s values', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + VALUES);
    await w.page.locator(entry('W_O', 0, 0)).fill('0.5');
    const ref = reference('values-and-update', (nb) => nb.setEntry('W_O', 0, 0, 0.5));
    await expect.poll(() => matrixShown(w.page, 'Ep', 3, 4)).toEqual(near(ref('Ep').toArray()));
    expect(await matrixShown(w.page, 'dE', 3, 4)).toEqual(near(ref('dE').toArray()));
    expect(await matrixShown(w.page, 'gathered', 3, 2)).toEqual(near(ref('gathered').toArray()));
    await w.page.locator(entry('E', 1, 1)).fill('2');
    const ref2 = reference('values-and-update', (nb) => {
      nb.setEntry('W_O', 0, 0, 0.5);
      nb.setEntry('E', 1, 1, 2);
    });
    await expect.poll(() => matrixShown(w.page, 'V', 3, 2)).toEqual(near(ref2('V').toArray()));
    expect(await matrixShown(w.page, 'Ep', 3, 4)).toEqual(near(ref2('Ep').toArray()));
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('has the weights the prose describes, and its “Try this” makes the edit it names', async () => {
    const ref = reference('values-and-update')('weights');
    // "the" and "river" ask nothing, so their rows are a third each; "bank" looks at "river".
    for (const i of [0, 1])
      for (let j = 0; j < 3; j++) expect(ref.get(i, j)).toBeCloseTo(1 / 3, 12);
    expect(ref.get(2, 1)).toBeGreaterThan(0.9);
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + VALUES);
    expect(await matrixShown(w.page, 'weights', 3, 3)).toEqual(near(ref.toArray()));
    await w.page.locator('nb-try[data-set="E_s[2,3]=0"] button').click();
    const after = reference('values-and-update', (nb) => nb.setEntry('E_s', 1, 2, 0));
    await expect
      .poll(() => matrixShown(w.page, 'weights_s', 3, 3))
      .toEqual(near(after('weights_s').toArray()));
    for (let j = 0; j < 3; j++) expect(after('weights_s').get(2, j)).toBeCloseTo(1 / 3, 12);
    expect(await w.page.locator(entry('E_s', 1, 2)).inputValue()).toBe('0');
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('draws bank moving toward river or savings, and moves it when river moves', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + VALUES);
    await drawn(w.page, 'bankMoves');
    const ref = reference('values-and-update')('bankMoves');
    const p = await plotted(w.page, 'bankMoves');
    expect(p.text).toEqual(['the', 'river', 'bank', 'bank′ (river)', 'savings', 'bank′ (savings)']);
    expect(p.x).toEqual(ref.toArray().map((r) => expect.closeTo(r[0]!, 13)));
    expect(p.y).toEqual(ref.toArray().map((r) => expect.closeTo(r[1]!, 13)));
    // bank′ ends nearer river in one sentence and nearer savings in the other.
    const dist = (a: number, b: number) => Math.hypot(p.x[a]! - p.x[b]!, p.y[a]! - p.y[b]!);
    expect(dist(3, 1)).toBeLessThan(dist(2, 1));
    expect(dist(5, 4)).toBeLessThan(dist(2, 4));
    // Two arrows with heads, each from bank to one bank′.
    const arrows = await w.page
      .locator('nb-plot[data-cell="bankMoves"] .nb-plot-area')
      .evaluate((el) =>
        (
          (el as unknown as { layout: { annotations?: Record<string, number>[] } }).layout
            .annotations ?? []
        ).map((a) => [a['ax'], a['ay'], a['x'], a['y'], a['arrowhead']]),
      );
    expect(arrows).toEqual(
      [3, 5].map((to) => [p.x[2], p.y[2], p.x[to], p.y[to], expect.any(Number)]),
    );
    expect(arrows.every((a) => a[4]! > 0)).toBe(true);

    await w.page.locator(entry('E', 1, 0)).fill('-0.5');
    const moved = reference('values-and-update', (nb) => nb.setEntry('E', 1, 0, -0.5))('bankMoves');
    await expect
      .poll(async () => (await plotted(w.page, 'bankMoves')).x[3])
      .toBeCloseTo(moved.get(3, 0), 13);
    expect((await plotted(w.page, 'bankMoves')).y[3]).toBeCloseTo(moved.get(3, 1), 13);
    expect(w.problems).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  });

  it('moves monster toward Mike Wazowski as the window lets in more of the description', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + VALUES);
    await drawn(w.page, 'monsterMoves');
    const slider = w.page.locator('nb-scalar[data-cell="w"] input[type="range"]');
    const mike = (p: { x: number[]; y: number[] }) =>
      Math.hypot(p.x[8]! - p.x[0]!, p.y[8]! - p.y[0]!);
    const distances: number[] = [];
    for (const width of [1, 2, 3, 4]) {
      await slider.fill(String(width));
      const ref = reference('values-and-update', (nb) => nb.set('w', width))('monsterMoves');
      await expect
        .poll(async () => (await plotted(w.page, 'monsterMoves')).x[8])
        .toBeCloseTo(ref.get(8, 0), 13);
      const p = await plotted(w.page, 'monsterMoves');
      expect(p.text[8]).toBe('monster′');
      expect(p.y[8]).toBeCloseTo(ref.get(8, 1), 13);
      distances.push(mike(p));
    }
    // What the prose says: one word in (horned), the nearest known monster is Sulley; all four, Mike.
    const nearest = (width: number) => {
      const m = reference('values-and-update', (nb) => nb.set('w', width))('monsterMoves');
      const d = [0, 1, 2].map((k) =>
        Math.hypot(m.get(8, 0) - m.get(k, 0), m.get(8, 1) - m.get(k, 1)),
      );
      return d.indexOf(Math.min(...d));
    };
    expect(nearest(1)).toBe(1);
    expect(nearest(4)).toBe(0);
    // Each word let in brings monster′ nearer Mike.
    for (let k = 1; k < distances.length; k++) expect(distances[k]).toBeLessThan(distances[k - 1]!);
    const weights = reference('values-and-update', (nb) => nb.set('w', 4))('weights_m');
    expect(await matrixShown(w.page, 'weights_m', 5, 5)).toEqual(near(weights.toArray()));
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it.each([
    ...VIEWPORTS.map(([name, size]) => ['softmax', name, SOFTMAX, size] as const),
    ...VIEWPORTS.map(([name, size]) => ['values', name, VALUES, size] as const),
  ])(
    'has no axe violations (%s, %s), nor horizontal page overflow',
    async (_page, _name, path, viewport) => {
      const w = await openPage(site.browser, site.server.url, { viewport });
      await w.page.goto(site.server.url + path);
      // Let the lazy plots draw, so axe sees them too.
      for (const plot of await w.page.locator('nb-plot').all()) {
        await plot.scrollIntoViewIfNeeded();
        await expect.poll(() => plot.getAttribute('data-state'), WAIT).toBe('drawn');
      }
      expect(await axeViolations(w.page), path).toEqual([]);
      expect(await sideways(w.page), `${path} scrolls sideways`).toBeLessThanOrEqual(0);
      expect(w.problems).toEqual([]);
      expect(w.outside).toEqual([]);
      await w.context.close();
    },
    // axe reads every grid cell and every KaTeX node: a long chapter takes it a while.
    150_000,
  );
});
