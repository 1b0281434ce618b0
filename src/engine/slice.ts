/**
 * sliceRows(m, start, end) and sliceCols(m, start, end): rows (or columns)
 * start, start + 1, ..., end - 1 of m, as a VIEW (no copy). `end` defaults to
 * the last row (column) + 1. Unlike Array.prototype.slice, indices outside
 * 0 <= start <= end <= rows (cols) are refused with a RangeError, since a
 * silently clamped slice hides bugs.
 *
 *     sliceCols(Q, 2, 4)   // head 1's columns when d_k = 2
 *     sliceRows(X, 0, 3)   // the first three tokens
 *
 * See also: hconcat, vconcat, Matrix.row, Matrix.col.
 */
import { Matrix, toMatrix, type MatrixLike } from './matrix.ts';

function checkRange(
  op: string,
  what: string,
  start: number,
  end: number,
  n: number,
  m: Matrix,
): void {
  if (!(
    Number.isInteger(start) &&
    Number.isInteger(end) &&
    start >= 0 &&
    start <= end &&
    end <= n
  )) {
    throw new RangeError(
      `${op}: ${what} ${start}..${end} do not fit a (${m.rows}x${m.cols}) matrix (0 <= start <= end <= ${n})`,
    );
  }
}

export function sliceRows<R extends number, C extends number>(
  m: Matrix<R, C>,
  start: number,
  end?: number,
): Matrix<number, C>;
export function sliceRows(m: MatrixLike, start: number, end?: number): Matrix;
export function sliceRows(mIn: MatrixLike, start: number, end?: number): Matrix {
  const m = toMatrix(mIn);
  const e = end ?? m.rows;
  checkRange('sliceRows', 'rows', start, e, m.rows, m);
  const offset = e > start ? m.offset + start * m.rowStride : 0;
  const data = e > start && m.cols > 0 ? m.data : new Float64Array(0);
  return new Matrix(e - start, m.cols, data, data.length ? offset : 0, m.rowStride, m.colStride);
}

export function sliceCols<R extends number, C extends number>(
  m: Matrix<R, C>,
  start: number,
  end?: number,
): Matrix<R, number>;
export function sliceCols(m: MatrixLike, start: number, end?: number): Matrix;
export function sliceCols(mIn: MatrixLike, start: number, end?: number): Matrix {
  const m = toMatrix(mIn);
  const e = end ?? m.cols;
  checkRange('sliceCols', 'columns', start, e, m.cols, m);
  const data = e > start && m.rows > 0 ? m.data : new Float64Array(0);
  const offset = data.length ? m.offset + start * m.colStride : 0;
  return new Matrix(m.rows, e - start, data, offset, m.rowStride, m.colStride);
}
