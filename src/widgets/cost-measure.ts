/**
 * Timing the engine's attention for growing n, for the cost chapter's <nb-cost-bench>: the
 * measurement itself, the walk through the sizes with its budget (the same code runs in a
 * worker, src/widgets/cost-worker.ts, or on the page when there is no worker), the fit,
 * and the tables. Pure: no DOM. The build shows only what is exact (the counts and bytes
 * of the score matrix per n, `countsTableHtml`): times are measured in the reader's browser.
 */
import { attention, Matrix } from '../engine/index.ts';

export interface Measurement {
  /** Tokens: Q, K and V are n × d. */
  readonly n: number;
  readonly d: number;
  /** Milliseconds for one attention(Q, K, V): the fastest of `runs` runs (the least disturbed by other work). */
  readonly ms: number;
  readonly runs: number;
  /** Bytes of the n × n Float64Array of scores the engine allocated. */
  readonly scoreBytes: number;
  /** Growth of the JavaScript heap while the result was held (Chromium's performance.memory), or null. */
  readonly heapBytes: number | null;
}

export interface MeasureOptions {
  /** Keep repeating a size until this much time has been spent on it (a small n takes microseconds). */
  readonly minMs?: number;
  /** Runs at least this many times, whatever the time: one run can be slowed by other work. */
  readonly minRuns?: number;
  readonly maxRuns?: number;
  /** A run longer than this is not repeated (the page's budget for one computation). */
  readonly budgetMs?: number;
  readonly now?: () => number;
  /** Called between runs, so a browser can paint and handle input. */
  readonly pause?: () => Promise<void>;
}

/** Deterministic numbers in [-1, 1): the same Q, K and V on every machine. */
function filled(rows: number, cols: number, seed: number): Matrix {
  const data = new Float64Array(rows * cols);
  let h = (seed * 2654435761) >>> 0;
  for (let k = 0; k < data.length; k++) {
    h = (Math.imul(h ^ (h >>> 15), 2246822507) + 0x9e3779b9) >>> 0;
    data[k] = h / 2 ** 31 - 1;
  }
  return new Matrix(rows, cols, data);
}

interface MemoryInfo {
  usedJSHeapSize: number;
}
const heapNow = (): number | null => {
  const memory = (globalThis.performance as Performance & { memory?: MemoryInfo }).memory;
  return memory && typeof memory.usedJSHeapSize === 'number' ? memory.usedJSHeapSize : null;
};

/** Times attention(Q, K, V) for n tokens of width d. */
export async function measureAttention(
  n: number,
  d: number,
  options: MeasureOptions = {},
): Promise<Measurement> {
  const {
    minMs = 100,
    minRuns = 1,
    maxRuns = 25,
    budgetMs = Infinity,
    now = () => performance.now(),
    pause,
  } = options;
  const Q = filled(n, d, 1);
  const K = filled(n, d, 2);
  const V = filled(n, d, 3);
  // A first, untimed run for the small sizes, so compiling the code is not counted.
  if (n <= 256) attention(Q, K, V);
  const times: number[] = [];
  let spent = 0;
  let scoreBytes = 0;
  let heapBytes: number | null = null;
  while (times.length < maxRuns && (times.length < minRuns || spent < minMs)) {
    const heapBefore = heapNow();
    const t0 = now();
    const result = attention(Q, K, V);
    const ms = now() - t0;
    times.push(ms);
    spent += ms;
    scoreBytes = result.scores.data.byteLength;
    const heapAfter = heapNow();
    if (heapBefore !== null && heapAfter !== null && times.length === 1)
      heapBytes = heapAfter - heapBefore;
    if (ms > budgetMs) break;
    if (pause && (times.length < minRuns || spent < minMs)) await pause();
  }
  return { n, d, ms: Math.min(...times), runs: times.length, scoreBytes, heapBytes };
}

/** c in y ≈ c·n², by least squares through the origin (the large sizes weigh most). */
export function fitQuadratic(points: readonly { n: number; y: number }[]): number {
  let num = 0;
  let den = 0;
  for (const { n, y } of points) {
    num += y * n * n;
    den += n ** 4;
  }
  return den === 0 ? 0 : num / den;
}

/** Bytes as a reader reads them: 32 KiB, 8 MiB. */
export function bytesText(b: number): string {
  const a = Math.abs(b);
  const sign = b < 0 ? '−' : '';
  if (a >= 2 ** 20) return `${sign}${trim(a / 2 ** 20)} MiB`;
  if (a >= 2 ** 10) return `${sign}${trim(a / 2 ** 10)} KiB`;
  return `${sign}${a} B`;
}

const trim = (x: number): string => String(Number(x.toPrecision(3)));

/** Milliseconds with three significant digits (0.0412 ms, 12.3 ms, 1,530 ms). */
export function msText(ms: number): string {
  if (ms >= 1000) return `${Math.round(ms).toLocaleString('en-US')} ms`;
  return `${Number(ms.toPrecision(3))} ms`;
}

const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The results table: one row per n, with the time's growth from the previous size. */
export function costTableHtml(rows: readonly Measurement[], caption: string): string {
  const heap = rows.some((r) => r.heapBytes !== null);
  const head = `<thead><tr><th scope="col">n</th><th scope="col">scores n²</th><th scope="col">time per run</th><th scope="col">× previous</th><th scope="col">score matrix</th>${heap ? '<th scope="col">heap growth</th>' : ''}</tr></thead>`;
  const body = rows
    .map((r, k) => {
      const prev = rows[k - 1];
      const ratio = prev && prev.ms > 0 ? `×${(r.ms / prev.ms).toFixed(1)}` : '';
      const growth = heap ? `<td>${r.heapBytes === null ? '' : bytesText(r.heapBytes)}</td>` : '';
      return `<tr><th scope="row">${r.n.toLocaleString('en-US')}</th><td>${(r.n * r.n).toLocaleString('en-US')}</td><td>${msText(r.ms)}</td><td>${ratio}</td><td>${bytesText(r.scoreBytes)}</td>${growth}</tr>`;
    })
    .join('');
  return `<table class="wv-table nb-cost-table"><caption>${esc(caption)}</caption>${head}<tbody>${body}</tbody></table>`;
}

/** Thousands separated by commas, the same on every machine and in every locale. */
const int = (n: number): string => n.toLocaleString('en-US');

/**
 * What holds for n tokens on any machine, for the page before any measurement (and
 * without JavaScript): the number of scores, the bytes of the n × n matrix of 64-bit
 * scores, and the multiplications of QKᵀ and AV (n²d each).
 */
export function countsTableHtml(sizes: readonly number[], d: number, caption: string): string {
  const head = `<thead><tr><th scope="col">n</th><th scope="col">scores n²</th><th scope="col">score matrix (8n² bytes)</th><th scope="col">multiplications 2n²d</th></tr></thead>`;
  const body = sizes
    .map(
      (n) =>
        `<tr><th scope="row">${int(n)}</th><td>${int(n * n)}</td><td>${bytesText(8 * n * n)}</td><td>${int(2 * n * n * d)}</td></tr>`,
    )
    .join('');
  return `<table class="wv-table nb-cost-table"><caption>${esc(caption)}</caption>${head}<tbody>${body}</tbody></table>`;
}

/** One step of a walk through the sizes, as the page hears of it. */
export type RunEvent =
  /** Size n (the index-th of count) is being measured. */
  | { readonly type: 'start'; readonly n: number; readonly index: number; readonly count: number }
  | { readonly type: 'result'; readonly m: Measurement }
  /** The walk is over: every size measured, a size skipped by its forecast, or a run over the budget. */
  | { readonly type: 'end'; readonly reason: 'done' }
  | { readonly type: 'end'; readonly reason: 'forecast'; readonly n: number; readonly ms: number }
  | { readonly type: 'end'; readonly reason: 'over'; readonly n: number; readonly ms: number };

/**
 * The time one run of size n should take, from the last size measured and the n² law,
 * or null before the first.
 */
export function forecastMs(last: Measurement | undefined, n: number): number | null {
  return last ? last.ms * (n / last.n) ** 2 : null;
}

/**
 * Measures the sizes in order, smallest first. A size is not started when the last one's
 * time, scaled by n², says one run would take longer than the budget; a size whose run did
 * take longer ends the walk. `measure` is measureAttention (a stand-in in the tests).
 */
export async function* runSizes(
  sizes: readonly number[],
  d: number,
  budgetMs: number,
  measure: (n: number, d: number) => Promise<Measurement>,
): AsyncGenerator<RunEvent, void, undefined> {
  let last: Measurement | undefined;
  for (const [index, n] of sizes.entries()) {
    const forecast = forecastMs(last, n);
    if (forecast !== null && forecast > budgetMs) {
      yield { type: 'end', reason: 'forecast', n, ms: forecast };
      return;
    }
    yield { type: 'start', n, index, count: sizes.length };
    const m = await measure(n, d);
    yield { type: 'result', m };
    if (m.ms > budgetMs) {
      yield { type: 'end', reason: 'over', n, ms: m.ms };
      return;
    }
    last = m;
  }
  yield { type: 'end', reason: 'done' };
}

/** The sentence that says why a walk ended early ('' when every size was measured). */
export function endingText(end: Extract<RunEvent, { type: 'end' }>, budgetMs: number): string {
  switch (end.reason) {
    case 'done':
      return '';
    case 'forecast':
      return `n = ${int(end.n)} was not run: at this browser's pace one run would take about ${msText(end.ms)}, over the budget of ${msText(budgetMs)}.`;
    case 'over':
      return `Stopped after n = ${int(end.n)}: one run took ${msText(end.ms)}, over the budget of ${msText(budgetMs)}.`;
  }
}

/** The sizes of a `data-sizes` list up to `largest`: whole, positive, in the order given. */
export function sizesUpTo(list: string, largest: number): number[] {
  return list
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0 && n <= largest);
}

/** The page asks the worker (src/widgets/cost-worker.ts) to measure these sizes. */
export interface CostRequest {
  readonly type: 'run';
  readonly sizes: readonly number[];
  readonly d: number;
  readonly budgetMs: number;
}

/** What the worker says: that it has loaded, each step of the walk, or what went wrong. */
export type CostReply =
  { readonly type: 'ready' } | RunEvent | { readonly type: 'error'; readonly message: string };

/** The measurement a walk makes of one size: the fastest of at least three runs, within the budget. */
export const measureForWalk =
  (budgetMs: number, pause?: () => Promise<void>) =>
  (n: number, d: number): Promise<Measurement> =>
    measureAttention(n, d, { minRuns: 3, budgetMs, ...(pause ? { pause } : {}) });
