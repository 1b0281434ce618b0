/**
 * Timing the engine's attention for growing n, for the cost chapter: the same code runs
 * at build time in Node (the table a page without JavaScript shows) and in the reader's
 * browser (<nb-cost-bench>). Pure: no DOM; the table's markup is built here too, so the
 * build and the browser show the same thing.
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
