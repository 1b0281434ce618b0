/**
 * Edit-to-paint in Chromium, for every chapter page at its default sizes and, for a page
 * with sliders, again at the largest sizes they allow: a reader's edit of an input entry,
 * measured inside the page.
 *
 * - frame ready: from the edit to the DOM updated and laid out (our code plus the
 *   browser's style and layout work): the part of a frame the page spends.
 * - next paint: from the edit to just after the next frame is painted, which also
 *   includes waiting for the display's next frame (up to 16.7 ms at 60 Hz) that any
 *   change, however cheap, has to wait for.
 */
import type { Page } from 'playwright-core';
import { launch, openPage, serveDist } from '../tests/browser/harness.ts';
import { measureWeights } from './weight.ts';

const EDITS = 120;
const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};

interface Measured {
  ready: number[];
  paint: number[];
  inputs: number;
  nextFrame: number;
}

const row = (label: string, r: Measured): string =>
  `| ${label} | ${r.inputs} | ${pct(r.ready, 50).toFixed(2)} ms | ${pct(r.ready, 95).toFixed(2)} ms | ${pct(r.paint, 50).toFixed(1)} ms | ${pct(r.paint, 95).toFixed(1)} ms | ${r.nextFrame}/${r.ready.length} |\n`;

/** EDITS random edits of the page's input entries, each timed to frame ready and to paint. */
function measure(page: Page): Promise<Measured> {
  return page.evaluate(async (edits) => {
    const inputs = [
      ...document.querySelectorAll<HTMLInputElement>(
        'nb-matrix[data-editable="true"] input.nb-entry',
      ),
    ];
    const ready: number[] = [];
    const paint: number[] = [];
    let nextFrame = 0;
    let seed = 7;
    const rand = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const frame = (): Promise<number> =>
      new Promise((ok) =>
        requestAnimationFrame(() => {
          const ch = new MessageChannel();
          ch.port1.onmessage = () => ok(performance.now());
          ch.port2.postMessage(0);
        }),
      );
    for (let k = 0; k < edits && inputs.length > 0; k++) {
      await frame(); // start each edit from a quiet page
      await new Promise((ok) => setTimeout(ok, rand() * 16));
      const input = inputs[Math.floor(rand() * inputs.length)]!;
      const frameBefore = performance.now();
      const t0 = performance.now();
      input.value = (rand() * 2 - 1).toFixed(3);
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await Promise.resolve(); // the notebook applies a lone edit at the end of the task
      await new Promise<void>((ok) => queueMicrotask(ok));
      void document.body.offsetHeight; // style and layout, as the frame will need them
      ready.push(performance.now() - t0);
      const painted = await frame();
      paint.push(painted - t0);
      if (painted - frameBefore < 1000 / 60 + 8) nextFrame++;
    }
    return { ready, paint, inputs: inputs.length, nextFrame };
  }, EDITS);
}

/**
 * Each slider moved between its largest value and the one below it, 20 times, timed to
 * frame ready: a move reshapes matrices, so the page rebuilds grids and redraws plots.
 * Plots are loaded first (scrolled past), so their redraws are counted.
 */
function measureSliders(page: Page): Promise<{ cell: string; ready: number[] }[]> {
  return page.evaluate(async () => {
    const step = window.innerHeight * 0.8;
    for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
      window.scrollTo(0, y);
      await new Promise((ok) => setTimeout(ok, 30));
    }
    await new Promise((ok) => setTimeout(ok, 1500));
    window.scrollTo(0, 0);
    const out: { cell: string; ready: number[] }[] = [];
    for (const input of document.querySelectorAll<HTMLInputElement>(
      'nb-scalar input[type="range"]',
    )) {
      const max = Number(input.max);
      const below = Math.max(Number(input.min), max - (Number(input.step) || 1));
      const ready: number[] = [];
      for (let k = 0; k < 20; k++) {
        await new Promise((ok) => requestAnimationFrame(() => setTimeout(ok, 0)));
        const t0 = performance.now();
        input.value = String(k % 2 === 0 ? max : below);
        input.dispatchEvent(new Event('input', { bubbles: true }));
        await Promise.resolve();
        await new Promise<void>((ok) => queueMicrotask(ok));
        void document.body.offsetHeight;
        ready.push(performance.now() - t0);
      }
      out.push({ cell: input.closest('nb-scalar')?.getAttribute('data-cell') ?? '?', ready });
    }
    return out;
  });
}

export async function run(): Promise<string> {
  const server = await serveDist();
  const browser = await launch();
  const pages = measureWeights()
    .map((w) => w.page)
    .filter((p) => p.startsWith('/chapters/'));
  let md =
    '## Edit to paint in Chromium\n\n' +
    `${EDITS} edits per chapter, each to a random entry of a random input matrix, measured in the page ` +
    '(headless Chromium, 60 Hz frames); a chapter with sliders is measured again with every slider at its ' +
    'maximum. Target: frame ready within 16 ms at the 95th percentile, and every ' +
    'edit painted in the first frame after it.\n\n' +
    '| chapter | inputs | frame ready p50 | frame ready p95 | next paint p50 | next paint p95 | painted in next frame |\n' +
    '|---|---:|---:|---:|---:|---:|---:|\n';
  let sliderRows = '';
  try {
    for (const path of pages) {
      const w = await openPage(browser, server.url);
      await w.page.goto(server.url + path);
      await w.page.waitForLoadState('load');
      md += row(path, await measure(w.page));
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
      if (sliders.length > 0) md += row(`${path} at ${sliders.join(', ')}`, await measure(w.page));
      for (const m of await measureSliders(w.page)) {
        sliderRows += `| ${path} | ${m.cell} | ${pct(m.ready, 50).toFixed(1)} ms | ${pct(m.ready, 95).toFixed(1)} ms |\n`;
      }
      await w.context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  md +=
    '\n### Slider moves at the largest sizes\n\n' +
    'Each slider moved 20 times between its maximum and the value below it (matrices change shape, ' +
    'grids are rebuilt; plots redraw after that frame is painted), timed to frame ready.\n\n' +
    '| chapter | slider | frame ready p50 | frame ready p95 |\n|---|---|---:|---:|\n' +
    sliderRows;
  return md;
}

if (import.meta.main) console.log(await run());
