/**
 * Edit-to-paint in Chromium, for every chapter page at its default sizes and, for a page
 * with sliders, again at the largest sizes they allow: a reader's edit of an input entry,
 * measured inside the page.
 *
 * - script: from the edit to the DOM updated (our code only).
 * - render: the browser's style, layout and paint of the frame that shows the edit, timed
 *   from that frame's animation callback to the first task after the frame.
 * - work: script + render, the main-thread time the edit costs; the target is that it fits
 *   a 60 Hz frame (16 ms) at the 95th percentile.
 * - next paint: from the edit to just after the next frame is painted, which also includes
 *   waiting for the display's next frame (up to 16.7 ms at 60 Hz).
 * - all current: from the edit until no widget is pending, that is until the grids far
 *   from the viewport (repainted in idle time, not in the edit's frame) have caught up.
 *
 * A machine shared with other work makes every figure slower, so each chapter is measured
 * right after a trivial reference page (one small grid of inputs, one slider, served by
 * this benchmark only) in the same browser, and its figures are also given as ratios to
 * that page's: a ratio tells a slow page from a busy machine.
 *
 * Each edit is made where a reader makes it: the field or slider is scrolled to the middle
 * of the viewport first, and the page left to settle.
 */
import type { Page } from 'playwright-core';
import { launch, openPage, serveDist } from '../tests/browser/harness.ts';
import { measureWeights } from './weight.ts';

const EDITS = 120;
/** Edits and moves on the reference page before each chapter. */
const REFERENCE_EDITS = 60;
/** Where the reference page is served: not a page of the site, and not in dist/. */
export const REFERENCE_PATH = '/__bench/reference/';

/**
 * The reference page: nine inputs and a slider, each edit writing one number, in the site's
 * kind of markup (an editable nb-matrix, an nb-scalar) so the measuring code finds them.
 */
export const REFERENCE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Reference</title></head>
<body><main>
<nb-matrix data-editable="true"><table><tbody>${[0, 1, 2]
  .map(
    (i) =>
      `<tr>${[0, 1, 2].map((j) => `<td><input class="nb-entry" aria-label="r${i}c${j}" value="0"></td>`).join('')}</tr>`,
  )
  .join('')}</tbody></table></nb-matrix>
<p>Sum: <output id="sum">0</output></p>
<nb-scalar data-cell="x"><input type="range" min="0" max="10" step="1" value="0" aria-label="x"> <output id="x">0</output></nb-scalar>
<script>
addEventListener('input', (e) => {
  if (e.target.type === 'range') document.getElementById('x').textContent = e.target.value;
  else document.getElementById('sum').textContent = String(
    [...document.querySelectorAll('input.nb-entry')].reduce((a, i) => a + Number(i.value), 0));
});
</script>
</main></body></html>`;
/** Moves per slider: enough that the 95th percentile is not simply the slowest move. */
const MOVES = 60;
export const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

interface Timed {
  script: number[];
  render: number[];
  /** script + render, edit by edit. */
  work: number[];
  paint: number[];
  current: number[];
}
interface Measured extends Timed {
  inputs: number;
  nextFrame: number;
}

const ratio = (a: number, b: number): string => (b > 0 ? `${(a / b).toFixed(1)}×` : '–');

const row = (label: string, r: Measured, ref: Timed): string =>
  `| ${label} | ${r.inputs} | ${pct(r.work, 50).toFixed(1)} ms | ${pct(r.work, 95).toFixed(1)} ms | ${ratio(pct(r.work, 95), pct(ref.work, 95))} | ${pct(r.render, 50).toFixed(1)} ms | ${pct(r.render, 95).toFixed(1)} ms | ${pct(r.paint, 50).toFixed(1)} ms | ${pct(r.paint, 95).toFixed(1)} ms | ${ratio(pct(r.paint, 95), pct(ref.paint, 95))} | ${r.nextFrame}/${r.work.length} | ${pct(r.current, 95).toFixed(0)} ms |\n`;

/**
 * In the page: scrolls `el` to the middle of the viewport and waits until the page is
 * quiet (nothing pending, two frames drawn); returns a function that resolves, polled
 * every millisecond or so, with the time at which nothing is pending any more.
 */
export const helpers = `
  window.__quiet = async (el) => {
    el.scrollIntoView({ block: 'center' });
    for (let k = 0; k < 2 || document.querySelector('[data-pending]'); k++)
      await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
  };
  window.__current = async () => {
    while (document.querySelector('[data-pending]')) await new Promise((ok) => setTimeout(ok, 1));
    return performance.now();
  };
  /* The frame after a change: resolves with [its animation callback, the first task after
     it], so the second minus the first is that frame's style, layout and paint. */
  window.__frame = () =>
    new Promise((ok) =>
      requestAnimationFrame(() => {
        const start = performance.now();
        const ch = new MessageChannel();
        ch.port1.onmessage = () => ok([start, performance.now()]);
        ch.port2.postMessage(0);
      }),
    );
  /* Move k of slider \`input\`, from a quiet page: to its maximum on even k, else to a value
     below it, a different one each time (one step below, then two, and so on, as a reader
     drags). Marked "move" and "moved" for a trace. Resolves with the move's start, the
     time our script took, and the frame that shows it. */
  window.__move = async (input, k) => {
    const max = Number(input.max);
    const stride = Number(input.step) || 1;
    const span = Math.max(1, Math.floor((max - Number(input.min)) / stride));
    await window.__quiet(input);
    await window.__frame();
    performance.mark('move');
    const t0 = performance.now();
    input.value = String(k % 2 === 0 ? max : max - stride * (1 + ((k >> 1) % span)));
    input.dispatchEvent(new Event('input', { bubbles: true }));
    await Promise.resolve();
    await new Promise((ok) => queueMicrotask(ok));
    const script = performance.now() - t0;
    const [start, painted] = await window.__frame();
    performance.mark('moved');
    return { t0, script, start, painted };
  };
`;
export interface BenchWindow {
  __quiet: (el: Element) => Promise<void>;
  __current: () => Promise<number>;
  __frame: () => Promise<[number, number]>;
  __move: (
    input: HTMLInputElement,
    k: number,
  ) => Promise<{ t0: number; script: number; start: number; painted: number }>;
}

/** `edits` random edits of the page's input entries, each timed to work and to paint. */
export function measure(page: Page, edits = EDITS, seed = 7): Promise<Measured> {
  return page.evaluate(
    async ([edits, seed0]) => {
      let seed = seed0;
      const inputs = [
        ...document.querySelectorAll<HTMLInputElement>(
          'nb-matrix[data-editable="true"] input.nb-entry',
        ),
      ];
      const w = window as unknown as BenchWindow;
      const out = {
        script: [] as number[],
        render: [] as number[],
        work: [] as number[],
        paint: [] as number[],
        current: [] as number[],
        inputs: inputs.length,
        nextFrame: 0,
      };
      const rand = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
      for (let k = 0; k < edits && inputs.length > 0; k++) {
        const input = inputs[Math.floor(rand() * inputs.length)]!;
        await w.__quiet(input); // start each edit from a quiet page, the field in view
        await w.__frame();
        await new Promise((ok) => setTimeout(ok, rand() * 16));
        const t0 = performance.now();
        input.value = (rand() * 2 - 1).toFixed(3);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await Promise.resolve(); // the notebook applies a lone edit at the end of the task
        await new Promise<void>((ok) => queueMicrotask(ok));
        const script = performance.now() - t0;
        const [frameStart, painted] = await w.__frame();
        out.script.push(script);
        out.render.push(painted - frameStart);
        out.work.push(script + painted - frameStart);
        out.paint.push(painted - t0);
        if (painted - t0 < 1000 / 60 + 8) out.nextFrame++;
        out.current.push((await w.__current()) - t0);
      }
      return out;
    },
    [edits, seed] as const,
  );
}

/**
 * Each slider moved `moves` times, back and forth between its largest value and a value
 * below it, a different one each time (one step below, then two, and so on, as a reader
 * drags): a move reshapes matrices, so grids gain or lose rows and columns, plots redraw,
 * and a seed slider draws numbers not drawn before. Timed like an edit (script, render,
 * work, next paint) and to all current. Plots are loaded first (scrolled past), so their
 * redraws are counted.
 */
function measureSliders(
  page: Page,
  moves = MOVES,
  only: string[] = [],
): Promise<(Timed & { cell: string })[]> {
  return page.evaluate(
    async ([moves, only]) => {
      const w = window as unknown as BenchWindow;
      const step = window.innerHeight * 0.8;
      for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
        window.scrollTo(0, y);
        await new Promise((ok) => setTimeout(ok, 30));
      }
      await new Promise((ok) => setTimeout(ok, 1500));
      const out: (Timed & { cell: string })[] = [];
      for (const input of document.querySelectorAll<HTMLInputElement>(
        'nb-scalar input[type="range"]',
      )) {
        const named = input.closest('nb-scalar')?.getAttribute('data-cell') ?? '';
        if (only.length > 0 && !only.includes(named)) continue;
        const t: Timed & { cell: string } = {
          cell: input.closest('nb-scalar')?.getAttribute('data-cell') ?? '?',
          script: [],
          render: [],
          work: [],
          paint: [],
          current: [],
        };
        for (let k = 0; k < moves; k++) {
          const { t0, script, start, painted } = await w.__move(input, k);
          t.script.push(script);
          t.render.push(painted - start);
          t.work.push(script + painted - start);
          t.paint.push(painted - t0);
          t.current.push((await w.__current()) - t0);
        }
        out.push(t);
      }
      return out;
    },
    [moves, only] as const,
  );
}

/** The reference page, open beside a chapter for the whole of its measurement. */
async function openReference(browser: Awaited<ReturnType<typeof launch>>, url: string) {
  const w = await openPage(browser, url);
  await w.page.route(`${url}${REFERENCE_PATH}`, (route) =>
    route.fulfill({ contentType: 'text/html; charset=utf-8', body: REFERENCE_HTML }),
  );
  await w.page.addInitScript({ content: helpers });
  await w.page.goto(url + REFERENCE_PATH);
  return w;
}

/** Batches of edits on the chapter and on the reference page, taken in turns. */
const BATCHES = 6;
async function interleaved(page: Page, ref: Page): Promise<{ page: Measured; ref: Measured }> {
  const merge = (a: Measured | undefined, b: Measured): Measured =>
    a
      ? {
          script: [...a.script, ...b.script],
          render: [...a.render, ...b.render],
          work: [...a.work, ...b.work],
          paint: [...a.paint, ...b.paint],
          current: [...a.current, ...b.current],
          inputs: b.inputs,
          nextFrame: a.nextFrame + b.nextFrame,
        }
      : b;
  let mine: Measured | undefined;
  let theirs: Measured | undefined;
  for (let k = 0; k < BATCHES; k++) {
    mine = merge(mine, await measure(page, EDITS / BATCHES, 7 + k));
    theirs = merge(theirs, await measure(ref, REFERENCE_EDITS / BATCHES, 7 + k));
  }
  return { page: mine!, ref: theirs! };
}

const sliderRow = (path: string, m: Timed & { cell: string }, ref: Timed): string =>
  `| ${path} | ${m.cell} | ${pct(m.work, 50).toFixed(1)} ms | ${pct(m.work, 95).toFixed(1)} ms | ${ratio(pct(m.work, 95), pct(ref.work, 95))} | ${pct(m.render, 95).toFixed(1)} ms | ${pct(m.paint, 95).toFixed(1)} ms | ${ratio(pct(m.paint, 95), pct(ref.paint, 95))} | ${pct(m.current, 95).toFixed(0)} ms |\n`;

export async function run(): Promise<string> {
  // `BENCH_DIST=/tmp/dist-before` measures another build of the site (one kept from before
  // a change, say); `BENCH_SLIDERS=n_s,d_pe` moves only the sliders named.
  const server = await serveDist(process.env['BENCH_DIST'] || undefined);
  const onlySliders = process.env['BENCH_SLIDERS']?.split(',').filter(Boolean) ?? [];
  const browser = await launch();
  const pages = measureWeights()
    .map((w) => w.page)
    .filter((p) => p.startsWith('/chapters/'))
    // `BENCH_PAGES=scores,softmax npm run bench -- edit` measures only those chapters.
    .filter(
      (p) =>
        !process.env['BENCH_PAGES'] ||
        process.env['BENCH_PAGES'].split(',').some((s) => p.includes(s)),
    );
  let md =
    '## Edit to paint in Chromium\n\n' +
    `${EDITS} edits per chapter, each to a random entry of a random input matrix, measured in the page ` +
    '(headless Chromium, 60 Hz frames); a chapter with sliders is measured again with every slider at its ' +
    'maximum. Each edit is made with its field in the middle of the viewport. **work** is the main-thread ' +
    'time of the edit: our script, then the style, layout and paint of the frame that shows it (from that ' +
    "frame's animation callback to the first task after it); **render** is that second part alone. " +
    '**next paint** is from the edit to just after that frame, which also waits for the display (up to ' +
    '16.7 ms). Target: work within 16 ms at the 95th percentile, and every edit painted in the first ' +
    'frame after it. Widgets more than a screen away from the viewport repaint in idle time after that ' +
    'frame; "all current" is when the last of them has.\n\n' +
    'Beside each chapter the same browser keeps a trivial reference page open (nine inputs and a slider; ' +
    `served by the benchmark only) and edits it in turns with the chapter (${BATCHES} batches of ${EDITS / BATCHES} ` +
    `chapter edits, each followed by ${REFERENCE_EDITS / BATCHES} reference edits; its slider is moved ${REFERENCE_EDITS / 2} times ` +
    "before the chapter's sliders and as many after): \"× ref\" is the chapter's p95 over that page's, " +
    'which a busy machine slows as much as the chapter, so the ratio tells a slow page from a busy machine.\n\n' +
    '| chapter | inputs | work p50 | work p95 | × ref | render p50 | render p95 | next paint p50 | next paint p95 | × ref | painted in next frame | all current p95 |\n' +
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n';
  let sliderRows = '';
  const refs: { edit: Measured; slider: Timed }[] = [];
  // The worst 95th percentiles, for the verdict below the tables.
  const worstEdit = { p95: 0, where: '' };
  const worstSlider = { p95: 0, where: '' };
  const note = (worst: { p95: number; where: string }, p95: number, where: string) => {
    if (p95 > worst.p95) Object.assign(worst, { p95, where });
  };
  try {
    for (const path of pages) {
      const refPage = await openReference(browser, server.url);
      const refSliderBefore = (await measureSliders(refPage.page, REFERENCE_EDITS / 2))[0]!;
      const w = await openPage(browser, server.url);
      await w.page.addInitScript({ content: helpers });
      await w.page.goto(server.url + path);
      await w.page.waitForLoadState('load');
      const { page: plain, ref: refPlain } = await interleaved(w.page, refPage.page);
      note(worstEdit, pct(plain.work, 95), path);
      md += row(path, plain, refPlain);
      // Every slider to its maximum (the largest matrices the page can show), then again.
      const sliders = await w.page.evaluate(async () => {
        const ranges = [
          ...document.querySelectorAll<HTMLInputElement>('nb-scalar input[type="range"]'),
        ];
        for (const r of ranges) {
          r.value = r.max;
          r.dispatchEvent(new Event('input', { bubbles: true }));
        }
        await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
        return ranges.map(
          (r) => `${r.closest('nb-scalar')?.getAttribute('data-cell')} = ${r.value}`,
        );
      });
      let refEdits = refPlain;
      if (sliders.length > 0) {
        const { page: largest, ref: refLargest } = await interleaved(w.page, refPage.page);
        note(worstEdit, pct(largest.work, 95), `${path} at its largest sizes`);
        md += row(`${path} at ${sliders.join(', ')}`, largest, refLargest);
        refEdits = refLargest;
      }
      const moved = await measureSliders(w.page, MOVES, onlySliders);
      const refSliderAfter = (await measureSliders(refPage.page, REFERENCE_EDITS / 2))[0]!;
      const refSlider: Timed = {
        script: [...refSliderBefore.script, ...refSliderAfter.script],
        render: [...refSliderBefore.render, ...refSliderAfter.render],
        work: [...refSliderBefore.work, ...refSliderAfter.work],
        paint: [...refSliderBefore.paint, ...refSliderAfter.paint],
        current: [...refSliderBefore.current, ...refSliderAfter.current],
      };
      for (const m of moved) {
        note(worstSlider, pct(m.work, 95), `${path}, ${m.cell}`);
        sliderRows += sliderRow(path, m, refSlider);
      }
      refs.push({ edit: refEdits, slider: refSlider });
      await w.context.close();
      await refPage.context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const median = (xs: number[]): number => pct(xs, 50);
  const refP95 = (f: (r: { edit: Measured; slider: Timed }) => number[]) =>
    refs.map((r) => pct(f(r), 95));
  md +=
    `\nThe reference page itself, over its ${refs.length} runs (median of their p95s, and the range): ` +
    `edit work ${median(refP95((r) => r.edit.work)).toFixed(1)} ms (${Math.min(...refP95((r) => r.edit.work)).toFixed(1)}–${Math.max(...refP95((r) => r.edit.work)).toFixed(1)}), ` +
    `next paint ${median(refP95((r) => r.edit.paint)).toFixed(1)} ms (${Math.min(...refP95((r) => r.edit.paint)).toFixed(1)}–${Math.max(...refP95((r) => r.edit.paint)).toFixed(1)}), ` +
    `slider work ${median(refP95((r) => r.slider.work)).toFixed(1)} ms, slider next paint ${median(refP95((r) => r.slider.paint)).toFixed(1)} ms.\n`;
  md +=
    '\n### Slider moves at the largest sizes\n\n' +
    `Each slider moved ${MOVES} times back and forth between its maximum and a value below it, a different one each time (one step below, then two, and so on: a seed slider draws numbers it has not drawn before), the slider in the middle ` +
    'of the viewport (matrices change shape: grids gain or lose rows and columns; plots redraw after ' +
    'that frame is painted), timed as the edits are, and to all widgets current; "× ref" against the reference page\'s slider.\n\n' +
    '| chapter | slider | work p50 | work p95 | × ref | render p95 | next paint p95 | × ref | all current p95 |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n' +
    sliderRows;
  const verdict = (worst: { p95: number; where: string }) =>
    `${worst.p95 <= 16 ? 'met' : '**not met**'} (worst p95 ${worst.p95.toFixed(1)} ms: ${worst.where})`;
  md +=
    '\n### Against the target\n\n' +
    `- Entry edits, work (script, style, layout and paint) within 16 ms at p95: ${verdict(worstEdit)}.\n` +
    `- Slider moves at the largest sizes, work within 16 ms at p95: ${verdict(worstSlider)}.\n` +
    '- These are single runs on a shared machine, where a busy moment shows in a 95th ' +
    'percentile: read the ratios to the reference page, and run it again before reading much into one figure.\n';
  return md;
}

if (import.meta.main) console.log(await run());
