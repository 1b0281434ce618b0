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

export function valueText(v: number, digits: number): { text: string; exact: string } {
  return { text: formatNumber(v, digits), exact: fullNumber(v) };
}
