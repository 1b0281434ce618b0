/**
 * What a reader types into one matrix entry. A plain number is read at once; anything
 * else (`1/sqrt(2)`) goes through the restricted parser, which is loaded only then.
 */
import { echo } from './echo.ts';
import { evaluateScalar } from './evaluate.ts';

export type EntryResult =
  { readonly ok: true; readonly value: number } | { readonly ok: false; readonly error: string };

const PLAIN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const INFINITY = /^([+-]?)(?:Infinity|inf|∞)$/i;

/** Tidies what people paste: a typographic minus, spaces. */
export function normaliseEntry(text: string): string {
  return text.replace(/[\u2212\u2012\u2013]/g, '-').trim();
}

/** The number in `text` if it is a plain number (or ±Infinity), else undefined. */
export function plainNumber(text: string): number | undefined {
  const t = normaliseEntry(text);
  if (PLAIN.test(t)) return Number(t);
  const inf = INFINITY.exec(t);
  if (inf) return inf[1] === '-' ? -Infinity : Infinity;
  return undefined;
}

/** Says ±Infinity outright, or divides by zero: an infinity the reader asked for. */
const MEANS_INFINITY = /infinity|inf|∞|\/\s*[+-]?(?:0+\.?0*|\.0+)(?![\d.])/i;

/**
 * The number in `text` if it can be taken as typed, before Enter: a plain number that
 * fits, or an infinity written as one. `1e309` waits for Enter, and is refused then.
 */
export function typedNumber(text: string): number | undefined {
  const v = plainNumber(text);
  return v === undefined || Number.isFinite(v) || MEANS_INFINITY.test(text) ? v : undefined;
}

/** Longer text is not read at all: no number or formula a reader means is this long. */
export const MAX_ENTRY_CHARS = 200;

const tooLarge = (t: string): EntryResult => ({
  ok: false,
  error: `too large: ${echo(t)} is beyond the largest number, about 1.8e308 (type Infinity or -Infinity for ∞)`,
});

/**
 * Reads an entry; never throws. A number too large to hold (`1e309`, `exp(1000)`) is
 * refused rather than kept as ∞; `-Infinity`, `∞` and `-1/0` are infinities on purpose.
 * Messages repeat at most a short piece of the text (see `echo`).
 */
export async function readEntry(text: string): Promise<EntryResult> {
  const t = normaliseEntry(text);
  const plain = plainNumber(t);
  if (plain !== undefined) {
    if (!Number.isFinite(plain) && !MEANS_INFINITY.test(t)) return tooLarge(t);
    return { ok: true, value: plain };
  }
  if (t === '') return { ok: false, error: 'empty: type a number' };
  if (t.length > MAX_ENTRY_CHARS)
    return {
      ok: false,
      error: `too long to read (${t.length.toLocaleString('en-US')} characters): type a number`,
    };
  if (/^[+-]?\d+,\d+$/.test(t))
    return { ok: false, error: `use a point for decimals: ${t.replace(',', '.')}` };
  try {
    const { parse } = await import('./parse.ts');
    const value = evaluateScalar(parse(t));
    if (!Number.isFinite(value) && !MEANS_INFINITY.test(t)) return tooLarge(t);
    return { ok: true, value };
  } catch (e) {
    return { ok: false, error: echo(e instanceof Error ? e.message : String(e), 120) };
  }
}
