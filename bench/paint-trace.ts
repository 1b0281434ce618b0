/**
 * Where an edit's frames go, from a Chromium trace: the renderer's own thread time (not
 * wall time, so a busy machine disturbs it less) in style, layout, paint and the steps
 * after paint, per edit, for the page as built (A) and with a candidate stylesheet from
 * `paint-ab.ts` added (B), in the order A B B A A B.
 *
 *   npm run build && node bench/paint-trace.ts /chapters/masking/ sticky
 */
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, openPage, serveDist } from '../tests/browser/harness.ts';
import { helpers, measure } from './browser.ts';
import { CANDIDATES, withCss } from './paint-ab.ts';

const EDITS = 20;
const STEPS = [
  'UpdateLayoutTree',
  'Layout',
  'PrePaint',
  'Paint',
  'Layerize',
  'Commit',
  'UpdateLayer',
];
interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  tdur?: number;
}

const path = process.argv[2] ?? '/chapters/masking/';
const wanted = process.argv[3] ?? 'sticky';
const css = Object.entries(CANDIDATES).find(([k]) => k.includes(wanted))?.[1];
if (!css) throw new Error(`no candidate named like ${wanted}`);
const file = join(tmpdir(), `paint-trace-${process.pid}.json`);
const server = await serveDist();
const browser = await launch();
try {
  for (const v of ['A', 'B', 'B', 'A', 'A', 'B']) {
    const w = await openPage(browser, server.url);
    await w.page.addInitScript({ content: helpers });
    if (v === 'B') await w.page.addInitScript({ content: withCss(css) });
    await w.page.goto(server.url + path);
    await measure(w.page, 3);
    await browser.startTracing(w.page, {
      path: file,
      categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'],
    });
    await measure(w.page, EDITS);
    await browser.stopTracing();
    const events = (JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] })
      .traceEvents;
    const ms: Record<string, number> = {};
    for (const e of events)
      if (e.ph === 'X' && STEPS.includes(e.name))
        ms[e.name] = (ms[e.name] ?? 0) + (e.tdur ?? e.dur ?? 0) / 1000 / EDITS;
    const total = Object.values(ms).reduce((a, b) => a + b, 0);
    console.log(
      `${v} ${path} ${total.toFixed(2)} ms per edit:`,
      STEPS.map((k) => `${k} ${(ms[k] ?? 0).toFixed(2)}`).join(', '),
    );
    await w.context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
