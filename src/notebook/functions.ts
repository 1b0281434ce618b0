/**
 * The functions and operators a cell expression may use: what each computes (through
 * the engine), how it is written in TeX, and a line a reader sees in the glossary. This
 * table is the whole language; a name not here is an "unknown function" error.
 */
import {
  add,
  applyMask,
  attention,
  causalMask,
  cosineSimilarity,
  frobeniusNorm,
  gelu,
  hadamard,
  hconcat,
  layerNorm,
  map,
  matmul,
  matrix,
  relu,
  rowNorms,
  scale,
  softmax,
  subtract,
  transpose,
  vconcat,
  Matrix,
} from '../engine/index.ts';

export type Value = number | Matrix;

/** Something worth telling the reader about a result that is still correct (a fully masked row). */
export interface Note {
  readonly message: string;
}

export interface FnSpec {
  readonly minArgs: number;
  readonly maxArgs: number;
  /** One line for the glossary and for hover help. */
  readonly doc: string;
  readonly apply: (args: Value[], notes: Note[]) => Value;
  /** TeX from the TeX of the arguments (already parenthesised where needed by the caller). */
  readonly tex: (args: string[]) => string;
  /** Binding strength for parenthesising, for operators only. */
  readonly precedence?: number;
}

export class EvalError extends Error {
  override name = 'EvalError';
}

const describe = (v: Value): string =>
  typeof v === 'number' ? 'a number' : `a ${v.rows}x${v.cols} matrix`;

function elementwise(
  name: string,
  f: (x: number) => number,
  domain?: (x: number) => boolean,
): FnSpec['apply'] {
  return ([x]) => {
    const check = (v: number): number => {
      if (domain && !domain(v)) throw new EvalError(`${name}: ${v} is outside its domain`);
      return f(v);
    };
    return typeof x === 'number' ? check(x) : map(x!, check);
  };
}

const op = (symbol: string) => (a: string[]) => `${a[0]} ${symbol} ${a[1]}`;
const fnTex = (name: string) => (a: string[]) =>
  `\\operatorname{${name}}\\left(${a.join(', ')}\\right)`;

function asMatrix(fn: string, v: Value | undefined, which = 'its argument'): Matrix {
  if (v === undefined || typeof v === 'number') {
    throw new EvalError(
      `${fn}: ${which} must be a matrix, got ${v === undefined ? 'nothing' : 'a number'}`,
    );
  }
  return v;
}

function asNumber(fn: string, v: Value | undefined, which = 'its argument'): number {
  if (typeof v !== 'number') {
    throw new EvalError(
      `${fn}: ${which} must be a number, got ${v === undefined ? 'nothing' : describe(v)}`,
    );
  }
  return v;
}

function softmaxSpec(axis: 'rows' | 'cols'): FnSpec['apply'] {
  const name = axis === 'rows' ? 'softmax' : 'softmaxCols';
  return (args, notes) => {
    const x = asMatrix(name, args[0]);
    checkNoNaN(name, x);
    const temperature = args[1] === undefined ? 1 : asNumber(name, args[1], 'the temperature');
    const { value, emptyLines } = softmax(x, { axis, temperature });
    if (emptyLines.length > 0) {
      const what = axis === 'rows' ? 'row' : 'column';
      const list = emptyLines.map((i) => i + 1).join(', ');
      notes.push({
        message: `${emptyLines.length === 1 ? what : `${what}s`} ${list}: every score is masked, so its weights are set to 0`,
      });
    }
    return value;
  };
}

export const FUNCTIONS: Readonly<Record<string, FnSpec>> = {
  add: {
    minArgs: 2,
    maxArgs: 2,
    precedence: 1,
    doc: 'a + b: element by element; a 1×n row is added to every row',
    tex: op('+'),
    apply: ([a, b]) => {
      if (typeof a === 'number' && typeof b === 'number') return a + b;
      if (typeof a === 'number') return map(b as Matrix, (v) => a + v);
      if (typeof b === 'number') return map(a!, (v) => v + b);
      return add(a!, b!);
    },
  },
  subtract: {
    minArgs: 2,
    maxArgs: 2,
    precedence: 1,
    doc: 'a − b: element by element; a 1×n row is subtracted from every row',
    tex: op('-'),
    apply: ([a, b]) => {
      if (typeof a === 'number' && typeof b === 'number') return a - b;
      if (typeof a === 'number') return map(b as Matrix, (v) => a - v);
      if (typeof b === 'number') return map(a!, (v) => v - b);
      return subtract(a!, b!);
    },
  },
  multiply: {
    minArgs: 2,
    maxArgs: 2,
    precedence: 2,
    doc: 'A * B: the matrix product (rows of A against columns of B); a number scales',
    tex: (a) => (/^[\d.]/.test(a[1]!) ? `${a[0]} \\cdot ${a[1]}` : `${a[0]}\\,${a[1]}`),
    apply: ([a, b]) => {
      if (typeof a === 'number' && typeof b === 'number') return a * b;
      if (typeof a === 'number') return scale(b as Matrix, a);
      if (typeof b === 'number') return scale(a!, b);
      return matmul(a!, b!);
    },
  },
  divide: {
    minArgs: 2,
    maxArgs: 2,
    precedence: 2,
    doc: 'a / b: division by a number, element by element',
    tex: (a) => `\\frac{${a[0]}}{${a[1]}}`,
    apply: ([a, b]) => {
      if (typeof b !== 'number') {
        throw new EvalError(`divide: cannot divide by ${describe(b!)}; divide by a number`);
      }
      return typeof a === 'number' ? a / b : map(a!, (v) => v / b);
    },
  },
  dotMultiply: {
    minArgs: 2,
    maxArgs: 2,
    precedence: 2,
    doc: 'A .* B: element-by-element product of two matrices of the same shape',
    tex: op('\\odot'),
    apply: ([a, b]) => {
      if (typeof a === 'number' || typeof b === 'number') {
        return typeof a === 'number' && typeof b === 'number'
          ? a * b
          : typeof a === 'number'
            ? scale(b as Matrix, a)
            : scale(a!, b as number);
      }
      if (a!.rows === b!.rows && a!.cols === b!.cols) return hadamard(a!, b!);
      return broadcast2d('dotMultiply', '.*', a!, b!, (x, y) => x * y);
    },
  },
  pow: {
    minArgs: 2,
    maxArgs: 2,
    precedence: 4,
    doc: 'a ^ b: a power of a number',
    tex: (a) => `{${a[0]}}^{${a[1]}}`,
    apply: ([a, b]) => Math.pow(asNumber('pow', a, 'the base'), asNumber('pow', b, 'the exponent')),
  },
  unaryMinus: {
    minArgs: 1,
    maxArgs: 1,
    precedence: 3,
    doc: '−a',
    tex: (a) => `-${a[0]}`,
    apply: ([a]) => (typeof a === 'number' ? -a : scale(a!, -1)),
  },
  unaryPlus: {
    minArgs: 1,
    maxArgs: 1,
    precedence: 3,
    doc: '+a',
    tex: (a) => `+${a[0]}`,
    apply: ([a]) => a!,
  },
  transpose: {
    minArgs: 1,
    maxArgs: 1,
    precedence: 5,
    doc: "A' : the transpose (rows become columns)",
    tex: (a) => `{${a[0]}}^{\\top}`,
    apply: ([a]) => (typeof a === 'number' ? a : transpose(a!)),
  },
  softmax: {
    minArgs: 1,
    maxArgs: 2,
    doc: 'softmax(X) or softmax(X, T): each row turned into weights that are ≥ 0 and sum to 1; T is the temperature',
    tex: (a) =>
      a.length > 1
        ? `\\operatorname{softmax}\\left(\\frac{${a[0]}}{${a[1]}}\\right)`
        : `\\operatorname{softmax}\\left(${a[0]}\\right)`,
    apply: softmaxSpec('rows'),
  },
  softmaxCols: {
    minArgs: 1,
    maxArgs: 2,
    doc: 'softmaxCols(X): softmax down each column (the transposed layout)',
    tex: (a) =>
      `\\operatorname{softmax}_{\\text{col}}\\left(${a.length > 1 ? `\\frac{${a[0]}}{${a[1]}}` : a[0]}\\right)`,
    apply: softmaxSpec('cols'),
  },
  // The softmax chapter's demonstration of overflow, and the values chapter's helpers.
  softmaxNaive: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'softmaxNaive(X): eˣ over its row sum with no max subtracted first; overflows to ∞ and NaN for scores above about 709.78',
    tex: (a) => `\\operatorname{softmax}_{\\text{naive}}\\left(${a[0]}\\right)`,
    apply: ([x], notes) => {
      const m = asMatrix('softmaxNaive', x);
      checkNoNaN('softmaxNaive', m);
      const overflowed: number[] = [];
      const underflowed: number[] = [];
      const out: number[][] = [];
      for (let i = 0; i < m.rows; i++) {
        const e: number[] = [];
        let sum = 0;
        for (let j = 0; j < m.cols; j++) {
          e.push(Math.exp(m.get(i, j)));
          sum += e[j]!;
        }
        if (sum === Infinity) overflowed.push(i + 1);
        else if (sum === 0) underflowed.push(i + 1);
        out.push(e.map((v) => v / sum));
      }
      const rows = (list: number[]) => `${list.length === 1 ? 'row' : 'rows'} ${list.join(', ')}`;
      if (overflowed.length > 0) {
        notes.push({
          message: `${rows(overflowed)}: e to a power above about 709.78 is too large for a 64-bit number and becomes ∞; ∞ / ∞ is NaN (not a number) and a finite number / ∞ is 0.`,
        });
      }
      if (underflowed.length > 0) {
        notes.push({
          message: `${rows(underflowed)}: e to a power below about −745 is too small for a 64-bit number and becomes 0; every term is 0, and 0 / 0 is NaN.`,
        });
      }
      return matrix(out);
    },
  },
  row: {
    minArgs: 2,
    maxArgs: 2,
    doc: 'row(X, i): row i of X (counting from 1), as a 1×n matrix',
    tex: (a) => `\\operatorname{row}_{${a[1]}}\\left(${a[0]}\\right)`,
    apply: ([x, i]) => {
      const m = asMatrix('row', x);
      const k = asNumber('row', i, 'the row number');
      if (!Number.isInteger(k) || k < 1 || k > m.rows) {
        throw new EvalError(
          `row: a ${m.rows}x${m.cols} matrix has no row ${k} (rows count from 1)`,
        );
      }
      return matrix([Array.from({ length: m.cols }, (_, j) => m.get(k - 1, j))]);
    },
  },
  window: {
    minArgs: 2,
    maxArgs: 2,
    doc: 'window(S, w): S with −∞ wherever a query would see a later key, or a key more than w places before it',
    tex: (a) => `\\operatorname{window}_{${a[1]}}\\left(${a[0]}\\right)`,
    apply: ([s, w]) => {
      const m = asMatrix('window', s, 'the scores');
      const width = asNumber('window', w, 'the window');
      if (!(width >= 0)) throw new EvalError(`window: the window must be 0 or more, got ${width}`);
      const blocked = Array.from({ length: m.rows }, (_, i) =>
        Array.from({ length: m.cols }, (_, j) => j > i || j < i - width),
      );
      return applyMask(m, blocked);
    },
  },
  causal: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'causal(S): S with −∞ wherever a query would see a later key (above the diagonal)',
    tex: (a) => `\\operatorname{mask}_{\\text{causal}}\\left(${a[0]}\\right)`,
    apply: ([s]) => {
      const m = asMatrix('causal', s);
      return applyMask(m, causalMask(m.rows, m.cols));
    },
  },
  causalT: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'causalT(S): the causal mask in the transposed layout (−∞ below the diagonal)',
    tex: (a) => `\\operatorname{mask}^{\\top}_{\\text{causal}}\\left(${a[0]}\\right)`,
    apply: ([s]) => {
      const m = asMatrix('causalT', s);
      return applyMask(m, transpose(matrixOfMask(causalMask(m.cols, m.rows))));
    },
  },
  mask: {
    minArgs: 2,
    maxArgs: 2,
    doc: 'mask(S, M): S with −∞ wherever M is not 0; a 1×n M (one entry per key) applies to every row',
    tex: fnTex('mask'),
    apply: ([s, m]) => {
      const scores = asMatrix('mask', s, 'the scores');
      // A 1×n row (one entry per key, as PyTorch's key_padding_mask) applies to every query.
      return applyMask(scores, spreadMask(asMatrix('mask', m, 'the mask'), scores));
    },
  },
  attention: {
    minArgs: 3,
    maxArgs: 3,
    doc: 'attention(Q, K, V) = softmax(Q Kᵀ / √d_k) V',
    tex: fnTex('Attention'),
    apply: ([q, k, v], notes) => {
      const r = attention(
        asMatrix('attention', q, 'Q'),
        asMatrix('attention', k, 'K'),
        asMatrix('attention', v, 'V'),
      );
      if (r.fullyMaskedRows.length > 0)
        notes.push({
          message: `rows ${r.fullyMaskedRows.map((i) => i + 1).join(', ')} are fully masked`,
        });
      return r.output;
    },
  },
  layerNorm: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'layerNorm(X): each row shifted to mean 0 and scaled to variance 1',
    tex: fnTex('LayerNorm'),
    apply: ([x]) => layerNorm(asMatrix('layerNorm', x)),
  },
  relu: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'relu(X): negative entries become 0',
    tex: fnTex('ReLU'),
    apply: ([x]) => (typeof x === 'number' ? Math.max(0, x) : relu(x!)),
  },
  gelu: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'gelu(X): the smooth ReLU used by GPT models',
    tex: fnTex('GELU'),
    apply: ([x]) => (typeof x === 'number' ? gelu(matrix([[x]])).get(0, 0) : gelu(x!)),
  },
  concat: {
    minArgs: 1,
    maxArgs: 64,
    doc: 'concat(A, B, ...): matrices side by side (same number of rows)',
    tex: fnTex('Concat'),
    apply: (args) => hconcat(...args.map((a, i) => asMatrix('concat', a, `argument ${i + 1}`))),
  },
  stack: {
    minArgs: 1,
    maxArgs: 64,
    doc: 'stack(A, B, ...): matrices one above the other (same number of columns)',
    tex: fnTex('Stack'),
    apply: (args) => vconcat(...args.map((a, i) => asMatrix('stack', a, `argument ${i + 1}`))),
  },
  cosine: {
    minArgs: 2,
    maxArgs: 2,
    doc: 'cosine(a, b): cosine similarity of two vectors (1×n or n×1)',
    tex: fnTex('cos'),
    apply: ([a, b]) => cosineSimilarity(vectorOf('cosine', a), vectorOf('cosine', b)),
  },
  norm: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'norm(X): the length of a vector (for a matrix, of all its entries together)',
    tex: (a) => `\\left\\lVert ${a[0]} \\right\\rVert`,
    apply: ([x]) => (typeof x === 'number' ? Math.abs(x) : frobeniusNorm(x!)),
  },
  normalize: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'normalize(X): each row divided by its length, so every row has length 1 (a row of zeros stays zero)',
    tex: fnTex('normalize'),
    apply: ([x]) => {
      const m = asMatrix('normalize', x);
      const lengths = rowNorms(m);
      // A zero row has no direction; keeping it zero matches "cosine with a zero vector is 0".
      return map(m, (v, i) => (lengths[i] === 0 ? 0 : v / lengths[i]!));
    },
  },
  rows: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'rows(X): the number of rows',
    tex: fnTex('rows'),
    apply: ([x]) => asMatrix('rows', x).rows,
  },
  cols: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'cols(X): the number of columns',
    tex: fnTex('cols'),
    apply: ([x]) => asMatrix('cols', x).cols,
  },
  sqrt: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'sqrt(x): square root',
    tex: (a) => `\\sqrt{${a[0]}}`,
    apply: elementwise('sqrt', Math.sqrt, (x) => x >= 0),
  },
  exp: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'exp(x): e to the power x',
    tex: (a) => `e^{${a[0]}}`,
    apply: elementwise('exp', Math.exp),
  },
  log: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'log(x): natural logarithm',
    tex: fnTex('log'),
    apply: elementwise('log', Math.log, (x) => x >= 0),
  },
  abs: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'abs(x): absolute value',
    tex: (a) => `\\left|${a[0]}\\right|`,
    apply: elementwise('abs', Math.abs),
  },
  // Statistics and seeded random vectors, for the scaling chapter.
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
  },
  mean: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'mean(X): the average of all entries',
    tex: fnTex('mean'),
    apply: ([x]) => meanOf(entriesOf(asMatrix('mean', x))),
  },
  variance: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'variance(X): the variance of all entries (the mean squared distance from their mean)',
    tex: fnTex('Var'),
    apply: ([x]) => varianceOf(entriesOf(asMatrix('variance', x))),
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
  },
};

/** Names that stand for numbers in any expression. */
export const CONSTANTS: Readonly<Record<string, { value: number; tex: string }>> = {
  Infinity: { value: Infinity, tex: '\\infty' },
  pi: { value: Math.PI, tex: '\\pi' },
  e: { value: Math.E, tex: 'e' },
};

/** Functions allowed in a single matrix entry (a reader's `1/sqrt(2)`). */
export const SCALAR_FUNCTIONS = new Set([
  'add',
  'subtract',
  'multiply',
  'divide',
  'pow',
  'unaryMinus',
  'unaryPlus',
  'sqrt',
  'exp',
  'log',
  'abs',
]);

/** NaN (from ∞ − ∞ or 0 × ∞ upstream) named for a reader: rows and columns counted from 1. */
function checkNoNaN(fn: string, x: Matrix): void {
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < x.cols; j++) {
      if (Number.isNaN(x.get(i, j))) {
        throw new EvalError(
          `${fn}: row ${i + 1}, column ${j + 1} is not a number (NaN), which comes from ∞ − ∞ or 0 × ∞ earlier`,
        );
      }
    }
  }
}

function vectorOf(fn: string, v: Value | undefined): Float64Array {
  const m = asMatrix(fn, v);
  if (m.rows !== 1 && m.cols !== 1) {
    throw new EvalError(`${fn}: expected a vector (1×n or n×1), got a ${m.rows}x${m.cols} matrix`);
  }
  const out = new Float64Array(m.rows * m.cols);
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.cols; j++) out[i * m.cols + j] = m.get(i, j);
  return out;
}

function matrixOfMask(mask: boolean[][]): Matrix {
  return matrix(mask.map((r) => r.map((b) => (b ? 1 : 0))));
}

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
function seededUniform(seed: number, i: number, j: number, stream: number): number {
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

/** Element by element, numpy-style: a side with 1 row or 1 column is repeated to fit the other. */
function broadcast2d(
  fn: string,
  symbol: string,
  a: Matrix,
  b: Matrix,
  f: (x: number, y: number) => number,
): Matrix {
  const fits = (p: number, q: number) => p === q || p === 1 || q === 1;
  if (!fits(a.rows, b.rows) || !fits(a.cols, b.cols)) {
    throw new EvalError(
      `${fn}: (${a.rows}x${a.cols}) ${symbol} (${b.rows}x${b.cols}): shapes differ (a 1×n row or an n×1 column is repeated to fit)`,
    );
  }
  const rows = Math.max(a.rows, b.rows);
  const cols = Math.max(a.cols, b.cols);
  const out = new Float64Array(rows * cols);
  const da = a.contiguous().data;
  const db = b.contiguous().data;
  // A side with one row (or column) is read with a stride of 0 in that direction.
  const [ra, ca] = [a.rows === 1 ? 0 : a.cols, a.cols === 1 ? 0 : 1];
  const [rb, cb] = [b.rows === 1 ? 0 : b.cols, b.cols === 1 ? 0 : 1];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++)
      out[i * cols + j] = f(da[i * ra + j * ca]!, db[i * rb + j * cb]!);
  }
  return new Matrix(rows, cols, out);
}

/** A key mask given as one 1×n row, repeated for every query row of the scores. */
function spreadMask(m: Matrix, scores: Matrix): Matrix {
  if (m.rows !== 1 || scores.rows === 1 || m.cols !== scores.cols) return m;
  return matrix(Array.from({ length: scores.rows }, () => m.toArray()[0]!));
}
