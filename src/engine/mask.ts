/**
 * Masks: which keys a query may not see.
 *
 * A MaskLike is either `boolean[][]` (true = blocked) or a Matrix (nonzero =
 * blocked), one row per query and one column per key, the shape of the scores.
 *
 *     causalMask(3)          // [[false, true,  true ],
 *                            //  [false, false, true ],
 *                            //  [false, false, false]]   true where j > i
 *     paddingMask(2, 4, 3)   // blocks key 3 (keys j >= 3) for every query
 *     applyMask(scores, m)   // copy of scores with -Infinity where blocked
 *
 * causalMask(rows, cols) for rows != cols is aligned top-left (query i sees
 * keys 0..i), like PyTorch's `is_causal` / `torch.tril(ones(L, S))`.
 *
 * Drawings with queries as columns show the causal mask in the lower-left; here
 * (queries as rows) it is the upper-right.
 *
 * See also: attention, softmax.
 */
import { Matrix, toMatrix, type MatrixLike } from './matrix.ts';
import { ShapeError, fmtShape } from './shape-error.ts';

export type MaskLike = readonly (readonly boolean[])[] | Matrix;

/** rows x cols mask, true where key j comes after query i (j > i). */
export function causalMask(rows: number, cols: number = rows): boolean[][] {
  checkDims('causalMask', rows, cols);
  const out: boolean[][] = [];
  for (let i = 0; i < rows; i++) {
    const r = new Array<boolean>(cols);
    for (let j = 0; j < cols; j++) r[j] = j > i;
    out.push(r);
  }
  return out;
}

/** rows x cols mask blocking every key j >= validKeys (padding at the end). */
export function paddingMask(rows: number, cols: number, validKeys: number): boolean[][] {
  checkDims('paddingMask', rows, cols);
  if (!Number.isInteger(validKeys) || validKeys < 0) {
    throw new RangeError(`paddingMask: validKeys must be an integer >= 0, got ${validKeys}`);
  }
  const out: boolean[][] = [];
  for (let i = 0; i < rows; i++) {
    const r = new Array<boolean>(cols);
    for (let j = 0; j < cols; j++) r[j] = j >= validKeys;
    out.push(r);
  }
  return out;
}

/**
 * The mask as a flat row-major Uint8Array (1 = blocked), checked against the
 * expected shape. Internal helper shared with attention.
 */
export function maskToFlat(
  op: string,
  mask: MaskLike,
  rows: number,
  cols: number,
  target: string,
): Uint8Array {
  const out = new Uint8Array(rows * cols);
  if (mask instanceof Matrix) {
    if (mask.rows !== rows || mask.cols !== cols) {
      throw new ShapeError(
        op,
        `${target} (${rows}x${cols}), mask ${fmtShape(mask)}: shapes differ`,
      );
    }
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const v = mask.data[mask.offset + i * mask.rowStride + j * mask.colStride] as number;
        if (v !== 0) out[i * cols + j] = 1; // NaN counts as nonzero: blocked
      }
    }
    return out;
  }
  const mRows = mask.length;
  const mCols = mRows === 0 ? 0 : (mask[0] as readonly boolean[]).length;
  for (let i = 0; i < mRows; i++) {
    const r = mask[i] as readonly boolean[];
    if (r.length !== mCols)
      throw new ShapeError(op, `mask row ${i} has ${r.length} entries, row 0 has ${mCols}`);
  }
  if (mRows !== rows || mCols !== cols) {
    throw new ShapeError(
      op,
      `${target} (${rows}x${cols}), mask (${mRows}x${mCols}): shapes differ`,
    );
  }
  for (let i = 0; i < rows; i++) {
    const r = mask[i] as readonly boolean[];
    for (let j = 0; j < cols; j++) if (r[j]) out[i * cols + j] = 1;
  }
  return out;
}

/**
 * A copy of scores with -Infinity wherever the mask blocks, the scores
 * elsewhere. Shapes must agree:
 * `applyMask: scores (2x3), mask (3x3): shapes differ`.
 */
export function applyMask<R extends number, C extends number>(
  scores: Matrix<R, C>,
  mask: MaskLike,
): Matrix<R, C>;
export function applyMask(scores: MatrixLike, mask: MaskLike): Matrix;
export function applyMask(scoresIn: MatrixLike, mask: MaskLike): Matrix {
  const s = toMatrix(scoresIn);
  const blocked = maskToFlat('applyMask', mask, s.rows, s.cols, 'scores');
  const out = s.toFlat();
  for (let k = 0; k < out.length; k++) if (blocked[k]) out[k] = -Infinity;
  return new Matrix(s.rows, s.cols, out);
}

function checkDims(op: string, rows: number, cols: number): void {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
    throw new RangeError(`${op}: shape ${rows}x${cols} is not a pair of non-negative integers`);
  }
}
