/**
 * hadamard(a, b): entrywise (Hadamard) product of two matrices of one shape.
 *
 *     hadamard(matrix([[1, 2]]), matrix([[3, 4]])) // [[3, 8]]
 *
 * Different shapes throw a ShapeError: `hadamard: (2x3) .* (3x2): shapes differ`.
 *
 * See also: matmul (the matrix product), scale (by a number).
 */
import type { Matrix, MatrixLike } from './matrix.ts';
import { binary } from './broadcast.ts';

export function hadamard<R extends number, C extends number>(
  a: Matrix<R, C>,
  b: MatrixLike,
): Matrix<R, C>;
export function hadamard(a: MatrixLike, b: MatrixLike): Matrix;
export function hadamard(a: MatrixLike, b: MatrixLike): Matrix {
  return binary('hadamard', '.*', a, b, (x, y) => x * y, false);
}
