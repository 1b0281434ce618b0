/**
 * dot(a, b): the dot product sum a_k b_k of two vectors of one length.
 *
 *     dot([1, 2, 3], [4, 5, 6]) // 32
 *
 * Different lengths throw a ShapeError: `dot: (3) . (4): lengths differ`.
 *
 * See also: norm, cosineSimilarity, matmul.
 */
import { ShapeError } from './shape-error.ts';

export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length)
    throw new ShapeError('dot', `(${a.length}) . (${b.length}): lengths differ`);
  let s = 0;
  for (let k = 0; k < a.length; k++) s += (a[k] as number) * (b[k] as number);
  return s;
}
