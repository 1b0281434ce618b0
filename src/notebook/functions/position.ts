/**
 * Word order, for the position chapter: reordering the tokens, and the two ways of telling
 * attention where each token stands (the sinusoidal table added to the embeddings, and the
 * rotation of queries and keys).
 */
import {
  map,
  pairFrequency,
  permutationProblem,
  permuteRows,
  rope,
  sinusoidalTable,
  unpermuteRows,
  type Matrix,
} from '../../engine/index.ts';
import {
  asMatrix,
  asNumber,
  at,
  EvalError,
  explainGeneric,
  fmt,
  fmtTerm,
  helper,
  pyHelper,
  type Explain,
  type FunctionDef,
  type Value,
} from './define.ts';

/** A table larger than this is refused: a slider or a typo must not freeze the page. */
export const MAX_POSITION_ENTRIES = 20_000;

const permutePy = pyHelper({
  name: 'permute',
  numpy: `def permute(x, p):
    """Row i of the result is row p[i] of x; p lists the rows, counting from 1."""
    return np.asarray(x)[np.asarray(p).ravel().astype(int) - 1]`,
  torch: `def permute(x, p):
    """Row i of the result is row p[i] of x; p lists the rows, counting from 1."""
    return x[p.flatten().long() - 1]`,
});

const unpermutePy = pyHelper({
  name: 'unpermute',
  numpy: `def unpermute(x, p):
    """Undoes permute: row p[i] of the result is row i of x (p counts from 1)."""
    out = np.empty_like(np.asarray(x, dtype=float))
    out[np.asarray(p).ravel().astype(int) - 1] = x
    return out`,
  torch: `def unpermute(x, p):
    """Undoes permute: row p[i] of the result is row i of x (p counts from 1)."""
    out = torch.empty_like(x)
    out[p.flatten().long() - 1] = x
    return out`,
});

const sinusoidalPy = pyHelper({
  name: 'sinusoidal',
  numpy: `def sinusoidal(n, d, base=10000.0):
    """Vaswani et al.'s table: PE[pos, 2i] = sin(pos / base**(2i/d)), PE[pos, 2i+1] = cos(...);
    n positions 0, 1, ..., n-1, or a column of positions."""
    pos = np.arange(int(n), dtype=float) if np.ndim(n) == 0 else np.asarray(n, dtype=float).ravel()
    j = np.arange(int(d))
    angle = pos[:, None] * base ** (-2.0 * (j // 2) / d)
    return np.where(j % 2 == 0, np.sin(angle), np.cos(angle))`,
  torch: `def sinusoidal(n, d, base=10000.0):
    """Vaswani et al.'s table: PE[pos, 2i] = sin(pos / base**(2i/d)), PE[pos, 2i+1] = cos(...);
    n positions 0, 1, ..., n-1, or a column of positions."""
    if torch.is_tensor(n):
        pos = n.flatten().to(torch.float64)
    else:
        pos = torch.arange(int(n), dtype=torch.float64)
    j = torch.arange(int(d))
    angle = pos[:, None] * base ** (-2.0 * torch.div(j, 2, rounding_mode="floor").to(torch.float64) / d)
    return torch.where(j % 2 == 0, torch.sin(angle), torch.cos(angle))`,
});

const ropePy = pyHelper({
  name: 'rope',
  numpy: `def rope(x, start=0.0, base=10000.0):
    """Rotary embedding: columns 2i and 2i+1 of row r turned by the angle pos_r * base**(-2i/d);
    the positions are start, start+1, ..., or a column of positions."""
    x = np.asarray(x, dtype=float)
    n, d = x.shape
    pos = start + np.arange(n) if np.ndim(start) == 0 else np.asarray(start, dtype=float).ravel()
    angle = pos[:, None] * base ** (-2.0 * np.arange(d // 2) / d)
    a, b = x[:, 0::2], x[:, 1::2]
    out = np.empty_like(x)
    out[:, 0::2] = a * np.cos(angle) - b * np.sin(angle)
    out[:, 1::2] = a * np.sin(angle) + b * np.cos(angle)
    return out`,
  torch: `def rope(x, start=0.0, base=10000.0):
    """Rotary embedding: columns 2i and 2i+1 of row r turned by the angle pos_r * base**(-2i/d);
    the positions are start, start+1, ..., or a column of positions."""
    n, d = x.shape
    if torch.is_tensor(start):
        pos = start.flatten().to(torch.float64)
    else:
        pos = start + torch.arange(n, dtype=torch.float64)
    angle = pos[:, None] * base ** (-2.0 * torch.arange(d // 2, dtype=torch.float64) / d)
    a, b = x[:, 0::2], x[:, 1::2]
    out = torch.empty_like(x)
    out[:, 0::2] = a * torch.cos(angle) - b * torch.sin(angle)
    out[:, 1::2] = a * torch.sin(angle) + b * torch.cos(angle)
    return out`,
});

/** The entries of a 1×n or n×1 matrix, in order. */
function listOf(fn: string, v: Value | undefined, which: string): number[] {
  const m = asMatrix(fn, v, which);
  if (m.rows !== 1 && m.cols !== 1) {
    throw new EvalError(
      `${fn}: ${which} must be one row or one column, got a ${m.rows}x${m.cols} matrix`,
    );
  }
  const out: number[] = [];
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) out.push(m.get(i, j));
  return out;
}

/** The 0-based permutation a reader wrote counting from 1, or a message saying what is wrong. */
function permutationOf(fn: string, x: Matrix, p: Value | undefined): number[] {
  const perm = listOf(fn, p, 'the order').map((v) => v - 1);
  const problem = permutationProblem(perm, x.rows);
  if (problem)
    throw new EvalError(`${fn}: the order is not a permutation of 1 to ${x.rows}: ${problem}`);
  return perm;
}

/** Positions 0, 1, …, n − 1 from a count, or the entries of a row or column of positions. */
function positionsOf(fn: string, v: Value | undefined, start = 0): number[] {
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 1)
      throw new EvalError(
        `${fn}: the number of positions must be a whole number ≥ 1, got ${fmt(v)}`,
      );
    return Array.from({ length: v }, (_, k) => start + k);
  }
  const list = listOf(fn, v, 'the positions');
  const bad = list.find((x) => !Number.isFinite(x));
  if (bad !== undefined)
    throw new EvalError(`${fn}: a position must be a finite number, got ${fmt(bad)}`);
  return list;
}

function baseOf(fn: string, v: Value | undefined): number {
  if (v === undefined) return 10000;
  const b = asNumber(fn, v, 'the base');
  if (!(b > 0) || !Number.isFinite(b))
    throw new EvalError(`${fn}: the base must be a finite number above 0, got ${fmt(b)}`);
  return b;
}

/** `P[2,1] = X[3,1] = 0.5: row 2 of the result is row 3 of X (p[2] = 3)`. */
const explainPermute: Explain = (x) => {
  const [a, p] = x.e.args as [typeof x.e, typeof x.e];
  const perm = listOf('permute', x.valueOf(p), 'the order');
  const forward = x.e.fn === 'permute';
  // permute: row r comes from row p[r]; unpermute: row r came from the row i with p[i] = r.
  const from = forward ? perm[x.r]! - 1 : perm.findIndex((v) => v - 1 === x.r);
  const got = x.operandAt(a, from, x.c, x.depth);
  const place = forward ? x.r : from;
  x.markEntry(p, place, place);
  const why = forward
    ? `row ${x.r + 1} of the result is row ${from + 1} of ${x.name(a)} (${x.name(p)} lists ${from + 1} in place ${x.r + 1})`
    : `row ${from + 1} of ${x.name(a)} goes back to row ${x.r + 1} (${x.name(p)} lists ${x.r + 1} in place ${from + 1})`;
  return `${x.head} = ${x.name(a)}${at(from, x.c)} = ${fmt(got)}: ${why}`;
};

/** `PE[4,3] = cos(pos · 10000^(−2i/d)) = cos(3 · 10000^(−2/8)) = cos(0.3) = 0.9553`. */
const explainSinusoidal: Explain = (x) => {
  const [n, d, b] = x.e.args;
  const width = x.valueOf(d!) as number;
  const base = b === undefined ? 10000 : (x.valueOf(b) as number);
  const pos = positionsOf('sinusoidal', x.valueOf(n!))[x.r]!;
  const i = Math.floor(x.c / 2);
  const f = x.c % 2 === 0 ? 'sin' : 'cos';
  const angle = pos * pairFrequency(i, width, base);
  return `${x.head} = ${f}(pos · ${fmt(base)}^(−2i/d)) with pos = ${fmt(pos)}, i = ${i} (column ${x.c + 1} is the ${f === 'sin' ? 'sine' : 'cosine'} of pair ${i + 1}), d = ${fmt(width)}: ${f}(${fmt(pos)} · ${fmt(base)}^(−${fmt((2 * i) / width)})) = ${f}(${fmt(angle)}) = ${fmt(x.value)}`;
};

/** `R[2,1] = x·cos θ − y·sin θ with θ = pos · 10000^(−2i/d) = …`. */
const explainRope: Explain = (x) => {
  const [a, s, b] = x.e.args;
  const m = x.valueOf(a!) as Matrix;
  const base = b === undefined ? 10000 : (x.valueOf(b) as number);
  const pos = positionsOf('rope', s === undefined ? m.rows : x.valueOf(s), 0);
  const start = s !== undefined && typeof x.valueOf(s) === 'number' ? (x.valueOf(s) as number) : 0;
  const p = s === undefined || typeof x.valueOf(s) === 'number' ? start + x.r : pos[x.r]!;
  const i = Math.floor(x.c / 2);
  const theta = p * pairFrequency(i, m.cols, base);
  const u = x.operandAt(a!, x.r, 2 * i, x.depth);
  const v = x.operandAt(a!, x.r, 2 * i + 1, x.depth);
  const [cs, sn] = [Math.cos(theta), Math.sin(theta)];
  const pair = `pair ${i + 1} (columns ${2 * i + 1} and ${2 * i + 2}) of row ${x.r + 1} of ${x.name(a!)} turned by θ = pos · ${fmt(base)}^(−2i/d) = ${fmt(p)} · ${fmt(base)}^(−${fmt((2 * i) / m.cols)}) = ${fmt(theta)} rad`;
  const formula =
    x.c % 2 === 0
      ? `x·cos θ − y·sin θ = ${fmtTerm(u)}·${fmtTerm(cs)} − ${fmtTerm(v)}·${fmtTerm(sn)}`
      : `x·sin θ + y·cos θ = ${fmtTerm(u)}·${fmtTerm(sn)} + ${fmtTerm(v)}·${fmtTerm(cs)}`;
  return `${x.head} = ${formula} = ${fmt(x.value)}: ${pair}`;
};

const roundPy = pyHelper({
  name: 'round_to',
  numpy: `def round_to(x, k):
    """Each entry rounded to k decimal places, halves up (as JavaScript's Math.round)."""
    f = 10.0 ** int(k)
    return np.floor(np.asarray(x, dtype=float) * f + 0.5) / f`,
  torch: `def round_to(x, k):
    """Each entry rounded to k decimal places, halves up (as JavaScript's Math.round)."""
    f = 10.0 ** int(k)
    if not torch.is_tensor(x):
        return math.floor(x * f + 0.5) / f
    return torch.floor(x * f + 0.5) / f`,
});

export const POSITION: Readonly<Record<string, FunctionDef>> = {
  // For a check that two results agree: the last digits of a float differ when the same
  // terms are added in another order, and a difference of 1e-17 should read as 0.
  round: {
    minArgs: 2,
    maxArgs: 2,
    doc: 'round(X, k): each entry rounded to k decimal places (k from 0 to 15)',
    tex: (a) => `\\operatorname{round}_{${a[1]}}\\left(${a[0]}\\right)`,
    apply: ([x, k]) => {
      const places = asNumber('round', k, 'the number of decimal places');
      if (!Number.isInteger(places) || places < 0 || places > 15)
        throw new EvalError(
          `round: the decimal places must be a whole number from 0 to 15, got ${fmt(places)}`,
        );
      const f = 10 ** places;
      const one = (v: number) => (Number.isFinite(v) ? Math.round(v * f) / f : v);
      return typeof x === 'number' ? one(x) : map(asMatrix('round', x), one);
    },
    labels: 'first',
    returns: 'same',
    ...helper(roundPy),
    explain: explainGeneric,
  },
  permute: {
    minArgs: 2,
    maxArgs: 2,
    doc: 'permute(X, p): the rows of X in the order p (a row or column listing each of 1 … rows(X) once): row i is row p_i of X',
    tex: (a) => `\\operatorname{permute}_{${a[1]}}\\left(${a[0]}\\right)`,
    apply: ([x, p]) => {
      const m = asMatrix('permute', x);
      return permuteRows(m, permutationOf('permute', m, p));
    },
    labels: (args) => ({ rows: undefined, cols: args[0]?.cols }),
    returns: 'matrix',
    ...helper(permutePy),
    explain: explainPermute,
  },
  unpermute: {
    minArgs: 2,
    maxArgs: 2,
    doc: 'unpermute(Y, p): undoes permute: row p_i of the result is row i of Y',
    tex: (a) => `\\operatorname{permute}^{-1}_{${a[1]}}\\left(${a[0]}\\right)`,
    apply: ([x, p]) => {
      const m = asMatrix('unpermute', x);
      return unpermuteRows(m, permutationOf('unpermute', m, p));
    },
    labels: (args) => ({ rows: undefined, cols: args[0]?.cols }),
    returns: 'matrix',
    ...helper(unpermutePy),
    explain: explainPermute,
  },
  sinusoidal: {
    minArgs: 2,
    maxArgs: 3,
    doc: 'sinusoidal(n, d) or sinusoidal(n, d, base): the sine and cosine table of “Attention Is All You Need”, one row per position 0 … n − 1 (or per entry of a column of positions), d columns',
    tex: (a) =>
      `\\operatorname{PE}${a.length > 2 ? `_{${a[2]}}` : ''}\\left(${a[0]}, ${a[1]}\\right)`,
    apply: ([n, d, b]) => {
      const positions = positionsOf('sinusoidal', n);
      const width = asNumber('sinusoidal', d, 'd');
      if (!Number.isInteger(width) || width < 1)
        throw new EvalError(`sinusoidal: d must be a whole number ≥ 1, got ${fmt(width)}`);
      if (positions.length * width > MAX_POSITION_ENTRIES)
        throw new EvalError(
          `sinusoidal: ${positions.length}×${width} is more than ${MAX_POSITION_ENTRIES} numbers`,
        );
      return sinusoidalTable(positions, width, baseOf('sinusoidal', b));
    },
    labels: 'none',
    returns: 'matrix',
    ...helper(sinusoidalPy),
    explain: explainSinusoidal,
  },
  rope: {
    minArgs: 1,
    maxArgs: 3,
    doc: 'rope(X), rope(X, start) or rope(X, start, base): each pair of columns (2i, 2i + 1) of row r turned by the angle pos_r · base^(−2i/d); the positions are start, start + 1, … (or a column of positions), the base 10000',
    tex: (a) => `\\operatorname{RoPE}${a.length > 1 ? `_{${a[1]}}` : ''}\\left(${a[0]}\\right)`,
    apply: ([x, s, b]) => {
      const m = asMatrix('rope', x);
      if (m.cols % 2 !== 0)
        throw new EvalError(
          `rope: the columns of a ${m.rows}x${m.cols} matrix do not pair up: it needs an even number of columns`,
        );
      let positions: number[];
      if (s === undefined || typeof s === 'number') {
        const start = s ?? 0;
        if (!Number.isFinite(start))
          throw new EvalError(
            `rope: the first position must be a finite number, got ${fmt(start)}`,
          );
        positions = Array.from({ length: m.rows }, (_, k) => start + k);
      } else {
        positions = positionsOf('rope', s);
        if (positions.length !== m.rows)
          throw new EvalError(
            `rope: ${positions.length} positions for the ${m.rows} rows of the matrix`,
          );
      }
      return rope(m, positions, baseOf('rope', b));
    },
    labels: 'first',
    returns: 'matrix',
    ...helper(ropePy),
    explain: explainRope,
  },
};
