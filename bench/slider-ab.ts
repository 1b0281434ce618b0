/**
 * One slider, moved as `bench/browser.ts` moves it, on two builds of the site in turns: the
 * built `dist/` (B) against an earlier build kept elsewhere (A), so a change to the widgets
 * is timed before and after on the same busy machine, in the same minutes. Each round opens
 * the chapter once from each build (the order alternating round by round), puts every
 * slider at its maximum, and moves the one named back and forth between its maximum and a
 * value below it, timing each move in the page (work: script, then the style, layout and
 * paint of the frame that shows it). A Chromium trace of the moves also gives the
 * renderer's own thread time in that frame, step by step, which a busy machine disturbs
 * less than wall time, and the number of elements restyled and laid out.
 *
 *   cp -r dist /tmp/dist-before   # before the change
 *   npm run build && node bench/slider-ab.ts /tmp/dist-before /chapters/position/ d_pe [rounds]
 */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { DIST, launch, openPage, serveDist } from '../tests/browser/harness.ts';
import { helpers, pct, type BenchWindow } from './browser.ts';

const MOVES = 30;
const STEPS = ['UpdateLayoutTree', 'Layout', 'PrePaint', 'Paint', 'Layerize', 'Commit'];

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  pid: number;
  tid: number;
  tdur?: number;
  args?: { elementCount?: number; beginData?: { dirtyObjects?: number } };
}
interface Round {
  work: number[];
  /** Our script, timed in the page. */
  script: number[];
  /** Thread ms per move in the frame that shows it: our script, then each rendering step. */
  thread: Record<string, number>;
  styled: number;
  laidOut: number;
}

/** Moves `cell`'s slider `moves` times on the page at `path`, traced. */
async function round(
  browser: Browser,
  site: string,
  path: string,
  cell: string,
  moves: number,
): Promise<Round> {
  const w = await openPage(browser, site);
  await w.page.addInitScript({ content: helpers });
  await w.page.goto(site + path);
  // As the benchmark does: plots loaded (scrolled past), then every slider at its maximum.
  await w.page.evaluate(async () => {
    const step = window.innerHeight * 0.8;
    for (let y = 0; y < document.documentElement.scrollHeight; y += step) {
      window.scrollTo(0, y);
      await new Promise((ok) => setTimeout(ok, 30));
    }
    for (const r of document.querySelectorAll<HTMLInputElement>('nb-scalar input[type="range"]')) {
      r.value = r.max;
      r.dispatchEvent(new Event('input', { bubbles: true }));
    }
    await new Promise((ok) => setTimeout(ok, 1500));
  });
  const file = join(tmpdir(), `slider-ab-${process.pid}.json`);
  await browser.startTracing(w.page, {
    path: file,
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'],
  });
  const timed = await w.page.evaluate(
    async ([cell, moves]) => {
      const bw = window as unknown as BenchWindow;
      const input = document.querySelector<HTMLInputElement>(
        `nb-scalar[data-cell="${cell}"] input[type="range"]`,
      );
      if (!input) throw new Error(`no slider ${cell}`);
      const out = { work: [] as number[], script: [] as number[] };
      for (let k = 0; k < moves; k++) {
        const { script, start, painted } = await bw.__move(input, k);
        out.work.push(script + painted - start);
        out.script.push(script);
        await bw.__current();
      }
      return out;
    },
    [cell, moves] as const,
  );
  await browser.stopTracing();
  if (w.problems.length > 0) throw new Error(w.problems.join('\n'));
  await w.context.close();
  const events = (JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: TraceEvent[] })
    .traceEvents;
  rmSync(file, { force: true });
  const first = events.find((e) => e.name === 'move')!;
  const mine = events.filter((e) => e.pid === first.pid && e.tid === first.tid);
  const at = (name: string) =>
    mine
      .filter((e) => e.name === name)
      .map((e) => e.ts)
      .sort((a, b) => a - b);
  const starts = at('move');
  const ends = at('moved');
  const r: Round = { ...timed, thread: {}, styled: 0, laidOut: 0 };
  for (const e of mine) {
    if (e.ph !== 'X' || e.tdur === undefined) continue;
    const k = starts.findIndex((s, n) => e.ts >= s && e.ts <= ends[n]!);
    if (k < 0) continue;
    // Idle work that ran between the move and its frame is counted apart.
    const name = e.name === 'FireIdleCallback' ? 'idle' : e.name;
    if (name !== 'idle' && !STEPS.includes(name)) continue;
    r.thread[name] = (r.thread[name] ?? 0) + e.tdur / 1000 / moves;
    if (e.name === 'UpdateLayoutTree') r.styled += (e.args?.elementCount ?? 0) / moves;
    if (e.name === 'Layout') r.laidOut += (e.args?.beginData?.dirtyObjects ?? 0) / moves;
  }
  return r;
}

async function main(): Promise<void> {
  const [before, path, cell, roundsArg] = process.argv.slice(2);
  if (!before || !path || !cell)
    throw new Error('usage: node bench/slider-ab.ts <dist before> <chapter path> <slider>');
  const rounds = Number(roundsArg ?? 4);
  const servers = { A: await serveDist(resolve(before)), B: await serveDist(DIST) };
  const browser = await launch();
  const runs: Record<'A' | 'B', Round[]> = { A: [], B: [] };
  try {
    for (let k = 0; k < rounds; k++) {
      for (const v of k % 2 === 0 ? (['A', 'B'] as const) : (['B', 'A'] as const)) {
        const r = await round(browser, servers[v].url, path, cell, MOVES);
        runs[v].push(r);
        console.log(
          `round ${k + 1} ${v}: work p50 ${pct(r.work, 50).toFixed(1)} ms, p95 ${pct(r.work, 95).toFixed(1)} ms; ` +
            `rendering ${STEPS.reduce((a, k) => a + (r.thread[k] ?? 0), 0).toFixed(1)} thread ms`,
        );
      }
    }
  } finally {
    await browser.close();
    await servers.A.close();
    await servers.B.close();
  }
  const med = (xs: number[]) => pct(xs, 50).toFixed(1);
  const line = (v: 'A' | 'B') => {
    const rs = runs[v];
    const all = rs.flatMap((r) => r.work);
    const step = (k: string) => med(rs.map((r) => r.thread[k] ?? 0));
    return (
      `| ${v === 'A' ? 'before' : 'after'} | ${pct(all, 50).toFixed(1)} ms | ${pct(all, 95).toFixed(1)} ms | ` +
      `${med(rs.map((r) => pct(r.work, 95)))} ms | ${pct(
        rs.flatMap((r) => r.script),
        50,
      ).toFixed(1)} ms | ` +
      `${[...STEPS, 'idle'].map(step).join(' | ')} | ` +
      `${med(rs.map((r) => r.styled))} | ${med(rs.map((r) => r.laidOut))} |`
    );
  };
  console.log(
    `\n${path}, ${cell}: ${rounds} interleaved rounds of ${MOVES} moves per build. Work over all moves; ` +
      'script p50 timed in the page; then renderer thread ms per move in the frame that shows it ' +
      '(medians over rounds); "idle" is idle-time work that ran between the move and its frame.\n\n' +
      `| build | work p50 | work p95 | median round p95 | script p50 | ${STEPS.join(' | ')} | idle | elements styled | objects laid out |\n` +
      `|---|---:|---:|---:|---:|${STEPS.map(() => '---:').join('|')}|---:|---:|---:|\n` +
      `${line('A')}\n${line('B')}`,
  );
}

if (import.meta.main) await main();
