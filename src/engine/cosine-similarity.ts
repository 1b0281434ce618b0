/**
 * cosineSimilarity(a, b): the cosine of the angle between two vectors,
 * dot(a, b) / (|a| |b|), between -1 and 1.
 * cosineSimilarityMatrix(A, B): entry (i, j) is the cosine similarity of row i
 * of A and row j of B (A is n x d, B is m x d, the result n x m).
 *
 *     cosineSimilarity([1, 0], [1, 1]) // 0.7071...
 *
 * Conventions: a zero vector has no direction; its similarity with anything is
 * defined here as 0 (not NaN). Computed as dot / sqrt(|a|^2 |b|^2), falling
 * back to vectors scaled by their largest entry when those sums would overflow
 * or underflow (entries like 1e200 work); the result is clamped to [-1, 1]
 * against rounding. NaN (or Infinity) in an input gives NaN.
 * Different lengths throw a ShapeError: `cosineSimilarity: (3) . (4): lengths differ`.
 *
 * See also: dot, norm, topK.
 */
import { Matrix, toMatrix, type MatrixLike } from './matrix.ts';
import { ShapeError, fmtShape } from './shape-error.ts';

function clamp(c: number): number {
  return c > 1 ? 1 : c < -1 ? -1 : c;
}

/**
 * Internal: cosine of two strided vectors. One pass for dot(a, b), |a|^2 and
 * |b|^2, then dot / sqrt(|a|^2 |b|^2) (one rounding fewer than dividing by
 * |a| |b|, so parallel vectors like (2, 2) and (1, 1) give exactly 1). When
 * those sums overflow or underflow, both vectors are first scaled by their
 * largest magnitude.
 */
export function stridedCosine(
  ad: ArrayLike<number>,
  aStart: number,
  aStep: number,
  bd: ArrayLike<number>,
  bStart: number,
  bStep: number,
  len: number,
): number {
  let s = 0;
  let ssa = 0;
  let ssb = 0;
  for (let k = 0; k < len; k++) {
    const x = ad[aStart + k * aStep] as number;
    const y = bd[bStart + k * bStep] as number;
    s += x * y;
    ssa += x * x;
    ssb += y * y;
  }
  const p = ssa * ssb;
  if (p >= 1e-300 && p < Infinity && s > -Infinity && s < Infinity) return clamp(s / Math.sqrt(p));
  // NaN, Infinity, or sums too large or too small: scale each vector by its
  // largest magnitude (every scaled entry in [-1, 1], one of them +-1).
  const ma = maxAbs(ad, aStart, aStep, len);
  const mb = maxAbs(bd, bStart, bStep, len);
  if (ma !== ma || mb !== mb || ma === Infinity || mb === Infinity) return NaN;
  if (ma === 0 || mb === 0) return 0;
  s = 0;
  ssa = 0;
  ssb = 0;
  for (let k = 0; k < len; k++) {
    const x = (ad[aStart + k * aStep] as number) / ma;
    const y = (bd[bStart + k * bStep] as number) / mb;
    s += x * y;
    ssa += x * x;
    ssb += y * y;
  }
  return clamp(s / Math.sqrt(ssa * ssb));
}

function maxAbs(d: ArrayLike<number>, start: number, step: number, len: number): number {
  let m = 0;
  for (let k = 0; k < len; k++) {
    const a = Math.abs(d[start + k * step] as number);
    if (a > m) m = a;
    else if (a !== a) return NaN;
  }
  return m;
}

export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length)
    throw new ShapeError('cosineSimilarity', `(${a.length}) . (${b.length}): lengths differ`);
  return stridedCosine(a, 0, 1, b, 0, 1, a.length);
}

export function cosineSimilarityMatrix(aIn: MatrixLike, bIn: MatrixLike): Matrix {
  const A = toMatrix(aIn);
  const B = toMatrix(bIn);
  if (A.cols !== B.cols) {
    throw new ShapeError(
      'cosineSimilarityMatrix',
      `${fmtShape(A)}, ${fmtShape(B)}: row lengths ${A.cols} and ${B.cols} differ`,
    );
  }
  const d = A.cols;
  const out = new Float64Array(A.rows * B.rows);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < B.rows; j++) {
      out[i * B.rows + j] = stridedCosine(
        A.data,
        A.offset + i * A.rowStride,
        A.colStride,
        B.data,
        B.offset + j * B.rowStride,
        B.colStride,
        d,
      );
    }
  }
  return new Matrix(A.rows, B.rows, out);
}
