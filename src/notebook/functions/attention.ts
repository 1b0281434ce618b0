/** Softmax, the masks and attention itself: the functions of the attention chapters. */
import {
  applyMask,
  attention,
  causalMask,
  matrix,
  softmax,
  transpose,
  type Matrix,
} from '../../engine/index.ts';
import { exprToString, type Expr } from '../expr.ts';
import {
  asMatrix,
  asNumber,
  at,
  checkNoNaN,
  EvalError,
  elide,
  entry,
  explainGeneric,
  fmt,
  fmtTerm,
  fnTex,
  helper,
  matrixOfMask,
  pyHelper,
  type Explain,
  type FunctionDef,
} from './define.ts';

const softmaxPy = pyHelper({
  name: 'softmax',
  numpy: `def softmax(x, t=1.0):
    """Softmax along each row, as the page computes it: the row's largest score is
    subtracted before exp (no overflow); a row whose every score is -inf (every key
    masked) gets weights 0 instead of NaN; t is the temperature (t = 0: the largest
    scores share the weight equally)."""
    x = np.asarray(x, dtype=float)
    out = np.zeros_like(x)
    for i, row in enumerate(x):
        top = row.max()
        if top == -np.inf:
            continue  # fully masked row: weights stay 0
        if top == np.inf or t == 0:
            hit = (row == top).astype(float)
            out[i] = hit / hit.sum()
            continue
        e = (row != -np.inf).astype(float) if t == np.inf else np.exp((row - top) / t)
        out[i] = e / e.sum()
    return out`,
  torch: `def softmax(x, t=1.0):
    """Softmax along each row, as the page computes it: the row's largest score is
    subtracted before exp; a row whose every score is -inf (every key masked) gets
    weights 0 instead of NaN (torch.softmax would give NaN); t is the temperature."""
    out = torch.zeros_like(x)
    for i in range(x.shape[0]):
        row = x[i]
        top = row.max()
        if top == -math.inf:
            continue  # fully masked row: weights stay 0
        if top == math.inf or t == 0:
            hit = (row == top).to(x.dtype)
            out[i] = hit / hit.sum()
            continue
        e = (row != -math.inf).to(x.dtype) if t == math.inf else torch.exp((row - top) / t)
        out[i] = e / e.sum()
    return out`,
});

const softmaxColsPy = pyHelper({
  name: 'softmax_cols',
  numpy: `def softmax_cols(x, t=1.0):
    """Softmax down each column (the transposed layout: queries as columns)."""
    return softmax(np.asarray(x).T, t).T`,
  torch: `def softmax_cols(x, t=1.0):
    """Softmax down each column (the transposed layout: queries as columns)."""
    return softmax(x.T, t).T`,
  uses: [softmaxPy],
});

const softmaxNaivePy = pyHelper({
  name: 'softmax_naive',
  numpy: `def softmax_naive(x):
    """The textbook formula with no max subtracted: overflows to inf and nan above ~709.78."""
    with np.errstate(over="ignore", invalid="ignore", under="ignore"):
        e = np.exp(np.asarray(x, dtype=float))
        return e / e.sum(axis=1, keepdims=True)`,
  torch: `def softmax_naive(x):
    """The textbook formula with no max subtracted: overflows to inf and nan above ~709.78."""
    e = torch.exp(x)
    return e / e.sum(dim=1, keepdim=True)`,
});

const rowPy = pyHelper({
  name: 'row',
  numpy: `def row(x, i):
    """Row i (counting from 1) as a 1 x n matrix."""
    return np.asarray(x)[int(i) - 1 : int(i)]`,
  torch: `def row(x, i):
    """Row i (counting from 1) as a 1 x n matrix."""
    return x[int(i) - 1 : int(i)]`,
});

const windowPy = pyHelper({
  name: 'window',
  numpy: `def window(s, w):
    """-inf where key j comes after query i, or more than w places before it."""
    s = np.array(s, dtype=float)
    i, j = np.indices(s.shape)
    s[(j > i) | (j < i - w)] = -np.inf
    return s`,
  torch: `def window(s, w):
    """-inf where key j comes after query i, or more than w places before it."""
    i = torch.arange(s.shape[0]).unsqueeze(1)
    j = torch.arange(s.shape[1]).unsqueeze(0)
    return s.masked_fill((j > i) | (j < i - w), -math.inf)`,
});

const causalPy = pyHelper({
  name: 'causal',
  numpy: `def causal(s):
    """-inf wherever key j comes after query i (j > i): queries are rows."""
    s = np.array(s, dtype=float)
    s[np.triu(np.ones(s.shape, dtype=bool), k=1)] = -np.inf
    return s`,
  torch: `def causal(s):
    """-inf wherever key j comes after query i (j > i): queries are rows."""
    later = torch.ones(s.shape, dtype=torch.bool).triu(1)
    return s.masked_fill(later, -math.inf)`,
});

const causalTPy = pyHelper({
  name: 'causal_t',
  numpy: `def causal_t(s):
    """The causal mask in the transposed layout (queries as columns): -inf below the diagonal."""
    return causal(np.asarray(s).T).T`,
  torch: `def causal_t(s):
    """The causal mask in the transposed layout (queries as columns): -inf below the diagonal."""
    return causal(s.T).T`,
  uses: [causalPy],
});

const maskPy = pyHelper({
  name: 'mask',
  numpy: `def mask(s, m):
    """-inf wherever the mask is not 0."""
    s = np.array(s, dtype=float)
    s[np.broadcast_to(np.asarray(m) != 0, s.shape)] = -np.inf
    return s`,
  torch: `def mask(s, m):
    """-inf wherever the mask is not 0."""
    return s.masked_fill(m != 0, -math.inf)`,
});

const attentionPy = pyHelper({
  name: 'attention',
  numpy: `def attention(q, k, v):
    """softmax(Q K^T / sqrt(d_k)) V, one row per query."""
    return softmax(q @ k.T / np.sqrt(k.shape[1])) @ v`,
  torch: `def attention(q, k, v):
    """softmax(Q K^T / sqrt(d_k)) V, one row per query."""
    return softmax(q @ k.T / math.sqrt(k.shape[1])) @ v`,
  uses: [softmaxPy],
});

function softmaxApply(axis: 'rows' | 'cols'): FunctionDef['apply'] {
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

/** The softmax formula, then the numbers of the row (or column) with its max subtracted. */
const explainSoftmax: Explain = (x) => {
  const { e, r, c, head, depth } = x;
  const [a, t] = e.args as [Expr, Expr | undefined];
  const m = x.valueOf(a) as Matrix;
  const T = t === undefined ? 1 : (x.valueOf(t) as number);
  const byRow = e.fn === 'softmax';
  const line: number[] = [];
  const len = byRow ? m.cols : m.rows;
  for (let k = 0; k < len; k++) line.push(byRow ? m.get(r, k) : m.get(k, c));
  const own = byRow ? c : r;
  const which = byRow ? `row ${r + 1}` : `column ${c + 1}`;
  const value = entry(x.valueOf(e), r, c);
  const s = a.kind === 'call' ? exprToString(a) : x.name(a);
  if (byRow) x.markRow(a, r);
  else x.markCol(a, c);
  const sub = byRow ? ['ij', 'i', 'ik'] : ['ij', 'j', 'kj'];
  const over = T === 1 ? '' : ' / T';
  const formula =
    `e^((s_${sub[0]} − max_${sub[1]})${over}) / Σ_k e^((s_${sub[2]} − max_${sub[1]})${over})`.replace(
      /\(\(([^()]*)\)\)/g,
      '($1)',
    );
  const intro = `${head} = ${formula}, with s = ${s}${T === 1 ? '' : `, T = ${fmt(T)}`}`;
  const max = Math.max(...line);
  if (max === -Infinity)
    return `${head} = 0: every entry of ${which} of ${s} is −∞ (masked), so its weights are all set to 0`;
  if (T === 0 || max === Infinity) {
    const why =
      T === 0 ? 'T = 0 turns softmax into an argmax' : 'an entry of ∞ takes all the weight';
    return `${head} = ${fmt(value)}: ${why}; the largest entries of ${which} of ${s} (${fmt(max)}) share the weight equally`;
  }
  if (line[own] === -Infinity) x.later(a, r, c, depth + 1, true);
  else if (a.kind === 'call' && depth < x.maxDepth) x.later(a, r, c, depth + 1);
  const term = (v: number): string =>
    v === -Infinity
      ? 'e^(−∞)'
      : `e^(${T === 1 ? `${fmt(v)} − ${fmtTerm(max)}` : `(${fmt(v)} − ${fmtTerm(max)}) / ${fmt(T)}`})`;
  const num = Math.exp((line[own]! - max) / T);
  let sum = 0;
  for (const v of line) sum += Math.exp((v - max) / T);
  return `${intro}: ${term(line[own]!)} / (${elide(line.map(term), x.maxTerms)}) = ${fmt(num)} / ${fmt(sum)} = ${fmt(value)}${line[own] === -Infinity ? ' (a masked score gets weight 0)' : ''}`;
};

/** −∞ and why, or the score kept and why; `why` says whether entry (r, c) is masked, and why. */
const explainMask =
  (why: (x: Parameters<Explain>[0]) => { masked: boolean; why: string }): Explain =>
  (x) => {
    const a = x.e.args[0]!;
    const score = x.operandAt(a, x.r, x.c, x.depth);
    const { masked, why: because } = why(x);
    return masked
      ? `${x.head} = −∞ because ${because}: the mask hides it (the score was ${fmt(score)})`
      : `${x.head} = ${x.name(a)}${at(x.r, x.c)} = ${fmt(x.value)}, kept because ${because}`;
  };

export const ATTENTION: Readonly<Record<string, FunctionDef>> = {
  softmax: {
    minArgs: 1,
    maxArgs: 2,
    doc: 'softmax(X) or softmax(X, T): each row turned into weights that are ≥ 0 and sum to 1; T is the temperature',
    tex: (a) =>
      a.length > 1
        ? `\\operatorname{softmax}\\left(\\frac{${a[0]}}{${a[1]}}\\right)`
        : `\\operatorname{softmax}\\left(${a[0]}\\right)`,
    apply: softmaxApply('rows'),
    labels: 'first',
    returns: 'matrix',
    ...helper(softmaxPy),
    explain: explainSoftmax,
  },
  softmaxCols: {
    minArgs: 1,
    maxArgs: 2,
    doc: 'softmaxCols(X): softmax down each column (the transposed layout)',
    tex: (a) =>
      `\\operatorname{softmax}_{\\text{col}}\\left(${a.length > 1 ? `\\frac{${a[0]}}{${a[1]}}` : a[0]}\\right)`,
    apply: softmaxApply('cols'),
    labels: 'first',
    returns: 'matrix',
    ...helper(softmaxColsPy),
    explain: explainSoftmax,
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
    labels: 'first',
    returns: 'matrix',
    ...helper(softmaxNaivePy),
    explain: explainGeneric,
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
    // A row keeps its columns' names: argmax(row(A, 7)) is answered with a token.
    labels: ([a]) => ({ rows: undefined, cols: a?.cols }),
    returns: 'matrix',
    ...helper(rowPy),
    explain: explainGeneric,
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
    labels: 'first',
    returns: 'matrix',
    ...helper(windowPy),
    explain: explainGeneric,
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
    labels: 'first',
    returns: 'matrix',
    ...helper(causalPy),
    explain: explainMask(({ r, c }) => ({
      masked: c > r,
      why:
        c > r
          ? `key ${c + 1} comes after query ${r + 1}`
          : `key ${c + 1} does not come after query ${r + 1}`,
    })),
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
    labels: 'first',
    returns: 'matrix',
    ...helper(causalTPy),
    explain: explainMask(({ r, c }) => ({
      masked: r > c,
      why:
        r > c
          ? `key ${r + 1} comes after query ${c + 1} (queries are columns here)`
          : `key ${r + 1} does not come after query ${c + 1} (queries are columns here)`,
    })),
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
    labels: 'first',
    returns: 'matrix',
    ...helper(maskPy),
    explain: explainMask((x) => {
      const b = x.e.args[1]!;
      const m = entry(x.valueOf(b), x.r, x.c);
      x.markEntry(b, x.r, x.c);
      const masked = m !== 0;
      return {
        masked,
        why: masked
          ? `${x.name(b)}${at(x.r, x.c)} = ${fmt(m)} is not 0`
          : `${x.name(b)}${at(x.r, x.c)} is 0`,
      };
    }),
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
    labels: (args) => ({ rows: args[0]?.rows, cols: args[2]?.cols }),
    returns: 'matrix',
    ...helper(attentionPy),
    explain: (x) => {
      const { r, c } = x;
      const [q, k, vv] = x.e.args as [Expr, Expr, Expr];
      const Q = x.valueOf(q) as Matrix;
      const K = x.valueOf(k) as Matrix;
      const V = x.valueOf(vv) as Matrix;
      const root = Math.sqrt(K.cols);
      const s: number[] = [];
      for (let t = 0; t < K.rows; t++) {
        let d = 0;
        for (let u = 0; u < Q.cols; u++) d += Q.get(r, u) * K.get(t, u);
        s.push(root === 0 ? d : d / root);
      }
      const max = Math.max(...s);
      const ex = s.map((v) => Math.exp(v - max));
      const sum = ex.reduce((p, q2) => p + q2, 0);
      const terms = ex.map((v, t) => `${fmtTerm(v / sum)}·${fmtTerm(V.get(t, c))}`);
      x.markRow(q, r);
      x.markCol(vv, c);
      return `${x.head} = row ${r + 1} of softmax(${x.name(q)} ${x.name(k)}' / sqrt(${K.cols})) · column ${c + 1} of ${x.name(vv)} = ${elide(terms, x.maxTerms)} = ${fmt(x.value)}`;
    },
  },
};

/** A key mask given as one 1×n row, repeated for every query row of the scores. */
function spreadMask(m: Matrix, scores: Matrix): Matrix {
  if (m.rows !== 1 || scores.rows === 1 || m.cols !== scores.cols) return m;
  return matrix(Array.from({ length: scores.rows }, () => m.toArray()[0]!));
}
