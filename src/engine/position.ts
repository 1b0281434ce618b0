/**
 * Word order: permuting the rows of a matrix, and the two classic ways of telling a model
 * where each token stands.
 *
 *     permuteRows(X, [2, 0, 1])          // row i of the result is row perm[i] of X
 *     unpermuteRows(Y, [2, 0, 1])        // undoes it: unpermuteRows(permuteRows(X, p), p) = X
 *     sinusoidalTable([0, 1, 2], 4)      // "Attention Is All You Need", one row per position
 *     rope(Q, [0, 1, 2])                 // RoFormer: each pair of columns rotated by pos·θ_i
 *
 * Indices and positions are 0-based here; the formula language counts a permutation from 1.
 *
 * See also: attention (which, without positions, does not see order).
 */
import { Matrix } from './matrix.ts';
import { fmtShape, ShapeError } from './shape-error.ts';

/**
 * Why `perm` is not a permutation of 0..n-1, in words a reader can act on (entries named
 * from 1, as the reader counts them), or null when it is one.
 */
export function permutationProblem(perm: readonly number[], n: number): string | null {
  if (perm.length !== n) {
    return `it has ${perm.length} ${perm.length === 1 ? 'entry' : 'entries'} but there are ${n} rows to reorder`;
  }
  const seen = new Map<number, number>();
  for (let i = 0; i < perm.length; i++) {
    const p = perm[i]!;
    if (!Number.isInteger(p) || p < 0 || p >= n) {
      return `entry ${i + 1} is ${Number.isFinite(p) ? p + 1 : p}, and each entry must be a whole number from 1 to ${n}`;
    }
    const before = seen.get(p);
    if (before !== undefined) {
      const missing = Array.from({ length: n }, (_, k) => k).find((k) => !perm.includes(k))!;
      return `${p + 1} appears twice (entries ${before + 1} and ${i + 1}) and ${missing + 1} is missing: each of 1 to ${n} must appear once`;
    }
    seen.set(p, i);
  }
  return null;
}

function checkPermutation(op: string, m: Matrix, perm: readonly number[]): void {
  const problem = permutationProblem(perm, m.rows);
  if (problem)
    throw new RangeError(`${op}: not a permutation of the rows of ${fmtShape(m)}: ${problem}`);
}

/** Row i of the result is row perm[i] of m. */
export function permuteRows(m: Matrix, perm: readonly number[]): Matrix {
  checkPermutation('permuteRows', m, perm);
  const out = new Float64Array(m.rows * m.cols);
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.cols; j++) out[i * m.cols + j] = m.get(perm[i]!, j);
  return new Matrix(m.rows, m.cols, out);
}

/** The inverse of permuteRows: row perm[i] of the result is row i of m. */
export function unpermuteRows(m: Matrix, perm: readonly number[]): Matrix {
  checkPermutation('unpermuteRows', m, perm);
  const out = new Float64Array(m.rows * m.cols);
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.cols; j++) out[perm[i]! * m.cols + j] = m.get(i, j);
  return new Matrix(m.rows, m.cols, out);
}

/** The angle step of pair i (columns 2i and 2i+1) of a d-wide vector: base^(−2i/d). */
export function pairFrequency(i: number, d: number, base = 10000): number {
  return Math.pow(base, (-2 * i) / d);
}

/**
 * The sinusoidal table of "Attention Is All You Need", one row per position:
 * PE(pos, 2i) = sin(pos · base^(−2i/d)), PE(pos, 2i+1) = cos(pos · base^(−2i/d)).
 * An odd d ends with a sine column.
 */
export function sinusoidalTable(positions: readonly number[], d: number, base = 10000): Matrix {
  if (!Number.isInteger(d) || d < 1)
    throw new RangeError(`sinusoidalTable: d must be a whole number ≥ 1, got ${d}`);
  if (!(base > 0))
    throw new RangeError(`sinusoidalTable: the base must be more than 0, got ${base}`);
  const out = new Float64Array(positions.length * d);
  positions.forEach((pos, r) => {
    for (let j = 0; j < d; j++) {
      const angle = pos * pairFrequency(Math.floor(j / 2), d, base);
      out[r * d + j] = j % 2 === 0 ? Math.sin(angle) : Math.cos(angle);
    }
  });
  return new Matrix(positions.length, d, out);
}

/**
 * Rotary position embedding: the pair (x_2i, x_2i+1) of row r is turned by the angle
 * positions[r] · base^(−2i/d) (d = the number of columns, which must be even).
 */
export function rope(m: Matrix, positions: readonly number[], base = 10000): Matrix {
  if (m.cols % 2 !== 0) {
    throw new ShapeError('rope', `${fmtShape(m)}: the columns must pair up (an even number)`);
  }
  if (positions.length !== m.rows) {
    throw new ShapeError(
      'rope',
      `${fmtShape(m)}: ${positions.length} positions for ${m.rows} rows`,
    );
  }
  if (!(base > 0)) throw new RangeError(`rope: the base must be more than 0, got ${base}`);
  const out = new Float64Array(m.rows * m.cols);
  for (let r = 0; r < m.rows; r++) {
    for (let i = 0; i < m.cols / 2; i++) {
      const angle = positions[r]! * pairFrequency(i, m.cols, base);
      const [c, s] = [Math.cos(angle), Math.sin(angle)];
      const [x, y] = [m.get(r, 2 * i), m.get(r, 2 * i + 1)];
      out[r * m.cols + 2 * i] = x * c - y * s;
      out[r * m.cols + 2 * i + 1] = x * s + y * c;
    }
  }
  return new Matrix(m.rows, m.cols, out);
}
