/**
 * The real-embeddings chapter in Debian's Chromium, against the built site: word
 * arithmetic gives the answers Node computes from the same asset, bad and unknown input
 * is contained, the analogy test runs in a worker (progress, cancel, a full run at a
 * small vocabulary), and the page is clean (console, network, axe) with JavaScript on
 * and off. The 3 MB asset is fetched by this page only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPage } from './harness.ts';
import { VIEWPORTS, axeViolations, sideways } from './clean.ts';
import { useSite } from './fixtures.ts';
import { ASSET_FILE, QUESTIONS_FILE, decodeAsset } from '../../src/embeddings/asset.ts';
import { evaluateAnalogies } from '../../src/embeddings/evaluate.ts';
import { combine, cosine } from '../../src/embeddings/explore.ts';
import { parseQuestions } from '../../src/embeddings/questions.ts';

const PATH = '/chapters/real-embeddings/';
const ROOT = join(import.meta.dirname, '../..');
const asset = decodeAsset(readFileSync(join(ROOT, 'public', ASSET_FILE)));
const site = useSite();

/** cos(word, Σ weights · words) from the asset, in Node. */
function nodeCosine(word: string, terms: [string, number][]): number {
  const q = combine(
    asset,
    terms.map(([w, weight]) => ({ word: w, weight })),
  );
  const i = asset.index.get(word)!;
  return cosine(asset.vectors.subarray(i * asset.dims, (i + 1) * asset.dims), q);
}

const explorer = (page: Page, n = 0) => page.locator('wv-explorer').nth(n);

/** Types an expression into an explorer, submits it and waits for its answer. */
async function ask(page: Page, text: string, n = 0): Promise<void> {
  const el = explorer(page, n);
  const input = el.locator('input[name="expression"]');
  await input.fill(text);
  await input.press('Enter');
  await expect.poll(() => el.getAttribute('data-result-for'), { timeout: 20_000 }).toBe(text);
}

async function rows(page: Page, space: 'real' | 'toy', n = 0) {
  return explorer(page, n)
    .locator(`.wv-result[data-space="${space}"] tbody tr`)
    .evaluateAll((trs) =>
      trs.map((tr) => ({
        word: tr.getAttribute('data-word'),
        similarity: Number(tr.querySelector('[data-similarity]')?.getAttribute('data-similarity')),
        text: tr.textContent ?? '',
      })),
    );
}

async function ready(page: Page): Promise<void> {
  await page.goto(site.server.url + PATH);
  // The vectors load when a reader first uses the explorer (on a phone it starts below the fold).
  await explorer(page).scrollIntoViewIfNeeded();
  await explorer(page).locator('input[name="expression"]').focus();
  await expect
    .poll(() => explorer(page).getAttribute('data-vectors'), { timeout: 20_000 })
    .toBe('ready');
}

describe('real word vectors', () => {
  it('answers king - man + woman with queen, at the cosine Node computes; the switch shows the typed words', async () => {
    const w = await openPage(site.browser, site.server.url);
    await ready(w.page);
    await ask(w.page, 'paris - france + italy');
    expect((await rows(w.page, 'real'))[0]!.word).toBe('rome');
    await ask(w.page, 'king - man + woman');
    const shown = await rows(w.page, 'real');
    expect(shown[0]!.word).toBe('queen');
    expect(shown.map((r) => r.word)).not.toContain('king');
    expect(shown.map((r) => r.word)).not.toContain('man');
    expect(shown.map((r) => r.word)).not.toContain('woman');
    const expected = nodeCosine('queen', [
      ['king', 1],
      ['man', -1],
      ['woman', 1],
    ]);
    expect(Math.abs(shown[0]!.similarity - expected)).toBeLessThan(1e-6);
    expect(shown[0]!.text).toContain(expected.toFixed(3));

    const toggle = explorer(w.page).getByRole('switch', { name: /Show the words you typed/ });
    await toggle.check();
    await expect
      .poll(async () => (await rows(w.page, 'real'))[0]!.word, { timeout: 10_000 })
      .toBe('king');
    const withInputs = await rows(w.page, 'real');
    expect(withInputs[0]!.text).toContain('(typed)');
    expect(
      Math.abs(
        withInputs[0]!.similarity -
          nodeCosine('king', [
            ['king', 1],
            ['man', -1],
            ['woman', 1],
          ]),
      ),
    ).toBeLessThan(1e-6);
    expect(withInputs[1]!.word).toBe('queen');
    await toggle.uncheck();
    await expect
      .poll(async () => (await rows(w.page, 'real'))[0]!.word, { timeout: 10_000 })
      .toBe('queen');

    // A weighted expression, and the query itself is fast.
    await ask(w.page, '0.5*king + 0.5*queen');
    const half = await rows(w.page, 'real');
    expect(
      Math.abs(
        half[0]!.similarity -
          nodeCosine(half[0]!.word!, [
            ['king', 0.5],
            ['queen', 0.5],
          ]),
      ),
    ).toBeLessThan(1e-6);
    // Words the expression reader keeps for itself are words here too.
    await ask(w.page, 'yes - no + not');
    const not = await rows(w.page, 'real');
    expect(
      Math.abs(
        not[0]!.similarity -
          nodeCosine(not[0]!.word!, [
            ['yes', 1],
            ['no', -1],
            ['not', 1],
          ]),
      ),
    ).toBeLessThan(1e-6);
    const times: number[] = [];
    for (const t of ['king - man + woman', 'walked - walk + swim', 'paris - france + italy']) {
      await ask(w.page, t);
      times.push(Number(await explorer(w.page).getAttribute('data-query-ms')));
    }
    expect(Math.min(...times)).toBeLessThan(50);
    expect(w.problems).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  });

  it('runs the same arithmetic on the toy vectors, following edits of them', async () => {
    const w = await openPage(site.browser, site.server.url);
    await ready(w.page);
    await ask(w.page, 'king - dad + mom');
    const toy = await rows(w.page, 'toy');
    expect(toy.map((r) => r.word)).toEqual(['queen']);
    expect(Math.abs(toy[0]!.similarity - 1)).toBeLessThan(1e-12);
    expect((await rows(w.page, 'real'))[0]!.word).toBe('queen');
    // Queen's first number 0.2 -> 0.5: the toy answer is no longer exact.
    await w.page
      .locator('nb-matrix[data-cell="toy"] input[aria-label="toy row 2 column 1"]')
      .fill('0.5');
    await expect
      .poll(async () => (await rows(w.page, 'toy'))[0]!.similarity, { timeout: 10_000 })
      .toBeLessThan(0.99);
    await ask(w.page, 'king - man + woman');
    expect(await explorer(w.page).locator('.wv-result[data-space="toy"]').textContent()).toMatch(
      /man and woman are not among them/,
    );
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('names an unknown word with spellings to click, and disturbs nothing else', async () => {
    const w = await openPage(site.browser, site.server.url);
    await ready(w.page);
    const others = async () => ({
      near: await explorer(w.page, 1).locator('.wv-result').innerHTML(),
      projection: await w.page.locator('wv-projection .wv-tables').innerHTML(),
      bench: await w.page.locator('wv-benchmark .wv-bench-result').innerHTML(),
      toyEntry: await w.page
        .locator('nb-matrix[data-cell="toy"] input[aria-label="toy row 1 column 1"]')
        .inputValue(),
    });
    await ask(w.page, 'king - man + woman');
    const before = await others();
    const table = await explorer(w.page).locator('.wv-result[data-space="real"]').innerHTML();
    await ask(w.page, 'kign - man + womna');
    const message = explorer(w.page).locator('.wv-message');
    expect(await message.textContent()).toMatch(
      /“kign” and “womna” are not among the 30,000 words/,
    );
    expect(await message.getAttribute('data-tone')).toBe('error');
    // The last good answer stays, marked as stale.
    expect(await explorer(w.page).locator('.wv-result[data-space="real"]').innerHTML()).toBe(table);
    expect(
      await explorer(w.page).locator('.wv-result[data-space="real"]').getAttribute('data-stale'),
    ).toBe('');
    expect(await others()).toEqual(before);
    // Bad syntax: a message too, never an exception.
    await ask(w.page, 'king * ');
    expect(await message.textContent()).toMatch(/^Not understood: unexpected end of expression/);
    await ask(w.page, 'kign - man + womna');
    await explorer(w.page).getByRole('button', { name: 'Use king instead of kign' }).click();
    await explorer(w.page).getByRole('button', { name: 'Use woman instead of womna' }).click();
    await expect
      .poll(() => explorer(w.page).getAttribute('data-result-for'), { timeout: 10_000 })
      .toBe('king - man + woman');
    expect(await message.textContent()).toBe('');
    expect((await rows(w.page, 'real'))[0]!.word).toBe('queen');
    expect(await others()).toEqual(before);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('runs the analogy test in a worker: progress, cancel, then a full run at N = 5,000 that matches Node', async () => {
    const sections = parseQuestions(readFileSync(join(ROOT, 'public', QUESTIONS_FILE), 'utf8'));
    const expected = await evaluateAnalogies(asset, sections, { n: 5000 });
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + PATH);
    const bench = w.page.locator('wv-benchmark');
    const built = await bench.locator('.wv-bench-result').innerHTML();
    await bench.getByRole('button', { name: 'Run the test in this page' }).click();
    const bar = bench.locator('progress');
    await expect
      .poll(() => bar.evaluate((p: HTMLProgressElement) => (p.hidden ? -1 : p.value)), {
        timeout: 20_000,
      })
      .toBeGreaterThan(0);
    expect(
      await bench.getByRole('button', { name: 'Run the test in this page' }).isDisabled(),
    ).toBe(true);
    await bench.getByRole('button', { name: 'Cancel' }).click();
    await expect
      .poll(() => bench.getAttribute('data-state'), { timeout: 10_000 })
      .toBe('cancelled');
    expect(await bench.locator('.wv-bench-status').textContent()).toMatch(/^Cancelled/);
    expect(await bar.isHidden()).toBe(true);
    expect(await bench.locator('.wv-bench-result').innerHTML()).toBe(built);

    await bench.getByLabel('Vocabulary').selectOption('5000');
    await bench.getByRole('button', { name: 'Run the test in this page' }).click();
    await expect.poll(() => bench.getAttribute('data-state'), { timeout: 25_000 }).toBe('done');
    const total = bench.locator('.wv-bench tr[data-row="total"] td');
    expect(await total.nth(0).textContent()).toBe(
      `${expected.overall.covered.toLocaleString('en-GB')} (of ${expected.overall.total.toLocaleString('en-GB')})`,
    );
    expect(await total.nth(1).textContent()).toBe(expected.overall.correct.toLocaleString('en-GB'));
    expect(Number(await total.nth(2).getAttribute('data-accuracy'))).toBe(
      expected.overall.accuracy,
    );
    expect(await total.nth(3).textContent()).toBe('60.3 %');
    expect(await bench.locator('.wv-bench caption').textContent()).toMatch(
      /^Computed in your browser just now: the first 5,000 words/,
    );
    expect(w.problems).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  });

  it('shows build-time results with JavaScript off, computed from the asset', async () => {
    const w = await openPage(site.browser, site.server.url, { javaScriptEnabled: false });
    await w.page.goto(site.server.url + PATH);
    const first = await rows(w.page, 'real');
    expect(first[0]!.word).toBe('queen');
    expect(
      Math.abs(
        first[0]!.similarity -
          nodeCosine('queen', [
            ['king', 1],
            ['man', -1],
            ['woman', 1],
          ]),
      ),
    ).toBeLessThan(1e-6);
    expect(await explorer(w.page).locator('.wv-nojs').isVisible()).toBe(true);
    expect(
      await w.page.locator('wv-benchmark .wv-bench tr[data-row="total"] td').nth(0).textContent(),
    ).toMatch(/^15,276 \(of 19,544\)$/);
    expect(await w.page.locator('wv-projection .wv-offsets tbody tr').count()).toBe(5);
    await w.context.close();
  });

  it('fetches the word vectors on this page only', async () => {
    const w = await openPage(site.browser, site.server.url);
    const requested: string[] = [];
    w.page.on('request', (r) => requested.push(r.url()));
    await w.page.goto(site.server.url + '/chapters/queries-keys-values/');
    await w.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await w.page.waitForTimeout(500);
    await w.page.goto(site.server.url + '/');
    expect(requested.filter((u) => u.endsWith('.bin'))).toEqual([]);
    await ready(w.page);
    expect(requested.filter((u) => u.endsWith('.bin'))).toEqual([
      `${site.server.url}/${ASSET_FILE}`,
    ]);
    await w.context.close();
  });

  it.each(VIEWPORTS)(
    'has no axe violations (%s), nor horizontal page overflow',
    async (_name, viewport) => {
      const w = await openPage(site.browser, site.server.url, { viewport });
      await ready(w.page);
      await w.page.locator('wv-projection').scrollIntoViewIfNeeded();
      await expect
        .poll(() => w.page.locator('wv-projection').getAttribute('data-plot'), { timeout: 20_000 })
        .toBe('drawn');
      await ask(w.page, 'kign');
      expect(await axeViolations(w.page)).toEqual([]);
      expect(await sideways(w.page), 'scrolls sideways').toBeLessThanOrEqual(0);
      expect(w.problems).toEqual([]);
      expect(w.outside).toEqual([]);
      await w.context.close();
    },
  );
});
