/**
 * Each chapter loads the code of the widgets it shows, and no other, in Debian's Chromium
 * against the built site: every widget tag on the page is defined once its scripts have
 * run, and nothing moves as they upgrade (layout shift under 0.1); a component's script
 * is fetched exactly when the page has its tag; the JavaScript the page declares (its
 * module scripts and their preloaded chunks) is within the 100 KB (gzipped) budget and is
 * all the script it fetched before any plot or parser.
 * And KaTeX's two preloaded fonts are the files the formulas use: fetched once, by the
 * preload, and loaded as faces (a preload that went unused, or that the stylesheet
 * fetched a second time, fails here).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DIST, WAIT, afterFrames, openPage } from './harness.ts';
import { useSite } from './fixtures.ts';

const BUDGET_KB = 100;
const site = useSite();
const CHAPTERS = readdirSync(join(DIST, 'chapters')).sort();
const COMPONENTS = join(import.meta.dirname, '../../src/components/mdx');

/** Component name → the element its script defines, read from the components themselves. */
const DEFINES = new Map(
  readdirSync(COMPONENTS)
    .filter((f) => f.endsWith('.astro'))
    .flatMap((f) => {
      const m = /define\('([a-z]+-[a-z-]+)'/.exec(readFileSync(join(COMPONENTS, f), 'utf8'));
      return m ? [[f.replace(/\.astro$/, ''), m[1]!] as const] : [];
    }),
);
/** Components that may render without their element, and how to tell they are on a page. */
const OPTIONAL_ELEMENT: Record<string, string> = { Try: 'aside.try' };
/** The component whose script a URL is, if it is one (`/_astro/Matrix.astro_astro_type_script…`). */
const componentOf = (url: string): string | null =>
  /\/_astro\/([A-Za-z]+)\.astro_astro_type_script/.exec(url)?.[1] ?? null;
const gzipKB = (path: string): number =>
  gzipSync(readFileSync(join(DIST, path)), { level: 9 }).length / 1024;
/** Scripts that load later by design: plots, the formula parser, the live session. */
const later = (u: string): boolean =>
  u.endsWith('/sw.js') ||
  /\/_astro\/(parse|live|core|cartesian|scatter|scatter3d|heatmap|bar|axis_defaults|domain|marker_colorbar|arrays_to_calcdata|format_labels)\.[\w-]+\.js$/.test(
    u,
  );

describe('widget scripts per page', () => {
  it('knows every widget component (each defines its element)', () => {
    expect([...DEFINES.values()]).toEqual(
      expect.arrayContaining(['nb-matrix', 'nb-equation', 'nb-plot', 'wv-explorer', 'nb-code']),
    );
    expect(DEFINES.size).toBeGreaterThanOrEqual(22);
  });

  it.each(CHAPTERS)(
    '%s: defines every widget it shows, fetches only their scripts, within the budget',
    async (chapter) => {
      const path = `/chapters/${chapter}/`;
      const html = readFileSync(join(DIST, 'chapters', chapter, 'index.html'), 'utf8');
      const head = html.slice(0, html.indexOf('</head>'));
      const declared = [
        ...head.matchAll(/<(?:script\b[^>]*\bsrc|link rel="modulepreload" href)="([^"]+)"/g),
      ].map((m) => m[1]!);
      const w = await openPage(site.browser, site.server.url);
      const requested: string[] = [];
      w.page.on('request', (r) => {
        if (r.url().endsWith('.js')) requested.push(new URL(r.url()).pathname);
      });
      await w.page.addInitScript(() => {
        const w = window as unknown as { shift: number };
        w.shift = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as unknown as {
            value: number;
            hadRecentInput: boolean;
          }[])
            if (!e.hadRecentInput) w.shift += e.value;
        }).observe({ type: 'layout-shift', buffered: true });
      });
      await w.page.goto(site.server.url + path);
      // Every custom element on the page is defined (and its toolbar is up).
      const tags = await w.page.evaluate(() => [
        ...new Set(
          [...document.querySelectorAll('*')]
            .map((el) => el.localName)
            .filter((n) => /^(nb|wv)-/.test(n)),
        ),
      ]);
      await w.page.waitForFunction(
        (names) => names.every((n) => customElements.get(n) !== undefined),
        tags,
        WAIT,
      );
      await expect
        .poll(() => w.page.locator('nb-toolbar').getAttribute('data-ready'), WAIT)
        .toBe('1');
      await w.page.waitForLoadState('networkidle');
      await w.page.evaluate(() => document.fonts.ready.then(() => null));
      await afterFrames(w.page);
      // The widgets upgrade over the numbers the build wrote: the page does not jump.
      const shift = await w.page.evaluate(() => (window as unknown as { shift: number }).shift);
      expect(shift, 'cumulative layout shift while the page loads').toBeLessThan(0.1);

      // A component's script is fetched exactly when the page shows the component: its
      // element, or (a prompt without a button) the component's own markup.
      const fetched = new Set(requested.map(componentOf).filter((c): c is string => !!c));
      const without = await w.page.evaluate(
        (marks) => Object.keys(marks).filter((c) => document.querySelector(marks[c]!)),
        OPTIONAL_ELEMENT,
      );
      for (const [component, tag] of DEFINES)
        expect(fetched.has(component), `${component} (<${tag}>)`).toBe(
          tags.includes(tag) || without.includes(component),
        );
      // No script in the body: the build moved them all into the head.
      expect(html.slice(html.indexOf('</head>'))).not.toMatch(/<script type="module"/);
      // What the page fetched before any plot is what its head declares, and that is light.
      const early = requested.filter((u) => !later(u));
      expect(new Set(early)).toEqual(new Set(declared));
      const kb = declared.reduce((a, u) => a + gzipKB(u), 0);
      expect(kb, `${path}: ${kb.toFixed(1)} KB`).toBeLessThan(BUDGET_KB);
      expect(w.problems).toEqual([]);
      expect(w.outside).toEqual([]);
      await w.context.close();
    },
  );
});

describe('KaTeX fonts preloaded on chapter pages', () => {
  it.each(['masking', 'text-to-vectors'])(
    '%s opened at an anchor: the two preloaded fonts are the ones its formulas load, each fetched once',
    async (chapter) => {
      const html = readFileSync(join(DIST, 'chapters', chapter, 'index.html'), 'utf8');
      const preloads = [
        ...html.matchAll(
          /<link rel="preload" href="([^"]+)" as="font" type="font\/woff2" crossorigin>/g,
        ),
      ].map((m) => m[1]!);
      expect(preloads.map((u) => u.replace(/^.*\/(KaTeX_[\w-]+)\.[\w-]+\.woff2$/, '$1'))).toEqual([
        'KaTeX_Main-Regular',
        'KaTeX_Math-Italic',
      ]);
      const anchor = /<h2 id="([^"]+)"/g;
      anchor.exec(html);
      const second = anchor.exec(html)![1]!;
      const w = await openPage(site.browser, site.server.url);
      await w.page.goto(`${site.server.url}/chapters/${chapter}/#${second}`);
      await w.page.evaluate(() => document.fonts.ready.then(() => null));
      const fonts = await w.page.evaluate(() => ({
        faces: [...document.fonts]
          .filter((f) => f.status === 'loaded')
          .map((f) => `${f.family} ${f.style}`),
        fetches: performance
          .getEntriesByType('resource')
          .filter((e) => e.name.endsWith('.woff2'))
          .map((e) => ({
            path: new URL(e.name).pathname,
            by: (e as PerformanceResourceTiming).initiatorType,
          })),
      }));
      expect(fonts.faces).toEqual(
        expect.arrayContaining(['KaTeX_Main normal', 'KaTeX_Math italic']),
      );
      for (const url of preloads)
        expect(fonts.fetches.filter((f) => f.path === url)).toEqual([{ path: url, by: 'link' }]);
      expect(w.problems).toEqual([]);
      expect(w.warnings.filter((t) => /preload/i.test(t))).toEqual([]);
      await w.context.close();
    },
  );
});
