/**
 * attention(Q, K, V, { causal, mask, scale }): scaled dot-product attention,
 * one row per query (as in "Attention Is All You Need" and PyTorch).
 *
 *     scores  = Q K^T * scale, with -Infinity where blocked   (n x m)
 *     weights = softmax of each row of scores                 (n x m)
 *     output  = weights V                                     (n x d_v)
 *
 * Q is n x d_k (queries), K is m x d_k (keys), V is m x d_v (values).
 * `scale` multiplies Q K^T; by default it is 1 / sqrt(d_k) with d_k = K's
 * column count (computed as a division by sqrt(d_k)), as PyTorch's
 * scaled_dot_product_attention. Pass `scale: 1` for raw dot products.
 *
 * Masking: `mask[i][j] === true` (or nonzero in a Matrix mask) means query i
 * may not see key j; `causal: true` blocks every key j > i. Both may be given
 * and combine with OR. The returned `scores` already hold -Infinity where
 * blocked: they are exactly what softmax receives.
 *
 * A query whose every key is blocked gets weights all 0 and an output row of
 * 0 (not NaN), and its index is listed in `fullyMaskedRows`.
 *
 *     attention(Q, K, V, { causal: true }).weights // lower-triangular rows
 *
 * Shape errors name the operands, e.g.
 * `attention: Q (2x4), K (3x5): query and key widths 4 and 5 differ`.
 * A NaN score throws `attention: scores row 1 contains NaN`.
 *
 * See also: softmax, causalMask, paddingMask, multiHeadAttention.
 */
import type { Matrix } from './matrix.ts';
import { toMatrix, type MatrixLike } from './matrix.ts';
import { ShapeError, fmtShape } from './shape-error.ts';
import { matmul } from './matmul.ts';
import { transpose } from './transpose.ts';
import { softmaxImpl } from './softmax.ts';
import { maskToFlat, type MaskLike } from './mask.ts';

export interface AttentionOptions {
  /** Block every key j > query i (a decoder's self-attention). */
  causal?: boolean;
  /** n x m, true (nonzero) = blocked. Combined with `causal` by OR. */
  mask?: MaskLike;
  /** Multiplies Q K^T; default 1 / sqrt(d_k). */
  scale?: number;
}

export interface AttentionResult {
  /** Q K^T * scale with -Infinity where blocked (n x m): softmax's input. */
  scores: Matrix;
  /** Row-wise softmax of scores (n x m); each row sums to 1, or is all 0 if fully masked. */
  weights: Matrix;
  /** weights V (n x d_v). */
  output: Matrix;
  /** Queries whose every key is blocked (weights and output rows all 0). */
  fullyMaskedRows: number[];
}

export function attention(
  qIn: MatrixLike,
  kIn: MatrixLike,
  vIn: MatrixLike,
  options: AttentionOptions = {},
): AttentionResult {
  const Q = toMatrix(qIn);
  const K = toMatrix(kIn);
  const V = toMatrix(vIn);
  if (Q.cols !== K.cols) {
    throw new ShapeError(
      'attention',
      `Q ${fmtShape(Q)}, K ${fmtShape(K)}: query and key widths ${Q.cols} and ${K.cols} differ`,
    );
  }
  if (K.rows !== V.rows) {
    throw new ShapeError(
      'attention',
      `K ${fmtShape(K)}, V ${fmtShape(V)}: key and value counts ${K.rows} and ${V.rows} differ`,
    );
  }
  const n = Q.rows;
  const m = K.rows;
  const raw = matmul(Q, transpose(K));
  const s = raw.data; // fresh, owned here
  if (options.scale === undefined) {
    const root = Math.sqrt(K.cols);
    if (root !== 1 && root !== 0) for (let k = 0; k < s.length; k++) s[k] = (s[k] as number) / root;
  } else {
    const sc = options.scale;
    if (typeof sc !== 'number' || !Number.isFinite(sc)) {
      throw new RangeError(`attention: scale must be a finite number, got ${String(sc)}`);
    }
    if (sc !== 1) for (let k = 0; k < s.length; k++) s[k] = (s[k] as number) * sc;
  }
  if (options.mask !== undefined) {
    const blocked = maskToFlat('attention', options.mask, n, m, 'scores');
    for (let k = 0; k < s.length; k++) if (blocked[k]) s[k] = -Infinity;
  }
  if (options.causal) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < m; j++) s[i * m + j] = -Infinity;
  }
  const scores = raw;
  const { value: weights, emptyLines } = softmaxImpl(scores, 'rows', 1, 'attention', 'scores ');
  const output = matmul(weights, V);
  return { scores, weights, output, fullyMaskedRows: emptyLines };
}
