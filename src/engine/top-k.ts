/**
 * topK(query, items, k, { metric, exclude }): the k rows of `items` most
 * similar to `query`, best first, as `{ index, score }` (index = row of items).
 *
 *     // king - man + woman, then the nearest words other than the three inputs
 *     topK(v, embeddings, 5, { exclude: [king, man, woman] })
 *
 * metric 'cosine' (default) or 'dot' (raw dot product). `exclude` lists row
 * indices to skip. Ties go to the lower index; NaN scores sort last. k larger
 * than the number of candidates returns them all; k must be an integer >= 0.
 * A query whose length differs from the rows throws a ShapeError:
 * `topK: query (3), items (10x4): lengths 3 and 4 differ`.
 *
 * See also: cosineSimilarity, cosineSimilarityMatrix, dot.
 */
import { toMatrix, type MatrixLike } from './matrix.ts';
import { ShapeError, fmtShape } from './shape-error.ts';
import { stridedCosine } from './cosine-similarity.ts';

export interface TopKOptions {
  /** 'cosine' (default) or 'dot'. */
  metric?: 'cosine' | 'dot';
  /** Row indices of items to leave out (e.g. the words of the question). */
  exclude?: Iterable<number>;
}

export interface Scored {
  index: number;
  score: number;
}

export function topK(
  query: ArrayLike<number>,
  itemsIn: MatrixLike,
  k: number,
  options: TopKOptions = {},
): Scored[] {
  const items = toMatrix(itemsIn);
  const metric = options.metric ?? 'cosine';
  if (metric !== 'cosine' && metric !== 'dot')
    throw new RangeError(`topK: metric must be 'cosine' or 'dot', got ${String(metric)}`);
  if (!Number.isInteger(k) || k < 0)
    throw new RangeError(`topK: k must be an integer >= 0, got ${k}`);
  const d = items.cols;
  if (query.length !== d) {
    throw new ShapeError(
      'topK',
      `query (${query.length}), items ${fmtShape(items)}: lengths ${query.length} and ${d} differ`,
    );
  }
  const skip = new Set<number>(options.exclude ?? []);
  const scored: Scored[] = [];
  const { data, offset, rowStride, colStride } = items;
  for (let i = 0; i < items.rows; i++) {
    if (skip.has(i)) continue;
    const base = offset + i * rowStride;
    let score: number;
    if (metric === 'cosine') {
      score = stridedCosine(query, 0, 1, data, base, colStride, d);
    } else {
      score = 0;
      for (let j = 0; j < d; j++)
        score += (query[j] as number) * (data[base + j * colStride] as number);
    }
    scored.push({ index: i, score });
  }
  scored.sort((a, b) => {
    const an = a.score !== a.score;
    const bn = b.score !== b.score;
    if (an || bn) return an === bn ? a.index - b.index : an ? 1 : -1;
    return b.score > a.score ? 1 : b.score < a.score ? -1 : a.index - b.index;
  });
  return scored.slice(0, k);
}
