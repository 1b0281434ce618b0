/**
 * What the word explorer does with the text a reader types, from start to end, without
 * ever throwing: parse it (the restricted parser is passed in, so the browser can load
 * it lazily), read it as weighted words, look the words up, sum their vectors and list
 * the nearest words. Every failure becomes an outcome the page can show.
 */
import {
  combine,
  linearTerms,
  nearest,
  suggestSpellings,
  type Expr,
  type Neighbour,
  type Term,
} from './explore.ts';
import { normaliseRows, type VectorArray } from './vectors.ts';

/**
 * A table of words to explore. `vectors` are what the arithmetic adds up; `unit` are the
 * same rows scaled to length 1, searched by cosine. For the GloVe asset both are the
 * same unit rows (as in the analogy test); the toy vectors of chapter 1 are added as
 * they are, as that chapter did.
 */
export interface WordSpace {
  /** Lower-case words, the names a reader types. */
  readonly words: readonly string[];
  /** How to show each word (the toy's "Queen"); the word itself by default. */
  readonly labels?: readonly string[];
  readonly dims: number;
  readonly index: ReadonlyMap<string, number>;
  readonly vectors: VectorArray;
  readonly unit: VectorArray;
}

export interface UnknownWord {
  readonly word: string;
  /** Known words spelt nearly the same, closest first. */
  readonly suggestions: readonly string[];
}

export type QueryOutcome =
  | {
      readonly status: 'ok';
      readonly terms: readonly Term[];
      readonly neighbours: readonly Neighbour[];
      readonly includeInputs: boolean;
    }
  | {
      readonly status: 'unknown';
      readonly terms: readonly Term[];
      readonly unknown: readonly UnknownWord[];
    }
  | { readonly status: 'invalid'; readonly message: string };

export interface QueryOptions {
  /** How many neighbours (default 10). */
  readonly k?: number;
  /** List the typed words too (default false: they are left out, as in the analogy test). */
  readonly includeInputs?: boolean;
  /** How many spellings to suggest for an unknown word (default 5). */
  readonly suggestions?: number;
}

export type Parser = (text: string) => Expr;

/** A word space from plain rows (the toy's vectors); `unit` is computed here. */
export function wordSpace(
  labels: readonly string[],
  rows: readonly (readonly number[])[],
): WordSpace {
  const dims = rows[0]?.length ?? 0;
  const vectors = Float64Array.from(rows.flat());
  const unit = Float64Array.from(vectors);
  normaliseRows(unit, dims);
  const words = labels.map((l) => l.toLowerCase());
  const index = new Map<string, number>();
  words.forEach((w, i) => {
    if (!index.has(w)) index.set(w, i);
  });
  return { words, labels, dims, index, vectors, unit };
}

/** Typographic minus signs and dashes, as pasted from a page, read as "-". */
export function normaliseQuery(text: string): string {
  return text.replace(/[\u2212\u2012\u2013\u2014]/g, '-').trim();
}

/**
 * Words that the expression reader takes for its own keywords ("not", "true", "2 to" as a
 * unit conversion), although each is a word of the vocabulary. Two-letter ones first, so
 * every placeholder below fits its word's length.
 */
const KEYWORDS = [
  'or',
  'in',
  'to',
  'not',
  'and',
  'xor',
  'mod',
  'true',
  'null',
  'false',
  'undefined',
];

/**
 * Swaps each keyword standing as a word for a placeholder name of the same length
 * ("not" -> "_3_"), so the reader sees a plain word and any position in its messages
 * still points into the reader's text. `back` maps each placeholder (lower case, as
 * terms are) to its word.
 */
function shieldKeywords(text: string): { text: string; back: Map<string, string> } {
  const back = new Map<string, string>();
  let out = text;
  KEYWORDS.forEach((word, k) => {
    const stand = `_${k}`.padEnd(word.length, '_');
    if (text.includes(stand)) return;
    const re = new RegExp(`(?<![\\p{L}\\p{N}_.])${word}(?![\\p{L}\\p{N}_(])`, 'gu');
    const swapped = out.replace(re, stand);
    if (swapped !== out) back.set(stand, word);
    out = swapped;
  });
  return { text: out, back };
}

/** The longest text the explorer reads (the cell parser's own limit too). */
export const MAX_QUERY_LENGTH = 500;
/** The most brackets one inside another that the explorer reads. */
export const MAX_NESTING = 20;
/** The most + and − signs in a row that the explorer reads. */
export const MAX_SIGNS_IN_A_ROW = 10;

/**
 * Why `text` is too long or too deeply nested to be read, or null. Checked before the
 * parser sees it: the parser reads brackets and signs by recursion, and a few hundred
 * of them exhaust the browser's stack (“Maximum call stack size exceeded”).
 */
export function shapeProblem(text: string): string | null {
  if (text.length > MAX_QUERY_LENGTH) {
    return `Too long: ${text.length.toLocaleString('en-GB')} characters, and the explorer reads at most ${MAX_QUERY_LENGTH}. A few words are enough, for example king - man + woman.`;
  }
  let depth = 0;
  let deepest = 0;
  let signs = 0;
  let mostSigns = 0;
  for (const ch of text) {
    if (ch === '(' || ch === '[' || ch === '{') deepest = Math.max(deepest, ++depth);
    else if (ch === ')' || ch === ']' || ch === '}') depth = Math.max(0, depth - 1);
    if (ch === '+' || ch === '-') mostSigns = Math.max(mostSigns, ++signs);
    else if (!/\s/.test(ch)) signs = 0;
  }
  if (deepest > MAX_NESTING) {
    return `Too many brackets inside one another (${deepest} deep): the explorer reads at most ${MAX_NESTING}. Sums of words need few, for example king - (man - woman).`;
  }
  if (mostSigns > MAX_SIGNS_IN_A_ROW) {
    return `Too many + and − signs in a row (${mostSigns}): the explorer reads at most ${MAX_SIGNS_IN_A_ROW}. Put a word between them, for example king - man + woman.`;
  }
  return null;
}

/** Text -> weighted words, or a message saying what is wrong. */
export function readTerms(
  text: string,
  parse: Parser,
): { ok: true; terms: Term[] } | { ok: false; message: string } {
  const t = normaliseQuery(text);
  if (t === '') return { ok: false, message: 'Type some words, for example king - man + woman.' };
  const problem = shapeProblem(t);
  if (problem) return { ok: false, message: problem };
  const shielded = shieldKeywords(t);
  try {
    const terms = linearTerms(parse(shielded.text));
    return {
      ok: true,
      terms: terms.map((term) => ({ ...term, word: shielded.back.get(term.word) ?? term.word })),
    };
  } catch (e) {
    // A stack that runs out even within the limits above (a small one) is named, not shown raw.
    if (e instanceof RangeError) {
      return {
        ok: false,
        message: 'Not understood: the expression is nested too deeply to read. Use fewer brackets.',
      };
    }
    let why = e instanceof Error ? e.message : String(e);
    for (const [stand, word] of shielded.back) why = why.replaceAll(stand, word);
    return { ok: false, message: `Not understood: ${why}.` };
  }
}

/** Weighted words -> the nearest words in `space`, or the unknown words with suggestions. */
export function queryTerms(
  space: WordSpace,
  terms: readonly Term[],
  options: QueryOptions = {},
): QueryOutcome {
  const unknown = [...new Set(terms.map((t) => t.word).filter((w) => !space.index.has(w)))];
  if (unknown.length > 0) {
    return {
      status: 'unknown',
      terms,
      unknown: unknown.map((word) => ({
        word,
        suggestions: suggestSpellings(word, space.words, options.suggestions ?? 5),
      })),
    };
  }
  const query = combine({ ...space, vectors: space.vectors }, terms);
  let qq = 0;
  for (const x of query) qq += x * x;
  // Words are unit-sized, so a length this small is rounding (0.1 + 0.2 - 0.3), not a direction.
  if (!(Math.sqrt(qq) > 1e-9)) {
    return {
      status: 'invalid',
      message:
        'The words cancel out: their sum is (next to) the zero vector, which points nowhere, so no word is nearer than another.',
    };
  }
  const includeInputs = options.includeInputs ?? false;
  const exclude = includeInputs ? [] : terms.map((t) => t.word);
  const neighbours = nearest({ ...space, vectors: space.unit }, query, options.k ?? 10, exclude);
  return { status: 'ok', terms, neighbours, includeInputs };
}

/** Text -> outcome; never throws. */
export function runQuery(
  space: WordSpace,
  text: string,
  parse: Parser,
  options: QueryOptions = {},
): QueryOutcome {
  const read = readTerms(text, parse);
  if (!read.ok) return { status: 'invalid', message: read.message };
  return queryTerms(space, read.terms, options);
}

/** The shown form of a word in a space (its label when it has one). */
export function labelOf(space: Pick<WordSpace, 'labels' | 'words'>, index: number): string {
  return space.labels?.[index] ?? space.words[index] ?? '';
}

/** "king − man + woman", "0.5 king + 0.5 queen": weighted words as a reader reads them. */
export function termsText(terms: readonly Term[]): string {
  let s = '';
  terms.forEach(({ word, weight }, i) => {
    const sign = weight < 0 ? '−' : '+';
    const a = Math.abs(weight);
    const w = a === 1 ? word : `${Number(a.toPrecision(6))} ${word}`;
    s += i === 0 ? (weight < 0 ? `−${w}` : w) : ` ${sign} ${w}`;
  });
  return s;
}
