/**
 * The transformer block's pieces: the mean of each row (LayerNorm's first step), causal
 * self-attention with its output projection (the attention sublayer), and the MLP
 * (GELU between an up- and a down-projection).
 */
import { add, attention, gelu, Matrix, matmul } from '../../engine/index.ts';
import type { Expr } from '../expr.ts';
import {
  asMatrix,
  checkNoNaN,
  elide,
  EvalError,
  fmt,
  fmtTerm,
  helper,
  pyHelper,
  type FunctionDef,
} from './define.ts';

const selfAttentionPy = pyHelper({
  name: 'self_attention',
  numpy: `def self_attention(x, w_q, w_k, w_v, w_o):
    """Causal self-attention of one head, then W_O: each token sees itself and earlier tokens."""
    q, k, v = x @ w_q, x @ w_k, x @ w_v
    s = q @ k.T / np.sqrt(k.shape[1])
    s[np.triu(np.ones(s.shape, dtype=bool), k=1)] = -np.inf  # later keys hidden
    a = np.exp(s - s.max(axis=1, keepdims=True))
    a /= a.sum(axis=1, keepdims=True)  # each row sums to 1
    return a @ v @ w_o`,
  torch: `def self_attention(x, w_q, w_k, w_v, w_o):
    """Causal self-attention of one head, then W_O: each token sees itself and earlier tokens."""
    q, k, v = x @ w_q, x @ w_k, x @ w_v
    s = q @ k.T / math.sqrt(k.shape[1])
    later = torch.ones(s.shape, dtype=torch.bool).triu(1)
    a = torch.softmax(s.masked_fill(later, -math.inf), dim=1)
    return a @ v @ w_o`,
});

const mlpPy = pyHelper({
  name: 'mlp',
  numpy: `def mlp(x, *weights):
    """GELU(x W_1 + b_1) W_2 + b_2; mlp(x, W_1, W_2) has no biases. GELU: the tanh form."""
    w_1, b_1, w_2, b_2 = weights if len(weights) == 4 else (weights[0], 0.0, weights[1], 0.0)
    u = x @ w_1 + b_1  # up: d -> 4d
    g = 0.5 * u * (1 + np.tanh(np.sqrt(2 / np.pi) * (u + 0.044715 * u**3)))
    return g @ w_2 + b_2  # down: 4d -> d`,
  torch: `def mlp(x, *weights):
    """GELU(x W_1 + b_1) W_2 + b_2; mlp(x, W_1, W_2) has no biases. GELU: the tanh form."""
    w_1, b_1, w_2, b_2 = weights if len(weights) == 4 else (weights[0], 0.0, weights[1], 0.0)
    g = torch.nn.functional.gelu(x @ w_1 + b_1, approximate="tanh")  # up: d -> 4d
    return g @ w_2 + b_2  # down: 4d -> d`,
});

/** The weights of causal self-attention over X, and its values already projected by W_O. */
function attentionParts(
  x: Matrix,
  wq: Matrix,
  wk: Matrix,
  wv: Matrix,
  wo: Matrix,
): { weights: Matrix; vo: Matrix; output: Matrix } {
  const q = matmul(x, wq);
  const k = matmul(x, wk);
  const v = matmul(x, wv);
  const { weights, output } = attention(q, k, v, { causal: true });
  return { weights, vo: matmul(v, wo), output: matmul(output, wo) };
}

/** mlp's arguments: three (no biases) or five. */
function mlpParts(args: readonly unknown[]): {
  x: Matrix;
  w1: Matrix;
  b1: Matrix | undefined;
  w2: Matrix;
  b2: Matrix | undefined;
} {
  if (args.length === 4) {
    throw new EvalError('mlp: give mlp(X, W_1, W_2), or mlp(X, W_1, b_1, W_2, b_2) with biases');
  }
  const m = (i: number, which: string) => asMatrix('mlp', args[i] as Matrix, which);
  const x = m(0, 'X');
  if (args.length === 3)
    return { x, w1: m(1, 'W_1'), b1: undefined, w2: m(2, 'W_2'), b2: undefined };
  return { x, w1: m(1, 'W_1'), b1: m(2, 'b_1'), w2: m(3, 'W_2'), b2: m(4, 'b_2') };
}

function hidden(x: Matrix, w1: Matrix, b1: Matrix | undefined): Matrix {
  const u = matmul(x, w1);
  return gelu(b1 === undefined ? u : add(u, b1));
}

export const BLOCK: Readonly<Record<string, FunctionDef>> = {
  meanRows: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'meanRows(X): the mean of each row, as a column',
    tex: (a) => `\\operatorname{mean}_{\\text{row}}\\left(${a[0]}\\right)`,
    apply: ([x]) => {
      const m = asMatrix('meanRows', x);
      const out = new Float64Array(m.rows);
      for (let i = 0; i < m.rows; i++) {
        let s = 0;
        for (let j = 0; j < m.cols; j++) s += m.get(i, j);
        out[i] = s / m.cols;
      }
      return new Matrix(m.rows, 1, out);
    },
    labels: ([a]) => ({ rows: a?.rows, cols: undefined }),
    returns: 'matrix',
    numpy: (py) => ({ text: `${py.arg(0, 9)}.mean(axis=1, keepdims=True)`, prec: 9 }),
    torch: (py) => ({ text: `${py.arg(0, 9)}.mean(dim=1, keepdim=True)`, prec: 9 }),
    explain: (x) => {
      const a = x.e.args[0]!;
      const m = x.valueOf(a) as Matrix;
      const terms: string[] = [];
      for (let k = 0; k < m.cols; k++) terms.push(fmtTerm(m.get(x.r, k)));
      x.markRow(a, x.r);
      return `${x.head} = the mean of row ${x.r + 1} of ${x.name(a)} = (${elide(terms, x.maxTerms)}) / ${m.cols} = ${fmt(x.value)}`;
    },
  },
  selfAttention: {
    minArgs: 5,
    maxArgs: 5,
    doc: 'selfAttention(X, W_Q, W_K, W_V, W_O): causal self-attention of one head over the rows of X (each token sees itself and earlier ones), then W_O',
    tex: (a) =>
      `\\operatorname{Attn}_{\\text{causal}}\\left(${a[0]};\\, ${a.slice(1).join(', ')}\\right)`,
    apply: ([x, wq, wk, wv, wo]) => {
      const X = asMatrix('selfAttention', x, 'X');
      checkNoNaN('selfAttention', X);
      return attentionParts(
        X,
        asMatrix('selfAttention', wq, 'W_Q'),
        asMatrix('selfAttention', wk, 'W_K'),
        asMatrix('selfAttention', wv, 'W_V'),
        asMatrix('selfAttention', wo, 'W_O'),
      ).output;
    },
    labels: (args) => ({ rows: args[0]?.rows, cols: args[4]?.cols }),
    returns: 'matrix',
    ...helper(selfAttentionPy),
    explain: (x) => {
      const [X, wq, wk, wv, wo] = x.e.args.map((a) => x.valueOf(a) as Matrix) as [
        Matrix,
        Matrix,
        Matrix,
        Matrix,
        Matrix,
      ];
      const { weights, vo } = attentionParts(X, wq, wk, wv, wo);
      const terms: string[] = [];
      for (let t = 0; t <= x.r && t < weights.cols; t++)
        terms.push(`${fmtTerm(weights.get(x.r, t))}·${fmtTerm(vo.get(t, x.c))}`);
      x.markRow(x.e.args[0]!, x.r);
      x.markCol(x.e.args[4]!, x.c);
      const woName = x.name(x.e.args[4]!);
      return `${x.head} = row ${x.r + 1} of the causal weights (keys 1 to ${x.r + 1}; later ones are masked) · column ${x.c + 1} of the values times ${woName} = ${elide(terms, x.maxTerms)} = ${fmt(x.value)}`;
    },
  },
  mlp: {
    minArgs: 3,
    maxArgs: 5,
    doc: 'mlp(X, W_1, W_2) or mlp(X, W_1, b_1, W_2, b_2): GELU(X W_1 + b_1) W_2 + b_2, the same small network on every row',
    tex: (a) =>
      a.length === 5
        ? `\\operatorname{GELU}\\left(${a[0]}\\,${a[1]} + ${a[2]}\\right) ${a[3]} + ${a[4]}`
        : `\\operatorname{GELU}\\left(${a[0]}\\,${a[1]}\\right) ${a[2]}`,
    apply: (args) => {
      const { x, w1, b1, w2, b2 } = mlpParts(args);
      checkNoNaN('mlp', x);
      const out = matmul(hidden(x, w1, b1), w2);
      return b2 === undefined ? out : add(out, b2);
    },
    // The columns are W_2's: with biases it is the fourth argument.
    labels: (args) => ({ rows: args[0]?.rows, cols: args[args.length === 5 ? 3 : 2]?.cols }),
    returns: 'matrix',
    ...helper(mlpPy),
    explain: (x) => {
      const values = x.e.args.map((a) => x.valueOf(a));
      const { x: X, w1, b1, w2, b2 } = mlpParts(values);
      const g = hidden(X, w1, b1);
      const terms: string[] = [];
      for (let k = 0; k < g.cols; k++)
        terms.push(`${fmtTerm(g.get(x.r, k))}·${fmtTerm(w2.get(k, x.c))}`);
      const w2Expr: Expr = x.e.args[b1 === undefined ? 2 : 3]!;
      x.markRow(x.e.args[0]!, x.r);
      x.markCol(w2Expr, x.c);
      const bias = b2 === undefined ? '' : ` + ${fmtTerm(b2.get(0, b2.cols === 1 ? 0 : x.c))}`;
      const [a0, a1, a2, , a4] = x.e.args.map((a) => x.name(a));
      const up = `${a0} ${a1}${b1 ? ` + ${a2}` : ''}`;
      return `${x.head} = row ${x.r + 1} of GELU(${up}) (${g.cols} hidden numbers) · column ${x.c + 1} of ${x.name(w2Expr)}${b2 ? ` + ${a4}[1,${x.c + 1}]` : ''} = ${elide(terms, x.maxTerms)}${bias} = ${fmt(x.value)}`;
    },
  },
};
