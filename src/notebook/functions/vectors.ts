/** Lengths, directions and sizes: cosine similarity, norms, and a matrix's rows and columns. */
import { cosineSimilarity, frobeniusNorm, map, rowNorms, type Matrix } from '../../engine/index.ts';
import {
  asMatrix,
  EvalError,
  explainGeneric,
  fmt,
  fnTex,
  helper,
  pyHelper,
  type Explain,
  type FunctionDef,
  type Value,
} from './define.ts';

const cosinePy = pyHelper({
  name: 'cosine',
  numpy: `def cosine(a, b):
    """Cosine similarity of two vectors; 0 when either is all zeros."""
    x, y = np.ravel(a), np.ravel(b)
    p = (x @ x) * (y @ y)
    return 0.0 if p == 0 else float(np.clip(x @ y / np.sqrt(p), -1, 1))`,
  torch: `def cosine(a, b):
    """Cosine similarity of two vectors; 0 when either is all zeros."""
    x, y = a.flatten(), b.flatten()
    p = (x @ x) * (y @ y)
    return 0.0 if p == 0 else float(torch.clamp(x @ y / torch.sqrt(p), -1, 1))`,
});

const normalizePy = pyHelper({
  name: 'normalize',
  numpy: `def normalize(x):
    """Each row divided by its length; a row of zeros stays zeros."""
    x = np.asarray(x, dtype=float)
    n = np.sqrt((x * x).sum(axis=1, keepdims=True))
    return np.divide(x, n, out=np.zeros_like(x), where=n != 0)`,
  torch: `def normalize(x):
    """Each row divided by its length; a row of zeros stays zeros."""
    n = x.norm(dim=1, keepdim=True)
    return torch.where(n == 0, torch.zeros_like(x), x / torch.where(n == 0, torch.ones_like(n), n))`,
});

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

/** `rows(X) = 7: X is 7×3`. */
const explainSize: Explain = (x) => {
  const a = x.e.args[0]!;
  const m = x.valueOf(a) as Matrix;
  return `${x.head} = ${x.e.fn}(${x.name(a)}) = ${fmt(x.value)}: ${x.name(a)} is ${m.rows}×${m.cols}`;
};

export const VECTORS: Readonly<Record<string, FunctionDef>> = {
  cosine: {
    minArgs: 2,
    maxArgs: 2,
    doc: 'cosine(a, b): cosine similarity of two vectors (1×n or n×1)',
    tex: fnTex('cos'),
    apply: ([a, b]) => cosineSimilarity(vectorOf('cosine', a), vectorOf('cosine', b)),
    labels: 'none',
    returns: 'number',
    ...helper(cosinePy),
    explain: explainGeneric,
  },
  norm: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'norm(X): the length of a vector (for a matrix, of all its entries together)',
    tex: (a) => `\\left\\lVert ${a[0]} \\right\\rVert`,
    apply: ([x]) => (typeof x === 'number' ? Math.abs(x) : frobeniusNorm(x!)),
    labels: 'none',
    returns: 'number',
    numpy: (py) =>
      py.numbers ? py.call('abs') : { text: `float(np.linalg.norm(${py.code(0)}))`, prec: 9 },
    torch: (py) =>
      py.numbers ? py.call('abs') : { text: `float(torch.linalg.norm(${py.code(0)}))`, prec: 9 },
    explain: explainGeneric,
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
    labels: 'first',
    returns: 'matrix',
    ...helper(normalizePy),
    explain: explainGeneric,
  },
  rows: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'rows(X): the number of rows',
    tex: fnTex('rows'),
    apply: ([x]) => asMatrix('rows', x).rows,
    labels: 'none',
    returns: 'number',
    numpy: (py) => ({ text: `${py.arg(0, 9)}.shape[0]`, prec: 9 }),
    torch: (py) => ({ text: `${py.arg(0, 9)}.shape[0]`, prec: 9 }),
    explain: explainSize,
  },
  cols: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'cols(X): the number of columns',
    tex: fnTex('cols'),
    apply: ([x]) => asMatrix('cols', x).cols,
    labels: 'none',
    returns: 'number',
    numpy: (py) => ({ text: `${py.arg(0, 9)}.shape[1]`, prec: 9 }),
    torch: (py) => ({ text: `${py.arg(0, 9)}.shape[1]`, prec: 9 }),
    explain: explainSize,
  },
};
