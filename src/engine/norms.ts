/**
 * norm(v): the Euclidean (L2) length of a vector, sqrt(sum v_k^2).
 * rowNorms(X): the L2 norm of each row of X (one per token or word).
 * frobeniusNorm(X): sqrt of the sum of squares of all entries of X.
 *
 *     norm([3, 4])                  // 5
 *     rowNorms(matrix([[3, 4], [0, 1]])) // [5, 1]
 *
 * Computed with scaling by the largest magnitude, so entries like 1e200 do not
 * overflow to Infinity. An Infinity entry gives Infinity; NaN gives NaN.
 *
 * See also: dot, cosineSimilarity, layerNorm.
 */
import { toMatrix, type MatrixLike } from './matrix.ts';

/** L2 norm of `len` values of `data` starting at `start`, `step` apart. */
export function stridedNorm(
  data: ArrayLike<number>,
  start: number,
  len: number,
  step: number,
): number {
  let maxAbs = 0;
  for (let k = 0; k < len; k++) {
    const a = Math.abs(data[start + k * step] as number);
    if (a > maxAbs) maxAbs = a;
    else if (a !== a) return NaN;
  }
  if (maxAbs === 0) return 0;
  if (maxAbs === Infinity) return Infinity;
  let s = 0;
  if (maxAbs > 1e150 || maxAbs < 1e-150) {
    for (let k = 0; k < len; k++) {
      const r = (data[start + k * step] as number) / maxAbs;
      s += r * r;
    }
    return maxAbs * Math.sqrt(s);
  }
  for (let k = 0; k < len; k++) {
    const x = data[start + k * step] as number;
    s += x * x;
  }
  return Math.sqrt(s);
}

export function norm(v: ArrayLike<number>): number {
  return stridedNorm(v, 0, v.length, 1);
}

export function rowNorms(xIn: MatrixLike): number[] {
  const x = toMatrix(xIn);
  const out = new Array<number>(x.rows);
  for (let i = 0; i < x.rows; i++)
    out[i] = stridedNorm(x.data, x.offset + i * x.rowStride, x.cols, x.colStride);
  return out;
}

export function frobeniusNorm(xIn: MatrixLike): number {
  const x = toMatrix(xIn);
  const rn = rowNorms(x);
  return stridedNorm(rn, 0, rn.length, 1);
}
