/**
 * The tokens widget's markup (chapter "From text to vectors"): the pieces a text is cut
 * into, each with its row in the vocabulary, and the matrix of their vectors. The build
 * and the browser both use these functions, so the page shows a real example with
 * JavaScript off and the same markup once the reader types.
 */
import type { Token } from '../embeddings/tokens.ts';
import type { VectorArray } from '../embeddings/vectors.ts';
import { fromFlat, type Matrix } from '../engine/index.ts';
import { escapeHtml } from './format.ts';

/** The most characters the field takes (its help text says so). */
export const MAX_CHARS = 400;

/** The tokens as a list: the piece as typed, then its row number (or "no row"). */
export function tokenListHtml(tokens: readonly Token[]): string {
  return tokens
    .map((t) =>
      t.id === null
        ? `<li class="tk tk-unknown"><span class="tk-text">${escapeHtml(t.text)}</span> <span class="tk-id">no row</span></li>`
        : `<li class="tk"><span class="tk-text">${escapeHtml(t.text)}</span> <span class="tk-id"><span class="visually-hidden">row </span>${t.id}</span></li>`,
    )
    .join('');
}

const quoted = (words: readonly string[]): string => words.map((w) => `“${w}”`).join(', ');

/** One sentence on what the list shows: how many tokens, and which have no row. */
export function tokenSummary(tokens: readonly Token[]): string {
  const n = tokens.length;
  if (n === 0) return 'No tokens, so no vectors: type some text.';
  const missing = [...new Set(tokens.filter((t) => t.id === null).map((t) => t.text))];
  const count = `${n} ${n === 1 ? 'token' : 'tokens'}`;
  if (missing.length === 0) return `${count}, every one with a row in the vocabulary.`;
  const known = n - tokens.filter((t) => t.id === null).length;
  const rows = known === 0 ? 'none' : String(known);
  const matrix = known === 0 ? ', so no vectors' : '';
  return `${count}, ${rows} with a row in the vocabulary; no row for ${quoted(missing)}${matrix}.`;
}

/**
 * The matrix a model would start from: one row per token that has a row in the
 * vocabulary (its vector, `dims` numbers), labelled by the token. Null if none has.
 */
export function tokenVectors(
  tokens: readonly Token[],
  vectors: VectorArray,
  dims: number,
): { matrix: Matrix; labels: string[] } | null {
  const known = tokens.filter((t): t is Token & { id: number } => t.id !== null);
  if (known.length === 0) return null;
  const data = new Float64Array(known.length * dims);
  known.forEach((t, r) => {
    for (let k = 0; k < dims; k++) data[r * dims + k] = vectors[t.id * dims + k]!;
  });
  return { matrix: fromFlat(known.length, dims, data), labels: known.map((t) => t.text) };
}
