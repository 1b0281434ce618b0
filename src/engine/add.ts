/**
 * add(a, b): entrywise sum. b may be
 *   - a matrix of a's shape,
 *   - a 1xC row vector (Matrix or plain `number[]`), added to every row of a
 *     (a bias), or
 *   - a number, added to every entry.
 * `add(s, M)` with a number first is also accepted (s added to every entry).
 *
 *     add(matrix([[1, 2], [3, 4]]), [10, 20]) // [[11, 22], [13, 24]]
 *
 * Other shapes throw a ShapeError: `add: (2x3) + (3x2): shapes differ ...`.
 *
 * See also: subtract, scale, hadamard.
 */
import { Matrix, type MatrixLike } from './matrix.ts';
import { binary, isRowVector, type Operand } from './broadcast.ts';

export function add<R extends number, C extends number>(a: Matrix<R, C>, b: Operand): Matrix<R, C>;
export function add<R extends number, C extends number>(a: number, b: Matrix<R, C>): Matrix<R, C>;
export function add(a: MatrixLike | number, b: Operand): Matrix;
export function add(a: MatrixLike | number, b: Operand): Matrix {
  if (typeof a === 'number') {
    if (typeof b === 'number') throw new TypeError('add: at least one operand must be a matrix');
    const m = isRowVector(b) ? new Matrix(1, b.length, Float64Array.from(b)) : b;
    return binary('add', '+', m, a, (y, x) => x + y);
  }
  return binary('add', '+', a, b, (x, y) => x + y);
}
