/**
 * A word-vector table as every module here uses it: `count` words in frequency order and
 * their vectors in one row-major typed array (`count × dims`), every row scaled to unit
 * length, so a dot product is a cosine similarity.
 */

export type VectorArray = Float32Array | Float64Array;

export interface Embeddings {
  /** Words in frequency order: index 0 is the most frequent. */
  readonly words: readonly string[];
  readonly dims: number;
  /** `words.length × dims` numbers, row i is the unit vector of words[i]. */
  readonly vectors: VectorArray;
  /** Word -> row. */
  readonly index: ReadonlyMap<string, number>;
  /** How the numbers were stored before they got here, e.g. "float64 (package JSON)". */
  readonly precision: string;
}

/** Scales every row of `vectors` to unit length, in place (an all-zero row stays zero). */
export function normaliseRows(vectors: VectorArray, dims: number): void {
  const rows = Math.floor(vectors.length / dims);
  for (let r = 0; r < rows; r++) {
    const o = r * dims;
    let ss = 0;
    for (let k = 0; k < dims; k++) {
      const x = vectors[o + k]!;
      ss += x * x;
    }
    if (ss === 0) continue;
    const inv = 1 / Math.sqrt(ss);
    for (let k = 0; k < dims; k++) vectors[o + k]! *= inv;
  }
}

/** Builds the table; `vectors` must already hold unit rows (see normaliseRows). */
export function makeEmbeddings(
  words: readonly string[],
  dims: number,
  vectors: VectorArray,
  precision: string,
): Embeddings {
  if (vectors.length !== words.length * dims) {
    throw new Error(`expected ${words.length} × ${dims} numbers, got ${vectors.length}`);
  }
  const index = new Map<string, number>();
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!index.has(w)) index.set(w, i);
  }
  return { words, dims, vectors, index, precision };
}

/** Row i as a new array (a copy). */
export function rowOf(emb: Embeddings, i: number): Float64Array {
  return Float64Array.from(emb.vectors.subarray(i * emb.dims, (i + 1) * emb.dims));
}
