/**
 * Word arithmetic for the explorer: weighted sums of word vectors, nearest neighbours,
 * spelling suggestions for unknown words, and the step from a parsed expression
 * (`king - man + woman`, `0.5*king + 0.5*queen`) to weighted words.
 */
import type { Embeddings } from './vectors.ts';

/** The restricted parser's output (same shape as the notebook's expression tree). */
export type Expr =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'symbol'; readonly name: string }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[] };

export interface Term {
  readonly word: string;
  readonly weight: number;
}

export interface Neighbour {
  readonly word: string;
  readonly index: number;
  /** Cosine similarity with the query. */
  readonly similarity: number;
}

/** Thrown by combine() when some words have no vector. */
export class UnknownWordsError extends Error {
  readonly words: readonly string[];
  constructor(words: readonly string[]) {
    super(`not in the vocabulary: ${words.join(', ')}`);
    this.name = 'UnknownWordsError';
    this.words = words;
  }
}

type Table = Pick<Embeddings, 'words' | 'dims' | 'vectors' | 'index'>;

/**
 * The k words whose vectors are most similar (cosine) to `query`, best first, leaving out
 * the words or indices in `exclude`; only the first `limit` words are searched (all by
 * default). Ties go to the more frequent (lower index) word.
 */
export function nearest(
  table: Table,
  query: ArrayLike<number>,
  k: number,
  exclude: Iterable<string | number> = [],
  limit: number = table.words.length,
): Neighbour[] {
  const { dims, vectors } = table;
  const n = Math.min(limit, table.words.length);
  const skip = new Set<number>();
  for (const e of exclude) {
    const i = typeof e === 'number' ? e : table.index.get(e);
    if (i !== undefined) skip.add(i);
  }
  let qq = 0;
  const q = new Float64Array(dims);
  for (let j = 0; j < dims; j++) {
    q[j] = query[j] ?? 0;
    qq += q[j]! * q[j]!;
  }
  const qn = qq > 0 ? 1 / Math.sqrt(qq) : 0;
  const want = Math.max(0, Math.min(Math.floor(k), n));
  // Top-k kept sorted, best first; k is small.
  const topS: number[] = [];
  const topI: number[] = [];
  let floor = -Infinity;
  for (let i = 0; i < n; i++) {
    const o = i * dims;
    let s = 0;
    for (let j = 0; j < dims; j++) s += vectors[o + j]! * q[j]!;
    if (topS.length === want && !(s > floor)) continue;
    if (want === 0 || skip.has(i)) continue;
    let p = topS.length;
    while (p > 0 && s > topS[p - 1]!) p--;
    topS.splice(p, 0, s);
    topI.splice(p, 0, i);
    if (topS.length > want) {
      topS.pop();
      topI.pop();
    }
    if (topS.length === want) floor = topS[want - 1]!;
  }
  return topI.map((i, r) => ({ word: table.words[i]!, index: i, similarity: topS[r]! * qn }));
}

/** Σ weight · (unit vector of word). Throws UnknownWordsError naming every unknown word. */
export function combine(table: Table, terms: readonly Term[]): Float64Array {
  const out = new Float64Array(table.dims);
  const unknown = terms.filter((t) => !table.index.has(t.word)).map((t) => t.word);
  if (unknown.length > 0) throw new UnknownWordsError([...new Set(unknown)]);
  for (const { word, weight } of terms) {
    const o = table.index.get(word)! * table.dims;
    for (let j = 0; j < table.dims; j++) out[j]! += weight * table.vectors[o + j]!;
  }
  return out;
}

/** Cosine similarity of two vectors of the same length. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i] ?? 0;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
}

/**
 * Edit distance with adjacent transpositions (optimal string alignment), giving up
 * once it must exceed `max` (then returns max + 1).
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const m = a.length;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= m; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      ) {
        v = Math.min(v, prev2[j - 2]! + 1);
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/**
 * Up to k known words closest in spelling to `word` (edit distance at most
 * `maxDistance`, default 2 or 1 for words of up to 4 letters), closest first and, at the
 * same distance, more frequent first (vocab is in frequency order).
 */
export function suggestSpellings(
  word: string,
  vocab: readonly string[],
  k = 5,
  maxDistance?: number,
): string[] {
  const w = word.toLowerCase();
  let max = maxDistance ?? (w.length <= 4 ? 1 : 2);
  const found: { word: string; d: number; i: number }[] = [];
  for (let i = 0; i < vocab.length; i++) {
    const v = vocab[i]!;
    if (v === w || Math.abs(v.length - w.length) > max) continue;
    const d = editDistance(w, v, max);
    if (d > max) continue;
    found.push({ word: v, d, i });
    if (found.length >= 4 * k) {
      // Keep the best k and tighten the bound once k words are at a smaller distance.
      found.sort((x, y) => x.d - y.d || x.i - y.i);
      found.length = k;
      max = Math.min(max, found[k - 1]!.d);
    }
  }
  found.sort((x, y) => x.d - y.d || x.i - y.i);
  return found.slice(0, k).map((f) => f.word);
}

export const LINEAR_HELP =
  'only sums of words with number weights are allowed, e.g. king - man + woman';

interface Linear {
  constant: number;
  terms: Map<string, number>;
}

const isConst = (l: Linear): boolean => l.terms.size === 0;

function scale(l: Linear, f: number): Linear {
  const terms = new Map<string, number>();
  for (const [w, x] of l.terms) terms.set(w, x * f);
  return { constant: l.constant * f, terms };
}

function addL(a: Linear, b: Linear, sign: 1 | -1): Linear {
  const terms = new Map(a.terms);
  for (const [w, x] of b.terms) terms.set(w, (terms.get(w) ?? 0) + sign * x);
  return { constant: a.constant + sign * b.constant, terms };
}

function show(e: Expr): string {
  if (e.kind === 'number') return String(e.value);
  if (e.kind === 'symbol') return e.name;
  return `${e.fn}(…)`;
}

/**
 * Turns a parsed expression into weighted words: `king - man + woman` gives
 * king 1, man −1, woman 1; `0.5*king + queen/2` gives king 0.5, queen 0.5. Numbers
 * may multiply words on either side or divide them; the same word twice is summed
 * (in order of first appearance). Anything else throws an Error whose message says why
 * in plain words.
 */
export function linearTerms(expr: Expr): Term[] {
  const fail = (why: string): never => {
    throw new Error(`${why}: ${LINEAR_HELP}`);
  };
  const walk = (e: Expr): Linear => {
    switch (e.kind) {
      case 'number':
        if (!Number.isFinite(e.value)) fail(`${e.value} is not a usable weight`);
        return { constant: e.value, terms: new Map() };
      case 'symbol':
        return { constant: 0, terms: new Map([[e.name.toLowerCase(), 1]]) };
      case 'call': {
        const args = e.args.map(walk);
        const [x, y] = args;
        const arity = (k: number): void => {
          if (args.length !== k) fail(`"${e.fn}" with ${args.length} operands is not understood`);
        };
        switch (e.fn) {
          case 'add':
          case 'subtract': {
            arity(2);
            const sum = addL(x!, y!, e.fn === 'add' ? 1 : -1);
            return sum;
          }
          case 'unaryMinus':
            arity(1);
            return scale(x!, -1);
          case 'unaryPlus':
            arity(1);
            return x!;
          case 'multiply':
            arity(2);
            if (isConst(x!)) return scale(y!, x!.constant);
            if (isConst(y!)) return scale(x!, y!.constant);
            return fail(
              `two words cannot be multiplied (${show(e.args[0]!)} * ${show(e.args[1]!)}; two words side by side count as multiplied too: put + or − between them)`,
            );
          case 'divide':
            arity(2);
            if (!isConst(y!)) return fail(`cannot divide by a word (${show(e.args[1]!)})`);
            if (y!.constant === 0) return fail('division by zero');
            return scale(x!, 1 / y!.constant);
          default:
            return fail(`"${e.fn}" is not available here`);
        }
      }
    }
  };
  const result = walk(expr);
  if (result.terms.size === 0) fail('there is no word in this expression');
  if (result.constant !== 0) fail('a number on its own cannot be added to a word');
  const terms = [...result.terms].map(([word, weight]) => ({ word, weight }));
  for (const t of terms)
    if (!Number.isFinite(t.weight)) fail(`the weight of "${t.word}" is not a finite number`);
  return terms;
}

/** Weighted words of an expression -> query vector and the words to leave out of its answers. */
export function queryOf(
  table: Table,
  terms: readonly Term[],
): { vector: Float64Array; exclude: string[] } {
  return { vector: combine(table, terms), exclude: terms.map((t) => t.word) };
}
