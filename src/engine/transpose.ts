/**
 * transpose(a): the transpose of a, as a VIEW on the same data (no copy; the
 * strides are swapped). `transpose(transpose(a))` has a's layout again.
 *
 *     transpose(matrix([[1, 2, 3]])) // 3x1: [[1], [2], [3]]
 *
 * See also: Matrix.contiguous (a compact copy), matmul (fast on transposed views).
 */
import { Matrix, toMatrix, type MatrixLike } from './matrix.ts';

export function transpose<R extends number, C extends number>(a: Matrix<R, C>): Matrix<C, R>;
export function transpose(a: MatrixLike): Matrix;
export function transpose(a: MatrixLike): Matrix {
  const m = toMatrix(a);
  return new Matrix(m.cols, m.rows, m.data, m.offset, m.colStride, m.rowStride);
}
