/** Element-by-element division, statistics and seeded random vectors, for the scaling chapter. */
import { map, matrix, Matrix } from '../../engine/index.ts';
import {
  asMatrix,
  asNumber,
  broadcast2d,
  EvalError,
  explainGeneric,
  fnTex,
  helper,
  op,
  pyHelper,
  same,
  type FunctionDef,
  type Value,
} from './define.ts';

/** The body both randn exports share: numpy arithmetic that matches seededNormal exactly. */
/**
 * The seeded hash the page computes (seededUniform) in numpy, bit for bit: `uniform(i, j,
 * stream)` over the grid `i`, `j` of a rows×cols matrix. The rand and randn exports share it.
 */
export const SEEDED_HASH = `    u32 = np.uint64(0xFFFFFFFF)

    def fmix(h):
        h = h ^ (h >> np.uint64(16))
        h = (h * np.uint64(0x85EBCA6B)) & u32
        h = h ^ (h >> np.uint64(13))
        h = (h * np.uint64(0xC2B2AE35)) & u32
        return h ^ (h >> np.uint64(16))

    def uniform(i, j, stream):
        h = fmix(np.uint64((int(seed) + 0x9E3779B9) & 0xFFFFFFFF))
        h = fmix(fmix(fmix(h ^ i) ^ j) ^ np.uint64(stream))
        return (h.astype(np.float64) + 0.5) / 4294967296.0

    i, j = np.meshgrid(np.arange(int(rows), dtype=np.uint64), np.arange(int(cols), dtype=np.uint64), indexing="ij")`;

const SEEDED_NORMALS = `${SEEDED_HASH}
    z = np.sqrt(-2.0 * np.log(uniform(i, j, 0))) * np.cos(2.0 * np.pi * uniform(i, j, 1))`;

const randnPy = pyHelper({
  name: 'randn',
  numpy: `def randn(rows, cols, seed):
    """The page's seeded normal numbers: Box-Muller on a hash of (seed, i, j), bit for bit."""
${SEEDED_NORMALS}
    return z`,
  torch: `def randn(rows, cols, seed):
    """The page's seeded normal numbers (not torch.randn): Box-Muller on a hash of (seed, i, j)."""
    import numpy as np

${SEEDED_NORMALS}
    return torch.tensor(z, dtype=torch.float64)`,
});

export const SCALING: Readonly<Record<string, FunctionDef>> = {
  dotDivide: {
    minArgs: 2,
    maxArgs: 2,
    precedence: 2,
    doc: 'A ./ B: element-by-element division; a 1×n row or an n×1 column is repeated to fit',
    tex: op('\\oslash'),
    apply: ([a, b]) => {
      if (typeof a === 'number' && typeof b === 'number') return a / b;
      if (typeof b === 'number') return map(a as Matrix, (v) => v / b);
      if (typeof a === 'number') return map(b!, (v) => a / v);
      return broadcast2d('dotDivide', './', a!, b!, (x, y) => x / y);
    },
    labels: 'first',
    returns: 'same',
    ...same((py) => py.bin('/', 2)),
    explain: explainGeneric,
  },
  randn: {
    minArgs: 3,
    maxArgs: 3,
    doc: 'randn(rows, cols, seed): seeded pseudo-random numbers with mean 0 and variance 1; entry (i, j) depends only on the seed, i and j',
    tex: (a) => `\\operatorname{randn}_{${a[2]}}\\left(${a[0]}, ${a[1]}\\right)`,
    apply: ([r, c, seed]) => {
      const rows = asCount('randn', r, 'rows');
      const cols = asCount('randn', c, 'cols');
      if (rows * cols > MAX_RANDOM_ENTRIES) {
        throw new EvalError(`randn: ${rows}×${cols} is more than ${MAX_RANDOM_ENTRIES} numbers`);
      }
      const s = asNumber('randn', seed, 'the seed');
      if (!Number.isInteger(s) || s < 0)
        throw new EvalError(`randn: the seed must be a whole number ≥ 0, got ${s}`);
      return seededNormalMatrix(rows, cols, s);
    },
    labels: 'none',
    returns: 'matrix',
    ...helper(randnPy),
    explain: explainGeneric,
  },
  range: {
    minArgs: 2,
    maxArgs: 2,
    doc: 'range(a, b): the column a, a + 1, …, b',
    tex: (a) => `\\left[${a[0]}\\,..\\,${a[1]}\\right]`,
    apply: ([a, b]) => {
      const from = asNumber('range', a, 'the start');
      const to = asNumber('range', b, 'the end');
      if (!Number.isInteger(from) || !Number.isInteger(to) || to < from) {
        throw new EvalError(`range: needs whole numbers a ≤ b, got ${from} and ${to}`);
      }
      if (to - from + 1 > MAX_RANDOM_ENTRIES)
        throw new EvalError(`range: more than ${MAX_RANDOM_ENTRIES} numbers`);
      return matrix(Array.from({ length: to - from + 1 }, (_, k) => [from + k]));
    },
    labels: 'none',
    returns: 'matrix',
    numpy: (py) => ({
      text: `np.arange(${py.code(0)}, ${py.arg(1, 1)} + 1, dtype=float).reshape(-1, 1)`,
      prec: 9,
    }),
    torch: (py) => ({
      text: `torch.arange(${py.code(0)}, ${py.arg(1, 1)} + 1, dtype=torch.float64).reshape(-1, 1)`,
      prec: 9,
    }),
    explain: explainGeneric,
  },
  cumsum: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'cumsum(X): running totals down each column: row i holds the sum of rows 1 to i',
    tex: fnTex('cumsum'),
    apply: ([x]) => {
      const m = asMatrix('cumsum', x);
      const out = m.toFlat();
      for (let k = m.cols; k < out.length; k++) out[k]! += out[k - m.cols]!;
      return new Matrix(m.rows, m.cols, out);
    },
    labels: 'first',
    returns: 'matrix',
    numpy: (py) => ({ text: `np.cumsum(${py.code(0)}, axis=0)`, prec: 9 }),
    torch: (py) => ({ text: `torch.cumsum(${py.code(0)}, dim=0)`, prec: 9 }),
    explain: explainGeneric,
  },
  mean: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'mean(X): the average of all entries',
    tex: fnTex('mean'),
    apply: ([x]) => meanOf(entriesOf(asMatrix('mean', x))),
    labels: 'none',
    returns: 'number',
    ...same((py) => ({ text: `float(${py.arg(0, 9)}.mean())`, prec: 9 })),
    explain: explainGeneric,
  },
  variance: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'variance(X): the variance of all entries (the mean squared distance from their mean)',
    tex: fnTex('Var'),
    apply: ([x]) => varianceOf(entriesOf(asMatrix('variance', x))),
    labels: 'none',
    returns: 'number',
    numpy: (py) => ({ text: `float(${py.arg(0, 9)}.var())`, prec: 9 }),
    // unbiased=False divides by n, as numpy and the page do (torch 1.13 has no correction=).
    torch: (py) => ({ text: `float(${py.arg(0, 9)}.var(unbiased=False))`, prec: 9 }),
    explain: explainGeneric,
  },
  varRows: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'varRows(X): the variance of each row, as a column',
    tex: (a) => `\\operatorname{Var}_{\\text{row}}\\left(${a[0]}\\right)`,
    apply: ([x]) => {
      const m = asMatrix('varRows', x).contiguous();
      const out = new Float64Array(m.rows);
      for (let i = 0; i < m.rows; i++)
        out[i] = varianceOf(m.data.subarray(i * m.cols, (i + 1) * m.cols));
      return new Matrix(m.rows, 1, out);
    },
    labels: 'none',
    returns: 'matrix',
    numpy: (py) => ({ text: `${py.arg(0, 9)}.var(axis=1, keepdims=True)`, prec: 9 }),
    torch: (py) => ({ text: `${py.arg(0, 9)}.var(dim=1, keepdim=True, unbiased=False)`, prec: 9 }),
    explain: explainGeneric,
  },
  maxRows: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'maxRows(X): the largest entry of each row, as a column',
    tex: (a) => `\\max_{\\text{row}}\\left(${a[0]}\\right)`,
    apply: ([x]) => {
      const m = asMatrix('maxRows', x);
      const out = new Float64Array(m.rows);
      for (let i = 0; i < m.rows; i++) {
        let top = -Infinity;
        for (let j = 0; j < m.cols; j++) top = Math.max(top, m.get(i, j));
        out[i] = top;
      }
      return new Matrix(m.rows, 1, out);
    },
    labels: 'none',
    returns: 'matrix',
    numpy: (py) => ({ text: `${py.arg(0, 9)}.max(axis=1, keepdims=True)`, prec: 9 }),
    torch: (py) => ({ text: `${py.arg(0, 9)}.amax(dim=1, keepdim=True)`, prec: 9 }),
    explain: explainGeneric,
  },
};

/** Enough for the scaling experiments, few enough that one cell cannot freeze a page. */
const MAX_RANDOM_ENTRIES = 1_000_000;

function asCount(fn: string, v: Value | undefined, which: string): number {
  const n = asNumber(fn, v, which);
  if (!Number.isInteger(n) || n < 1)
    throw new EvalError(`${fn}: ${which} must be a whole number ≥ 1, got ${n}`);
  return n;
}

/** MurmurHash3's finaliser: every input bit affects every output bit. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform number in (0, 1) from the seed, the position and a stream (0 or 1). */
export function seededUniform(seed: number, i: number, j: number, stream: number): number {
  let h = fmix32((seed + 0x9e3779b9) >>> 0);
  h = fmix32((h ^ i) >>> 0);
  h = fmix32((h ^ j) >>> 0);
  h = fmix32((h ^ stream) >>> 0);
  return (h + 0.5) / 4294967296;
}

/**
 * Columns of seeded normals already computed, per (rows, seed): a d_k slider that widens a
 * 1000-row matrix by one column then costs 1000 numbers, not the whole matrix again.
 */
const normalColumns = new Map<string, Float64Array[]>();
/** At most this many cached numbers (8 MB): a page's few shapes for a handful of seeds. */
const NORMAL_CACHE_NUMBERS = 1 << 20;
let normalsCached = 0;
const sizeOf = (columns: readonly Float64Array[]): number =>
  columns.length === 0 ? 0 : columns.length * columns[0]!.length;

function seededNormalMatrix(rows: number, cols: number, seed: number): Matrix {
  const key = `${rows}:${seed}`;
  let columns = normalColumns.get(key);
  if (columns) {
    normalColumns.delete(key);
    normalsCached -= sizeOf(columns);
  } else columns = [];
  for (let j = columns.length; j < cols; j++) {
    const c = new Float64Array(rows);
    for (let i = 0; i < rows; i++) c[i] = seededNormal(seed, i, j);
    columns.push(c);
  }
  normalColumns.set(key, columns); // most recently used last
  normalsCached += sizeOf(columns);
  // Forget the least recently used, but always keep the one just made.
  while (normalsCached > NORMAL_CACHE_NUMBERS && normalColumns.size > 1) {
    const [oldest, old] = normalColumns.entries().next().value!;
    normalColumns.delete(oldest);
    normalsCached -= sizeOf(old);
  }
  const data = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    const c = columns[j]!;
    for (let i = 0; i < rows; i++) data[i * cols + j] = c[i]!;
  }
  return new Matrix(rows, cols, data);
}

/**
 * A standard normal number (Box–Muller) that depends only on (seed, i, j): a wider
 * matrix keeps the entries of a narrower one. scripts/make_chapter_fixtures.py repeats
 * this arithmetic in numpy.
 */
export function seededNormal(seed: number, i: number, j: number): number {
  const u1 = seededUniform(seed, i, j, 0);
  const u2 = seededUniform(seed, i, j, 1);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

function entriesOf(m: Matrix): Float64Array {
  return m.contiguous().data;
}

function meanOf(xs: ArrayLike<number>): number {
  let s = 0;
  for (let k = 0; k < xs.length; k++) s += xs[k]!;
  return s / xs.length;
}

/** Population variance (divides by n, as numpy's var), in two passes for accuracy. */
function varianceOf(xs: ArrayLike<number>): number {
  const mu = meanOf(xs);
  let s = 0;
  for (let k = 0; k < xs.length; k++) s += (xs[k]! - mu) * (xs[k]! - mu);
  return s / xs.length;
}
