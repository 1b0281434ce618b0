/**
 * layerNorm(X, { eps, gamma, beta }): normalises each row (token) of X to mean
 * 0 and variance 1, then scales by gamma and shifts by beta (per column):
 *
 *     y[i][j] = (x[i][j] - mean_i) / sqrt(var_i + eps) * gamma[j] + beta[j]
 *
 * var_i is the biased variance (divide by the row length), eps defaults to
 * 1e-5, gamma to ones and beta to zeros: the same as PyTorch's nn.LayerNorm
 * over the last dimension. gamma / beta of the wrong length throw a ShapeError.
 *
 *     layerNorm(matrix([[1, 2, 3]])) // [[-1.2247, 0, 1.2247]] (eps = 1e-5)
 *
 * See also: rowNorms, multiHeadAttention.
 */
import { Matrix, toMatrix, type MatrixLike } from './matrix.ts';
import { ShapeError, fmtShape } from './shape-error.ts';

export interface LayerNormOptions {
  /** Added to the variance before the square root; default 1e-5. */
  eps?: number;
  /** Per-column scale (length = columns of X); default all 1. */
  gamma?: readonly number[];
  /** Per-column shift (length = columns of X); default all 0. */
  beta?: readonly number[];
}

export function layerNorm<R extends number, C extends number>(
  x: Matrix<R, C>,
  options?: LayerNormOptions,
): Matrix<R, C>;
export function layerNorm(x: MatrixLike, options?: LayerNormOptions): Matrix;
export function layerNorm(xIn: MatrixLike, options: LayerNormOptions = {}): Matrix {
  const x = toMatrix(xIn);
  const { rows, cols, data, offset, rowStride, colStride } = x;
  const eps = options.eps ?? 1e-5;
  if (typeof eps !== 'number' || !(eps >= 0))
    throw new RangeError(`layerNorm: eps must be a number >= 0, got ${String(eps)}`);
  const { gamma, beta } = options;
  if (gamma !== undefined && gamma.length !== cols) {
    throw new ShapeError(
      'layerNorm',
      `${fmtShape(x)} with gamma of length ${gamma.length}: lengths ${cols} and ${gamma.length} differ`,
    );
  }
  if (beta !== undefined && beta.length !== cols) {
    throw new ShapeError(
      'layerNorm',
      `${fmtShape(x)} with beta of length ${beta.length}: lengths ${cols} and ${beta.length} differ`,
    );
  }
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const base = offset + i * rowStride;
    let mean = 0;
    for (let j = 0; j < cols; j++) mean += data[base + j * colStride] as number;
    mean /= cols;
    let v = 0;
    for (let j = 0; j < cols; j++) {
      const d = (data[base + j * colStride] as number) - mean;
      v += d * d;
    }
    v /= cols;
    const denom = Math.sqrt(v + eps);
    for (let j = 0; j < cols; j++) {
      let y = ((data[base + j * colStride] as number) - mean) / denom;
      if (gamma !== undefined) y *= gamma[j] as number;
      if (beta !== undefined) y += beta[j] as number;
      out[i * cols + j] = y;
    }
  }
  return new Matrix(rows, cols, out);
}
