/**
 * subtract(a, b): entrywise difference a - b. b may be a matrix of a's shape,
 * a 1xC row vector (Matrix or plain `number[]`) subtracted from every row, or
 * a number. `subtract(s, M)` with a number first gives s - M entrywise.
 *
 *     subtract(matrix([[5, 5]]), 1) // [[4, 4]]
 *
 * Other shapes throw a ShapeError: `subtract: (2x3) - (3x2): shapes differ ...`.
 *
 * See also: add, scale.
 */
import { Matrix, type MatrixLike } from './matrix.ts';
import { binary, isRowVector, type Operand } from './broadcast.ts';

export function subtract<R extends number, C extends number>(
  a: Matrix<R, C>,
  b: Operand,
): Matrix<R, C>;
export function subtract<R extends number, C extends number>(
  a: number,
  b: Matrix<R, C>,
): Matrix<R, C>;
export function subtract(a: MatrixLike | number, b: Operand): Matrix;
export function subtract(a: MatrixLike | number, b: Operand): Matrix {
  if (typeof a === 'number') {
    if (typeof b === 'number')
      throw new TypeError('subtract: at least one operand must be a matrix');
    const m = isRowVector(b) ? new Matrix(1, b.length, Float64Array.from(b)) : b;
    return binary('subtract', '-', m, a, (y, x) => x - y);
  }
  return binary('subtract', '-', a, b, (x, y) => x - y);
}
