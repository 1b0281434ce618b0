/**
 * Choosing the next word: top-k and top-p (nucleus) filtering of a row of probabilities,
 * a seeded draw from it, and the training side, the probability of the true next token
 * and the cross-entropy loss. The functions of the next-word chapter.
 */
import { Matrix, MAX_SEED, mulberry32, sampleIndex } from '../../engine/index.ts';
import {
  asMatrix,
  asNumber,
  checkNoNaN,
  elide,
  EvalError,
  fmt,
  fmtTerm,
  helper,
  pyHelper,
  type Axes,
  type Explain,
  type FunctionDef,
  type LabelRule,
  type Note,
  type Value,
} from './define.ts';

const topKPy = pyHelper({
  name: 'top_k',
  numpy: `def top_k(p, k):
    """Each row keeps its k largest entries (ties: the earlier column first), the rest
    become 0, and the kept ones are divided by their sum."""
    p = np.asarray(p, dtype=float)
    out = np.zeros_like(p)
    for i, row in enumerate(p):
        order = np.argsort(-row, kind="stable")[: int(k)]
        kept = np.zeros_like(row)
        kept[order] = row[order]
        total = kept.sum()
        if total > 0:
            out[i] = kept / total
    return out`,
  torch: `def top_k(p, k):
    """Each row keeps its k largest entries (ties: the earlier column first), the rest
    become 0, and the kept ones are divided by their sum."""
    out = torch.zeros_like(p)
    for i in range(p.shape[0]):
        row = p[i]
        order = torch.sort(-row, stable=True).indices[: int(k)]
        kept = torch.zeros_like(row)
        kept[order] = row[order]
        total = kept.sum()
        if total > 0:
            out[i] = kept / total
    return out`,
});

const topPPy = pyHelper({
  name: 'top_p',
  numpy: `def top_p(p, mass):
    """Each row keeps its largest entries, largest first (ties: the earlier column first),
    until they hold at least the fraction \`mass\` of the row (all of them at mass 1); at least
    one is kept, never a 0.
    The rest become 0, and the kept ones are divided by their sum."""
    p = np.asarray(p, dtype=float)
    out = np.zeros_like(p)
    for i, row in enumerate(p):
        total = float(row.sum())
        if total <= 0:
            continue
        kept = np.zeros_like(row)
        running = 0.0
        for j in np.argsort(-row, kind="stable"):
            if row[j] <= 0 or (mass < 1 and running >= mass * total and kept.any()):
                break
            kept[j] = row[j]
            running += float(row[j])
        out[i] = kept / kept.sum()
    return out`,
  torch: `def top_p(p, mass):
    """Each row keeps its largest entries, largest first (ties: the earlier column first),
    until they hold at least the fraction \`mass\` of the row (all of them at mass 1); at least
    one is kept, never a 0.
    The rest become 0, and the kept ones are divided by their sum."""
    out = torch.zeros_like(p)
    for i in range(p.shape[0]):
        row = p[i]
        total = float(row.sum())
        if total <= 0:
            continue
        kept = torch.zeros_like(row)
        running = 0.0
        for j in torch.sort(-row, stable=True).indices.tolist():
            if row[j] <= 0 or (mass < 1 and running >= mass * total and bool(kept.any())):
                break
            kept[j] = row[j]
            running += float(row[j])
        out[i] = kept / kept.sum()
    return out`,
});

/** The generator in plain Python integers: the same in both scripts, bit for bit the page's. */
const MULBERRY_PY = `def mulberry32(seed):
    """The page's seeded generator (mulberry32): numbers in [0, 1), the same on every machine."""
    state = int(seed) & 0xFFFFFFFF

    def imul(a, b):
        return (a * b) & 0xFFFFFFFF

    def next_number():
        nonlocal state
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = imul(state ^ (state >> 15), state | 1)
        t = (t ^ ((t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296.0

    return next_number`;

const mulberryPy = pyHelper({ name: 'mulberry32', numpy: MULBERRY_PY, torch: MULBERRY_PY });

const DRAW_INDEX_PY = `def draw_index(weights, u):
    """Where u falls in the running total of the weights (scaled to their sum); -1 if none is > 0."""
    weights = [float(w) for w in weights]
    total, last = 0.0, -1
    for j, w in enumerate(weights):
        total += w
        if w > 0:
            last = j
    if last < 0:
        return -1
    running = 0.0
    for j, w in enumerate(weights):
        running += w
        if w > 0 and u * total < running:
            return j
    return last`;

const drawIndexPy = pyHelper({ name: 'draw_index', numpy: DRAW_INDEX_PY, torch: DRAW_INDEX_PY });

const samplePy = pyHelper({
  name: 'sample',
  numpy: `def sample(p, seed):
    """One draw per row from the page's seeded generator: 1 at the word drawn, 0 elsewhere."""
    p = np.asarray(p, dtype=float)
    rand = mulberry32(seed)
    out = np.zeros_like(p)
    for i, row in enumerate(p):
        j = draw_index(row, rand())
        if j >= 0:
            out[i, j] = 1.0
    return out`,
  torch: `def sample(p, seed):
    """One draw per row from the page's seeded generator (not torch.multinomial):
    1 at the word drawn, 0 elsewhere."""
    rand = mulberry32(seed)
    out = torch.zeros_like(p)
    for i in range(p.shape[0]):
        j = draw_index(p[i].tolist(), rand())
        if j >= 0:
            out[i, j] = 1.0
    return out`,
  uses: [mulberryPy, drawIndexPy],
});

const drawsPy = pyHelper({
  name: 'draws',
  numpy: `def draws(p, seed, n):
    """n seeded draws per row (the first is sample's): the fraction that landed on each word."""
    p = np.asarray(p, dtype=float)
    rand = mulberry32(seed)
    out = np.zeros_like(p)
    for i, row in enumerate(p):
        for _ in range(int(n)):
            j = draw_index(row, rand())
            if j >= 0:
                out[i, j] += 1
    return out / int(n)`,
  torch: `def draws(p, seed, n):
    """n seeded draws per row (the first is sample's): the fraction that landed on each word."""
    rand = mulberry32(seed)
    out = torch.zeros_like(p)
    for i in range(p.shape[0]):
        row = p[i].tolist()
        for _ in range(int(n)):
            j = draw_index(row, rand())
            if j >= 0:
                out[i, j] += 1
    return out / int(n)`,
  uses: [mulberryPy, drawIndexPy],
});

const crossEntropyPy = pyHelper({
  name: 'cross_entropy',
  numpy: `def cross_entropy(z, y):
    """Per row, -sum_j y_j log softmax(z)_j from the logits (log-sum-exp, max subtracted);
    a target with probability 0 gives inf. A column, one loss per row."""
    z = np.asarray(z, dtype=float)
    y = np.asarray(y, dtype=float)
    out = np.zeros((z.shape[0], 1))
    for i in range(z.shape[0]):
        top = z[i].max()
        if top == np.inf:
            hit = z[i] == np.inf
            logp = np.where(hit, -np.log(hit.sum()), -np.inf)
        elif top == -np.inf:
            logp = np.full_like(z[i], -np.inf)
        else:
            logp = z[i] - top - np.log(np.exp(z[i] - top).sum())
        on = y[i] != 0
        out[i, 0] = -(y[i][on] * logp[on]).sum()
    return out`,
  torch: `def cross_entropy(z, y):
    """Per row, -sum_j y_j log softmax(z)_j from the logits (torch.logsumexp); a target with
    probability 0 gives inf. A column, one loss per row. For one-hot y this is
    torch.nn.functional.cross_entropy(z, y.argmax(dim=1), reduction="none")."""
    out = torch.zeros((z.shape[0], 1), dtype=z.dtype)
    for i in range(z.shape[0]):
        top = z[i].max()
        if top == math.inf:
            hit = z[i] == math.inf
            logp = torch.where(hit, torch.full_like(z[i], -math.log(int(hit.sum()))), torch.full_like(z[i], -math.inf))
        elif top == -math.inf:
            logp = torch.full_like(z[i], -math.inf)
        else:
            logp = z[i] - torch.logsumexp(z[i], dim=0)
        on = y[i] != 0
        out[i, 0] = -(y[i][on] * logp[on]).sum()
    return out`,
});

/** Most draws one cell may make: enough for a histogram, few enough not to freeze a page. */
export const MAX_DRAWS = 100_000;

/** A row of probabilities that a filter or a draw may read: finite, ≥ 0, no NaN. */
function probabilities(fn: string, v: Value | undefined): Matrix {
  const m = asMatrix(fn, v, 'the probabilities');
  checkNoNaN(fn, m);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) {
      const x = m.get(i, j);
      if (!(x >= 0 && x < Infinity)) {
        throw new EvalError(
          `${fn}: row ${i + 1}, column ${j + 1} is ${fmt(x)}; it needs probabilities (finite, ≥ 0): apply softmax to the logits first`,
        );
      }
    }
  }
  return m;
}

function rowOf(m: Matrix, i: number): number[] {
  return Array.from({ length: m.cols }, (_, j) => m.get(i, j));
}

/** Columns from the largest entry to the smallest; equal entries keep their column order. */
export function rankOrder(row: readonly number[]): number[] {
  return row.map((_, j) => j).sort((a, b) => row[b]! - row[a]! || a - b);
}

/** Which columns of a row top-k keeps: the k largest, ties to the earlier column. */
export function keptTopK(row: readonly number[], k: number): number[] {
  return rankOrder(row).slice(0, k);
}

/**
 * Which columns of a row top-p keeps: the largest first until they hold at least p of the
 * row's total, at least one, never an entry of 0, and every positive one at p = 1. Empty for
 * a row of zeros.
 */
export function keptTopP(row: readonly number[], p: number): number[] {
  let total = 0;
  for (const x of row) total += x;
  if (!(total > 0)) return [];
  const kept: number[] = [];
  let running = 0;
  for (const j of rankOrder(row)) {
    // At p = 1 every positive entry stays, even one too small to move the rounded sum.
    if (row[j]! <= 0 || (p < 1 && running >= p * total && kept.length > 0)) break;
    kept.push(j);
    running += row[j]!;
  }
  return kept;
}

/** The row with only the `kept` columns, divided by their sum; zeros when nothing is kept. */
function renormalised(row: readonly number[], kept: readonly number[]): number[] {
  const out = new Array<number>(row.length).fill(0);
  let sum = 0;
  for (const j of kept) sum += row[j]!;
  if (sum > 0) for (const j of kept) out[j] = row[j]! / sum;
  return out;
}

function emptyRowsNote(fn: string, rows: number[], notes: Note[]): void {
  if (rows.length === 0) return;
  const list = rows.map((i) => i + 1).join(', ');
  notes.push({
    message: `${rows.length === 1 ? 'row' : 'rows'} ${list}: every probability is 0, so ${fn} has nothing to keep and the row stays 0`,
  });
}

function filterRows(
  fn: string,
  p: Matrix,
  keep: (row: number[]) => number[],
  notes: Note[],
): Matrix {
  const out = new Float64Array(p.rows * p.cols);
  const empty: number[] = [];
  for (let i = 0; i < p.rows; i++) {
    const row = rowOf(p, i);
    const kept = keep(row).filter((j) => row[j]! > 0);
    if (kept.length === 0) empty.push(i);
    out.set(renormalised(row, kept), i * p.cols);
  }
  emptyRowsNote(fn, empty, notes);
  return new Matrix(p.rows, p.cols, out);
}

function asK(v: Value | undefined): number {
  const k = asNumber('topk', v, 'k');
  if (!Number.isInteger(k) || k < 1) {
    throw new EvalError(`topk: k must be a whole number ≥ 1, got ${fmt(k)}`);
  }
  return k;
}

function asP(v: Value | undefined): number {
  const p = asNumber('topp', v, 'p');
  if (!(p >= 0 && p <= 1)) throw new EvalError(`topp: p must be between 0 and 1, got ${fmt(p)}`);
  return p;
}

function asSeed(fn: string, v: Value | undefined): number {
  const s = asNumber(fn, v, 'the seed');
  if (!Number.isInteger(s) || s < 0 || s > MAX_SEED) {
    throw new EvalError(
      `${fn}: the seed must be a whole number from 0 to ${MAX_SEED}, got ${fmt(s)}`,
    );
  }
  return s;
}

/** A matrix of targets (one-hot rows, or any weights ≥ 0) the shape of `of`. */
function targets(fn: string, v: Value | undefined, of: Matrix): Matrix {
  const y = asMatrix(fn, v, 'the targets');
  if (y.rows !== of.rows || y.cols !== of.cols) {
    throw new EvalError(
      `${fn}: the targets are ${y.rows}x${y.cols} but the ${fn === 'pick' ? 'probabilities' : 'logits'} are ${of.rows}x${of.cols}; they must have the same shape`,
    );
  }
  for (let i = 0; i < y.rows; i++) {
    for (let j = 0; j < y.cols; j++) {
      const x = y.get(i, j);
      if (!(x >= 0 && x < Infinity)) {
        throw new EvalError(
          `${fn}: the targets' row ${i + 1}, column ${j + 1} is ${fmt(x)}; targets are 1 at the true next word and 0 elsewhere (any weights ≥ 0 are allowed)`,
        );
      }
    }
  }
  return y;
}

/** log softmax of one row of logits, with the row's max subtracted; −∞ where the probability is 0. */
export function logSoftmaxRow(z: readonly number[]): number[] {
  const top = Math.max(...z);
  if (top === Infinity) {
    const count = z.filter((x) => x === Infinity).length;
    return z.map((x) => (x === Infinity ? -Math.log(count) : -Infinity));
  }
  if (top === -Infinity) return z.map(() => -Infinity);
  let sum = 0;
  for (const x of z) sum += Math.exp(x - top);
  const lse = Math.log(sum);
  return z.map((x) => x - top - lse);
}

const ordinal = (n: number): string => {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${s}`;
};

/** The explanation of a filter: where the entry ranks, whether it was kept, and the division. */
const explainFilter =
  (kind: 'k' | 'p'): Explain =>
  (x) => {
    const [a, b] = x.e.args;
    const m = x.valueOf(a!) as Matrix;
    const param = x.valueOf(b!) as number;
    const row = rowOf(m, x.r);
    x.markRow(a!, x.r);
    const kept = (kind === 'k' ? keptTopK(row, param) : keptTopP(row, param)).filter(
      (j) => row[j]! > 0,
    );
    const rank = rankOrder(row).indexOf(x.c) + 1;
    const own = row[x.c]!;
    const src = `${x.name(a!)}[${x.r + 1},${x.c + 1}] = ${fmt(own)}`;
    const rule =
      kind === 'k'
        ? `k = ${fmt(param)} keeps the ${kept.length} largest of row ${x.r + 1}`
        : `p = ${fmt(param)}: the ${kept.length} largest of row ${x.r + 1} hold ${elide(
            kept.map((j) => fmt(row[j]!)),
            x.maxTerms,
          )} = ${fmt(kept.reduce((s, j) => s + row[j]!, 0))}, the fewest that reach ${fmt(param)} of the row`;
    if (!kept.includes(x.c)) {
      const why = own <= 0 ? 'it is 0' : `it is the ${ordinal(rank)} largest`;
      return `${x.head} = 0: ${src}; ${rule}, and ${why}, so it is dropped`;
    }
    const sum = kept.reduce((s, j) => s + row[j]!, 0);
    return `${x.head} = ${fmt(own)} / ${fmt(sum)} = ${fmt(x.value)}: ${src} is the ${ordinal(rank)} largest; ${rule}, and each kept entry is divided by their sum, ${fmt(sum)}`;
  };

/** The number u the generator gave row r, and where it fell. */
function explainDraw(x: Parameters<Explain>[0]): string {
  const [a, s] = x.e.args;
  const m = x.valueOf(a!) as Matrix;
  const seed = x.valueOf(s!) as number;
  const next = mulberry32(seed);
  let u = 0;
  for (let i = 0; i <= x.r; i++) u = next();
  const row = rowOf(m, x.r);
  x.markRow(a!, x.r);
  let total = 0;
  for (const v of row) total += v;
  if (!(total > 0))
    return `${x.head} = 0: row ${x.r + 1} of ${x.name(a!)} is all 0, so nothing is drawn`;
  let before = 0;
  for (let j = 0; j < x.c; j++) before += row[j]!;
  const span = `[${fmt(before / total)}, ${fmt((before + row[x.c]!) / total)})`;
  const where = `u = ${fmt(u)} (number ${x.r + 1} from seed ${fmt(seed)})`;
  return x.value === 1
    ? `${x.head} = 1: ${where} falls in ${span}, the share of column ${x.c + 1} in the running total of row ${x.r + 1} of ${x.name(a!)}`
    : `${x.head} = 0: ${where} falls outside ${span}, the share of column ${x.c + 1} in the running total of row ${x.r + 1} of ${x.name(a!)}`;
}

const explainDraws: Explain = (x) => {
  const [a, s, n] = x.e.args;
  const count = x.valueOf(n!) as number;
  const seed = x.valueOf(s!) as number;
  const p = (x.valueOf(a!) as Matrix).get(x.r, x.c);
  x.markEntry(a!, x.r, x.c);
  return `${x.head} = ${fmt(Math.round(x.value * count))} / ${fmt(count)} = ${fmt(x.value)}: of ${fmt(count)} draws from row ${x.r + 1} of ${x.name(a!)} (seed ${fmt(seed)}), this many chose column ${x.c + 1}, whose probability is ${fmt(p)}`;
};

const explainPick: Explain = (x) => {
  const [a, b] = x.e.args;
  const m = x.valueOf(a!) as Matrix;
  const y = x.valueOf(b!) as Matrix;
  x.markRow(b!, x.r);
  const on: number[] = [];
  for (let j = 0; j < y.cols; j++) if (y.get(x.r, j) !== 0) on.push(j);
  for (const j of on) x.markEntry(a!, x.r, j);
  if (on.length === 0) {
    return `${x.head} = 0: row ${x.r + 1} of ${x.name(b!)} has no target (all 0)`;
  }
  if (on.length === 1 && y.get(x.r, on[0]!) === 1) {
    const j = on[0]!;
    return `${x.head} = ${x.name(a!)}[${x.r + 1},${j + 1}] = ${fmt(x.value)}: row ${x.r + 1} of ${x.name(b!)} has its 1 in column ${j + 1}, the true next word`;
  }
  const terms = on.map((j) => `${fmtTerm(y.get(x.r, j))}·${fmtTerm(m.get(x.r, j))}`);
  return `${x.head} = Σ_j ${x.name(b!)}[${x.r + 1},j]·${x.name(a!)}[${x.r + 1},j] = ${elide(terms, x.maxTerms)} = ${fmt(x.value)}`;
};

const explainCrossEntropy: Explain = (x) => {
  const [a, b] = x.e.args;
  const z = rowOf(x.valueOf(a!) as Matrix, x.r);
  const y = rowOf(x.valueOf(b!) as Matrix, x.r);
  x.markRow(a!, x.r);
  x.markRow(b!, x.r);
  const on = y.flatMap((v, j) => (v !== 0 ? [j] : []));
  const top = Math.max(...z);
  if (on.length === 0)
    return `${x.head} = 0: row ${x.r + 1} of ${x.name(b!)} has no target (all 0)`;
  const logp = logSoftmaxRow(z);
  if (on.length === 1 && y[on[0]!] === 1) {
    const j = on[0]!;
    if (!Number.isFinite(top)) {
      return `${x.head} = −log p = ${fmt(x.value)}: row ${x.r + 1} of ${x.name(a!)} has a largest logit of ${fmt(top)}, so the target, column ${j + 1}, gets log p = ${fmt(logp[j]!)}`;
    }
    let sum = 0;
    for (const v of z) sum += Math.exp(v - top);
    return `${x.head} = −(z_t − max − log Σ_k e^(z_k − max)) = −(${fmt(z[j]!)} − ${fmtTerm(top)} − log ${fmt(sum)}) = ${fmt(x.value)}: the target is column ${j + 1} of row ${x.r + 1} of ${x.name(a!)} (its probability, e^(−${fmtTerm(x.value)}), is ${fmt(Math.exp(-x.value))})`;
  }
  const terms = on.map((j) => `${fmtTerm(y[j]!)}·${fmtTerm(logp[j]!)}`);
  return `${x.head} = −Σ_j ${x.name(b!)}[${x.r + 1},j]·log softmax(${x.name(a!)})[${x.r + 1},j] = −(${elide(terms, x.maxTerms)}) = ${fmt(x.value)}`;
};

/** The rows of the first argument; one column, unnamed. */
const rowsOfFirst: LabelRule = ([a]: readonly Axes[]) => ({ rows: a?.rows, cols: undefined });

export const SAMPLING: Readonly<Record<string, FunctionDef>> = {
  topk: {
    minArgs: 2,
    maxArgs: 2,
    doc: 'topk(P, k): each row keeps its k largest probabilities (ties: the earlier column), the rest become 0, and the kept ones are rescaled to sum to 1',
    tex: (a) => `\\operatorname{top\\text{-}k}\\left(${a[0]}, ${a[1]}\\right)`,
    apply: ([p, k], notes) => {
      const m = probabilities('topk', p);
      const kk = asK(k);
      if (kk > m.cols) {
        notes.push({
          message: `k = ${kk} is more than the ${m.cols} columns: every word is kept`,
        });
      }
      return filterRows('topk', m, (row) => keptTopK(row, kk), notes);
    },
    labels: 'first',
    returns: 'matrix',
    ...helper(topKPy),
    explain: explainFilter('k'),
  },
  topp: {
    minArgs: 2,
    maxArgs: 2,
    doc: 'topp(P, p): nucleus filtering: each row keeps its largest probabilities, largest first, until they hold at least p of the row (at least one word), and rescales them to sum to 1',
    tex: (a) => `\\operatorname{top\\text{-}p}\\left(${a[0]}, ${a[1]}\\right)`,
    apply: ([p, mass], notes) =>
      filterRows('topp', probabilities('topp', p), (row) => keptTopP(row, asP(mass)), notes),
    labels: 'first',
    returns: 'matrix',
    ...helper(topPPy),
    explain: explainFilter('p'),
  },
  sample: {
    minArgs: 2,
    maxArgs: 2,
    doc: 'sample(P, seed): one seeded draw per row in proportion to its entries: 1 at the word drawn, 0 elsewhere; the same seed gives the same draw on every machine',
    tex: (a) => `\\operatorname{sample}_{${a[1]}}\\left(${a[0]}\\right)`,
    apply: ([p, seed], notes) => {
      const m = probabilities('sample', p);
      const next = mulberry32(asSeed('sample', seed));
      const out = new Float64Array(m.rows * m.cols);
      const empty: number[] = [];
      for (let i = 0; i < m.rows; i++) {
        const j = sampleIndex(rowOf(m, i), next());
        if (j < 0) empty.push(i);
        else out[i * m.cols + j] = 1;
      }
      if (empty.length > 0) {
        notes.push({
          message: `${empty.length === 1 ? 'row' : 'rows'} ${empty.map((i) => i + 1).join(', ')}: every probability is 0, so nothing can be drawn`,
        });
      }
      return new Matrix(m.rows, m.cols, out);
    },
    labels: 'first',
    returns: 'matrix',
    ...helper(samplePy),
    explain: explainDraw,
  },
  draws: {
    minArgs: 3,
    maxArgs: 3,
    doc: `draws(P, seed, n): n seeded draws from each row (the first is sample's): the fraction of them that chose each column; n up to ${MAX_DRAWS.toLocaleString('en-US')}`,
    tex: (a) => `\\operatorname{freq}_{${a[1]}}\\left(${a[0]}, ${a[2]}\\right)`,
    apply: ([p, seed, count], notes) => {
      const m = probabilities('draws', p);
      const next = mulberry32(asSeed('draws', seed));
      const n = asNumber('draws', count, 'the number of draws');
      if (!Number.isInteger(n) || n < 1 || n * m.rows > MAX_DRAWS) {
        throw new EvalError(
          `draws: the number of draws must be a whole number from 1 to ${MAX_DRAWS.toLocaleString('en-US')} in all, got ${fmt(n)}${m.rows > 1 ? ` for each of ${m.rows} rows` : ''}`,
        );
      }
      const out = new Float64Array(m.rows * m.cols);
      const empty: number[] = [];
      for (let i = 0; i < m.rows; i++) {
        const row = rowOf(m, i);
        const counts = new Array<number>(m.cols).fill(0);
        for (let t = 0; t < n; t++) {
          const j = sampleIndex(row, next());
          if (j >= 0) counts[j]!++;
        }
        if (counts.every((c) => c === 0)) empty.push(i);
        for (let j = 0; j < m.cols; j++) out[i * m.cols + j] = counts[j]! / n;
      }
      if (empty.length > 0) {
        notes.push({
          message: `${empty.length === 1 ? 'row' : 'rows'} ${empty.map((i) => i + 1).join(', ')}: every probability is 0, so nothing can be drawn`,
        });
      }
      return new Matrix(m.rows, m.cols, out);
    },
    labels: 'first',
    returns: 'matrix',
    ...helper(drawsPy),
    explain: explainDraws,
  },
  pick: {
    minArgs: 2,
    maxArgs: 2,
    doc: 'pick(P, Y): for each row, the probability P gives the target marked by a 1 in Y (with other weights in Y, their weighted sum); a column',
    tex: (a) => `\\operatorname{pick}\\left(${a[0]}, ${a[1]}\\right)`,
    apply: ([p, y]) => {
      const m = asMatrix('pick', p, 'the probabilities');
      checkNoNaN('pick', m);
      const t = targets('pick', y, m);
      const out = new Float64Array(m.rows);
      for (let i = 0; i < m.rows; i++) {
        let s = 0;
        // A 0 in the targets adds nothing, even next to an infinite entry.
        for (let j = 0; j < m.cols; j++) if (t.get(i, j) !== 0) s += t.get(i, j) * m.get(i, j);
        out[i] = s;
      }
      return new Matrix(m.rows, 1, out);
    },
    labels: rowsOfFirst,
    returns: 'matrix',
    numpy: (py) => ({
      text: `(np.where(${py.arg(1, 9)} != 0, ${py.code(1)} * ${py.arg(0, 2)}, 0.0)).sum(axis=1, keepdims=True)`,
      prec: 9,
    }),
    torch: (py) => ({
      text: `torch.where(${py.arg(1, 9)} != 0, ${py.code(1)} * ${py.arg(0, 2)}, torch.zeros_like(${py.code(0)})).sum(dim=1, keepdim=True)`,
      prec: 9,
    }),
    explain: explainPick,
  },
  crossEntropy: {
    minArgs: 2,
    maxArgs: 2,
    doc: 'crossEntropy(Z, Y): for each row of logits, −log of the probability softmax gives the target marked in Y, computed from the logits without rounding it to 0 first; a column',
    tex: (a) => `\\operatorname{CE}\\left(${a[0]}, ${a[1]}\\right)`,
    apply: ([z, y], notes) => {
      const m = asMatrix('crossEntropy', z, 'the logits');
      checkNoNaN('crossEntropy', m);
      const t = targets('crossEntropy', y, m);
      const out = new Float64Array(m.rows);
      const impossible: number[] = [];
      for (let i = 0; i < m.rows; i++) {
        const logp = logSoftmaxRow(rowOf(m, i));
        let s = 0;
        for (let j = 0; j < m.cols; j++) if (t.get(i, j) !== 0) s -= t.get(i, j) * logp[j]!;
        out[i] = s;
        if (s === Infinity) impossible.push(i);
      }
      if (impossible.length > 0) {
        notes.push({
          message: `${impossible.length === 1 ? 'row' : 'rows'} ${impossible.map((i) => i + 1).join(', ')}: the target's logit is −∞ (or another is +∞), so its probability is exactly 0 and the loss is ∞`,
        });
      }
      return new Matrix(m.rows, 1, out);
    },
    labels: rowsOfFirst,
    returns: 'matrix',
    ...helper(crossEntropyPy),
    explain: explainCrossEntropy,
  },
};
