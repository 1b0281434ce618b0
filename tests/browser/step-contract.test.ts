/**
 * Step mode as other parts of the site (a live class session) and a teacher's links use
 * it: the step in the address (`?step=7`), the `step-mode-change` and `step-mode-go`
 * events on `document`, refused step numbers, and cells named everywhere by the symbols
 * the page writes (the bar, its labels, "explain this number", messages), never by code
 * names such as `dE` or `peek`.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { WAIT, openPage } from './harness.ts';
import { axeViolations } from './clean.ts';
import { useSite } from './fixtures.ts';
import { texOf } from './symbols.ts';
import { current } from './read.ts';
import { STATE_VERSION } from '../../src/notebook/state.ts';

const site = useSite();
const QKV = '/chapters/queries-keys-values/';

/** Every `step-mode-change` the page dispatched, in order, from its first script on. */
async function recordChanges(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const seen: unknown[] = [];
    (window as unknown as { stepChanges: unknown[] }).stepChanges = seen;
    document.addEventListener('step-mode-change', (e) =>
      seen.push((e as CustomEvent<unknown>).detail),
    );
  });
}
const changes = (page: Page): Promise<{ step: number | null; count: number }[]> =>
  page.evaluate(
    () =>
      (window as unknown as { stepChanges: { step: number | null; count: number }[] }).stepChanges,
  );
const stepShown = (page: Page): Promise<string | null> =>
  page.evaluate(() => {
    const bar = document.querySelector<HTMLElement>('.nb-stepbar');
    return bar && !bar.hidden
      ? (bar.querySelector<HTMLElement>('.nb-stepbar-status')?.dataset['step'] ?? null)
      : null;
  });
const go = (page: Page, step: unknown): Promise<void> =>
  page.evaluate(
    (s) => void document.dispatchEvent(new CustomEvent('step-mode-go', { detail: { step: s } })),
    step,
  );

describe('the step in the address and the classroom events', () => {
  it('opens ?step=3 in step mode, follows every change in the address and in events, and obeys step-mode-go', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.page.emulateMedia({ reducedMotion: 'reduce' });
    await recordChanges(w.page);
    await w.page.goto(`${site.server.url}${QKV}?step=3`);
    await expect.poll(() => stepShown(w.page), WAIT).toBe('3');
    expect(
      await w.page.getByRole('button', { name: 'Step mode' }).getAttribute('aria-pressed'),
    ).toBe('true');
    const count = Number(
      /of (\d+)/.exec((await w.page.locator('.nb-stepbar-status').textContent()) ?? '')![1],
    );
    expect(count).toBeGreaterThan(8);
    expect(await changes(w.page)).toEqual([{ step: 3, count }]);

    // By the bar's button and by the keyboard: each change is told once, and the address follows.
    await w.page.locator('.nb-stepbar [data-action="next"]').click();
    await expect.poll(() => stepShown(w.page), WAIT).toBe('4');
    expect(new URL(w.page.url()).searchParams.get('step')).toBe('4');
    await w.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await w.page.keyboard.press('ArrowLeft');
    await expect.poll(() => stepShown(w.page), WAIT).toBe('3');
    expect(new URL(w.page.url()).searchParams.get('step')).toBe('3');

    // step-mode-go: to a step, out of step mode, and back in at another.
    await go(w.page, 7);
    await expect.poll(() => stepShown(w.page), WAIT).toBe('7');
    expect(new URL(w.page.url()).searchParams.get('step')).toBe('7');
    await go(w.page, null);
    await expect.poll(() => stepShown(w.page), WAIT).toBe(null);
    expect(new URL(w.page.url()).searchParams.has('step')).toBe(false);
    expect(await w.page.locator('.nb-step-later').count()).toBe(0);
    await go(w.page, 2);
    await expect.poll(() => stepShown(w.page), WAIT).toBe('2');
    // Leaving by the toolbar button is a change too.
    await w.page.getByRole('button', { name: 'Step mode' }).click();
    await expect.poll(() => stepShown(w.page), WAIT).toBe(null);
    expect(await changes(w.page)).toEqual([
      { step: 3, count },
      { step: 4, count },
      { step: 3, count },
      { step: 7, count },
      { step: null, count },
      { step: 2, count },
      { step: null, count },
    ]);

    // A step that does not exist is refused with a message; nothing else changes.
    for (const bad of [0, count + 1, 2.5, 'three']) {
      await go(w.page, bad);
      await expect
        .poll(() => w.page.locator('#nb-banner').textContent(), WAIT)
        .toMatch(
          new RegExp(
            `^There is no step “.*” in this chapter: its steps are numbered 1 to ${count}\\.$`,
          ),
        );
      expect(await stepShown(w.page)).toBe(null);
      await w.page.evaluate(() => (document.getElementById('nb-banner')!.textContent = ''));
    }
    expect((await changes(w.page)).length).toBe(7);
    expect(w.problems).toEqual([]);
    expect(w.outside).toEqual([]);
    await w.context.close();
  }, 120_000);

  it('puts the step in the share link, and the link opens the chapter at that step', async () => {
    const w = await openPage(site.browser, site.server.url);
    await w.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await w.page.goto(site.server.url + QKV);
    await w.page.locator('nb-matrix[data-cell="E"] input').first().fill('0.5');
    await current(w.page);
    await w.page.getByRole('button', { name: 'Step mode' }).click();
    for (let k = 0; k < 4; k++) await w.page.locator('.nb-stepbar [data-action="next"]').click();
    await expect.poll(() => stepShown(w.page), WAIT).toBe('5');
    await w.page.getByRole('button', { name: 'Copy link to these numbers' }).click();
    const link = await w.page.evaluate(() => navigator.clipboard.readText());
    const url = new URL(link);
    expect(url.searchParams.get('step')).toBe('5');
    expect(url.hash).toMatch(/^#cells=/);
    await w.context.close();

    const v = await openPage(site.browser, site.server.url);
    await v.page.goto(link);
    await expect.poll(() => stepShown(v.page), WAIT).toBe('5');
    expect(await v.page.locator('nb-matrix[data-cell="E"] input').first().inputValue()).toBe('0.5');
    expect(v.problems).toEqual([]);
    await v.context.close();
  }, 120_000);

  it('refuses a step number that does not exist with a message, and shows the whole chapter', async () => {
    for (const bad of ['0', '99', 'x', '-2', '1e3', '']) {
      const w = await openPage(site.browser, site.server.url);
      await w.page.goto(`${site.server.url}${QKV}?step=${encodeURIComponent(bad)}`);
      await expect
        .poll(() => w.page.locator('#nb-banner').textContent(), WAIT)
        .toMatch(
          /^There is no step “.*” in this chapter: its steps are numbered 1 to \d+\. Showing the whole chapter\.$/,
        );
      expect(await stepShown(w.page)).toBe(null);
      expect(new URL(w.page.url()).searchParams.has('step')).toBe(false);
      expect(await w.page.locator('nb-matrix[data-cell="output"]').isVisible()).toBe(true);
      expect(w.problems).toEqual([]);
      await w.context.close();
    }
  }, 120_000);
});

describe('cells are named by the symbols the page writes', () => {
  it('typesets ΔE and A_no mask in the bar, the flow labels and explain-this-number, never dE or peek', async () => {
    const w = await openPage(site.browser, site.server.url, {
      viewport: { width: 1920, height: 1080 },
    });
    await w.page.emulateMedia({ reducedMotion: 'reduce' });
    await w.page.goto(`${site.server.url}/chapters/values-and-update/`);
    await w.page.getByRole('button', { name: 'Step mode' }).click();
    // Walk to the step of E' = E + ΔE: ΔE flows into it, named as the page writes it.
    let found = false;
    for (let k = 0; k < 40 && !found; k++) {
      const tex = await texOf(w.page.locator('.nb-stepbar-status'));
      if (/: E'$/.test(tex)) found = true;
      else await w.page.locator('.nb-stepbar [data-action="next"]').click();
    }
    expect(found).toBe(true);
    const labels = await w.page
      .locator('.nb-flow-label, .nb-input-copy figcaption')
      .evaluateAll((els) => els.map((e) => e.textContent ?? ''));
    expect(labels.join(' ')).not.toMatch(/\bdE\b/);
    // ΔE flows into E': its widget's label, or its copy in the strip, says so in symbols.
    const flows = await w.page.locator('.nb-flows-in, .nb-input-copy').evaluateAll((els) =>
      els.map((e) => {
        const label = e.querySelector('.nb-flow-label, figcaption')!.cloneNode(true) as Element;
        label
          .querySelectorAll('.katex')
          .forEach((k) => k.replaceWith(k.querySelector('annotation')?.textContent ?? ''));
        return `${(e as HTMLElement).dataset['cell']}: ${label.textContent ?? ''}`;
      }),
    );
    const fromDE = flows.filter((f) => f.startsWith('dE: '));
    expect(fromDE.length).toBeGreaterThan(0);
    for (const f of fromDE) expect(f).toMatch(/^dE: (\\Delta E )?flows into E'$/);
    expect(await axeViolations(w.page)).toEqual([]);
    await w.context.close();

    // Explain this number: an entry of A_no mask (cell "peek") names it as the page does.
    const m = await openPage(site.browser, site.server.url);
    await m.page.goto(`${site.server.url}/chapters/masking/`);
    const td = m.page.locator('nb-matrix[data-cell="peek"] td[data-i="1"][data-j="0"]');
    await td.focus();
    const tip = m.page.locator('#nb-explain');
    await expect.poll(() => tip.isVisible(), WAIT).toBe(true);
    const first = await texOf(tip.locator('p').first());
    expect(first).toMatch(/^A_\{\\text\{no mask\}\}\[2,1\] = /);
    expect(await tip.textContent()).not.toMatch(/\bpeek\b/);
    expect(m.problems).toEqual([]);
    await m.context.close();
  }, 120_000);

  it('names the cell of a refused link by its typeset symbol', async () => {
    const w = await openPage(site.browser, site.server.url);
    // A link that sets W_Q to a matrix of the wrong shape (1×1).
    const state = Buffer.from(
      JSON.stringify({ v: STATE_VERSION, id: 'queries-keys-values', cells: { W_Q: [[1]] } }),
    ).toString('base64url');
    await w.page.goto(`${site.server.url}${QKV}#cells=${state}`);
    const banner = w.page.locator('#nb-banner');
    await expect.poll(() => banner.textContent(), WAIT).toMatch(/could not be used/);
    const text = await texOf(banner);
    expect(text).toMatch(/W_\{Q\}/);
    expect(await banner.locator('.katex').count()).toBeGreaterThan(0);
    // A refused entry's message names its matrix the same way.
    const field = w.page.locator(
      'nb-matrix[data-cell="W_Q"] input[aria-label="W_Q row 1 column 2"]',
    );
    await field.fill('abc');
    await field.press('Enter');
    const message = w.page.locator('nb-matrix[data-cell="W_Q"] .nb-message');
    await expect
      .poll(() => texOf(message), WAIT)
      .toMatch(/^W_\{Q\} row 1 column 2: “abc” is not a number/);
    expect(w.problems).toEqual([]);
    await w.context.close();
  }, 120_000);
});
