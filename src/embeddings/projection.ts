/**
 * Pairs of words drawn in two dimensions: the principal axes of the chosen words'
 * vectors (see pca.ts), and for each pair how parallel its offset (to − from) is to the
 * first pair's, both in all the dimensions and in the picture, since a projection can
 * make offsets look more alike than they are.
 */
import { cosine, suggestSpellings } from './explore.ts';
import { pca2, type Projection2d } from './pca.ts';
import type { UnknownWord } from './query.ts';
import type { Embeddings } from './vectors.ts';

export interface Pair {
  readonly from: string;
  readonly to: string;
}

export interface ProjectionModel {
  /** The distinct words of the pairs, in order of appearance. */
  readonly words: readonly string[];
  readonly projection: Projection2d;
  readonly pairs: readonly (Pair & {
    /** Cosine of this offset with the first pair's, in all the dimensions. */
    readonly cosFull: number;
    /** The same in the 2-D picture. */
    readonly cosPlane: number;
  })[];
}

export const PAIRS_HELP =
  'write pairs as from > to, separated by commas: man > woman, king > queen';
export const MAX_PAIRS = 12;

/** "man > woman, king → queen" -> pairs (lower-cased), or a message. */
export function parsePairs(
  text: string,
): { ok: true; pairs: Pair[] } | { ok: false; message: string } {
  const parts = text
    .split(/[,;\n]/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return { ok: false, message: `No pairs: ${PAIRS_HELP}.` };
  if (parts.length > MAX_PAIRS)
    return { ok: false, message: `At most ${MAX_PAIRS} pairs, please (${parts.length} given).` };
  const pairs: Pair[] = [];
  for (const p of parts) {
    const m = /^(\S+)\s*(?:>|->|→)\s*(\S+)$/.exec(p.toLowerCase());
    if (!m) return { ok: false, message: `“${p}” is not a pair: ${PAIRS_HELP}.` };
    if (m[1] === m[2]) return { ok: false, message: `“${p}” goes from a word to itself.` };
    pairs.push({ from: m[1]!, to: m[2]! });
  }
  return { ok: true, pairs };
}

type Table = Pick<Embeddings, 'words' | 'dims' | 'vectors' | 'index'>;

export function projectPairs(
  table: Table,
  pairs: readonly Pair[],
): { ok: true; model: ProjectionModel } | { ok: false; unknown: UnknownWord[] } {
  const words: string[] = [];
  for (const p of pairs) for (const w of [p.from, p.to]) if (!words.includes(w)) words.push(w);
  const unknown = words.filter((w) => !table.index.has(w));
  if (unknown.length > 0) {
    return {
      ok: false,
      unknown: unknown.map((word) => ({
        word,
        suggestions: suggestSpellings(word, table.words, 5),
      })),
    };
  }
  const d = table.dims;
  const rows = new Float64Array(words.length * d);
  const row = (w: string) => {
    const i = table.index.get(w)!;
    return table.vectors.subarray(i * d, (i + 1) * d);
  };
  words.forEach((w, k) => rows.set(row(w), k * d));
  const projection = pca2(rows, words.length, d);
  const point = (w: string) => projection.points[words.indexOf(w)]!;
  const full = (p: Pair) => Float64Array.from(row(p.to), (x, j) => x - row(p.from)[j]!);
  const plane = (p: Pair) => [point(p.to)[0] - point(p.from)[0], point(p.to)[1] - point(p.from)[1]];
  const first = pairs[0]!;
  return {
    ok: true,
    model: {
      words,
      projection,
      pairs: pairs.map((p) => ({
        ...p,
        cosFull: cosine(full(p), full(first)),
        cosPlane: cosine(plane(p), plane(first)),
      })),
    },
  };
}

/** What a picture of a model needs: the words, their points on the two axes, and the arrows. */
export interface ProjectionFigure {
  readonly words: readonly string[];
  readonly points: readonly (readonly [number, number])[];
  readonly pairs: readonly { readonly from: string; readonly to: string }[];
}

export function figureOf(m: ProjectionModel): ProjectionFigure {
  return {
    words: m.words,
    points: m.projection.points.map((p) => [p[0], p[1]] as const),
    pairs: m.pairs.map((p) => ({ from: p.from, to: p.to })),
  };
}
