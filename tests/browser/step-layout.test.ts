/**
 * Step mode on a projector: every step of every chapter in dist/ (chapters added later
 * are walked too), at 1920×1080 in projector mode and at 1280×800 with and without it. On each
 * step the widget being taught is whole on the screen, between the strip of inputs and
 * the step bar, and each cell that flows directly into it is in view, where it is on the
 * page or as a live copy in the strip. The bar and the labels name cells by the symbols
 * the page writes (typeset TeX), never by their code names.
 */
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DIST, WAIT, afterFrames, openPage } from './harness.ts';
import { useSite } from './fixtures.ts';
import { Notebook } from '../../src/notebook/notebook.ts';
import { deserialise } from '../../src/notebook/serialise.ts';
import { symbolTex } from '../../src/notebook/tex.ts';

const site = useSite();

const CHAPTERS = existsSync(join(DIST, 'chapters'))
  ? readdirSync(join(DIST, 'chapters')).filter((id) =>
      existsSync(join(DIST, 'chapters', id, 'index.html')),
    )
  : [];

const SCREENS = [
  { name: '1920×1080, projector mode', viewport: { width: 1920, height: 1080 }, projector: true },
  { name: '1280×800', viewport: { width: 1280, height: 800 }, projector: false },
  // A room's older projector: its text enlarged on a smaller screen.
  { name: '1280×800, projector mode', viewport: { width: 1280, height: 800 }, projector: true },
] as const;

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** What one step shows, measured in the page. */
interface Shown {
  step: number;
  cells: string[];
  main: Box | null;
  free: Box;
  viewport: { width: number; height: number };
  /** For each cell on the page: the boxes of its visible widgets, and of its copy in the strip. */
  widgets: Record<string, Box[]>;
  copies: Record<string, Box>;
  /** The TeX the bar typesets after "Step n of m:", and the bar's text without it. */
  barTex: string[];
  barText: string;
  labels: string[];
  /** Cells with a widget of their own before the step's widget (the ones that can be shown). */
  before: string[];
}

async function measure(page: Page): Promise<Shown> {
  return page.evaluate(() => {
    const box = (el: Element): Box => {
      const r = el.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right };
    };
    const visible = (el: Element): boolean => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && el.checkVisibility({ visibilityProperty: true });
    };
    const bar = document.querySelector('.nb-stepbar')!;
    const strip = document.querySelector<HTMLElement>('.nb-step-inputs');
    const top = strip && !strip.hidden ? strip.getBoundingClientRect().bottom : 0;
    const status = bar.querySelector<HTMLElement>('.nb-stepbar-status')!;
    const widgets: Record<string, Box[]> = {};
    for (const w of document.querySelectorAll<HTMLElement>('article [data-cell]')) {
      if (!visible(w)) continue;
      (widgets[w.dataset['cell']!] ??= []).push(box(w));
    }
    const copies: Record<string, Box> = {};
    for (const c of document.querySelectorAll<HTMLElement>('.nb-step-inputs [data-cell]'))
      if (visible(c)) copies[c.dataset['cell']!] = box(c);
    const main = document.querySelector('.nb-step-main');
    const before = [...document.querySelectorAll<HTMLElement>('article [data-cell]')]
      .filter(
        (w) =>
          !w.parentElement?.closest('[data-cell]') &&
          !w.classList.contains('nb-step-current') &&
          main !== null &&
          (w.compareDocumentPosition(main) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0,
      )
      .map((w) => w.dataset['cell']!);
    return {
      before,
      step: Number(status.dataset['step']),
      cells: [
        ...new Set(
          [...document.querySelectorAll<HTMLElement>('.nb-step-current')].map(
            (w) => w.dataset['cell']!,
          ),
        ),
      ],
      main: main && visible(main) ? box(main) : null,
      free: { top, bottom: bar.getBoundingClientRect().top, left: 0, right: innerWidth },
      viewport: { width: innerWidth, height: innerHeight },
      widgets,
      copies,
      barTex: [...status.querySelectorAll('annotation')].map((a) => a.textContent ?? ''),
      barText: (() => {
        const copy = status.cloneNode(true) as Element;
        copy.querySelectorAll('.katex').forEach((k) => k.remove());
        return copy.textContent ?? '';
      })(),
      labels: [...document.querySelectorAll('.nb-flow-label, .nb-input-copy figcaption')].map(
        (l) => l.textContent ?? '',
      ),
    };
  }) as Promise<Shown>;
}

/** Within `free`, to a pixel (a border may round). */
const inside = (b: Box, free: Box): boolean =>
  b.top >= free.top - 1 && b.bottom <= free.bottom + 1 && b.left >= -1 && b.right <= free.right + 1;

/**
 * The cells that flow directly into `cells`: what their formulas read, skipping cells of
 * the same step, and passing through a cell that the page has not shown yet (d_k, or a
 * matrix shown only further on) to what flows into it.
 */
function directInputs(nb: Notebook, cells: string[], shown: Set<string>): Set<string> {
  const out = new Set<string>();
  const visit = (dep: string, seen: Set<string>): void => {
    if (seen.has(dep) || cells.includes(dep)) return;
    seen.add(dep);
    if (shown.has(dep) || nb.dependencies(dep).length === 0) out.add(dep);
    else for (const d of nb.dependencies(dep)) visit(d, seen);
  };
  for (const c of cells) for (const d of nb.dependencies(c)) visit(d, new Set());
  return out;
}

describe('step mode lays out every step for a room', () => {
  it('finds the chapters in dist/', () => {
    expect(CHAPTERS.length).toBeGreaterThan(0);
  });

  for (const screen of SCREENS) {
    for (const id of CHAPTERS) {
      it(`${id} at ${screen.name}`, async () => {
        const w = await openPage(site.browser, site.server.url, { viewport: screen.viewport });
        await w.page.emulateMedia({ reducedMotion: 'reduce' });
        if (screen.projector)
          await w.context.addInitScript(() =>
            localStorage.setItem('attention-step-by-step:projector', '1'),
          );
        await w.page.goto(`${site.server.url}/chapters/${id}/`);
        const data = await w.page.locator('#nb-data').textContent();
        if (!data) {
          await w.context.close();
          return;
        }
        if (screen.projector)
          expect(
            await w.page.evaluate(() => document.documentElement.hasAttribute('data-projector')),
          ).toBe(true);
        const nb = new Notebook(deserialise(data));
        const tex = (c: string): string => nb.cells.get(c)?.tex ?? symbolTex(c);
        await w.page.getByRole('button', { name: 'Step mode' }).click();
        const count = Number(
          /of (\d+)/.exec((await w.page.locator('.nb-stepbar-status').textContent()) ?? '')?.[1],
        );
        expect(count).toBeGreaterThan(0);
        const problems: string[] = [];
        for (let k = 1; k <= count; k++) {
          // A widget with steps of its own (the code walk-through) takes "next" first, line
          // by line, and hands it on to the page after its last line.
          for (let press = 0; k > 1 && press < 60; press++) {
            await w.page.locator('.nb-stepbar [data-action="next"]').click();
            const at = await w.page
              .locator('.nb-stepbar-status')
              .evaluate((el) => (el as HTMLElement).dataset['step']);
            if (at === String(k)) break;
          }
          await w.page.waitForFunction(
            (n) =>
              document.querySelector<HTMLElement>('.nb-stepbar-status')?.dataset['step'] ===
              String(n),
            k,
            WAIT,
          );
          await afterFrames(w.page, 3);
          const s = await measure(w.page);
          const where = `${id}, step ${k} (${s.cells.join(', ')})`;
          expect(new URL(w.page.url()).searchParams.get('step'), where).toBe(String(k));
          // The bar names the step's cells by their symbols, typeset, never by code names.
          expect(s.barTex, where).toEqual(s.cells.map(tex));
          expect(s.barText, `${where}: only typeset symbols name cells`).toMatch(
            /^Step \d+ of \d+: (, )*$/,
          );
          if (!s.main || !inside(s.main, s.free))
            problems.push(
              `${where}: the widget is not whole between the strip and the bar (${JSON.stringify(s.main)} in ${JSON.stringify(s.free)})`,
            );
          for (const dep of directInputs(nb, s.cells, new Set(s.before))) {
            const seen =
              (s.widgets[dep] ?? []).some((b) => inside(b, s.free)) ||
              (s.copies[dep] !== undefined &&
                inside(s.copies[dep], { ...s.free, top: 0, bottom: s.free.top }));
            if (!seen) problems.push(`${where}: its input ${dep} is not in view`);
          }
        }
        expect(problems).toEqual([]);
        expect(w.problems).toEqual([]);
        expect(w.outside).toEqual([]);
        await w.context.close();
      }, 300_000);
    }
  }
});
