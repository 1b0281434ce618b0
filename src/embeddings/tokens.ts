/**
 * Cutting text into the tokens of a word-level vocabulary, the GloVe words the site ships
 * (their 30,000 most frequent, as src/embeddings/asset.ts stores them). GloVe was trained
 * on lower-cased text in which words and punctuation marks are separate tokens, so this
 * does the same: every run of letters and digits (with inner hyphens or apostrophes, as in
 * "well-known") is one piece, every other visible character another, and spaces separate
 * pieces without being tokens. A joined word that the vocabulary lacks is looked up part by
 * part ("ice-cold" as "ice", "-", "cold"). A piece the vocabulary has no row for keeps
 * `id: null`: a word-level model has no vector for it, which is what subword tokenizers fix.
 */

export interface Token {
  /** The piece of text, as typed. */
  readonly text: string;
  /** Its row in the vocabulary (frequency order: 0 is the most frequent), or null. */
  readonly id: number | null;
}

/** A word with inner joins, or one visible character that is not a letter or digit. */
const PIECE = /[\p{L}\p{N}\p{M}]+(?:['’-][\p{L}\p{N}\p{M}]+)*|[^\s\p{L}\p{N}\p{M}]/gu;
const JOIN = /(['’-])/u;

/** The tokens of `text`, in order, each looked up (lower-cased) in `index`. */
export function tokenize(index: ReadonlyMap<string, number>, text: string): Token[] {
  const find = (piece: string): Token => ({
    text: piece,
    id: index.get(piece.toLowerCase()) ?? null,
  });
  const tokens: Token[] = [];
  for (const [piece] of text.matchAll(PIECE)) {
    const whole = find(piece);
    if (whole.id !== null || !JOIN.test(piece)) tokens.push(whole);
    else for (const part of piece.split(JOIN)) if (part) tokens.push(find(part));
  }
  return tokens;
}
