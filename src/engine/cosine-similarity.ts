/**
 * cosineSimilarity(a, b): the cosine of the angle between two vectors,
 * dot(a, b) / (|a| |b|), between -1 and 1.
 * cosineSimilarityMatrix(A, B): entry (i, j) is the cosine similarity of row i
 * of A and row j of B (A is n x d, B is m x d, the result n x m).
 *
 *     cosineSimilarity([1, 0], [1, 1]) // 0.7071...
 *
 * Conventions: a zero vector has no direction; its similarity with anything is
 * defined here as 0 (not NaN). Each vector is divided by its norm before the
 * products, so huge entries (1e200) do not overflow, and the result is clamped
 * to [-1, 1] against rounding. NaN in an input gives NaN.
 * Different lengths throw a ShapeError: `cosineSimilarity: (3) . (4): lengths differ`.
 *
 * See also: dot, norm, topK.
 */
import { Matrix, toMatrix, type MatrixLike } from './matrix.ts';
import { ShapeError, fmtShape } from './shape-error.ts';
import { stridedNorm } from './norms.ts';

function clamp(c: number): number {
  return c > 1 ? 1 : c < -1 ? -1 : c;
}

/** Internal: cosine of two strided vectors given their norms. */
export function stridedCosine(
  ad: ArrayLike<number>,
  aStart: number,
  aStep: number,
  na: number,
  bd: ArrayLike<number>,
  bStart: number,
  bStep: number,
  nb: number,
  len: number,
): number {
  if (na !== na || nb !== nb) return NaN;
  if (na === 0 || nb === 0) return 0;
  let s = 0;
  if (na > 1e150 || nb > 1e150 || na < 1e-150 || nb < 1e-150) {
    for (let k = 0; k < len; k++) s += ((ad[aStart + k * aStep] as number) / na) * ((bd[bStart + k * bStep] as number) / nb);
    return clamp(s);
  }
  for (let k = 0; k < len; k++) s += (ad[aStart + k * aStep] as number) * (bd[bStart + k * bStep] as number);
  return clamp(s / (na * nb));
}

export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new ShapeError('cosineSimilarity', `(${a.length}) . (${b.length}): lengths differ`);
  const na = stridedNorm(a, 0, a.length, 1);
  const nb = stridedNorm(b, 0, b.length, 1);
  return stridedCosine(a, 0, 1, na, b, 0, 1, nb, a.length);
}

export function cosineSimilarityMatrix(aIn: MatrixLike, bIn: MatrixLike): Matrix {
  const A = toMatrix(aIn);
  const B = toMatrix(bIn);
  if (A.cols !== B.cols) {
    throw new ShapeError('cosineSimilarityMatrix', `${fmtShape(A)}, ${fmtShape(B)}: row lengths ${A.cols} and ${B.cols} differ`);
  }
  const d = A.cols;
  const na = new Float64Array(A.rows);
  const nb = new Float64Array(B.rows);
  for (let i = 0; i < A.rows; i++) na[i] = stridedNorm(A.data, A.offset + i * A.rowStride, d, A.colStride);
  for (let j = 0; j < B.rows; j++) nb[j] = stridedNorm(B.data, B.offset + j * B.rowStride, d, B.colStride);
  const out = new Float64Array(A.rows * B.rows);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < B.rows; j++) {
      out[i * B.rows + j] = stridedCosine(
        A.data,
        A.offset + i * A.rowStride,
        A.colStride,
        na[i] as number,
        B.data,
        B.offset + j * B.rowStride,
        B.colStride,
        nb[j] as number,
        d,
      );
    }
  }
  return new Matrix(A.rows, B.rows, out);
}
