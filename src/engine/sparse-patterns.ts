/**
 * Attention patterns: which scores a causal model computes at all. Each returns an
 * n x n Matrix with 1 where query i (row) may see key j (column) and 0 elsewhere, so
 * the number of scores a pattern keeps is the number of 1s. (A mask, as in mask.ts,
 * is the opposite: true where a key is blocked.)
 *
 *     causalPattern(4)          // j <= i: n(n + 1)/2 scores
 *     windowPattern(6, 3)       // i - 3 < j <= i: itself and the 2 keys before it
 *     stridedPattern(8, 3)      // the window of 3, plus every 3rd key before it
 *     longformerPattern(8, 2, 1) // a window of 2, plus key 0 seen by every query
 *
 * The strided pattern is Child et al. (2019)'s “strided” sparse attention, its two
 * heads merged into one: query i sees the l keys up to itself and every key j <= i
 * with (i - j) divisible by l. The Longformer pattern (Beltagy et al., 2020) is a
 * sliding window plus g “global” tokens that every query sees; Longformer's encoder
 * uses the window on both sides, and these are their causal halves.
 *
 * See also: causalMask, applyMask, attention.
 */
import { Matrix } from './matrix.ts';

function size(op: string, name: string, v: number, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new RangeError(`${op}: ${name} must be a whole number >= ${min}, got ${String(v)}`);
  }
  return v;
}

function pattern(n: number, keep: (i: number, j: number) => boolean): Matrix {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) if (keep(i, j)) out[i * n + j] = 1;
  return new Matrix(n, n, out);
}

/** 1 where j <= i: full causal attention. */
export function causalPattern(n: number): Matrix {
  size('causalPattern', 'n', n, 0);
  return pattern(n, () => true);
}

/** 1 where i - w < j <= i: each query sees itself and the w - 1 keys before it. */
export function windowPattern(n: number, w: number): Matrix {
  size('windowPattern', 'n', n, 0);
  size('windowPattern', 'the window w', w, 1);
  return pattern(n, (i, j) => i - j < w);
}

/** The window of l keys, and every l-th key before it (Child et al., 2019). */
export function stridedPattern(n: number, l: number): Matrix {
  size('stridedPattern', 'n', n, 0);
  size('stridedPattern', 'the stride l', l, 1);
  return pattern(n, (i, j) => i - j < l || (i - j) % l === 0);
}

/** A window of w keys, plus the first g tokens, which every query sees (Beltagy et al., 2020). */
export function longformerPattern(n: number, w: number, g: number): Matrix {
  size('longformerPattern', 'n', n, 0);
  size('longformerPattern', 'the window w', w, 1);
  size('longformerPattern', 'the global tokens g', g, 0);
  return pattern(n, (i, j) => i - j < w || j < g);
}
