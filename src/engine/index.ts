/**
 * The engine: typed linear algebra and attention numerics in plain
 * TypeScript (no DOM, no mathjs). Runs in Node and in the browser alike.
 *
 * Conventions: rows are tokens; indices are 0-based; matrices are immutable
 * by convention (operations return new matrices or views). Every operation
 * checks shapes at run time and throws a ShapeError naming the operation and
 * both shapes.
 */
export { Matrix, matrix, fromFlat, zeros, full, identity, isMatrix, toMatrix } from './matrix.ts';
export type { MatrixLike } from './matrix.ts';
export { ShapeError } from './shape-error.ts';
export { matmul } from './matmul.ts';
export type { InnerSizesAgree } from './matmul.ts';
export { transpose } from './transpose.ts';
export { add } from './add.ts';
export { subtract } from './subtract.ts';
export type { Operand } from './broadcast.ts';
export { scale } from './scale.ts';
export { map } from './map.ts';
export { hadamard } from './hadamard.ts';
export { hconcat } from './hconcat.ts';
export { vconcat } from './vconcat.ts';
export { sliceRows, sliceCols } from './slice.ts';
export { softmax, softmaxRows, softmaxCols } from './softmax.ts';
export type { SoftmaxOptions, SoftmaxAxisOptions, SoftmaxResult } from './softmax.ts';
export { causalMask, paddingMask, applyMask } from './mask.ts';
export type { MaskLike } from './mask.ts';
export { attention } from './attention.ts';
export type { AttentionOptions, AttentionResult } from './attention.ts';
export { multiHeadAttention, crossAttention } from './multi-head-attention.ts';
export type {
  MultiHeadAttentionOptions,
  MultiHeadAttentionResult,
  HeadResult,
} from './multi-head-attention.ts';
export { layerNorm } from './layer-norm.ts';
export type { LayerNormOptions } from './layer-norm.ts';
export { norm, rowNorms, frobeniusNorm } from './norms.ts';
export { dot } from './dot.ts';
export { cosineSimilarity, cosineSimilarityMatrix } from './cosine-similarity.ts';
export { topK } from './top-k.ts';
export type { TopKOptions, Scored } from './top-k.ts';
export { relu, gelu, exp, sqrt } from './activations.ts';
export { mulberry32, sampleIndex, MAX_SEED } from './random.ts';
export { flashAttention, flashState, flashSchedule } from './flash-attention.ts';
export type { FlashOptions, FlashResult, FlashSchedule, FlashState } from './flash-attention.ts';
export {
  causalPattern,
  windowPattern,
  stridedPattern,
  longformerPattern,
} from './sparse-patterns.ts';
export {
  permuteRows,
  unpermuteRows,
  permutationProblem,
  pairFrequency,
  sinusoidalTable,
  rope,
} from './position.ts';
