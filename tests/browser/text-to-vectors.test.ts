/**
 * The text-to-vectors chapter in Debian's Chromium, against the built site: editing a toy
 * word vector moves the cosine similarities and the analogy to the engine's values, the
 * colour swatches follow their RGB entries, the 3-D plot draws and follows edits, and the
 * page is clean (console, network, axe) with JavaScript on and off.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { labelNumber, shownValue } from './read.ts';
import { WAIT, openPage } from './harness.ts';
import { VIEWPORTS, axeViolations, sideways } from './clean.ts';
import { chapterNotebook, useSite } from './fixtures.ts';
import type { prepareChapter } from '../../src/content/chapter-notebook.ts';
import type { Matrix } from '../../src/engine/index.ts';
import { fullNumber } from '../../src/widgets/format.ts';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ASSET_FILE, decodeAsset } from '../../src/embeddings/asset.ts';
import { tokenize } from '../../src/embeddings/tokens.ts';
import { tokenVectors } from '../../src/widgets/token-render.ts';

const PATH = '/chapters/text-to-vectors/';
const site = useSite();

/** The same chapter computed in Node by the engine: what the page must show. */
function reference(edit?: (nb: ReturnType<typeof prepareChapter>['notebook']) => void) {
  const notebook = chapterNotebook('text-to-vectors', edit);
  return {
    num: (cell: string) => notebook.value(cell) as number,
    mat: (cell: string) => notebook.value(cell) as Matrix,
  };
}

const entry = (cell: string, i: number, j: number) =>
  `nb-matrix[data-cell="${cell}"][data-editable="true"] input[aria-label="${cell} row ${i + 1} column ${j + 1}"]`;

/** An inline <Value>: its rounded text and its exact value (the title). */
async function inline(page: Page, cell: string): Promise<{ text: string; exact: string }> {
  const el = page.locator(`nb-value[data-cell="${cell}"]`).first();
  return { text: (await el.textContent()) ?? '', exact: (await el.getAttribute('title')) ?? '' };
}
const expected = (v: number, digits = 2) => ({
  text: v.toFixed(digits).replace('-', '−'),
  exact: fullNumber(v),
});

const swatchColour = (page: Page, cell: string) =>
  page
    .locator(`nb-swatch[data-cell="${cell}"] .nb-swatch-box`)
    .evaluate((el) => getComputedStyle(el).backgroundColor);

const words = decodeAsset(
  readFileSync(fileURLToPath(new URL(`../../public/${ASSET_FILE}`, import.meta.url))),
);
const rowOf = (t: string): number => words.index.get(t.toLowerCase()) ?? -1;

/** The tokens the widget lists: each piece of text and its row (null: none). */
const tokensShown = (page: Page) =>
  page.locator('nb-tokens .tk').evaluateAll((lis) =>
    lis.map((li) => {
      const id = li.querySelector('.tk-id')!.textContent!.replace('row ', '');
      return [li.querySelector('.tk-text')!.textContent, id === 'no row' ? null : Number(id)];
    }),
  );

describe('from text to vectors', () => {
  it('shows the cosine similarities the source quotes (Mom–Dad 0.88, Mom–King 0.52), computed live', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const ref = reference();
    expect(await inline(w.page, 'cos_mom_dad')).toEqual(expected(ref.num('cos_mom_dad')));
    expect((await inline(w.page, 'cos_mom_dad')).text).toBe('0.88');
    expect((await inline(w.page, 'cos_mom_king')).text).toBe('0.52');
    expect(await shownValue(w.page, 'Sim', 3, 2)).toBe(ref.mat('Sim').get(3, 2));
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('moves the similarities and the analogy to the engine’s values when a reader edits a word vector', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    await w.page.locator(entry('King', 0, 0)).fill('0.6');
    await w.page.locator(entry('Mom', 0, 2)).fill('0.5');
    const ref = reference((nb) => {
      nb.setEntry('King', 0, 0, 0.6);
      nb.setEntry('Mom', 0, 2, 0.5);
    });
    await expect
      .poll(() => inline(w.page, 'cos_mom_dad'))
      .toEqual(expected(ref.num('cos_mom_dad')));
    expect(await inline(w.page, 'cos_mom_king')).toEqual(expected(ref.num('cos_mom_king')));
    expect(await inline(w.page, 'gap')).toEqual(expected(ref.num('gap')));
    for (const [cell, i, j] of [
      ['Analogy', 0, 0],
      ['Analogy', 0, 2],
      ['Toy', 0, 0],
      ['Sim', 0, 3],
      ['Sim', 3, 2],
      ['Sim', 1, 0],
    ] as const) {
      expect(await shownValue(w.page, cell, i, j), `${cell}[${i}][${j}]`).toBe(
        ref.mat(cell).get(i, j),
      );
    }
    // The analogy no longer lands on Mom, and the page says by how much.
    expect(ref.num('gap')).toBeGreaterThan(0.1);
    expect(w.problems).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  });

  it('paints each swatch in the colour of its RGB entries, clamping what a screen cannot show', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    expect(await swatchColour(w.page, 'colour')).toBe('rgb(128, 64, 0)');
    expect(await swatchColour(w.page, 'teal')).toBe('rgb(0, 128, 128)');
    await w.page.locator(entry('colour', 0, 1)).fill('1');
    await expect.poll(() => swatchColour(w.page, 'colour')).toBe('rgb(128, 255, 0)');
    expect(await w.page.locator('nb-swatch[data-cell="colour"] .nb-swatch-hex').textContent()).toBe(
      '#80ff00',
    );
    const note = w.page.locator('nb-swatch[data-cell="colour"] .nb-swatch-note');
    expect(await note.textContent()).toBe('');
    await w.page.locator(entry('colour', 0, 0)).fill('1.5');
    await expect.poll(() => swatchColour(w.page, 'colour')).toBe('rgb(255, 255, 0)');
    expect(await note.textContent()).toMatch(/red 1\.50 is shown as 1/);
    // The vector keeps what the reader typed; the cosine with orange uses it.
    const ref = reference((nb) => {
      nb.setEntry('colour', 0, 1, 1);
      nb.setEntry('colour', 0, 0, 1.5);
    });
    await expect
      .poll(() => inline(w.page, 'cos_colour_orange'))
      .toEqual(expected(ref.num('cos_colour_orange')));
    // A bad entry is refused where it was typed; the swatch keeps its colour.
    await w.page.locator(entry('colour', 0, 2)).fill('blue');
    await w.page.locator(entry('colour', 0, 2)).press('Enter');
    await expect
      .poll(() => w.page.locator('nb-matrix[data-cell="colour"] .nb-message').textContent(), WAIT)
      .toMatch(/colour row 1 column 3: “blue” is not a number/);
    expect(await swatchColour(w.page, 'colour')).toBe('rgb(255, 255, 0)');
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('makes a prompt’s edit with its button: teal with full red comes closer to red', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const before = await shownValue(w.page, 'ColourSim', 1, 2);
    await w.page
      .locator('aside.try', { hasText: 'Give teal full red' })
      .getByRole('button', { name: 'Do it for me' })
      .click();
    const ref = reference((nb) => nb.setEntry('teal', 0, 0, 1));
    await expect
      .poll(() => shownValue(w.page, 'ColourSim', 1, 2))
      .toBe(ref.mat('ColourSim').get(1, 2));
    expect(ref.mat('ColourSim').get(1, 2)).toBeGreaterThan(before);
    expect(await swatchColour(w.page, 'teal')).toBe('rgb(255, 128, 128)');
    await w.context.close();
  });

  it('draws the 3-D plot of the toy vectors when it is scrolled to, and moves a point when a vector changes', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const plot = w.page.locator('nb-plot[data-cell="Points"]');
    expect(await plot.getAttribute('data-state')).toBeNull();
    await plot.scrollIntoViewIfNeeded();
    await expect.poll(() => plot.getAttribute('data-state'), WAIT).toBe('drawn');
    const traces = () =>
      plot
        .locator('.nb-plot-area')
        .evaluate((el) =>
          (el as unknown as { data: { x: number[]; z: number[]; text?: string[] }[] }).data.map(
            (t) => ({ x: t.x, z: t.z, text: t.text }),
          ),
        );
    const drawn = await traces();
    expect(drawn[0]!.text).toEqual(['King', 'Queen', 'Dad', 'Mom', 'Queen − King + Dad']);
    expect(drawn).toHaveLength(3); // the points and two offsets
    await w.page.locator(entry('Dad', 0, 2)).fill('0.5');
    const ref = reference((nb) => nb.setEntry('Dad', 0, 2, 0.5));
    await expect.poll(async () => (await traces())[0]!.z[4]).toBe(ref.mat('Points').get(4, 2));
    expect((await traces())[0]!.z[2]).toBe(0.5);
    // Driver notes from software WebGL are warnings, never errors.
    expect(w.problems).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  });

  it('cuts typed text into tokens with their rows, and shows their vectors, loading them only on focus', async () => {
    const w = await openPage(site.browser, site.server.url);
    const fetched: string[] = [];
    w.page.on('request', (r) => {
      if (r.url().endsWith('.bin')) fetched.push(r.url());
    });
    await w.page.goto(site.server.url + PATH);
    const widget = w.page.locator('nb-tokens');
    await widget.scrollIntoViewIfNeeded();
    await w.page.waitForTimeout(300);
    expect(fetched, 'the word vectors load only when the reader starts').toEqual([]);
    // The build's example: the chapter's sentence, every token with a row.
    expect(await tokensShown(w.page)).toEqual(
      ['Terry', 'loves', 'to', 'eat', 'Mango', 'Greek', 'Yogurt', '.'].map((t) => [t, rowOf(t)]),
    );

    const text = 'The mangoes are ripe, and the mango is sweet!';
    await w.page.getByLabel('Text', { exact: true }).fill(text);
    await expect.poll(() => widget.getAttribute('data-vectors'), WAIT).toBe('ready');
    const want = tokenize(words.index, text);
    await expect.poll(() => tokensShown(w.page)).toEqual(want.map((t) => [t.text, t.id]));
    expect(fetched).toHaveLength(1);
    expect(await widget.locator('.tk-summary').textContent()).toBe(
      '11 tokens, 10 with a row in the vocabulary; no row for “mangoes”.',
    );
    // Screen readers hear it once the typing stops.
    await expect
      .poll(() => widget.getByRole('status').last().textContent())
      .toBe('11 tokens, 10 with a row in the vocabulary; no row for “mangoes”.');
    // The matrix: one row per token with a row, each that word's vector.
    const vectors = tokenVectors(want, words.vectors, words.dims)!;
    expect(await widget.locator('.nb-shape').textContent()).toBe('10×100');
    const shown = await widget
      .locator('tbody tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [
          tr.querySelector('th')?.textContent,
          [...tr.querySelectorAll('td[aria-label]')].map((td) => td.getAttribute('aria-label')!),
        ]),
      );
    expect(shown.map(([label]) => label)).toEqual(vectors.labels);
    shown.forEach(([, labels], i) => {
      const cols = (labels as string[]).map((l) => Number(/column (\d+):/.exec(l)![1]) - 1);
      expect(cols.length).toBeGreaterThan(10);
      expect((labels as string[]).map(labelNumber)).toEqual(
        cols.map((j) => vectors.matrix.get(i, j)),
      );
    });
    expect(await axeViolations(w.page)).toEqual([]);

    await w.page.getByLabel('Text', { exact: true }).fill('Zyxt!?');
    await expect
      .poll(() => widget.locator('.tk-summary').textContent())
      .toBe('3 tokens, 2 with a row in the vocabulary; no row for “Zyxt”.');
    expect(await widget.locator('.nb-shape').textContent()).toBe('2×100');
    // Text with no known word has no matrix, and says so.
    await w.page.getByLabel('Text', { exact: true }).fill('Zyxt');
    await expect
      .poll(() => widget.locator('.tk-summary').textContent())
      .toBe('1 token, none with a row in the vocabulary; no row for “Zyxt”, so no vectors.');
    expect(await widget.locator('.tk-vectors').isVisible()).toBe(false);
    await w.page.getByLabel('Text', { exact: true }).fill('');
    await expect
      .poll(() => widget.locator('.tk-summary').textContent())
      .toBe('No tokens, so no vectors: type some text.');
    expect(await widget.locator('.tk-vectors').isVisible()).toBe(false);
    await w.page.getByLabel('Text', { exact: true }).fill('mango');
    await expect.poll(() => widget.locator('.tk-vectors').isVisible()).toBe(true);
    expect(await widget.locator('.nb-shape').textContent()).toBe('1×100');
    expect(w.problems).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  });

  it('shows the chapter’s numbers and colours with JavaScript off', async () => {
    const w = await openPage(site.browser, site.server.url, { javaScriptEnabled: false });
    await w.page.goto(site.server.url + PATH);
    const ref = reference();
    expect(await inline(w.page, 'cos_mom_king')).toEqual(expected(ref.num('cos_mom_king')));
    expect(await shownValue(w.page, 'Sim', 0, 1)).toBe(ref.mat('Sim').get(0, 1));
    expect(await swatchColour(w.page, 'orange')).toBe('rgb(255, 128, 0)');
    expect(await w.page.locator('nb-plot .nb-plot-fallback').textContent()).toMatch(/JavaScript/);
    expect((await tokensShown(w.page)).map(([t]) => t)).toEqual(
      tokenize(words.index, 'Terry loves to eat Mango Greek Yogurt.').map((t) => t.text),
    );
    expect(await w.page.locator('nb-tokens .wv-nojs').isVisible()).toBe(true);
    await w.context.close();
  });

  it.each(VIEWPORTS)(
    'has no axe violations (%s), nor horizontal page overflow',
    async (_name, viewport) => {
      const w = await openPage(site.browser, site.server.url, { viewport });
      await w.page.goto(site.server.url + PATH);
      await w.page.locator('nb-plot').scrollIntoViewIfNeeded();
      await expect
        .poll(() => w.page.locator('nb-plot').getAttribute('data-state'), WAIT)
        .toBe('drawn');
      expect(await axeViolations(w.page)).toEqual([]);
      expect(await sideways(w.page), 'scrolls sideways').toBeLessThanOrEqual(0);
      expect(w.problems).toEqual([]);
      expect(w.outside).toEqual([]);
      await w.context.close();
    },
  );
});
