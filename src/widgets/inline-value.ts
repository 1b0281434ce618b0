/**
 * The text of an inline number in the prose (<Value cell="c" />): a number cell, or one
 * entry of a matrix cell. Shared by the build and the browser so both show the same.
 */
import type { Value } from '../notebook/functions.ts';
import { formatNumber, fullNumber } from './format.ts';

export interface ValueAt {
  /** Row and column counted from 1, for one entry of a matrix cell. */
  readonly row?: number | undefined;
  readonly col?: number | undefined;
}

/** The number a <Value> shows, or why it has none. */
export function pickNumber(
  v: Value,
  at: ValueAt,
): { ok: true; value: number } | { ok: false; error: string } {
  if (typeof v === 'number') return { ok: true, value: v };
  const i = (at.row ?? 1) - 1;
  const j = (at.col ?? 1) - 1;
  if (at.row === undefined && at.col === undefined && (v.rows !== 1 || v.cols !== 1)) {
    return { ok: false, error: `a ${v.rows}x${v.cols} matrix needs a row and a column` };
  }
  if (i < 0 || j < 0 || i >= v.rows || j >= v.cols) {
    return { ok: false, error: `a ${v.rows}x${v.cols} matrix has no entry [${i + 1},${j + 1}]` };
  }
  return { ok: true, value: v.get(i, j) };
}

/**
 * Short text for an inline number: `digits` decimals, thousands grouped from 10,000 on
 * (a count of scores reads better as 17,179,869,184 than as 1.7e10), and tiny non-zero
 * numbers in exponent form so they never read as 0.
 */
/**
 * A slider's number: as set, written as sentences write it (whole numbers grouped from
 * 10,000 up, 131,072; a real minus).
 */
export function scalarText(v: number): string {
  return Number.isInteger(v) ? valueText(v, 0).text : fullNumber(v);
}

export function valueText(v: number, digits: number): { text: string; exact: string } {
  const exact = fullNumber(v);
  const a = Math.abs(v);
  // Beyond 1e15 digits stop being exact, and 1.8e308 would be 309 of them: exponent form.
  if (!Number.isFinite(v) || a >= 1e15 || (a !== 0 && a < 10 ** -digits / 2))
    return { text: formatNumber(v, digits), exact };
  const text = new Intl.NumberFormat('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
    useGrouping: a >= 10_000,
  })
    .format(v)
    .replace('-', '−');
  return { text: text === '−0' || /^−0\.0*$/.test(text) ? text.slice(1) : text, exact };
}
