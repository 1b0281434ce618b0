/**
 * What a reader types into one matrix entry. A plain number is read at once; anything
 * else (`1/sqrt(2)`) goes through the restricted parser, which is loaded only then.
 */
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

/** Reads an entry; never throws. */
export async function readEntry(text: string): Promise<EntryResult> {
  const t = normaliseEntry(text);
  const plain = plainNumber(t);
  if (plain !== undefined) return { ok: true, value: plain };
  if (t === '') return { ok: false, error: 'empty: type a number' };
  if (/^[+-]?\d+,\d+$/.test(t))
    return { ok: false, error: `use a point for decimals: ${t.replace(',', '.')}` };
  try {
    const { parse } = await import('./parse.ts');
    return { ok: true, value: evaluateScalar(parse(t)) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}
