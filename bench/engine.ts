/**
 * Engine kernels against a plain Float64Array loop and mathjs.
 *
 *     node bench/engine.ts          prints a markdown section
 *     import { run } from './engine.ts'; await run()   returns it
 *
 * For each kernel and size: warm-up, then repetitions calibrated so a batch
 * takes at least BATCH_MS; then BATCHES rounds, each running one batch of every
 * implementation in rotating order, so load from elsewhere on the machine hits
 * them alike. Times are medians over rounds; ratios are medians of the ratios
 * within each round. Inputs are
 * built outside the timed region for every implementation (mathjs gets its own
 * DenseMatrix / nested arrays). Reported as operations per second and as
 * ratios: engine time / plain-loop time (target for matmul: <= 1.25) and
 * mathjs time / engine time (how many times faster the engine is).
 */
import { pathToFileURL } from 'node:url';
import { create, all, type Matrix as MathMatrix } from 'mathjs';
import { attention, fromFlat, matmul, softmaxRows, type Matrix } from '../src/engine/index.ts';

const BATCH_MS = 15;
const BATCHES = 11;

if (!all) throw new Error('mathjs: `all` factories missing');
const math = create(all, {});

/** Deterministic pseudo-random values in [-1, 1) (a small LCG), so runs are comparable. */
function values(n: number, seed: number): Float64Array {
  const out = new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

function nested(data: Float64Array, rows: number, cols: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < rows; i++) out.push(Array.from(data.subarray(i * cols, (i + 1) * cols)));
  return out;
}

let sink = 0;
function consume(x: unknown): void {
  if (x instanceof Float64Array) sink += x[0] ?? 0;
  else if (x && typeof x === 'object' && 'rows' in x) sink += (x as Matrix).rows;
  else sink += 1;
}

/** Repetitions so that one batch of f takes at least BATCH_MS (also warms f up). */
function calibrate(f: () => unknown): number {
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) consume(f());
    if (performance.now() - t0 >= BATCH_MS) return reps;
    reps *= 2;
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

interface Timing {
  /** Median seconds per call of each implementation. */
  engine: number;
  plain: number;
  mathjs: number;
  /** Median over rounds of the paired ratios (robust to load that drifts during the run). */
  enginePerPlain: number;
  mathjsPerEngine: number;
}

/**
 * Times the three implementations in interleaved rounds: each round runs one
 * batch of each (in rotating order), so a busy machine slows all of them alike,
 * and the ratios are taken within a round before the median.
 */
function compare(fns: {
  engine: () => unknown;
  plain: () => unknown;
  mathjs: () => unknown;
}): Timing {
  const names = ['engine', 'plain', 'mathjs'] as const;
  const reps = {
    engine: calibrate(fns.engine),
    plain: calibrate(fns.plain),
    mathjs: calibrate(fns.mathjs),
  };
  const per: Record<(typeof names)[number], number[]> = { engine: [], plain: [], mathjs: [] };
  const ep: number[] = [];
  const me: number[] = [];
  for (let round = 0; round < BATCHES; round++) {
    const t: Record<string, number> = {};
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length] as (typeof names)[number];
      const f = fns[name];
      const n = reps[name];
      const t0 = performance.now();
      for (let r = 0; r < n; r++) consume(f());
      t[name] = (performance.now() - t0) / n / 1000;
      per[name].push(t[name]);
    }
    ep.push((t.engine as number) / (t.plain as number));
    me.push((t.mathjs as number) / (t.engine as number));
  }
  return {
    engine: median(per.engine),
    plain: median(per.plain),
    mathjs: median(per.mathjs),
    enginePerPlain: median(ep),
    mathjsPerEngine: median(me),
  };
}

// ------------------------------------------------------------ plain loops

function plainMatmul(
  a: Float64Array,
  b: Float64Array,
  n: number,
  m: number,
  p: number,
): Float64Array {
  const c = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) {
      let s = 0;
      for (let k = 0; k < m; k++) s += (a[i * m + k] as number) * (b[k * p + j] as number);
      c[i * p + j] = s;
    }
  }
  return c;
}

function plainSoftmaxRows(x: Float64Array, n: number, m: number): Float64Array {
  const out = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let j = 0; j < m; j++) max = Math.max(max, x[i * m + j] as number);
    let sum = 0;
    for (let j = 0; j < m; j++) {
      const e = Math.exp((x[i * m + j] as number) - max);
      out[i * m + j] = e;
      sum += e;
    }
    for (let j = 0; j < m; j++) out[i * m + j] = (out[i * m + j] as number) / sum;
  }
  return out;
}

function plainAttention(
  q: Float64Array,
  k: Float64Array,
  v: Float64Array,
  n: number,
  d: number,
): Float64Array {
  const s = new Float64Array(n * n);
  const root = Math.sqrt(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let t = 0;
      for (let c = 0; c < d; c++) t += (q[i * d + c] as number) * (k[j * d + c] as number);
      s[i * n + j] = t / root;
    }
  }
  const w = plainSoftmaxRows(s, n, n);
  return plainMatmul(w, v, n, n, d);
}

// ------------------------------------------------------------ mathjs

function mathSoftmaxRows(x: number[][]): number[][] {
  return x.map((row) => {
    const m = math.max(row) as number;
    const e = math.map(math.subtract(row, m) as number[], (v: number) => math.exp(v)) as number[];
    return math.divide(e, math.sum(e)) as number[];
  });
}

function mathAttention(q: MathMatrix, k: MathMatrix, v: MathMatrix, d: number): MathMatrix {
  const s = math.divide(math.multiply(q, math.transpose(k)), Math.sqrt(d)) as MathMatrix;
  const w = math.matrix(mathSoftmaxRows(s.toArray() as number[][]));
  return math.multiply(w, v);
}

// ------------------------------------------------------------ run

interface Row extends Timing {
  kernel: string;
  size: string;
}

const fmtOps = (sec: number): string => {
  const ops = 1 / sec;
  return ops >= 1e6
    ? `${(ops / 1e6).toFixed(2)} M`
    : ops >= 1e3
      ? `${(ops / 1e3).toFixed(1)} k`
      : ops.toFixed(0);
};

export async function run(): Promise<string> {
  const rows: Row[] = [];
  const sizes: [number, number, number][] = [
    [8, 16, 8],
    [64, 64, 64],
    [128, 128, 128],
  ];

  for (const [n, m, p] of sizes) {
    const ad = values(n * m, 1);
    const bd = values(m * p, 2);
    const A = fromFlat(n, m, ad);
    const B = fromFlat(m, p, bd);
    const mA = math.matrix(nested(ad, n, m));
    const mB = math.matrix(nested(bd, m, p));
    rows.push({
      kernel: 'matmul',
      size: `${n}x${m} * ${m}x${p}`,
      ...compare({
        engine: () => matmul(A, B),
        plain: () => plainMatmul(ad, bd, n, m, p),
        mathjs: () => math.multiply(mA, mB),
      }),
    });
  }

  for (const [n, m] of [
    [8, 16],
    [64, 64],
    [128, 128],
  ] as const) {
    const xd = values(n * m, 3).map((v) => v * 8);
    const X = fromFlat(n, m, xd);
    const xn = nested(xd, n, m);
    rows.push({
      kernel: 'softmax (rows)',
      size: `${n}x${m}`,
      ...compare({
        engine: () => softmaxRows(X),
        plain: () => plainSoftmaxRows(xd, n, m),
        mathjs: () => mathSoftmaxRows(xn),
      }),
    });
  }

  for (const [n, d] of [
    [8, 16],
    [64, 64],
    [128, 128],
  ] as const) {
    const qd = values(n * d, 4);
    const kd = values(n * d, 5);
    const vd = values(n * d, 6);
    const Q = fromFlat(n, d, qd);
    const K = fromFlat(n, d, kd);
    const V = fromFlat(n, d, vd);
    const mQ = math.matrix(nested(qd, n, d));
    const mK = math.matrix(nested(kd, n, d));
    const mV = math.matrix(nested(vd, n, d));
    rows.push({
      kernel: 'attention',
      size: `Q, K, V ${n}x${d}`,
      ...compare({
        engine: () => attention(Q, K, V),
        plain: () => plainAttention(qd, kd, vd, n, d),
        mathjs: () => mathAttention(mQ, mK, mV, d),
      }),
    });
  }

  const lines = [
    '## Engine kernels',
    '',
    `Node ${process.version}, ${process.platform}/${process.arch}. ${BATCHES} interleaved rounds (one batch of at least ${BATCH_MS} ms per implementation each), after warm-up; medians.`,
    'Operations per second (higher is better); "engine / plain" is engine time over plain-loop time',
    '(below 1: the engine is faster; target for matmul <= 1.25); "mathjs / engine" is how many times faster the engine is than mathjs.',
    '',
    '| kernel | size | engine ops/s | plain loop ops/s | mathjs ops/s | engine / plain | mathjs / engine |',
    '|---|---|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.kernel} | ${r.size} | ${fmtOps(r.engine)} | ${fmtOps(r.plain)} | ${fmtOps(r.mathjs)} | ${r.enginePerPlain.toFixed(2)} | ${r.mathjsPerEngine.toFixed(1)}x |`,
    );
  }
  const mm = rows.filter((r) => r.kernel === 'matmul');
  const worst = Math.max(...mm.map((r) => r.enginePerPlain));
  const slowestVsMath = Math.min(...mm.map((r) => r.mathjsPerEngine));
  lines.push(
    '',
    `matmul targets: engine within 1.25x of the plain loop: ${worst <= 1.25 ? 'met' : 'MISSED'} (worst ${worst.toFixed(2)}); ` +
      `faster than mathjs: ${slowestVsMath > 1 ? 'met' : 'MISSED'} (at least ${slowestVsMath.toFixed(1)}x).`,
    '',
  );
  if (sink === 0.123456) lines.push(''); // keeps results observable
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(await run());
}
