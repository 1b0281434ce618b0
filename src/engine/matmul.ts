/**
 * matmul(a, b): the matrix product a b, (R x K) times (K x C) gives (R x C).
 *
 *     matmul(matrix([[1, 2]]), matrix([[3], [4]])) // [[11]]
 *
 * With literal shapes a wrong product does not compile:
 *
 *     matmul(zeros(2, 3), zeros(4, 5)) // type error: inner sizes differ
 *
 * and at run time it always throws a ShapeError:
 * `matmul: (7x16) * (8x4): inner sizes 16 and 8 differ`.
 *
 * Speed: an i-k-j loop over contiguous rows of b, four rows of b per pass; when
 * b is a transposed view of a compact matrix (as in Q K^T) each entry is a dot
 * product of two compact rows instead (four entries per pass), so `matmul(Q, transpose(K))` never copies K. Other layouts of b
 * are copied once into compact form.
 *
 * Semantics are IEEE: every product is computed (0 * Infinity is NaN).
 *
 * See also: transpose, hadamard (entrywise product), dot.
 */
import { Matrix, toMatrix, type MatrixLike } from './matrix.ts';
import { ShapeError, fmtShape } from './shape-error.ts';

/** Resolves to `unknown` when the inner sizes may agree, else to a type no matrix has. */
export type InnerSizesAgree<K extends number, K2 extends number> = number extends K
  ? unknown
  : number extends K2
    ? unknown
    : [K] extends [K2]
      ? unknown
      : { readonly 'matmul: inner sizes differ': [K, K2] };

export function matmul<R extends number, K extends number, K2 extends number, C extends number>(
  a: Matrix<R, K> | readonly (readonly number[])[],
  b: (Matrix<K2, C> | readonly (readonly number[])[]) & InnerSizesAgree<K, K2>,
): Matrix<R, C>;
export function matmul(aIn: MatrixLike, bIn: MatrixLike): Matrix {
  const a = toMatrix(aIn);
  let b = toMatrix(bIn);
  const n = a.rows;
  const m = a.cols;
  const p = b.cols;
  if (b.rows !== m) {
    throw new ShapeError(
      'matmul',
      `${fmtShape(a)} * ${fmtShape(b)}: inner sizes ${m} and ${b.rows} differ`,
    );
  }
  const out = new Float64Array(n * p);
  if (n === 0 || p === 0 || m === 0) return new Matrix(n, p, out);

  const ad = a.data;
  const aOff = a.offset;
  const aRs = a.rowStride;
  const aCs = a.colStride;

  // b is a transposed compact matrix (as in Q K^T) and a has compact rows:
  // each entry is a dot product of two compact rows; four at a time.
  if (b.rowStride === 1 && aCs === 1) {
    const bd = b.data;
    const bOff = b.offset;
    const bCs = b.colStride;
    const p4 = p - (p % 4);
    for (let i = 0; i < n; i++) {
      const ai = aOff + i * aRs;
      const ci = i * p;
      let j = 0;
      for (; j < p4; j += 4) {
        const b0 = bOff + j * bCs;
        const b1 = b0 + bCs;
        const b2 = b1 + bCs;
        const b3 = b2 + bCs;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let k = 0; k < m; k++) {
          const x = ad[ai + k] as number;
          s0 += x * (bd[b0 + k] as number);
          s1 += x * (bd[b1 + k] as number);
          s2 += x * (bd[b2 + k] as number);
          s3 += x * (bd[b3 + k] as number);
        }
        out[ci + j] = s0;
        out[ci + j + 1] = s1;
        out[ci + j + 2] = s2;
        out[ci + j + 3] = s3;
      }
      for (; j < p; j++) {
        const bj = bOff + j * bCs;
        let s = 0;
        for (let k = 0; k < m; k++) s += (ad[ai + k] as number) * (bd[bj + k] as number);
        out[ci + j] = s;
      }
    }
    return new Matrix(n, p, out);
  }

  // General case: i-k-j over compact rows of b, four rows of b per pass so
  // each entry of the output row is loaded and stored m/4 times, not m.
  if (b.colStride !== 1) b = b.contiguous();
  const bd = b.data;
  const bOff = b.offset;
  const bRs = b.rowStride;
  const m4 = m - (m % 4);
  for (let i = 0; i < n; i++) {
    const ai = aOff + i * aRs;
    const ci = i * p;
    let k = 0;
    for (; k < m4; k += 4) {
      const a0 = ad[ai + k * aCs] as number;
      const a1 = ad[ai + (k + 1) * aCs] as number;
      const a2 = ad[ai + (k + 2) * aCs] as number;
      const a3 = ad[ai + (k + 3) * aCs] as number;
      const b0 = bOff + k * bRs;
      const b1 = b0 + bRs;
      const b2 = b1 + bRs;
      const b3 = b2 + bRs;
      for (let j = 0; j < p; j++) {
        out[ci + j] =
          (out[ci + j] as number) +
          a0 * (bd[b0 + j] as number) +
          a1 * (bd[b1 + j] as number) +
          a2 * (bd[b2 + j] as number) +
          a3 * (bd[b3 + j] as number);
      }
    }
    for (; k < m; k++) {
      const aik = ad[ai + k * aCs] as number;
      const bk = bOff + k * bRs;
      for (let j = 0; j < p; j++)
        out[ci + j] = (out[ci + j] as number) + aik * (bd[bk + j] as number);
    }
  }
  return new Matrix(n, p, out);
}
