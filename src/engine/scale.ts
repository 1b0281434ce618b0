/**
 * scale(a, s): every entry of a times the number s.
 *
 *     scale(matrix([[1, -2]]), 3) // [[3, -6]]
 *
 * See also: map, hadamard, add.
 */
import { Matrix, toMatrix, type MatrixLike } from './matrix.ts';

export function scale<R extends number, C extends number>(a: Matrix<R, C>, s: number): Matrix<R, C>;
export function scale(a: MatrixLike, s: number): Matrix;
export function scale(aIn: MatrixLike, s: number): Matrix {
  const a = toMatrix(aIn);
  const { rows, cols, data, offset, rowStride, colStride } = a;
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const ai = offset + i * rowStride;
    for (let j = 0; j < cols; j++) out[i * cols + j] = (data[ai + j * colStride] as number) * s;
  }
  return new Matrix(rows, cols, out);
}
