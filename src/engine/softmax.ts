/**
 * softmax(x, { axis, temperature }): turns each row (axis 'rows') or each
 * column (axis 'cols') of scores into weights that are >= 0 and sum to 1.
 *
 *     softmaxRows(matrix([[0, Math.log(3)]]))       // [[0.25, 0.75]]
 *     softmax(scores, { axis: 'rows' })             // { value, emptyLines }
 *     softmaxRows(scores, { temperature: 0 })       // hard argmax
 *
 * Numerics a reader can provoke are handled on purpose:
 * - Stable: the line's max is subtracted before exp, so scores of +-1e300 give
 *   no overflow and no NaN.
 * - -Infinity (a masked score) gets weight exactly 0.
 * - A line whose every entry is -Infinity (every key masked) gets weights all
 *   0: defined, never NaN, and its index is listed in `emptyLines`. A line with
 *   no entries at all (a 0-column row) is listed too. softmaxRows / softmaxCols
 *   return the same weights without the list.
 * - +Infinity entries share the mass equally and every other entry gets 0 (the
 *   limit as those scores grow).
 * - NaN anywhere throws an Error naming the line, 0-based:
 *   `softmax: row 2 contains NaN`.
 *
 * Temperature T (default 1) divides the scores: weights are softmax(x / T).
 * T = 0 is the limit T -> 0+, a hard argmax where ties share equally;
 * T = Infinity is the limit T -> oo (uniform over the entries that are not
 * -Infinity, unless some are +Infinity). Negative T or NaN throws a RangeError.
 * Computed as exp((x - max) / T), so a tiny T cannot overflow.
 *
 * Conventions: attention uses axis 'rows' (one row per query), as in PyTorch.
 * Drawings with queries as columns use axis 'cols'.
 *
 * See also: attention, applyMask, causalMask.
 */
import { Matrix, toMatrix, type MatrixLike } from './matrix.ts';

export interface SoftmaxOptions {
  /** Divides the scores before exp; default 1, 0 = argmax. Must be >= 0. */
  temperature?: number;
}

export interface SoftmaxAxisOptions extends SoftmaxOptions {
  /** 'rows': each row sums to 1 (attention's convention). 'cols': each column. */
  axis: 'rows' | 'cols';
}

export interface SoftmaxResult<R extends number = number, C extends number = number> {
  /** The weights, same shape as the input. */
  value: Matrix<R, C>;
  /** Rows (or columns, for axis 'cols') whose every entry is -Infinity: weights all 0. */
  emptyLines: number[];
}

export function softmax<R extends number, C extends number>(
  x: Matrix<R, C>,
  options: SoftmaxAxisOptions,
): SoftmaxResult<R, C>;
export function softmax(x: MatrixLike, options: SoftmaxAxisOptions): SoftmaxResult;
export function softmax(x: MatrixLike, options: SoftmaxAxisOptions): SoftmaxResult {
  if (options.axis !== 'rows' && options.axis !== 'cols') {
    throw new RangeError(`softmax: axis must be 'rows' or 'cols', got ${String(options.axis)}`);
  }
  return softmaxImpl(x, options.axis, options.temperature, 'softmax');
}

/** Softmax along each row (each row sums to 1). See softmax. */
export function softmaxRows<R extends number, C extends number>(
  x: Matrix<R, C>,
  options?: SoftmaxOptions,
): Matrix<R, C>;
export function softmaxRows(x: MatrixLike, options?: SoftmaxOptions): Matrix;
export function softmaxRows(x: MatrixLike, options: SoftmaxOptions = {}): Matrix {
  return softmaxImpl(x, 'rows', options.temperature, 'softmax').value;
}

/** Softmax along each column (each column sums to 1). See softmax. */
export function softmaxCols<R extends number, C extends number>(
  x: Matrix<R, C>,
  options?: SoftmaxOptions,
): Matrix<R, C>;
export function softmaxCols(x: MatrixLike, options?: SoftmaxOptions): Matrix;
export function softmaxCols(x: MatrixLike, options: SoftmaxOptions = {}): Matrix {
  return softmaxImpl(x, 'cols', options.temperature, 'softmax').value;
}

/** Internal: shared by softmax and attention (which names itself in errors). */
export function softmaxImpl(
  xIn: MatrixLike,
  axis: 'rows' | 'cols',
  temperature: number | undefined,
  op: string,
  lineLabel = '',
): SoftmaxResult {
  const t = temperature ?? 1;
  if (typeof t !== 'number' || Number.isNaN(t) || t < 0) {
    throw new RangeError(
      `${op}: temperature must be a number >= 0 (0 = argmax), got ${String(temperature)}`,
    );
  }
  const x = toMatrix(xIn);
  const { rows, cols, data, offset } = x;
  const out = new Float64Array(rows * cols);
  // Walk "lines": rows for axis 'rows', columns for axis 'cols'.
  const lines = axis === 'rows' ? rows : cols;
  const len = axis === 'rows' ? cols : rows;
  const lineStride = axis === 'rows' ? x.rowStride : x.colStride;
  const step = axis === 'rows' ? x.colStride : x.rowStride;
  const outLine = axis === 'rows' ? cols : 1;
  const outStep = axis === 'rows' ? 1 : cols;
  const emptyLines: number[] = [];
  const what = axis === 'rows' ? 'row' : 'column';

  for (let l = 0; l < lines; l++) {
    const base = offset + l * lineStride;
    const obase = l * outLine;
    let max = -Infinity;
    for (let k = 0; k < len; k++) {
      const v = data[base + k * step] as number;
      if (v > max) max = v;
      else if (v !== v) throw new Error(`${op}: ${lineLabel}${what} ${l} contains NaN`);
    }
    if (max === -Infinity) {
      emptyLines.push(l); // all -Infinity (or no entries): weights stay 0
      continue;
    }
    if (max === Infinity || t === 0) {
      // The +Infinity entries (or, for T = 0, the maximal ones) share the mass.
      let count = 0;
      for (let k = 0; k < len; k++) if (data[base + k * step] === max) count++;
      const w = 1 / count;
      for (let k = 0; k < len; k++) if (data[base + k * step] === max) out[obase + k * outStep] = w;
      continue;
    }
    let sum = 0;
    if (t === Infinity) {
      for (let k = 0; k < len; k++) {
        const e = (data[base + k * step] as number) === -Infinity ? 0 : 1;
        out[obase + k * outStep] = e;
        sum += e;
      }
    } else if (t === 1) {
      for (let k = 0; k < len; k++) {
        const e = Math.exp((data[base + k * step] as number) - max);
        out[obase + k * outStep] = e;
        sum += e;
      }
    } else {
      for (let k = 0; k < len; k++) {
        const e = Math.exp(((data[base + k * step] as number) - max) / t);
        out[obase + k * outStep] = e;
        sum += e;
      }
    }
    // sum >= 1: the max entry contributes exp(0) = 1.
    for (let k = 0; k < len; k++)
      out[obase + k * outStep] = (out[obase + k * outStep] as number) / sum;
  }
  return { value: new Matrix(rows, cols, out), emptyLines };
}
