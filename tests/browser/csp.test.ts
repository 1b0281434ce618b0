/**
 * The strict Content-Security-Policy, enforced: every built page is served with the
 * policy as a header too (as a host would send it), visited, scrolled through so lazy
 * widgets and plots load, edited, and must log no violation, while its formulas are laid
 * out, its heatmaps coloured and its toolbar complete. A page that needed an inline
 * script, a style attribute, an injected <style> or eval would fail here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DIST, openPage, settle, type Watched } from './harness.ts';
import { current, shownValue } from './read.ts';
import { chapterNotebook, useSite } from './fixtures.ts';
import type { Matrix } from '../../src/engine/index.ts';
import { HEADER_POLICY } from '../../src/build/csp.ts';

// As a host would: the policy header on every response, so it also governs workers' scripts.
const site = useSite({ 'content-security-policy': HEADER_POLICY });
const SLOW = { timeout: 30_000 };

/** Every page the build wrote, as a path on the site ("/", "/chapters/softmax/", "/404.html"). */
const PAGES = readdirSync(DIST, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.html') && !f.startsWith(`_astro${sep}`))
  .map((f) => `/${relative(DIST, `${DIST}/${f}`).split(sep).join('/')}`)
  .map((p) => (p.endsWith('/index.html') ? p.slice(0, -'index.html'.length) : p))
  .sort();

const TOOLBAR = [
  'Reset numbers',
  'Copy link to these numbers',
  'Step mode',
  'Export code',
  'Random example',
];

interface Csp extends Watched {
  /** Every `securitypolicyviolation` the page reported, one line each. */
  violations: () => Promise<string[]>;
  /** Console messages about the policy, whatever their level. */
  cspMessages: string[];
}

/** A page whose documents arrive with the policy header, and whose violations are kept. */
async function openWithPolicy(options: { javaScriptEnabled?: boolean } = {}): Promise<Csp> {
  const w = await openPage(site.browser, site.server.url, options);
  const cspMessages: string[] = [];
  w.page.on('console', (m) => {
    if (/content security policy/i.test(m.text())) cspMessages.push(`${m.type()}: ${m.text()}`);
  });
  await w.context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __violations: string[] }).__violations = seen;
    document.addEventListener('securitypolicyviolation', (e) =>
      seen.push(
        `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} "${e.sample}"`,
      ),
    );
  });
  const violations = (): Promise<string[]> =>
    w.page.evaluate(() => [...(window as unknown as { __violations: string[] }).__violations]);
  return { ...w, violations, cspMessages };
}

/** Nothing refused, nothing logged about the policy, no other console error. */
async function expectClean(w: Csp): Promise<void> {
  expect(await w.violations()).toEqual([]);
  expect(w.cspMessages).toEqual([]);
  expect(w.problems).toEqual([]);
  expect(w.outside).toEqual([]);
}

/** Every formula typeset: KaTeX's boxes have their heights, which come from its styles. */
async function expectFormulasLaidOut(page: Page, scroll = true): Promise<number> {
  const formulas = await page.locator('.katex-html').evaluateAll(async (all, scroll) => {
    // Open every disclosure; bring each formula the page skips (content-visibility) into view.
    const frame = () => new Promise((ok) => requestAnimationFrame(() => ok(null)));
    if (scroll) {
      for (const d of document.querySelectorAll('details')) d.open = true;
      await frame();
    }
    const shown = all.filter((el) =>
      el.checkVisibility(scroll ? {} : { contentVisibilityAuto: true }),
    );
    for (const el of shown) {
      if (scroll && !el.checkVisibility({ contentVisibilityAuto: true })) {
        el.scrollIntoView();
        await frame();
        await frame();
      }
    }
    return shown.map((el) => {
      const struts = [...el.querySelectorAll<HTMLElement>('.katex-strut, .strut')];
      // The rows of a vertical list (a fraction, a subscript, a hat) are placed by `top`.
      const rows = [...el.querySelectorAll<HTMLElement>('.vlist > span:has(> .pstrut)')];
      return {
        text: el.textContent?.slice(0, 40),
        height: el.getBoundingClientRect().height,
        struts: struts.length,
        // A strut is empty: its height is only what its style gives it.
        flat: struts.filter((s) => s.getBoundingClientRect().height < 1).length,
        unplaced: rows.filter((r) => getComputedStyle(r).top === '0px').length,
        // A pstrut, too, is empty but for its height.
        pstruts: [...el.querySelectorAll<HTMLElement>('.pstrut')].filter(
          (p) => p.getBoundingClientRect().height < 1,
        ).length,
      };
    });
  }, scroll);
  for (const f of formulas) {
    expect(f.height, `height of ${f.text}`).toBeGreaterThan(8);
    expect(f.struts, `struts in ${f.text}`).toBeGreaterThan(0);
    expect(f.flat, `flat struts in ${f.text}`).toBe(0);
    expect(f.unplaced, `rows left at the top in ${f.text}`).toBe(0);
    expect(f.pstruts, `flat pstruts in ${f.text}`).toBe(0);
  }
  return formulas.length;
}

/**
 * Every entry of a computed grid with a large enough magnitude is coloured, and colours
 * darken as magnitudes grow (the scale is the largest magnitude in the matrix).
 */
async function expectHeatmapsColoured(page: Page): Promise<number> {
  const grids = await page
    .locator('nb-matrix:not([data-editable="true"]) table.nb-grid')
    .evaluateAll((tables) =>
      tables.map((t) =>
        [...t.querySelectorAll<HTMLElement>('td[data-i]')].map((td) => {
          const label = td.getAttribute('aria-label') ?? '';
          const value = Number(label.split(': ')[1]?.replace('−', '-').replace('∞', 'Infinity'));
          const bg = getComputedStyle(td);
          return {
            label,
            value,
            colour: bg.backgroundColor,
            image: bg.backgroundImage,
          };
        }),
      ),
    );
  const rgb = (css: string): number[] =>
    (/\d+, \d+, \d+/.exec(css)?.[0] ?? '').split(', ').map(Number);
  let coloured = 0;
  for (const cells of grids) {
    const finite = cells.filter((c) => Number.isFinite(c.value));
    const max = Math.max(0, ...finite.map((c) => Math.abs(c.value)));
    const shaded: { size: number; light: number; label: string }[] = [];
    for (const c of cells) {
      const painted = c.colour !== 'rgba(0, 0, 0, 0)' || c.image !== 'none';
      if (c.value === -Infinity || (max > 0 && Math.abs(c.value) >= 0.05 * max)) {
        expect(painted, `${c.label} is coloured`).toBe(true);
        coloured++;
      }
      if (Number.isFinite(c.value) && max > 0 && Math.abs(c.value) >= 0.05 * max) {
        const [r, g, b] = rgb(c.colour) as [number, number, number];
        // Positive numbers are warm (orange), on either scale.
        if (c.value > 0) expect(r, `${c.label} is warm: ${c.colour}`).toBeGreaterThan(b);
        shaded.push({ size: Math.abs(c.value), light: r + g + b, label: c.label });
      }
    }
    // The larger the magnitude, the darker the colour (a step of rounding allowed).
    shaded.sort((a, b) => a.size - b.size);
    for (let k = 1; k < shaded.length; k++) {
      expect(
        shaded[k]!.light,
        `${shaded[k]!.label} no lighter than ${shaded[k - 1]!.label}`,
      ).toBeLessThanOrEqual(shaded[k - 1]!.light + 3);
    }
  }
  return coloured;
}

describe('the strict content security policy', () => {
  it('is what every page carries in its meta tag, and what README tells hosts to send', () => {
    const readme = readFileSync(`${DIST}/../README.md`, 'utf8');
    expect(readme).toContain(HEADER_POLICY);
    for (const path of PAGES) {
      const file = path.endsWith('/') ? `${path}index.html` : path;
      const html = readFileSync(`${DIST}${file}`, 'utf8');
      const meta = /<meta http-equiv="content-security-policy" content="([^"]*)"/.exec(html)?.[1];
      expect(meta, path).toBeDefined();
      expect(meta).toContain("default-src 'self'");
      expect(meta).toContain("style-src-attr 'none'");
      expect(meta).not.toContain('unsafe-inline');
      expect(meta).not.toContain('unsafe-eval');
      // Nothing the policy would refuse is in the page as built.
      expect(html, `${path}: style attribute`).not.toMatch(/<[a-z][^>]*\sstyle=/i);
      expect(html, `${path}: <style>`).not.toMatch(/<style[\s>]/i);
      const inline = [...html.matchAll(/<script([^>]*)>/gi)].filter(
        (m) => !/\ssrc=/.test(m[1]!) && !/type="application\/json"/.test(m[1]!),
      );
      expect(
        inline.map((m) => m[0]),
        `${path}: inline scripts`,
      ).toEqual([]);
    }
  });

  it.each(PAGES)(
    '%s: no violation while every widget and plot loads, formulas laid out, heatmaps coloured',
    async (path) => {
      const w = await openWithPolicy();
      const response = await w.page.goto(site.server.url + path);
      expect(response?.headers()['content-security-policy']).toBe(HEADER_POLICY);
      await settle(w.page);
      await current(w.page);
      const formulas = await expectFormulasLaidOut(w.page);
      await expectHeatmapsColoured(w.page);
      if (path.startsWith('/chapters/') || path === '/glossary/') {
        expect(formulas).toBeGreaterThan(0);
      }
      if (path.startsWith('/chapters/')) {
        for (const name of TOOLBAR) {
          expect(await w.page.getByRole('button', { name, exact: true }).isVisible(), name).toBe(
            true,
          );
        }
      }
      // Whatever Plotly drew, it drew with its own rules and none injected.
      expect(await w.page.locator('style').count()).toBe(0);
      await expectClean(w);
      await w.context.close();
    },
  );

  it('an edit repaints heatmaps and equations, and step mode and the export dialog open, with no violation', async () => {
    const w = await openWithPolicy();
    const page = w.page;
    await page.goto(`${site.server.url}/chapters/queries-keys-values/`);
    const scoresBefore = await expectHeatmapsColoured(page);
    expect(scoresBefore).toBeGreaterThan(0);
    // An entry edit: every grid downstream repaints its colours through CSSOM. Not a plain
    // number, so the formula parser (mathjs, loaded on demand) runs, without eval.
    const field = page.locator('nb-matrix[data-cell="E"] input[aria-label="E row 1 column 1"]');
    await field.fill('-sqrt(9)');
    await field.press('Enter');
    await current(page);
    const reference = chapterNotebook('queries-keys-values', (nb) => nb.setEntry('E', 0, 0, -3));
    const q = reference.value('Q') as Matrix;
    expect(await shownValue(page, 'Q', 0, 0)).toBeCloseTo(q.get(0, 0), 9);
    const shapes = page.locator('nb-equation[data-cell="Q"] [data-shape-of="Q"] .nb-shape');
    const before = await shapes.textContent();
    // A slider that reshapes: the grids are rebuilt and the equation's shapes rewritten.
    await page.locator('nb-scalar[data-cell="n"] input[type="range"]').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => shapes.textContent(), SLOW).not.toBe(before);
    await settle(page);
    await current(page);
    expect(await expectHeatmapsColoured(page)).toBeGreaterThan(scoresBefore);
    await expectFormulasLaidOut(page);

    const stepbar = page.locator('.nb-stepbar');
    await page.getByRole('button', { name: 'Step mode' }).click();
    await expect.poll(() => stepbar.isVisible()).toBe(true);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.locator('.nb-stepbar-status').textContent()).toMatch(/^Step 2 /);
    await page.keyboard.press('Escape');
    await expect.poll(() => stepbar.isVisible()).toBe(false);

    const dialog = page.getByRole('dialog');
    await page.getByRole('button', { name: 'Export code' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.locator('[data-code="numpy"]').textContent()).toMatch(/import numpy/);
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expectClean(w);
    await w.context.close();
  });

  it('the word explorer paints its similarity bars, the analogy worker runs, and swatches take their colours, with no violation', async () => {
    const w = await openWithPolicy();
    const page = w.page;
    await page.goto(`${site.server.url}/chapters/real-embeddings/`);
    const explorer = page.locator('wv-explorer').first();
    await explorer.scrollIntoViewIfNeeded();
    const input = explorer.locator('input[name="expression"]');
    // The vectors load when the reader first uses the explorer.
    await input.focus();
    await expect.poll(() => explorer.getAttribute('data-vectors'), SLOW).toBe('ready');
    await input.fill('paris - france + italy');
    await input.press('Enter');
    await expect
      .poll(() => explorer.getAttribute('data-result-for'), SLOW)
      .toBe('paris - france + italy');
    // Each bar is as wide as its cosine: a row of cosine c has a bar of c × the cell's width.
    const bars = await explorer
      .locator('.wv-result[data-space="real"] .wv-cos')
      .evaluateAll((tds) =>
        tds.map((td) => ({
          similarity: Number(td.getAttribute('data-similarity')),
          ratio:
            td.querySelector('.wv-bar')!.getBoundingClientRect().width /
            td.getBoundingClientRect().width,
        })),
      );
    expect(bars.length).toBeGreaterThan(0);
    for (const b of bars) expect(b.ratio).toBeCloseTo(Math.max(0, Math.min(1, b.similarity)), 1);

    // The analogy test's worker starts and reports progress under the policy.
    const bench = page.locator('wv-benchmark');
    await bench.getByRole('button', { name: 'Run the test in this page' }).click();
    await expect
      .poll(() => bench.locator('progress').evaluate((p: HTMLProgressElement) => p.value), SLOW)
      .toBeGreaterThan(0);
    await bench.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => bench.getAttribute('data-state'), SLOW).toBe('cancelled');

    await page.goto(`${site.server.url}/chapters/text-to-vectors/`);
    const swatch = page.locator('nb-swatch[data-cell="colour"]');
    await swatch.scrollIntoViewIfNeeded();
    const colour = () =>
      swatch.locator('.nb-swatch-box').evaluate((el) => getComputedStyle(el).backgroundColor);
    const red = swatch.locator('input[aria-label="colour row 1 column 1"]');
    await red.fill('1');
    await red.press('Enter');
    const green = swatch.locator('input[aria-label="colour row 1 column 2"]');
    await green.fill('0');
    await green.press('Enter');
    const blue = swatch.locator('input[aria-label="colour row 1 column 3"]');
    await blue.fill('0');
    await blue.press('Enter');
    await expect.poll(colour, SLOW).toBe('rgb(255, 0, 0)');
    await expectClean(w);
    await w.context.close();
  });

  it('with JavaScript off, the built page alone has coloured heatmaps and typeset formulas', async () => {
    const w = await openWithPolicy({ javaScriptEnabled: false });
    await w.page.goto(`${site.server.url}/chapters/softmax/`);
    expect(await expectHeatmapsColoured(w.page)).toBeGreaterThan(0);
    expect(await expectFormulasLaidOut(w.page, false)).toBeGreaterThan(0);
    expect(w.cspMessages).toEqual([]);
    expect(w.problems).toEqual([]);
    await w.context.close();
  });
});
