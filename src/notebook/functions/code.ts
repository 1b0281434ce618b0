/**
 * For the chapter on the code: uniform random numbers as `np.random.rand` draws them, and
 * the sums along each row and each column that show which way a softmax normalised.
 */
import { Matrix } from '../../engine/index.ts';
import {
  asMatrix,
  asNumber,
  EvalError,
  elide,
  explainGeneric,
  fmt,
  fmtTerm,
  helper,
  pyHelper,
  type Explain,
  type FunctionDef,
  type Value,
} from './define.ts';
import { SEEDED_HASH, seededUniform } from './scaling.ts';

/** Enough for the source's own sizes (7 tokens, 128 dimensions), few enough to stay quick. */
const MAX_RAND_ENTRIES = 100_000;

/** Uniform numbers from the page's seeded hash (stream 0), bit for bit as seededUniform. */
const SEEDED_UNIFORMS = `${SEEDED_HASH}
    u = uniform(i, j, 0)`;

const randPy = pyHelper({
  name: 'rand',
  numpy: `def rand(rows, cols, seed):
    """The page's seeded uniform numbers in (0, 1), like np.random.rand but the same on
    every machine: a hash of (seed, i, j), bit for bit as the page computes it."""
${SEEDED_UNIFORMS}
    return u`,
  torch: `def rand(rows, cols, seed):
    """The page's seeded uniform numbers in (0, 1) (not torch.rand): a hash of (seed, i, j)."""
    import numpy as np

${SEEDED_UNIFORMS}
    return torch.tensor(u, dtype=torch.float64)`,
});

function asCount(fn: string, v: Value | undefined, which: string): number {
  const n = asNumber(fn, v, which);
  if (!Number.isInteger(n) || n < 1)
    throw new EvalError(`${fn}: ${which} must be a whole number ≥ 1, got ${n}`);
  return n;
}

/** `sumRows(A)[2,1] = A[2,1] + A[2,2] + … = 0.1 + 0.7 + … = 1`. */
const explainSum =
  (along: 'row' | 'col'): Explain =>
  (x) => {
    const a = x.e.args[0]!;
    const m = x.valueOf(a) as Matrix;
    const n = along === 'row' ? m.cols : m.rows;
    const at = (k: number): [number, number] => (along === 'row' ? [x.r, k] : [k, x.c]);
    const names: string[] = [];
    const values: string[] = [];
    for (let k = 0; k < n; k++) {
      const [i, j] = at(k);
      names.push(`${x.name(a)}[${i + 1},${j + 1}]`);
      values.push(fmtTerm(m.get(i, j)));
    }
    if (along === 'row') x.markRow(a, x.r);
    else x.markCol(a, x.c);
    const what = along === 'row' ? `row ${x.r + 1}` : `column ${x.c + 1}`;
    return `${x.head} = the sum of ${what} of ${x.name(a)} = ${elide(names, x.maxTerms)} = ${elide(values, x.maxTerms)} = ${fmt(x.value)}`;
  };

function sums(fn: string, v: Value | undefined, along: 'row' | 'col'): Matrix {
  const m = asMatrix(fn, v);
  const n = along === 'row' ? m.rows : m.cols;
  const out = new Float64Array(n);
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.cols; j++) out[along === 'row' ? i : j]! += m.get(i, j);
  return along === 'row' ? new Matrix(n, 1, out) : new Matrix(1, n, out);
}

export const CODE: Readonly<Record<string, FunctionDef>> = {
  rand: {
    minArgs: 3,
    maxArgs: 3,
    doc: 'rand(rows, cols, seed): seeded uniform numbers between 0 and 1, as np.random.rand draws them (every one positive, mean 0.5)',
    tex: (a) => `\\operatorname{rand}_{${a[2]}}\\left(${a[0]}, ${a[1]}\\right)`,
    apply: ([r, c, seed]) => {
      const rows = asCount('rand', r, 'rows');
      const cols = asCount('rand', c, 'cols');
      if (rows * cols > MAX_RAND_ENTRIES)
        throw new EvalError(`rand: ${rows}×${cols} is more than ${MAX_RAND_ENTRIES} numbers`);
      const s = asNumber('rand', seed, 'the seed');
      if (!Number.isInteger(s) || s < 0)
        throw new EvalError(`rand: the seed must be a whole number ≥ 0, got ${s}`);
      const out = new Float64Array(rows * cols);
      for (let i = 0; i < rows; i++)
        for (let j = 0; j < cols; j++) out[i * cols + j] = seededUniform(s, i, j, 0);
      return new Matrix(rows, cols, out);
    },
    labels: 'none',
    returns: 'matrix',
    ...helper(randPy),
    explain: explainGeneric,
  },
  sumRows: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'sumRows(X): the sum of each row, as a column (np.sum(X, axis=1))',
    tex: (a) => `\\textstyle\\sum_{\\text{row}}\\left(${a[0]}\\right)`,
    apply: ([x]) => sums('sumRows', x, 'row'),
    labels: (args) => ({ rows: args[0]?.rows, cols: undefined }),
    returns: 'matrix',
    numpy: (py) => ({ text: `${py.arg(0, 9)}.sum(axis=1, keepdims=True)`, prec: 9 }),
    torch: (py) => ({ text: `${py.arg(0, 9)}.sum(dim=1, keepdim=True)`, prec: 9 }),
    explain: explainSum('row'),
  },
  sumCols: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'sumCols(X): the sum of each column, as a row (np.sum(X, axis=0))',
    tex: (a) => `\\textstyle\\sum_{\\text{col}}\\left(${a[0]}\\right)`,
    apply: ([x]) => sums('sumCols', x, 'col'),
    labels: (args) => ({ rows: undefined, cols: args[0]?.cols }),
    returns: 'matrix',
    numpy: (py) => ({ text: `${py.arg(0, 9)}.sum(axis=0, keepdims=True)`, prec: 9 }),
    torch: (py) => ({ text: `${py.arg(0, 9)}.sum(dim=0, keepdim=True)`, prec: 9 }),
    explain: explainSum('col'),
  },
};
