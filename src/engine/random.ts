/**
 * mulberry32(seed): a tiny seeded pseudo-random generator, and sampleIndex(weights, u):
 * one draw from a row of weights by its running total. Together they make a draw that is
 * the same on every machine: the arithmetic is 32-bit integers (Math.imul, >>>) and one
 * division by 2^32, all exact in a double, so Python can repeat it bit for bit.
 *
 *     const next = mulberry32(42);
 *     next();                                   // 0.6011037519201636, always
 *     sampleIndex([0.5, 0.25, 0.25], next());   // 1: 0.5 <= u < 0.75
 *
 * mulberry32 (Tommy Ettinger, 2017) passes the usual statistical test batteries for
 * sequences of this length and has a period of 2^32; it is not for cryptography.
 *
 * See also: softmax (the weights usually come from it).
 */

/** A whole number from 0 to 2^32 − 1: every seed a generator accepts. */
export const MAX_SEED = 0xffffffff;

/** Numbers in [0, 1), each a multiple of 2^−32; the seed must be a whole number 0 … 2^32 − 1. */
export function mulberry32(seed: number): () => number {
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED) {
    throw new RangeError(
      `mulberry32: the seed must be a whole number from 0 to ${MAX_SEED}, got ${seed}`,
    );
  }
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The index j where u (in [0, 1)) falls in the running total of `weights`, scaled to their
 * sum: the first j with u · total < w_0 + … + w_j. Entries of 0 are never drawn. Rounding
 * can leave u · total at or past the last running total; the last positive entry is drawn
 * then. Returns −1 when no entry is positive. Weights must be finite and ≥ 0 (unchecked).
 */
export function sampleIndex(weights: ArrayLike<number>, u: number): number {
  let total = 0;
  let last = -1;
  for (let j = 0; j < weights.length; j++) {
    total += weights[j]!;
    if (weights[j]! > 0) last = j;
  }
  if (last < 0) return -1;
  const target = u * total;
  let running = 0;
  for (let j = 0; j < weights.length; j++) {
    running += weights[j]!;
    if (weights[j]! > 0 && target < running) return j;
  }
  return last;
}
