/** Layer norm, the activations, and matrices side by side or one above the other. */
import {
  gelu,
  hconcat,
  layerNorm,
  matrix,
  relu,
  vconcat,
  type Matrix,
} from '../../engine/index.ts';
import {
  asMatrix,
  at,
  explainElementwise,
  fmt,
  fmtTerm,
  fnTex,
  helper,
  pyHelper,
  type Explain,
  type FunctionDef,
} from './define.ts';

const layerNormPy = pyHelper({
  name: 'layer_norm',
  numpy: `def layer_norm(x, eps=1e-5):
    """Each row to mean 0 and variance 1 (biased variance, as PyTorch's LayerNorm)."""
    mean = x.mean(axis=1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps)`,
  torch: `def layer_norm(x, eps=1e-5):
    """Each row to mean 0 and variance 1 (biased variance), without learned scale or shift."""
    return torch.nn.functional.layer_norm(x, x.shape[-1:], eps=eps)`,
});

const geluPy = pyHelper({
  name: 'gelu',
  numpy: `def gelu(x):
    """GELU, the tanh approximation (GPT-2, BERT); gelu(-inf) = 0."""
    x = np.asarray(x, dtype=float)
    y = 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))
    return np.where(x == -np.inf, 0.0, y)`,
  torch: `def gelu(x):
    """GELU, the tanh approximation (GPT-2, BERT); gelu(-inf) = 0."""
    if not torch.is_tensor(x):  # a number: GELU of a 0-d tensor, as a number
        return float(gelu(torch.tensor(float(x), dtype=torch.float64)))
    y = torch.nn.functional.gelu(x, approximate="tanh")
    return torch.where(x == -math.inf, torch.zeros_like(x), y)`,
});

/** The entry is an entry of one of the matrices joined: which one, and where in it. */
const explainJoin =
  (sideBySide: boolean): Explain =>
  (x) => {
    let offset = 0;
    for (const arg of x.e.args) {
      const v = x.valueOf(arg) as Matrix;
      const size = sideBySide ? v.cols : v.rows;
      const p = sideBySide ? x.c : x.r;
      if (p < offset + size) {
        const rr = sideBySide ? x.r : x.r - offset;
        const cc = sideBySide ? x.c - offset : x.c;
        const got = x.operandAt(arg, rr, cc, x.depth);
        return `${x.head} = ${x.name(arg)}${at(rr, cc)} = ${fmt(got)}: ${sideBySide ? 'the matrices side by side' : 'the matrices one above the other'}`;
      }
      offset += size;
    }
    return `${x.head} = ${fmt(x.value)}`;
  };

export const LAYERS: Readonly<Record<string, FunctionDef>> = {
  layerNorm: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'layerNorm(X): each row shifted to mean 0 and scaled to variance 1',
    tex: fnTex('LayerNorm'),
    apply: ([x]) => layerNorm(asMatrix('layerNorm', x)),
    labels: 'first',
    returns: 'matrix',
    ...helper(layerNormPy),
    explain: (x) => {
      const a = x.e.args[0]!;
      const m = x.valueOf(a) as Matrix;
      const r = x.r;
      let mean = 0;
      for (let k = 0; k < m.cols; k++) mean += m.get(r, k);
      mean /= m.cols;
      let v = 0;
      for (let k = 0; k < m.cols; k++) v += (m.get(r, k) - mean) ** 2;
      v /= m.cols;
      x.markRow(a, r);
      const own = m.get(r, x.c);
      return `${x.head} = (x − mean) / sqrt(variance + 0.00001) over row ${r + 1} of ${x.name(a)} = (${fmt(own)} − ${fmtTerm(mean)}) / sqrt(${fmt(v)} + 0.00001) = ${fmt(x.value)}`;
    },
  },
  relu: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'relu(X): negative entries become 0',
    tex: fnTex('ReLU'),
    apply: ([x]) => (typeof x === 'number' ? Math.max(0, x) : relu(x!)),
    labels: 'first',
    returns: 'same',
    numpy: (py) =>
      py.numbers
        ? { text: `max(0.0, ${py.code(0)})`, prec: 9 }
        : { text: `np.maximum(${py.code(0)}, 0.0)`, prec: 9 },
    torch: (py) =>
      py.numbers ? { text: `max(0.0, ${py.code(0)})`, prec: 9 } : py.call('torch.relu'),
    explain: explainElementwise('relu'),
  },
  gelu: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'gelu(X): the smooth ReLU used by GPT models',
    tex: fnTex('GELU'),
    apply: ([x]) => (typeof x === 'number' ? gelu(matrix([[x]])).get(0, 0) : gelu(x!)),
    labels: 'first',
    returns: 'same',
    ...helper(geluPy),
    explain: explainElementwise('gelu'),
  },
  concat: {
    minArgs: 1,
    maxArgs: 64,
    doc: 'concat(A, B, ...): matrices side by side (same number of rows)',
    tex: fnTex('Concat'),
    apply: (args) => hconcat(...args.map((a, i) => asMatrix('concat', a, `argument ${i + 1}`))),
    labels: ([a]) => ({ rows: a?.rows, cols: undefined }),
    returns: 'matrix',
    numpy: (py) => ({
      text: `np.hstack([${py.args.map((_, i) => py.code(i)).join(', ')}])`,
      prec: 9,
    }),
    torch: (py) => ({
      text: `torch.hstack([${py.args.map((_, i) => py.code(i)).join(', ')}])`,
      prec: 9,
    }),
    explain: explainJoin(true),
  },
  stack: {
    minArgs: 1,
    maxArgs: 64,
    doc: 'stack(A, B, ...): matrices one above the other (same number of columns)',
    tex: fnTex('Stack'),
    apply: (args) => vconcat(...args.map((a, i) => asMatrix('stack', a, `argument ${i + 1}`))),
    labels: ([a]) => ({ rows: undefined, cols: a?.cols }),
    returns: 'matrix',
    numpy: (py) => ({
      text: `np.vstack([${py.args.map((_, i) => py.code(i)).join(', ')}])`,
      prec: 9,
    }),
    torch: (py) => ({
      text: `torch.vstack([${py.args.map((_, i) => py.code(i)).join(', ')}])`,
      prec: 9,
    }),
    explain: explainJoin(false),
  },
};
