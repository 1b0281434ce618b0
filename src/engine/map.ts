/**
 * map(a, f): the matrix of f(a[i][j], i, j), same shape as a.
 *
 *     map(matrix([[1, 4]]), Math.sqrt) // [[1, 2]]
 *     map(identity(2), (v, i, j) => v + i * 10 + j) // [[1, 1], [10, 12]]
 *
 * See also: scale, relu, gelu, exp, sqrt.
 */
import { Matrix, toMatrix, type MatrixLike } from './matrix.ts';

export function map<R extends number, C extends number>(
  a: Matrix<R, C>,
  f: (value: number, i: number, j: number) => number,
): Matrix<R, C>;
export function map(a: MatrixLike, f: (value: number, i: number, j: number) => number): Matrix;
export function map(aIn: MatrixLike, f: (value: number, i: number, j: number) => number): Matrix {
  const a = toMatrix(aIn);
  const { rows, cols, data, offset, rowStride, colStride } = a;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const ai = offset + i * rowStride;
    for (let j = 0; j < cols; j++) out[i * cols + j] = f(data[ai + j * colStride] as number, i, j);
  }
  return new Matrix(rows, cols, out);
}
