/**
 * The cost chapter's functions: FlashAttention's state after step t (the tile of scores,
 * the running max and sum, the rescaling factor, the accumulator), the finished tiled
 * result, and the sparse patterns with the count of scores they keep. The numbers come
 * from the engine (flash-attention.ts, sparse-patterns.ts).
 */
import {
  causalPattern,
  flashAttention,
  flashSchedule,
  flashState,
  longformerPattern,
  matrix as matrixOf,
  stridedPattern,
  windowPattern,
  type FlashState,
  type Matrix,
} from '../../engine/index.ts';
import type { Expr } from '../expr.ts';
import {
  asMatrix,
  asNumber,
  at,
  elide,
  EvalError,
  fmt,
  fmtTerm,
  helper,
  pyHelper,
  same,
  type Explain,
  type ExplainCall,
  type FunctionDef,
  type Value,
} from './define.ts';

const flashStatePy = pyHelper({
  name: 'flash_state',
  numpy: `def flash_state(q, k, v, br, bc, t):
    """FlashAttention after step t (from 1; past the last step, the last): query block i
    (outer loop) against key blocks 0..j (inner loop), with the running max m, the running
    sum l and the accumulator o (not yet divided by l) of block i's rows. Returns the tile
    of scores S_ij, m, l, alpha = exp(m_old - m_new) of this step, and o."""
    q, k = np.asarray(q, dtype=float), np.asarray(k, dtype=float)
    v = np.zeros((k.shape[0], 0)) if v is None else np.asarray(v, dtype=float)
    br, bc = int(br), int(bc)
    tc = -(-k.shape[0] // bc)
    t = min(max(1, int(t)), -(-q.shape[0] // br) * tc)
    i, j = divmod(t - 1, tc)
    qi = q[i * br : (i + 1) * br]
    m = np.full((len(qi), 1), -np.inf)
    l = np.zeros((len(qi), 1))
    o = np.zeros((len(qi), v.shape[1]))
    for jj in range(j + 1):
        s = qi @ k[jj * bc : (jj + 1) * bc].T / np.sqrt(k.shape[1])
        m_new = np.maximum(m, s.max(axis=1, keepdims=True))
        with np.errstate(invalid="ignore"):
            # exp(a - b) with exp(inf - inf) = 1; a row that has seen only -inf stays empty.
            alpha = np.where(m == m_new, 1.0, np.exp(m - m_new))
            p = np.where(s == m_new, 1.0, np.exp(s - m_new))
        p[s == -np.inf] = 0.0
        l = alpha * l + p.sum(axis=1, keepdims=True)
        o = alpha * o + p @ v[jj * bc : (jj + 1) * bc]
        m = m_new
    return s, m, l, alpha, o`,
  torch: `def flash_state(q, k, v, br, bc, t):
    """FlashAttention after step t (from 1; past the last step, the last): query block i
    (outer loop) against key blocks 0..j (inner loop), with the running max m, the running
    sum l and the accumulator o (not yet divided by l) of block i's rows. Returns the tile
    of scores S_ij, m, l, alpha = exp(m_old - m_new) of this step, and o."""
    v = torch.zeros((k.shape[0], 0), dtype=k.dtype) if v is None else v
    br, bc = int(br), int(bc)
    tc = -(-k.shape[0] // bc)
    t = min(max(1, int(t)), -(-q.shape[0] // br) * tc)
    i, j = divmod(t - 1, tc)
    qi = q[i * br : (i + 1) * br]
    m = torch.full((qi.shape[0], 1), -math.inf, dtype=q.dtype)
    l = torch.zeros((qi.shape[0], 1), dtype=q.dtype)
    o = torch.zeros((qi.shape[0], v.shape[1]), dtype=q.dtype)
    for jj in range(j + 1):
        s = qi @ k[jj * bc : (jj + 1) * bc].T / math.sqrt(k.shape[1])
        m_new = torch.maximum(m, s.max(dim=1, keepdim=True).values)
        # exp(a - b) with exp(inf - inf) = 1; a row that has seen only -inf stays empty.
        alpha = torch.where(m == m_new, torch.ones_like(m), torch.exp(m - m_new))
        p = torch.where(s == m_new, torch.ones_like(s), torch.exp(s - m_new))
        p = p.masked_fill(s == -math.inf, 0.0)
        l = alpha * l + p.sum(dim=1, keepdim=True)
        o = alpha * o + p @ v[jj * bc : (jj + 1) * bc]
        m = m_new
    return s, m, l, alpha, o`,
});

/** A helper that picks one part of flash_state's result, the same text in both scripts. */
const statePart = (name: string, what: string, args: string, call: string, index: number) => {
  const text = `def ${name}(${args}):
    """${what}"""
    return flash_state(${call})[${index}]`;
  return pyHelper({ name, numpy: text, torch: text, uses: [flashStatePy] });
};

const tilePy = statePart(
  'flash_tile',
  'The tile of scores S_ij = Q_i K_j^T / sqrt(d_k) of step t.',
  'q, k, br, bc, t',
  'q, k, None, br, bc, t',
  0,
);
const maxPy = statePart(
  'flash_max',
  'The running max m of each row of the query block, after step t.',
  'q, k, br, bc, t',
  'q, k, None, br, bc, t',
  1,
);
const sumPy = statePart(
  'flash_sum',
  'The running sum l of each row of the query block, after step t.',
  'q, k, br, bc, t',
  'q, k, None, br, bc, t',
  2,
);
const scalePy = statePart(
  'flash_scale',
  'exp(m_old - m_new) at step t: what the old sum and accumulator were multiplied by.',
  'q, k, br, bc, t',
  'q, k, None, br, bc, t',
  3,
);
const accPy = statePart(
  'flash_acc',
  'The accumulator O~ of the query block after step t (not yet divided by l).',
  'q, k, v, br, bc, t',
  'q, k, v, br, bc, t',
  4,
);

const flashAttentionPy = pyHelper({
  name: 'flash_attention',
  numpy: `def flash_attention(q, k, v, br, bc):
    """softmax(Q K^T / sqrt(d_k)) V, tile by tile: each query block's state after its
    last key block, divided by its running sum (a row with l = 0 stays 0)."""
    q = np.asarray(q, dtype=float)
    tc = -(-np.shape(k)[0] // int(bc))
    rows = []
    for i in range(-(-q.shape[0] // int(br))):
        _, _, l, _, o = flash_state(q, k, v, br, bc, (i + 1) * tc)
        rows.append(np.divide(o, l, out=np.zeros_like(o), where=l != 0))
    return np.vstack(rows)`,
  torch: `def flash_attention(q, k, v, br, bc):
    """softmax(Q K^T / sqrt(d_k)) V, tile by tile: each query block's state after its
    last key block, divided by its running sum (a row with l = 0 stays 0)."""
    tc = -(-k.shape[0] // int(bc))
    rows = []
    for i in range(-(-q.shape[0] // int(br))):
        _, _, l, _, o = flash_state(q, k, v, br, bc, (i + 1) * tc)
        rows.append(torch.where(l == 0, torch.zeros_like(o), o / torch.where(l == 0, torch.ones_like(l), l)))
    return torch.vstack(rows)`,
  uses: [flashStatePy],
});

const flashRowsPy = pyHelper({
  name: 'flash_rows',
  numpy: `def flash_rows(x, k, br, bc, t):
    """The rows of x in the query block of step t (keys k cut into blocks of bc)."""
    tc = -(-np.shape(k)[0] // int(bc))
    t = min(max(1, int(t)), -(-np.shape(x)[0] // int(br)) * tc)
    i = (t - 1) // tc
    return np.asarray(x)[i * int(br) : (i + 1) * int(br)]`,
  torch: `def flash_rows(x, k, br, bc, t):
    """The rows of x in the query block of step t (keys k cut into blocks of bc)."""
    tc = -(-k.shape[0] // int(bc))
    t = min(max(1, int(t)), -(-x.shape[0] // int(br)) * tc)
    i = (t - 1) // tc
    return x[i * int(br) : (i + 1) * int(br)]`,
});

const patternPy = (name: string, what: string, args: string, keep: string) =>
  pyHelper({
    name,
    numpy: `def ${name}(${args}):
    """${what}"""
    i, j = np.indices((int(n), int(n)))
    return ((j <= i) & (${keep})).astype(float)`,
    torch: `def ${name}(${args}):
    """${what}"""
    i = torch.arange(int(n)).unsqueeze(1)
    j = torch.arange(int(n)).unsqueeze(0)
    return ((j <= i) & (${keep})).to(torch.float64)`,
  });

const causalPatternPy = patternPy(
  'causal_pattern',
  '1 where query i may see key j (j <= i), else 0.',
  'n',
  'j >= 0',
);
const windowPatternPy = patternPy(
  'window_pattern',
  '1 where key j is query i itself or one of the w - 1 keys before it.',
  'n, w',
  'i - j < w',
);
const stridedPatternPy = patternPy(
  'strided_pattern',
  'The window of l keys, and every l-th key before it (Child et al., 2019).',
  'n, l',
  '(i - j < l) | ((i - j) % int(l) == 0)',
);
const longformerPatternPy = patternPy(
  'longformer_pattern',
  'A window of w keys, and the first g tokens, which every query sees (Longformer).',
  'n, w, g',
  '(i - j < w) | (j < g)',
);

/** A whole number ≥ 1 for a block size, named for the reader. */
function blockSize(fn: string, v: Value | undefined, which: string): number {
  const b = asNumber(fn, v, which);
  if (!Number.isInteger(b) || b < 1) {
    throw new EvalError(`${fn}: ${which} must be a whole number ≥ 1, got ${fmt(b)}`);
  }
  return b;
}

/** The state the step functions share, computed through the engine with readable errors. */
function stateOf(fn: string, args: Value[], withValues: boolean): FlashState {
  const Q = asMatrix(fn, args[0], 'Q');
  const K = asMatrix(fn, args[1], 'K');
  const V = withValues ? asMatrix(fn, args[2], 'V') : null;
  const rest = args.slice(withValues ? 3 : 2);
  const blockRows = blockSize(fn, rest[0], 'B_r');
  const blockCols = blockSize(fn, rest[1], 'B_c');
  const step = asNumber(fn, rest[2], 'the step');
  if (!Number.isInteger(step)) {
    throw new EvalError(`${fn}: the step must be a whole number, got ${fmt(step)}`);
  }
  try {
    return flashState(Q, K, V, { blockRows, blockCols }, step);
  } catch (e) {
    throw new EvalError(
      `${fn}: ${e instanceof Error ? e.message.replace(/^flashAttention: /, '') : String(e)}`,
    );
  }
}

/** A B_r×1 column of per-row numbers (m, ℓ, α). */
const column = (xs: Float64Array): Matrix => matrixOf(Array.from(xs, (x) => [x]));

/** What the step-t explanations share: the state, and where the entry sits in Q and K. */
function stepContext(x: ExplainCall, withValues: boolean) {
  const args = x.e.args;
  const st = stateOf(
    x.e.fn,
    args.map((a) => x.valueOf(a)),
    withValues,
  );
  const q = args[0]!;
  const k = args[1]!;
  const row = st.rows[0] + x.r;
  const where = `step ${st.step} of ${st.steps}: query block ${st.queryBlock + 1} (rows ${st.rows[0] + 1}–${st.rows[1]}), key block ${st.keyBlock + 1} (keys ${st.cols[0] + 1}–${st.cols[1]})`;
  return { st, q, k, row, where };
}

/** The terms e^(S − m) of the entry's row of the tile, as text. */
function weightTerms(st: FlashState, r: number): { terms: string[]; weights: number[] } {
  const m = st.max[r]!;
  const terms: string[] = [];
  const weights: number[] = [];
  for (let c = 0; c < st.tile.cols; c++) {
    const s = st.tile.get(r, c);
    const w = s === -Infinity || m === -Infinity ? 0 : s === m ? 1 : Math.exp(s - m);
    weights.push(w);
    terms.push(s === -Infinity ? 'e^(−∞)' : `e^(${fmt(s)} − ${fmtTerm(m)})`);
  }
  return { terms, weights };
}

const explainTile: Explain = (x) => {
  const { st, q, k, row, where } = stepContext(x, false);
  const key = st.cols[0] + x.c;
  const Q = x.valueOf(q) as Matrix;
  const K = x.valueOf(k) as Matrix;
  x.markRow(q, row);
  x.markRow(k, key);
  const terms = Array.from(
    { length: Q.cols },
    (_, u) => `${fmtTerm(Q.get(row, u))}·${fmtTerm(K.get(key, u))}`,
  );
  return `${x.head} = row ${row + 1} of ${x.name(q)} · row ${key + 1} of ${x.name(k)} / √${K.cols} = (${elide(terms, x.maxTerms)}) / ${fmt(Math.sqrt(K.cols))} = ${fmt(x.value)} (${where})`;
};

const explainMax: Explain = (x) => {
  const { st, q, row, where } = stepContext(x, false);
  x.markRow(q, row);
  let tileMax = -Infinity;
  for (let c = 0; c < st.tile.cols; c++) tileMax = Math.max(tileMax, st.tile.get(x.r, c));
  return `${x.head} = max(m before this step = ${fmt(st.maxBefore[x.r]!)}, the largest score of row ${row + 1} in this tile = ${fmt(tileMax)}) = ${fmt(x.value)} (${where})`;
};

const explainScale: Explain = (x) => {
  const { st, q, row, where } = stepContext(x, false);
  x.markRow(q, row);
  const before = st.maxBefore[x.r]!;
  const now = st.max[x.r]!;
  const why =
    before === -Infinity
      ? 'nothing had been summed yet, so there is nothing to rescale'
      : before === now
        ? 'the max did not change, so the sum and the accumulator stay as they were'
        : 'the max grew, so the old sum and accumulator shrink by this factor';
  return `${x.head} = e^(m before − m) = e^(${fmt(before)} − ${fmtTerm(now)}) = ${fmt(x.value)}: ${why} (${where})`;
};

const explainSum: Explain = (x) => {
  const { st, q, row, where } = stepContext(x, false);
  x.markRow(q, row);
  const { terms, weights } = weightTerms(st, x.r);
  const added = weights.reduce((a, b) => a + b, 0);
  return `${x.head} = α·ℓ before + Σ e^(S_ij − m) = ${fmt(st.rescale[x.r]!)}·${fmtTerm(st.sumBefore[x.r]!)} + (${elide(terms, x.maxTerms)}) = ${fmt(st.rescale[x.r]! * st.sumBefore[x.r]!)} + ${fmtTerm(added)} = ${fmt(x.value)} (${where})`;
};

const explainAcc: Explain = (x) => {
  const { st, q, row, where } = stepContext(x, true);
  const v = x.e.args[2]!;
  const V = x.valueOf(v) as Matrix;
  x.markRow(q, row);
  x.markCol(v, x.c);
  const { weights } = weightTerms(st, x.r);
  const terms = weights.map((w, c) => `${fmtTerm(w)}·${fmtTerm(V.get(st.cols[0] + c, x.c))}`);
  const before = st.accBefore.get(x.r, x.c);
  return `${x.head} = α·Õ before + Σ e^(S_ij − m)·V = ${fmt(st.rescale[x.r]!)}·${fmtTerm(before)} + (${elide(terms, x.maxTerms)}), with V's rows ${st.cols[0] + 1}–${st.cols[1]} in column ${x.c + 1} = ${fmt(x.value)} (${where})`;
};

/** Rows or keys of the form `[start, end)` counted from 1 in text. */
const span = (a: number, b: number): string => (b - a === 1 ? `${a + 1}` : `${a + 1}–${b}`);

/** The step-function definitions share everything but what they return. */
function stepFunction(
  name: string,
  doc: string,
  tex: string,
  withValues: boolean,
  pick: (st: FlashState) => Matrix,
  py: Parameters<typeof helper>[0],
  explain: Explain,
): FunctionDef {
  const n = withValues ? 6 : 5;
  return {
    minArgs: n,
    maxArgs: n,
    doc,
    tex: (a) => {
      const data = a.slice(0, withValues ? 3 : 2).join(', ');
      const [br, bc, t] = a.slice(withValues ? 3 : 2);
      return `\\operatorname{${tex}}_{${t}}\\left(${data} \\mid ${br}, ${bc}\\right)`;
    },
    apply: (args) => pick(stateOf(name, args, withValues)),
    labels: 'none',
    returns: 'matrix',
    ...helper(py),
    explain,
  };
}

const keepExplain =
  (rule: (i: number, j: number, args: number[]) => string | null): Explain =>
  (x) => {
    const nums = x.e.args.map((a) => x.valueOf(a) as number);
    const { r: i, c: j } = x;
    if (j > i) return `${x.head} = 0: key ${j + 1} comes after query ${i + 1}`;
    const why = rule(i, j, nums);
    return why === null
      ? `${x.head} = 0: query ${i + 1} does not see key ${j + 1}, ${i - j} place${i - j === 1 ? '' : 's'} back, in this pattern`
      : `${x.head} = 1: ${why}`;
  };

function patternArgs(fn: string, args: Value[], names: string[], mins: number[]): number[] {
  return names.map((which, k) => {
    const v = asNumber(fn, args[k], which);
    if (!Number.isInteger(v) || v < mins[k]!) {
      throw new EvalError(`${fn}: ${which} must be a whole number ≥ ${mins[k]}, got ${fmt(v)}`);
    }
    if (k === 0 && v > 4096) throw new EvalError(`${fn}: n = ${fmt(v)} is more than 4096 tokens`);
    return v;
  });
}

export const FLASH: Readonly<Record<string, FunctionDef>> = {
  flashTile: stepFunction(
    'flashTile',
    'flashTile(Q, K, B_r, B_c, t): the tile of scores S_ij = Q_i K_jᵀ / √d_k of step t of FlashAttention (query block i, key block j)',
    'tile',
    false,
    (st) => st.tile,
    tilePy,
    explainTile,
  ),
  flashMax: stepFunction(
    'flashMax',
    'flashMax(Q, K, B_r, B_c, t): the running max m of each row of the query block after step t of FlashAttention',
    'max',
    false,
    (st) => column(st.max),
    maxPy,
    explainMax,
  ),
  flashScale: stepFunction(
    'flashScale',
    'flashScale(Q, K, B_r, B_c, t): e^(m_old − m_new) at step t: what the running sum and the accumulator were multiplied by',
    'rescale',
    false,
    (st) => column(st.rescale),
    scalePy,
    explainScale,
  ),
  flashSum: stepFunction(
    'flashSum',
    'flashSum(Q, K, B_r, B_c, t): the running sum ℓ of e^(score − m) of each row of the query block after step t',
    'sum',
    false,
    (st) => column(st.sum),
    sumPy,
    explainSum,
  ),
  flashAcc: stepFunction(
    'flashAcc',
    'flashAcc(Q, K, V, B_r, B_c, t): the accumulator Õ of the query block after step t, the values weighted by e^(score − m), not yet divided by ℓ',
    'acc',
    true,
    (st) => st.acc,
    accPy,
    explainAcc,
  ),
  flashAttention: {
    minArgs: 5,
    maxArgs: 5,
    doc: 'flashAttention(Q, K, V, B_r, B_c): softmax(Q Kᵀ / √d_k) V computed tile by tile with an online softmax, never holding the whole matrix of scores',
    tex: (a) =>
      `\\operatorname{FlashAttention}\\left(${a[0]}, ${a[1]}, ${a[2]} \\mid ${a[3]}, ${a[4]}\\right)`,
    apply: ([q, k, v, br, bc], notes) => {
      const fn = 'flashAttention';
      const blockRows = blockSize(fn, br, 'B_r');
      const blockCols = blockSize(fn, bc, 'B_c');
      try {
        const r = flashAttention(asMatrix(fn, q, 'Q'), asMatrix(fn, k, 'K'), asMatrix(fn, v, 'V'), {
          blockRows,
          blockCols,
        });
        if (r.fullyMaskedRows.length > 0)
          notes.push({
            message: `rows ${r.fullyMaskedRows.map((i) => i + 1).join(', ')}: every score is −∞, so the output is 0`,
          });
        return r.output;
      } catch (e) {
        if (e instanceof EvalError) throw e;
        throw new EvalError(
          `${fn}: ${e instanceof Error ? e.message.replace(/^flashAttention: /, '') : String(e)}`,
        );
      }
    },
    labels: (args) => ({ rows: args[0]?.rows, cols: args[2]?.cols }),
    returns: 'matrix',
    ...helper(flashAttentionPy),
    explain: (x) => {
      const [q, k, v, br, bc] = x.e.args as [Expr, Expr, Expr, Expr, Expr];
      const Q = x.valueOf(q) as Matrix;
      const K = x.valueOf(k) as Matrix;
      const blockRows = x.valueOf(br) as number;
      const blockCols = x.valueOf(bc) as number;
      const { keyBlocks } = flashSchedule(Q.rows, K.rows, blockRows, blockCols);
      const i = Math.floor(x.r / blockRows);
      const st = flashState(
        Q,
        K,
        x.valueOf(v) as Matrix,
        { blockRows, blockCols },
        (i + 1) * keyBlocks,
      );
      const r = x.r - st.rows[0];
      x.markRow(q, x.r);
      x.markCol(v, x.c);
      return `${x.head} = Õ / ℓ after the last of ${keyBlocks} key block${keyBlocks === 1 ? '' : 's'} of query block ${i + 1} (rows ${span(st.rows[0], st.rows[1])}) = ${fmt(st.acc.get(r, x.c))} / ${fmt(st.sum[r]!)} = ${fmt(x.value)}`;
    },
  },
  flashRows: {
    minArgs: 5,
    maxArgs: 5,
    doc: 'flashRows(X, K, B_r, B_c, t): the rows of X in the query block of step t (the keys K cut into blocks of B_c)',
    tex: (a) => `\\operatorname{rows}_{${a[4]}}\\left(${a[0]} \\mid ${a[2]}, ${a[3]}\\right)`,
    apply: ([x, k, br, bc, t]) => {
      const fn = 'flashRows';
      const X = asMatrix(fn, x, 'X');
      const K = asMatrix(fn, k, 'K');
      const blockRows = blockSize(fn, br, 'B_r');
      const blockCols = blockSize(fn, bc, 'B_c');
      const step = asNumber(fn, t, 'the step');
      const { keyBlocks, steps } = flashSchedule(X.rows, K.rows, blockRows, blockCols);
      if (steps === 0) throw new EvalError(`${fn}: no rows to cut into blocks`);
      const s = Math.min(Math.max(1, Math.floor(step)), steps);
      const i = Math.floor((s - 1) / keyBlocks);
      const r0 = i * blockRows;
      const r1 = Math.min(r0 + blockRows, X.rows);
      return matrixOf(Array.from({ length: r1 - r0 }, (_, r) => X.row(r0 + r)));
    },
    labels: 'none',
    returns: 'matrix',
    ...helper(flashRowsPy),
    explain: (x) => {
      const [a, k, br, bc, t] = x.e.args as [Expr, Expr, Expr, Expr, Expr];
      const X = x.valueOf(a) as Matrix;
      const K = x.valueOf(k) as Matrix;
      const blockRows = x.valueOf(br) as number;
      const { keyBlocks, steps } = flashSchedule(
        X.rows,
        K.rows,
        blockRows,
        x.valueOf(bc) as number,
      );
      const s = Math.min(Math.max(1, Math.floor(x.valueOf(t) as number)), steps);
      const i = Math.floor((s - 1) / keyBlocks);
      const row = i * blockRows + x.r;
      x.markEntry(a, row, x.c);
      return `${x.head} = ${x.name(a)}${at(row, x.c)} = ${fmt(x.value)}: row ${x.r + 1} of query block ${i + 1}, the block of step ${s}`;
    },
  },
  maxAbs: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'maxAbs(X): the largest absolute value of an entry of X (0 for an empty matrix)',
    tex: (a) => `\\max\\left|${a[0]}\\right|`,
    apply: ([x]) => {
      const m = asMatrix('maxAbs', x);
      let best = 0;
      for (let i = 0; i < m.rows; i++)
        for (let j = 0; j < m.cols; j++) {
          const v = Math.abs(m.get(i, j));
          if (Number.isNaN(v))
            throw new EvalError(`maxAbs: row ${i + 1}, column ${j + 1} is not a number (NaN)`);
          if (v > best) best = v;
        }
      return best;
    },
    labels: 'none',
    returns: 'number',
    numpy: (py) => ({ text: `float(np.abs(${py.code(0)}).max(initial=0.0))`, prec: 9 }),
    torch: (py) => ({ text: `float(torch.abs(${py.code(0)}).max())`, prec: 9 }),
    explain: (x) => {
      const a = x.e.args[0]!;
      const m = x.valueOf(a) as Matrix;
      let where: [number, number] = [0, 0];
      for (let i = 0; i < m.rows; i++)
        for (let j = 0; j < m.cols; j++)
          if (Math.abs(m.get(i, j)) === x.value && where[0] === 0 && where[1] === 0) where = [i, j];
      const [i, j] = where;
      x.markEntry(a, i, j);
      return `${x.head} = the largest |entry| of ${x.name(a)} (${m.rows}×${m.cols}) = |${x.name(a)}${at(i, j)}| = |${fmt(m.get(i, j))}| = ${fmt(x.value)}`;
    },
  },
  blocks: {
    minArgs: 2,
    maxArgs: 2,
    doc: 'blocks(n, B): how many blocks of B rows n rows make, ⌈n / B⌉ (the last may be smaller)',
    tex: (a) => `\\left\\lceil \\frac{${a[0]}}{${a[1]}} \\right\\rceil`,
    apply: ([n, b]) => {
      const rows = asNumber('blocks', n, 'n');
      const size = blockSize('blocks', b, 'the block size');
      if (!Number.isInteger(rows) || rows < 0)
        throw new EvalError(`blocks: n must be a whole number ≥ 0, got ${fmt(rows)}`);
      return Math.ceil(rows / size);
    },
    labels: 'none',
    returns: 'number',
    ...same((py) => ({ text: `-(-int(${py.code(0)}) // int(${py.code(1)}))`, prec: 3 })),
    explain: (x) => {
      const [a, b] = x.e.args.map((e) => x.valueOf(e) as number) as [number, number];
      return `${x.head} = ⌈${fmt(a)} / ${fmt(b)}⌉ = ${fmt(x.value)}${a % b === 0 ? '' : `: ${fmt(x.value - 1)} full blocks of ${fmt(b)} and a last one of ${fmt(a - (x.value - 1) * b)}`}`;
    },
  },
  count: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'count(P): how many entries of P are not 0 (the scores a pattern keeps)',
    tex: (a) => `\\#\\left(${a[0]}\\right)`,
    apply: ([x]) => {
      const m = asMatrix('count', x);
      let k = 0;
      for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) if (m.get(i, j) !== 0) k++;
      return k;
    },
    labels: 'none',
    returns: 'number',
    numpy: (py) => ({ text: `int(np.count_nonzero(${py.code(0)}))`, prec: 9 }),
    torch: (py) => ({ text: `int(torch.count_nonzero(${py.code(0)}))`, prec: 9 }),
    explain: (x) => {
      const a = x.e.args[0]!;
      const m = x.valueOf(a) as Matrix;
      return `${x.head} = the entries of ${x.name(a)} that are not 0: ${fmt(x.value)} of its ${m.rows}×${m.cols} = ${fmt(m.rows * m.cols)}`;
    },
  },
  causalPattern: {
    minArgs: 1,
    maxArgs: 1,
    doc: 'causalPattern(n): n×n, 1 where query i may see key j (j ≤ i), 0 elsewhere: full causal attention',
    tex: (a) => `P^{\\text{causal}}_{${a[0]}}`,
    apply: (args) => causalPattern(...(patternArgs('causalPattern', args, ['n'], [1]) as [number])),
    labels: 'none',
    returns: 'matrix',
    ...helper(causalPatternPy),
    explain: keepExplain((i, j) => `key ${j + 1} does not come after query ${i + 1}`),
  },
  windowPattern: {
    minArgs: 2,
    maxArgs: 2,
    doc: 'windowPattern(n, w): 1 where key j is query i itself or one of the w − 1 keys just before it (a sliding window of w keys)',
    tex: (a) => `P^{\\text{window}}_{${a[0]}}\\left(${a[1]}\\right)`,
    apply: (args) =>
      windowPattern(
        ...(patternArgs('windowPattern', args, ['n', 'the window w'], [1, 1]) as [number, number]),
      ),
    labels: 'none',
    returns: 'matrix',
    ...helper(windowPatternPy),
    explain: keepExplain((i, j, [, w]) =>
      i - j < w!
        ? `key ${j + 1} is ${i - j} place${i - j === 1 ? '' : 's'} back, inside the window of ${fmt(w!)}`
        : null,
    ),
  },
  stridedPattern: {
    minArgs: 2,
    maxArgs: 2,
    doc: 'stridedPattern(n, l): the window of the last l keys, plus every l-th key before it (Child et al., 2019)',
    tex: (a) => `P^{\\text{strided}}_{${a[0]}}\\left(${a[1]}\\right)`,
    apply: (args) =>
      stridedPattern(
        ...(patternArgs('stridedPattern', args, ['n', 'the stride l'], [1, 1]) as [number, number]),
      ),
    labels: 'none',
    returns: 'matrix',
    ...helper(stridedPatternPy),
    explain: keepExplain((i, j, [, l]) =>
      i - j < l!
        ? `key ${j + 1} is ${i - j} place${i - j === 1 ? '' : 's'} back, inside the window of ${fmt(l!)}`
        : (i - j) % l! === 0
          ? `key ${j + 1} is ${i - j} places back, a multiple of the stride ${fmt(l!)}`
          : null,
    ),
  },
  longformerPattern: {
    minArgs: 3,
    maxArgs: 3,
    doc: 'longformerPattern(n, w, g): a sliding window of w keys, plus the first g tokens, which every query sees (Longformer’s global attention, causal half)',
    tex: (a) => `P^{\\text{window+global}}_{${a[0]}}\\left(${a[1]}, ${a[2]}\\right)`,
    apply: (args) =>
      longformerPattern(
        ...(patternArgs(
          'longformerPattern',
          args,
          ['n', 'the window w', 'the global tokens g'],
          [1, 1, 0],
        ) as [number, number, number]),
      ),
    labels: 'none',
    returns: 'matrix',
    ...helper(longformerPatternPy),
    explain: keepExplain((i, j, [, w, g]) =>
      i - j < w!
        ? `key ${j + 1} is ${i - j} place${i - j === 1 ? '' : 's'} back, inside the window of ${fmt(w!)}`
        : j < g!
          ? `key ${j + 1} is one of the ${fmt(g!)} global token${g === 1 ? '' : 's'}, which every query sees`
          : null,
    ),
  },
};
