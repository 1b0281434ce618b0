/**
 * multiHeadAttention(queries, keysValues, { wq, wk, wv, wo, bq, bk, bv, bo,
 * heads, causal, mask }): multi-head attention as in "Attention Is All You
 * Need" and PyTorch's nn.MultiheadAttention.
 *
 *     Q = queries    wq + bq            (n x d_model)
 *     K = keysValues wk + bk            (m x d_model)
 *     V = keysValues wv + bv            (m x d_model)
 *     head h = attention(Q[:, h*d_k : (h+1)*d_k], K[:, same], V[:, same])
 *     concat = [head 0 output | head 1 output | ...]   (n x d_model)
 *     output = concat wo + bo                          (n x d_model)
 *
 * with d_k = d_model / heads (it must divide exactly). Weights follow the
 * `X @ W` convention (rows are tokens): PyTorch's in_proj_weight is
 * [wq; wk; wv] transposed, i.e. wq = in_proj_weight[0:d].T, and
 * wo = out_proj.weight.T. Biases are plain arrays of d_model numbers.
 *
 * Self-attention: pass the same matrix twice. Cross-attention: queries from
 * one sequence (n x d), keys and values from another (m x d); `crossAttention`
 * is the same function under that name.
 *
 * `causal` and `mask` (n x m, true = blocked) apply to every head, as in
 * attention. Every head's q, k, v, scores, weights and output are returned for
 * display; `fullyMaskedRows` lists queries that see no key at all.
 *
 * See also: attention, softmax, layerNorm.
 */
import type { Matrix } from './matrix.ts';
import { toMatrix, type MatrixLike } from './matrix.ts';
import { ShapeError, fmtShape } from './shape-error.ts';
import { matmul } from './matmul.ts';
import { add } from './add.ts';
import { sliceCols } from './slice.ts';
import { hconcat } from './hconcat.ts';
import { attention } from './attention.ts';
import type { MaskLike } from './mask.ts';

export interface MultiHeadAttentionOptions {
  /** d_model x d_model query projection (X @ wq). */
  wq: MatrixLike;
  /** d_model x d_model key projection. */
  wk: MatrixLike;
  /** d_model x d_model value projection. */
  wv: MatrixLike;
  /** d_model x d_model output projection, applied to the concatenated heads. */
  wo: MatrixLike;
  bq?: readonly number[];
  bk?: readonly number[];
  bv?: readonly number[];
  bo?: readonly number[];
  /** Number of heads; must divide d_model. */
  heads: number;
  causal?: boolean;
  mask?: MaskLike;
}

export interface HeadResult {
  /** This head's queries, n x d_k (a view of the projected Q). */
  q: Matrix;
  /** This head's keys, m x d_k. */
  k: Matrix;
  /** This head's values, m x d_v. */
  v: Matrix;
  /** q k^T / sqrt(d_k), -Infinity where blocked (n x m). */
  scores: Matrix;
  /** Row-wise softmax of scores (n x m). */
  weights: Matrix;
  /** weights v (n x d_v). */
  output: Matrix;
}

export interface MultiHeadAttentionResult {
  heads: HeadResult[];
  /** The head outputs side by side (n x d_model). */
  concat: Matrix;
  /** concat wo + bo (n x d_model). */
  output: Matrix;
  /** Queries whose every key is blocked, in any head (with masks only: in every head). */
  fullyMaskedRows: number[];
}

const OP = 'multiHeadAttention';

function project(
  x: Matrix,
  w: MatrixLike,
  b: readonly number[] | undefined,
  wName: string,
  bName: string,
  xName: string,
): Matrix {
  const W = toMatrix(w);
  if (W.rows !== x.cols) {
    throw new ShapeError(
      OP,
      `${xName} ${fmtShape(x)} * ${wName} ${fmtShape(W)}: inner sizes ${x.cols} and ${W.rows} differ`,
    );
  }
  const y = matmul(x, W);
  if (b === undefined) return y;
  if (b.length !== W.cols) {
    throw new ShapeError(
      OP,
      `${bName} has ${b.length} entries, ${wName} ${fmtShape(W)} has ${W.cols} columns`,
    );
  }
  return add(y, b);
}

export function multiHeadAttention(
  queries: MatrixLike,
  keysValues: MatrixLike,
  options: MultiHeadAttentionOptions,
): MultiHeadAttentionResult {
  const { heads } = options;
  if (!Number.isInteger(heads) || heads < 1) {
    throw new RangeError(`${OP}: heads must be a positive integer, got ${String(heads)}`);
  }
  const X = toMatrix(queries);
  const Y = toMatrix(keysValues);
  const Q = project(X, options.wq, options.bq, 'wq', 'bq', 'queries');
  const K = project(Y, options.wk, options.bk, 'wk', 'bk', 'keysValues');
  const V = project(Y, options.wv, options.bv, 'wv', 'bv', 'keysValues');
  if (Q.cols !== K.cols) {
    throw new ShapeError(
      OP,
      `wq gives ${Q.cols} columns, wk gives ${K.cols}: query and key widths differ`,
    );
  }
  const d = Q.cols;
  if (d % heads !== 0) {
    throw new RangeError(`${OP}: d_model ${d} is not divisible by ${heads} heads`);
  }
  if (V.cols % heads !== 0) {
    throw new RangeError(`${OP}: value width ${V.cols} is not divisible by ${heads} heads`);
  }
  const dk = d / heads;
  const dv = V.cols / heads;
  const results: HeadResult[] = [];
  const masked = new Set<number>();
  for (let h = 0; h < heads; h++) {
    const q = sliceCols(Q, h * dk, (h + 1) * dk);
    const k = sliceCols(K, h * dk, (h + 1) * dk);
    const v = sliceCols(V, h * dv, (h + 1) * dv);
    const attnOptions: { causal?: boolean; mask?: MaskLike } = {};
    if (options.causal !== undefined) attnOptions.causal = options.causal;
    if (options.mask !== undefined) attnOptions.mask = options.mask;
    const r = attention(q, k, v, attnOptions);
    for (const i of r.fullyMaskedRows) masked.add(i);
    results.push({ q, k, v, scores: r.scores, weights: r.weights, output: r.output });
  }
  const concat = hconcat(...results.map((r) => r.output));
  const output = project(concat, options.wo, options.bo, 'wo', 'bo', 'concat');
  const fullyMaskedRows = [...masked].sort((a, b) => a - b);
  return { heads: results, concat, output, fullyMaskedRows };
}

/** multiHeadAttention under the name for queries and keys from different sequences. */
export const crossAttention = multiHeadAttention;
