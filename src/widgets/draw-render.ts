/**
 * The word a seeded draw chose (<Draw cell="drawn" />): the label of the column holding the
 * 1 in a one-hot row, as `sample(P, seed)` gives it. Shared by the build and the browser.
 */
import type { Value } from '../notebook/functions.ts';

export function drawnWord(
  v: Value,
  labels: readonly string[] | undefined,
): { ok: true; word: string } | { ok: false; error: string } {
  if (typeof v === 'number' || v.rows < 1)
    return { ok: false, error: 'this is not a row of draws' };
  for (let j = 0; j < v.cols; j++) {
    if (v.get(0, j) === 1) return { ok: true, word: labels?.[j] ?? `column ${j + 1}` };
  }
  return { ok: true, word: 'nothing (every probability is 0)' };
}

/** The seed after `seed`: one more, back to the slider's start past its end. */
export function nextSeed(seed: number, min: number, max: number): number {
  return seed + 1 > max ? min : seed + 1;
}
