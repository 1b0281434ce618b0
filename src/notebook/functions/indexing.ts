/**
 * Reading one number out of a matrix: `X[i, j]` (the parser's spelling of `entry(X, i, j)`)
 * and `argmax(v)`, the position of the largest entry of a row or a column. Both count
 * from 1, as the page labels rows and columns; a question's expected answer is usually
 * one of these ("what is A[2,1]?", "which token does row 7 attend to most?").
 */
import type { Matrix } from '../../engine/index.ts';
import {
  asMatrix,
  asNumber,
  EvalError,
  fmt,
  fnTex,
  pyHelper,
  type Explain,
  type FunctionDef,
  type Value,
} from './define.ts';

const entryPy = pyHelper({
  name: 'entry',
  numpy: `def entry(x, i, j):
    """X[i, j] counting rows and columns from 1, as the page does."""
    return float(np.asarray(x)[int(i) - 1, int(j) - 1])`,
  torch: `def entry(x, i, j):
    """X[i, j] counting rows and columns from 1, as the page does."""
    return x[int(i) - 1, int(j) - 1].item()`,
});

const argmaxPy = pyHelper({
  name: 'argmax',
  numpy: `def argmax(v):
    """Position (from 1) of the largest entry of a row or a column; the first on a tie."""
    a = np.asarray(v, dtype=float)
    if a.shape[0] != 1 and a.shape[1] != 1:
        raise ValueError("argmax: give one row or one column")
    return float(np.argmax(a.reshape(-1)) + 1)`,
  torch: `def argmax(v):
    """Position (from 1) of the largest entry of a row or a column; the first on a tie."""
    if v.shape[0] != 1 and v.shape[1] != 1:
        raise ValueError("argmax: give one row or one column")
    flat = v.reshape(-1)
    return float((flat == flat.max()).nonzero()[0].item() + 1)`,
});

/** A whole number from 1 to `size`, or an error that says how the page counts. */
function position(
  fn: string,
  v: Value | undefined,
  which: string,
  size: number,
  m: Matrix,
): number {
  const k = asNumber(fn, v, `the ${which} number`);
  if (!Number.isInteger(k) || k < 1 || k > size) {
    throw new EvalError(
      `${fn}: a ${m.rows}x${m.cols} matrix has no ${which} ${fmt(k)} (${which}s count from 1)`,
    );
  }
  return k;
}

/** The entries of a 1×n row or an n×1 column, in order. */
export function vectorEntries(fn: string, v: Value | undefined): number[] {
  const m = asMatrix(fn, v);
  if (m.rows !== 1 && m.cols !== 1) {
    throw new EvalError(
      `${fn}: give one row or one column, such as row(X, 2), not a ${m.rows}x${m.cols} matrix`,
    );
  }
  const out: number[] = [];
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) out.push(m.get(i, j));
  return out;
}

/** Position (from 1) of the largest entry; the first of equal ones; NaN refuses. */
export function argmaxOf(values: readonly number[]): number {
  let best = 0;
  for (let k = 0; k < values.length; k++) {
    if (Number.isNaN(values[k])) {
      throw new EvalError(`argmax: entry ${k + 1} is not a number (NaN)`);
    }
    if (values[k]! > values[best]!) best = k;
  }
  return best + 1;
}

const explainEntry: Explain = (x) => {
  const [a, i, j] = x.e.args;
  return `${x.head} = ${x.name(a!)}[${fmt(x.valueOf(i!) as number)},${fmt(x.valueOf(j!) as number)}] = ${fmt(x.value)}`;
};

const explainArgmax: Explain = (x) => {
  const a = x.e.args[0]!;
  const values = vectorEntries('argmax', x.valueOf(a));
  return `${x.head} = argmax(${x.name(a)}) = ${fmt(x.value)}: entry ${fmt(x.value)} of ${x.name(a)} is the largest, ${fmt(values[x.value - 1]!)}`;
};

export const INDEXING: Readonly<Record<string, FunctionDef>> = {
  entry: {
    minArgs: 3,
    maxArgs: 3,
    doc: 'X[i, j] or entry(X, i, j): the number in row i, column j of X (counting from 1)',
    tex: (a) => `\\left[${a[0]}\\right]_{${a[1]},${a[2]}}`,
    apply: ([x, i, j]) => {
      const m = asMatrix('entry', x, 'what is indexed');
      const r = position('entry', i, 'row', m.rows, m);
      const c = position('entry', j, 'column', m.cols, m);
      return m.get(r - 1, c - 1);
    },
    labels: 'none',
    returns: 'number',
    numpy: (py) => py.helper(entryPy),
    torch: (py) => py.helper(entryPy),
    explain: explainEntry,
  },
  argmax: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'argmax(v): where the largest entry of a row or a column is, counting from 1 (the first on a tie)',
    tex: fnTex('argmax'),
    apply: ([v]) => argmaxOf(vectorEntries('argmax', v)),
    labels: 'none',
    returns: 'number',
    numpy: (py) => py.helper(argmaxPy),
    torch: (py) => py.helper(argmaxPy),
    explain: explainArgmax,
  },
};
