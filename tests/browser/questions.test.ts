/**
 * Questions in Chromium, against the built site: an answer right, wrong, unreadable, a
 * named mistake, a matrix with its wrong entries marked and of the wrong shape, a token
 * chosen; the expected answer following an edit; the `question-answer` event and
 * `reveal()` (the contract with the live session); keyboard only; step mode; no JavaScript
 * (the question and the build's answer); and axe. Expected numbers come from numpy
 * (tests/fixtures/questions.json) or, after an edit, from the engine in Node.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { WAIT, openPage } from './harness.ts';
import { axeViolations, sideways } from './clean.ts';
import { chapterNotebook, useSite } from './fixtures.ts';
import { valueText } from '../../src/widgets/inline-value.ts';
import type { Matrix } from '../../src/engine/index.ts';

const site = useSite();
const MASKING = '/chapters/masking/';
const QKV = '/chapters/queries-keys-values/';

const fixtures = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/questions.json'), 'utf8'),
) as Record<
  string,
  Record<string, { answer: number | number[][]; mistakes: Record<string, number | number[][]> }>
>;
const A21 = fixtures['masking']!['mask-a21']!;
const shown4 = (v: number) => valueText(v, 4).text;

interface Detail {
  id: string;
  text: string;
  verdict: string;
  mistake?: string;
}

/** Records every `question-answer` event that reaches the document. */
async function recordEvents(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { answers: unknown[] };
    w.answers = [];
    document.addEventListener('question-answer', (e) => w.answers.push((e as CustomEvent).detail));
  });
}
const events = (page: Page): Promise<Detail[]> =>
  page.evaluate(() => (window as unknown as { answers: Detail[] }).answers);

/** Types an answer, presses Enter, and waits for the verdict's feedback to show. */
async function answer(
  page: Page,
  q: Locator,
  text: string,
): Promise<{ verdict: string; feedback: string }> {
  const before = (await events(page)).length;
  const field = q.locator('[name="answer"]');
  await field.fill(text);
  // In a block of rows Enter starts a new row; Ctrl+Enter checks.
  const multiline = await field.evaluate((el) => el.localName === 'textarea');
  await field.press(multiline ? 'Control+Enter' : 'Enter');
  await expect.poll(async () => (await events(page)).length, WAIT).toBe(before + 1);
  await expect.poll(() => q.locator('.question-feedback').textContent(), WAIT).not.toBe('');
  return {
    verdict: (await q.getAttribute('data-verdict')) ?? '',
    feedback: (await q.locator('.question-feedback').textContent()) ?? '',
  };
}

describe('a number question (masking, A[2,1])', () => {
  it('tells right, wrong, unreadable and a named mistake apart, and says so in a live region', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + MASKING);
    await recordEvents(w.page);
    const q = w.page.locator('[data-question="mask-a21"]');
    await q.scrollIntoViewIfNeeded();
    expect(await q.locator('.question-feedback').getAttribute('role')).toBe('status');
    await expect.poll(() => q.locator('form').isVisible(), WAIT).toBe(true);
    expect(await q.locator('.question-tolerance').textContent()).toContain('±0.005');

    const right = A21.answer as number;
    expect(await answer(w.page, q, right.toFixed(3))).toMatchObject({ verdict: 'right' });
    expect((await events(w.page)).at(-1)).toEqual({
      id: 'mask-a21',
      text: right.toFixed(3),
      verdict: 'right',
    });

    // A fraction: numpy's value written as a ratio of whole numbers close enough.
    const ratio = `${Math.round(right * 1000)}/1000`;
    expect((await answer(w.page, q, ratio)).verdict).toBe('right');

    const r = await answer(w.page, q, String(right + 0.05));
    expect(r.verdict).toBe('wrong');
    expect(r.feedback).toMatch(/not quite/i);

    const u = await answer(w.page, q, 'abc');
    expect(u.verdict).toBe('unreadable');
    expect(u.feedback).toMatch(/could not be read as a number/);
    expect(u.feedback).not.toMatch(/not quite/i);

    for (const [label, value] of Object.entries(A21.mistakes)) {
      if ((value as number) === 0) continue; // 0 is also a plain wrong answer worth no name here
      const m = await answer(w.page, q, (value as number).toFixed(4));
      expect(m.verdict, label).toBe('mistake');
      expect(m.feedback).toContain(label);
      expect((await events(w.page)).at(-1)).toMatchObject({ verdict: 'mistake', mistake: label });
    }
    const names = Object.keys(A21.mistakes);
    expect(names.some((n) => /√d_k/.test(n))).toBe(true);
    expect(names.some((n) => /after softmax/.test(n))).toBe(true);
    expect(names.some((n) => /wrong axis/.test(n))).toBe(true);
    expect(names.some((n) => /from 0/.test(n))).toBe(true);

    expect(await axeViolations(w.page, '[data-question="mask-a21"]')).toEqual([]);
    expect(w.problems).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  });

  it('follows an edit: reveal() and the checker use the live numbers', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + MASKING);
    await recordEvents(w.page);
    const q = w.page.locator('[data-question="mask-a21"]');
    await q.scrollIntoViewIfNeeded();
    await expect.poll(() => q.locator('form').isVisible(), WAIT).toBe(true);
    const before = A21.answer as number;
    expect((await answer(w.page, q, before.toFixed(4))).verdict).toBe('right');

    // skilled's query (row 2 of Q), first entry, to 2.
    await w.page.locator('nb-matrix[data-cell="Q"] input[aria-label="Q row 2 column 1"]').fill('2');
    const after = (
      chapterNotebook('masking', (nb) => nb.setEntry('Q', 1, 0, 2)).value('weights') as Matrix
    ).get(1, 0);
    expect(Math.abs(after - before)).toBeGreaterThan(0.01);
    await expect
      .poll(() => q.locator('.question-feedback').textContent(), WAIT)
      .toMatch(/numbers have changed/);

    await q.evaluate((el) => (el as HTMLElement & { reveal(): void }).reveal());
    expect(await q.locator('details').getAttribute('open')).not.toBeNull();
    await expect
      .poll(() => q.locator('.question-answer-number').textContent(), WAIT)
      .toBe(shown4(after));
    expect(await q.locator('.question-answer-number').getAttribute('title')).toBe(
      String(after).replace('-', '−'),
    );
    expect((await answer(w.page, q, before.toFixed(4))).verdict).toBe('wrong');
    expect((await answer(w.page, q, after.toFixed(4))).verdict).toBe('right');

    // Reset: the open answer goes back to the chapter's.
    await w.page.locator('nb-toolbar [data-action="reset"]').click();
    await expect
      .poll(() => q.locator('.question-answer-number').textContent(), WAIT)
      .toBe(shown4(before));
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('works by keyboard alone: type, Tab to Check, Space; Tab to the answer, Enter', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + MASKING);
    await recordEvents(w.page);
    const q = w.page.locator('[data-question="mask-a21"]');
    await expect.poll(() => q.locator('form').isVisible(), WAIT).toBe(true);
    await q.locator('input').focus();
    await w.page.keyboard.type('-inf');
    await w.page.keyboard.press('Tab');
    expect(await w.page.evaluate(() => document.activeElement?.textContent)).toBe('Check');
    await w.page.keyboard.press('Space');
    await expect.poll(async () => (await events(w.page)).at(-1)?.verdict, WAIT).toBe('wrong');
    await w.page.keyboard.press('Tab');
    expect(await w.page.evaluate(() => document.activeElement?.localName)).toBe('summary');
    await w.page.keyboard.press('Enter');
    await expect
      .poll(() => q.locator('.question-answer-number').textContent(), WAIT)
      .toBe(shown4(A21.answer as number));
    expect(w.problems).toEqual([]);
    await w.context.close();
  });
});

describe('a token question and a matrix question', () => {
  it('checks a token chosen from the row’s labels (masking: a attends to surgeon most)', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + MASKING);
    await recordEvents(w.page);
    const q = w.page.locator('[data-question="mask-a-most"]');
    await expect.poll(() => q.locator('form').isVisible(), WAIT).toBe(true);
    const want = fixtures['masking']!['mask-a-most']!.answer as number;
    const labels = await q.locator('option').allTextContents();
    expect(labels.slice(1)).toEqual(
      ['The', 'skilled', 'surgeon', 'operated', 'on', 'the', 'patient', 'with', 'a'].map(
        (t, k) => `${k + 1}. ${t}`,
      ),
    );
    const wrong = want === 1 ? 2 : 1;
    await q.locator('select').selectOption(String(wrong));
    await q.locator('button').click();
    await expect.poll(async () => (await events(w.page)).at(-1)?.verdict, WAIT).toBe('wrong');
    await q.locator('select').selectOption(String(want));
    await q.locator('button').click();
    await expect
      .poll(async () => (await events(w.page)).at(-1), WAIT)
      .toEqual({
        id: 'mask-a-most',
        text: labels[want]!.replace(/^\d+\. /, ''),
        verdict: 'right',
      });
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('says the shape expected, then marks the wrong entries in text, not by colour alone', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + QKV);
    await recordEvents(w.page);
    const q = w.page.locator('[data-question="qkv-terry-query"]');
    await q.scrollIntoViewIfNeeded();
    await expect.poll(() => q.locator('form').isVisible(), WAIT).toBe(true);
    const row = (fixtures['queries-keys-values']!['qkv-terry-query']!.answer as number[][])[0]!;
    expect(row).toHaveLength(3);

    const s = await answer(w.page, q, row.slice(0, 2).join(' '));
    expect(s.verdict).toBe('shape');
    expect(s.feedback).toContain('1×3 (1 row, 3 columns)');

    const typed = [row[0]!, row[1]! + 1, row[2]!];
    const r = await answer(w.page, q, typed.join(', '));
    expect(r.verdict).toBe('wrong');
    expect(r.feedback).toContain('1 of 3 entries is off (row 1 column 2)');
    const marks = q.locator('.question-marks td');
    expect(await marks.count()).toBe(3);
    expect(await q.locator('.question-marks .question-cell-wrong').count()).toBe(1);
    expect(await marks.nth(1).textContent()).toContain('wrong');
    expect(await marks.nth(0).textContent()).toContain('right');

    // The key's row instead of the query's is the named mistake.
    const key = fixtures['queries-keys-values']!['qkv-terry-query']!.mistakes;
    const [label, keyRow] = Object.entries(key).find(([l]) => /W_K/.test(l))!;
    const m = await answer(w.page, q, (keyRow as number[][])[0]!.join(' '));
    expect(m).toMatchObject({ verdict: 'mistake' });
    expect(m.feedback).toContain(label);

    expect((await answer(w.page, q, row.join('\t'))).verdict).toBe('right');
    expect(await q.locator('.question-marks').isVisible()).toBe(false);

    await answer(w.page, q, typed.join(' '));
    await q.locator('summary').click();
    expect(await axeViolations(w.page, '[data-question="qkv-terry-query"]')).toEqual([]);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });
});

describe('step mode and no JavaScript', () => {
  it('shows a question with the step before it, not as a step of its own', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.goto(site.server.url + MASKING);
    await w.page.locator('nb-toolbar [data-action="step-mode"]').click();
    const q = w.page.locator('[data-question="mask-a21"]');
    // The weights matrix the question asks about is the block right before it.
    const weights = w.page.locator('article > nb-matrix[data-cell="weights"]').first();
    const status = w.page.locator('.nb-stepbar-status');
    await expect.poll(() => status.textContent(), WAIT).toMatch(/^Step 1 of/);
    for (let k = 0; k < 40; k++) {
      if (await weights.evaluate((el) => el.classList.contains('nb-step-current'))) break;
      expect(await q.evaluate((el) => el.classList.contains('nb-step-later'))).toBe(true);
      await w.page.locator('.nb-stepbar [data-action="next"]').click();
    }
    expect(await weights.evaluate((el) => el.classList.contains('nb-step-current'))).toBe(true);
    expect(await q.evaluate((el) => el.classList.contains('nb-step-later'))).toBe(false);
    expect(await q.isVisible()).toBe(true);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('without JavaScript shows the question and the build’s answer in a disclosure', async () => {
    const w = await openPage(site.browser, site.server.url, { javaScriptEnabled: false });
    await w.page.goto(site.server.url + MASKING);
    const q = w.page.locator('[data-question="mask-a21"]');
    expect(await q.locator('.question-prompt').textContent()).toContain('after masking');
    expect(await q.locator('form').isVisible()).toBe(false);
    expect(await q.locator('details summary').textContent()).toBe('Show the answer');
    expect(await q.locator('.question-answer-number').isVisible()).toBe(false);
    await q.locator('details summary').click();
    expect(await q.locator('.question-answer-number').textContent()).toBe(
      shown4(A21.answer as number),
    );
    const token = w.page.locator('[data-question="mask-a-most"] .question-answer-choice');
    const k = fixtures['masking']!['mask-a-most']!.answer as number;
    const words = ['The', 'skilled', 'surgeon', 'operated', 'on', 'the', 'patient', 'with', 'a'];
    expect(await token.textContent()).toBe(`“${words[k - 1]}” (token ${k})`);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });

  it('on a phone: a checked matrix answer and an open answer fit, and the page has no axe violations', async () => {
    const w = await openPage(site.browser, site.server.url, {
      viewport: { width: 375, height: 812 },
    });
    await w.page.goto(site.server.url + '/chapters/softmax/');
    await recordEvents(w.page);
    const q = w.page.locator('[data-question="softmax-row-sums"]');
    await q.scrollIntoViewIfNeeded();
    await expect.poll(() => q.locator('form').isVisible(), WAIT).toBe(true);
    // The wrong axis gives column sums of 1 instead: numpy's values, to four decimals.
    const [label, wrongAxis] = Object.entries(
      fixtures['softmax']!['softmax-row-sums']!.mistakes,
    )[0]!;
    const typed = (wrongAxis as number[][]).map((r) => r[0]!.toFixed(4)).join('\n');
    expect(await answer(w.page, q, typed)).toMatchObject({ verdict: 'mistake' });
    expect((await events(w.page)).at(-1)?.mistake).toBe(label);
    expect(await q.locator('.question-marks .question-cell-wrong').count()).toBe(3);
    await q.locator('summary').click();
    await expect.poll(() => q.locator('.question-answer-body td').count(), WAIT).toBe(3);
    expect(await sideways(w.page)).toBeLessThanOrEqual(0);
    expect(await axeViolations(w.page)).toEqual([]);
    expect(w.problems).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  }, 300_000);
});
