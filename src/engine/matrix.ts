/**
 * Matrix: a shape plus a Float64Array, row-major, with an offset and row/column
 * strides so that a transpose or a slice is a view (no copy).
 *
 * Matrices are immutable by convention: every operation returns a new matrix
 * (or a view sharing the data), never changes its operands. Do not write into
 * `data`.
 *
 * Shapes are carried in the type where TypeScript can see them:
 *
 *     zeros(2, 3)                  // Matrix<2, 3>
 *     matrix([[1, 2, 3], [4, 5, 6]]) // Matrix<2, 3>
 *     matrix(rowsFromSomewhere)    // Matrix<number, number>
 *
 * Constructors: matrix (from nested arrays; `matrix([])` is the 0x0 matrix and
 * `matrix([[]])` is 1x0), fromFlat, zeros, full, identity. `isMatrix` tells a
 * Matrix apart from anything else.
 *
 * See also: transpose, sliceRows, sliceCols (views), ShapeError.
 */
import { ShapeError } from './shape-error.ts';

export class Matrix<R extends number = number, C extends number = number> {
  /** Number of rows. */
  readonly rows: R;
  /** Number of columns. */
  readonly cols: C;
  /** Backing store, shared between views. Never write into it. */
  readonly data: Float64Array;
  /** Index in `data` of entry (0, 0). */
  readonly offset: number;
  /** Distance in `data` between (i, j) and (i + 1, j). */
  readonly rowStride: number;
  /** Distance in `data` between (i, j) and (i, j + 1). */
  readonly colStride: number;

  /**
   * Low level: wraps `data` without copying. Prefer matrix(), fromFlat(),
   * zeros() and friends.
   */
  constructor(
    rows: R,
    cols: C,
    data: Float64Array,
    offset = 0,
    rowStride: number = cols,
    colStride = 1,
  ) {
    if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
      throw new RangeError(`Matrix: shape ${rows}x${cols} is not a pair of non-negative integers`);
    }
    if (rows > 0 && cols > 0) {
      const last = offset + (rows - 1) * rowStride + (cols - 1) * colStride;
      if (offset < 0 || last >= data.length || last < 0) {
        throw new RangeError(
          `Matrix: (${rows}x${cols}) view at offset ${offset} with strides ${rowStride},${colStride} ` +
            `does not fit in ${data.length} values`,
        );
      }
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data;
    this.offset = offset;
    this.rowStride = rowStride;
    this.colStride = colStride;
  }

  /** The shape as text, `"3x4"`. */
  get shape(): string {
    return `${this.rows}x${this.cols}`;
  }

  /** The shape as a pair, `[rows, cols]`. */
  get dims(): [R, C] {
    return [this.rows, this.cols];
  }

  /** Number of entries, rows * cols. */
  get length(): number {
    return this.rows * this.cols;
  }

  /** True when the rows lie back to back in `data` (row-major, no gaps). */
  get isContiguous(): boolean {
    return this.colStride === 1 && (this.rowStride === this.cols || this.rows <= 1);
  }

  /** Entry (i, j), 0-based. Throws a RangeError outside the matrix. */
  get(i: number, j: number): number {
    if (
      !(i >= 0 && i < this.rows && j >= 0 && j < this.cols) ||
      !Number.isInteger(i) ||
      !Number.isInteger(j)
    ) {
      throw new RangeError(
        `get: entry (${i}, ${j}) is outside a (${this.rows}x${this.cols}) matrix`,
      );
    }
    return this.data[this.offset + i * this.rowStride + j * this.colStride] as number;
  }

  /** Row i as a plain array. */
  row(i: number): number[] {
    if (!(Number.isInteger(i) && i >= 0 && i < this.rows)) {
      throw new RangeError(`row: row ${i} is outside a (${this.rows}x${this.cols}) matrix`);
    }
    const out = new Array<number>(this.cols);
    const base = this.offset + i * this.rowStride;
    for (let j = 0; j < this.cols; j++) out[j] = this.data[base + j * this.colStride] as number;
    return out;
  }

  /** Column j as a plain array. */
  col(j: number): number[] {
    if (!(Number.isInteger(j) && j >= 0 && j < this.cols)) {
      throw new RangeError(`col: column ${j} is outside a (${this.rows}x${this.cols}) matrix`);
    }
    const out = new Array<number>(this.rows);
    const base = this.offset + j * this.colStride;
    for (let i = 0; i < this.rows; i++) out[i] = this.data[base + i * this.rowStride] as number;
    return out;
  }

  /** Nested plain arrays, one per row. */
  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(this.row(i));
    return out;
  }

  /** A fresh row-major Float64Array of exactly rows * cols values. */
  toFlat(): Float64Array {
    const n = this.rows * this.cols;
    if (this.isContiguous) return this.data.slice(this.offset, this.offset + n);
    const out = new Float64Array(n);
    const { data, offset, rowStride, colStride, rows, cols } = this;
    let k = 0;
    for (let i = 0; i < rows; i++) {
      const base = offset + i * rowStride;
      for (let j = 0; j < cols; j++) out[k++] = data[base + j * colStride] as number;
    }
    return out;
  }

  /**
   * This matrix with its own compact row-major storage: itself when it already
   * is (offset 0, no gaps, nothing else in `data`), otherwise a copy.
   */
  contiguous(): Matrix<R, C> {
    if (this.isContiguous && this.offset === 0 && this.data.length === this.rows * this.cols)
      return this;
    return new Matrix(this.rows, this.cols, this.toFlat());
  }

  /** A compact copy that shares nothing with this matrix. */
  clone(): Matrix<R, C> {
    return new Matrix(this.rows, this.cols, this.toFlat());
  }

  toString(): string {
    return `Matrix ${this.shape} [${this.toArray()
      .map((r) => `[${r.join(', ')}]`)
      .join(', ')}]`;
  }

  toJSON(): number[][] {
    return this.toArray();
  }
}

/** Anything the engine accepts as a matrix: a Matrix or nested rows. */
export type MatrixLike = Matrix | readonly (readonly number[])[];

/** True for a Matrix (of any shape). */
export function isMatrix(x: unknown): x is Matrix {
  return x instanceof Matrix;
}

type RowsOf<T extends readonly (readonly number[])[]> = number extends T['length']
  ? number
  : T['length'];
type ColsOf<T extends readonly (readonly number[])[]> = T extends readonly [
  infer F extends readonly number[],
  ...(readonly number[])[],
]
  ? number extends F['length']
    ? number
    : F['length']
  : number;

/**
 * A matrix from nested rows, copied. Ragged rows throw a ShapeError.
 * `matrix([])` is 0x0; `matrix([[], []])` is 2x0.
 *
 *     matrix([[1, 2], [3, 4]]) // Matrix<2, 2>
 */
export function matrix<const T extends readonly (readonly number[])[]>(
  rows: T,
): Matrix<RowsOf<T>, ColsOf<T>> {
  const r = rows.length;
  const c = r === 0 ? 0 : (rows[0] as readonly number[]).length;
  const data = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    const row = rows[i] as readonly number[];
    if (row.length !== c) {
      throw new ShapeError('matrix', `row ${i} has ${row.length} entries, row 0 has ${c}`);
    }
    for (let j = 0; j < c; j++) data[i * c + j] = row[j] as number;
  }
  return new Matrix(r as RowsOf<T>, c as ColsOf<T>, data);
}

/** A matrix from row-major values (copied); `data.length` must be rows * cols. */
export function fromFlat<R extends number, C extends number>(
  rows: R,
  cols: C,
  data: ArrayLike<number>,
): Matrix<R, C> {
  checkDims('fromFlat', rows, cols);
  if (data.length !== rows * cols) {
    throw new ShapeError(
      'fromFlat',
      `(${rows}x${cols}) needs ${rows * cols} values, got ${data.length}`,
    );
  }
  // The ArrayLike constructor copies a typed array in one block; `from` would iterate it.
  return new Matrix(rows, cols, new Float64Array(data as ArrayLike<number>));
}

/** The rows x cols matrix of zeros. */
export function zeros<R extends number, C extends number>(rows: R, cols: C): Matrix<R, C> {
  checkDims('zeros', rows, cols);
  return new Matrix(rows, cols, new Float64Array(rows * cols));
}

/** The rows x cols matrix with every entry equal to `value`. */
export function full<R extends number, C extends number>(
  rows: R,
  cols: C,
  value: number,
): Matrix<R, C> {
  checkDims('full', rows, cols);
  return new Matrix(rows, cols, new Float64Array(rows * cols).fill(value));
}

/** The n x n identity matrix. */
export function identity<N extends number>(n: N): Matrix<N, N> {
  checkDims('identity', n, n);
  const data = new Float64Array(n * n);
  for (let i = 0; i < n; i++) data[i * n + i] = 1;
  return new Matrix(n, n, data);
}

/**
 * A Matrix from a MatrixLike: the same object when it already is one, else a
 * copy of the nested rows (ragged rows throw a ShapeError).
 */
export function toMatrix<R extends number, C extends number>(x: Matrix<R, C>): Matrix<R, C>;
export function toMatrix(x: MatrixLike): Matrix;
export function toMatrix(x: MatrixLike): Matrix {
  if (x instanceof Matrix) return x;
  if (!Array.isArray(x))
    throw new TypeError(`expected a Matrix or an array of rows, got ${typeof x}`);
  return matrix(x);
}

function checkDims(op: string, rows: number, cols: number): void {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
    throw new RangeError(`${op}: shape ${rows}x${cols} is not a pair of non-negative integers`);
  }
}
