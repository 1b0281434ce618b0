/**
 * Interleaved A/B runs of a stylesheet change against the built site, on the chapters
 * whose frames cost the most: does the change shrink the style, layout and paint of an
 * edit's frame? Each round opens each chapter twice, once as built (A) and once with the
 * candidate rules added (B), in an order that alternates from round to round, and times
 * edits as `bench/browser.ts` does. A busy moment then falls on both variants alike.
 *
 *   npm run build && node bench/paint-ab.ts [rounds]
 *
 * Candidates are listed below; the figures in docs/performance.md say which were kept.
 */
import { launch, openPage, serveDist } from '../tests/browser/harness.ts';
import { helpers, measure, pct } from './browser.ts';

const CHAPTERS = ['/chapters/masking/', '/chapters/multi-head-attention/'];
const EDITS = 40;

export const CANDIDATES: Record<string, string> = {
  // Row labels are sticky so a wide grid keeps them in view when scrolled sideways; every
  // sticky label is a positioned layer of its own that each frame's paint, layering and
  // commit walk, on every grid. Only a grid that does scroll sideways needs them.
  'sticky labels only where a grid scrolls': `
    .nb-scroll { container-type: scroll-state; }
    .nb-grid th[scope='row'], .nb-grid thead tr > :first-child { position: static; }
    @container scroll-state(scrollable: inline) {
      .nb-grid th[scope='row'], .nb-grid thead tr > :first-child { position: sticky; }
    }`,
  // Grids: a grid's layout and paint stay inside it.
  'contain grids': '.nb-scroll { contain: layout paint; }',
  // Prose far from the viewport skips style, layout and paint, as the widgets already do.
  'content-visibility prose':
    'article > p, article > ul, article > ol, article > aside, .katex-display { content-visibility: auto; contain-intrinsic-size: auto 3rem; }',
};

/** Adds `css` to every page of the context before it renders (a constructed stylesheet). */
export const withCss = (css: string): string => `
  document.addEventListener('DOMContentLoaded', () => {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(${JSON.stringify(css)});
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  });
`;

async function main(): Promise<void> {
  const rounds = Number(process.argv[2] ?? 4);
  const only = process.env['AB_CANDIDATE'];
  const server = await serveDist();
  const browser = await launch();
  const lines: string[] = [];
  try {
    for (const [name, css] of Object.entries(CANDIDATES)) {
      if (only && !name.includes(only)) continue;
      for (const path of CHAPTERS) {
        const runs: Record<'A' | 'B', { render: number[]; work: number[] }> = {
          A: { render: [], work: [] },
          B: { render: [], work: [] },
        };
        for (let r = 0; r < rounds; r++) {
          const order: ('A' | 'B')[] = r % 2 === 0 ? ['A', 'B'] : ['B', 'A'];
          for (const v of order) {
            const w = await openPage(browser, server.url);
            await w.page.addInitScript({ content: helpers });
            if (v === 'B') await w.page.addInitScript({ content: withCss(css) });
            await w.page.goto(server.url + path);
            const m = await measure(w.page, EDITS);
            runs[v].render.push(pct(m.render, 50));
            runs[v].work.push(pct(m.work, 95));
            await w.context.close();
          }
        }
        const med = (xs: number[]) => pct(xs, 50).toFixed(1);
        const line = `| ${name} | ${path} | ${med(runs.A.render)} → ${med(runs.B.render)} ms | ${med(runs.A.work)} → ${med(runs.B.work)} ms |`;
        lines.push(line);
        console.log(line);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(
    `\n${rounds} interleaved rounds of ${EDITS} edits per variant; medians over rounds.\n\n| candidate | chapter | render p50, A → B | work p95, A → B |\n|---|---|---:|---:|\n${lines.join('\n')}`,
  );
}

if (import.meta.main) await main();
