/**
 * Checking a reader's answer to a question against a value computed from the page's live
 * numbers. Pure: no DOM. Answers are read with the same reader as a matrix entry
 * (`readEntry`), so `1/3`, `0.333`, `-Infinity`, `-inf` and `e^-1` all work; a matrix is a
 * block of such entries, one row a line. The verdicts, in the order they are decided:
 *
 * - `unreadable`: the text is not a number (or a block of them); the reader is told why;
 * - `shape`: a matrix of the wrong size; the expected size is said;
 * - `right`: within the stated tolerance of the expected answer (entry by entry);
 * - `mistake`: not right, but equal to what a named mistake gives (forgetting √d_k...);
 * - `wrong`: none of these; a matrix answer says which entries are off.
 */
import { readEntry } from './entry.ts';
import { echo } from './echo.ts';
import type { Matrix } from '../engine/index.ts';

export type Verdict = 'right' | 'wrong' | 'unreadable' | 'shape' | 'mistake';

/** What a question expects: a number, a matrix, or one of a row's labels (by position, from 1). */
export type Expected =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'matrix'; readonly value: Matrix }
  | { readonly kind: 'choice'; readonly index: number; readonly labels: readonly string[] };

/** A named mistake and what it gives with the current numbers (undefined: it cannot be computed now). */
export interface MistakeValue {
  readonly label: string;
  readonly value: Expected | undefined;
}

export interface Checked {
  readonly verdict: Verdict;
  /** The named mistake, when the verdict is `mistake`. */
  readonly mistake?: string;
  /** What the reader is told. */
  readonly message: string;
  /** A matrix answer of the right shape: which entries are right (row-major). */
  readonly cells?: readonly (readonly CellMark[])[];
}

export interface CellMark {
  readonly given: number;
  readonly right: boolean;
}

/** The tolerance a question states when its author gives none: two decimals, read off the page. */
export const DEFAULT_TOLERANCE = 0.005;

/** Two numbers agree: infinities only with the same infinity, NaN with nothing. */
export function sameNumber(given: number, expected: number, tolerance: number): boolean {
  if (Number.isNaN(given) || Number.isNaN(expected)) return false;
  if (!Number.isFinite(given) || !Number.isFinite(expected)) return given === expected;
  // A hair of slack so that 0.4 - 0.395 is within 0.005 despite binary rounding.
  return Math.abs(given - expected) <= tolerance + 1e-12;
}

export type Read<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

/** One number as a reader types it. */
export async function readNumber(text: string): Promise<Read<number>> {
  const r = await readEntry(text);
  return r.ok ? { ok: true, value: r.value } : { ok: false, error: r.error };
}

/**
 * The entries of one line of a block: what the matrix editor's paste accepts (tabs,
 * commas), and otherwise entries apart by spaces, so `0.5 0.25` is two entries.
 */
export function splitFields(line: string): string[] {
  const t = line.trim();
  if (t === '') return [];
  const parts = /[\t,]/.test(t) ? t.split(/\s*[\t,]\s*/) : t.split(/\s+/);
  return parts.filter((p) => p !== '');
}

/** Longest block read: more than any question's matrix, far less than would freeze a page. */
const MAX_BLOCK_CHARS = 4000;

/**
 * A block of numbers: one row a line (or rows apart by `;`), brackets ignored, so
 * `[[1, 2], [3, 4]]`, `1 2; 3 4` and two lines copied from a spreadsheet all read.
 */
export async function readBlock(text: string): Promise<Read<number[][]>> {
  if (text.length > MAX_BLOCK_CHARS)
    return { ok: false, error: `too long to read (${text.length} characters)` };
  const rowsText = text
    .replace(/\r/g, '')
    .replace(/\]\s*,\s*\[/g, '\n')
    .replace(/[[\]]/g, ' ')
    .split(/[\n;]/)
    .map(splitFields)
    .filter((r) => r.length > 0);
  if (rowsText.length === 0) return { ok: false, error: 'empty: type the rows, one a line' };
  const width = rowsText[0]!.length;
  const ragged = rowsText.findIndex((r) => r.length !== width);
  if (ragged >= 0)
    return {
      ok: false,
      error: `row ${ragged + 1} has ${rowsText[ragged]!.length} entries, row 1 has ${width}`,
    };
  const rows: number[][] = [];
  for (let i = 0; i < rowsText.length; i++) {
    const row: number[] = [];
    for (let j = 0; j < width; j++) {
      const r = await readEntry(rowsText[i]![j]!);
      if (!r.ok)
        return {
          ok: false,
          error: `row ${i + 1}, column ${j + 1} (“${echo(rowsText[i]![j]!)}”): ${r.error}`,
        };
      row.push(r.value);
    }
    rows.push(row);
  }
  return { ok: true, value: rows };
}

const shapeText = (rows: number, cols: number): string =>
  `${rows}×${cols} (${rows} row${rows === 1 ? '' : 's'}, ${cols} column${cols === 1 ? '' : 's'})`;

function matchesNumber(given: number, e: Expected | undefined, tol: number): boolean {
  return e?.kind === 'number' && sameNumber(given, e.value, tol);
}

function matchesMatrix(
  given: readonly (readonly number[])[],
  e: Expected | undefined,
  tol: number,
): boolean {
  if (e?.kind !== 'matrix') return false;
  const m = e.value;
  if (given.length !== m.rows || given[0]!.length !== m.cols) return false;
  return given.every((row, i) => row.every((v, j) => sameNumber(v, m.get(i, j), tol)));
}

const mistakeMessage = (label: string): string =>
  `Not quite. That is the answer a common slip gives: ${label}. Try again.`;

/** Checks a number answer (its text already read). */
export function checkNumber(
  given: number,
  expected: number,
  mistakes: readonly MistakeValue[],
  tolerance: number,
): Checked {
  if (sameNumber(given, expected, tolerance)) return { verdict: 'right', message: 'Right.' };
  const m = mistakes.find((k) => matchesNumber(given, k.value, tolerance));
  if (m) return { verdict: 'mistake', mistake: m.label, message: mistakeMessage(m.label) };
  return { verdict: 'wrong', message: 'Not quite. Look again, or show the answer.' };
}

/** Checks a matrix answer: its shape first, then every entry. */
export function checkMatrix(
  given: readonly (readonly number[])[],
  expected: Matrix,
  mistakes: readonly MistakeValue[],
  tolerance: number,
): Checked {
  const rows = given.length;
  const cols = given[0]?.length ?? 0;
  if (rows !== expected.rows || cols !== expected.cols)
    return {
      verdict: 'shape',
      message: `The answer is ${shapeText(expected.rows, expected.cols)}; yours is ${shapeText(rows, cols)}.`,
    };
  const cells = given.map((row, i) =>
    row.map((v, j) => ({ given: v, right: sameNumber(v, expected.get(i, j), tolerance) })),
  );
  const wrong = cells.flatMap((row, i) =>
    row.flatMap((c, j) => (c.right ? [] : [`row ${i + 1} column ${j + 1}`])),
  );
  if (wrong.length === 0) return { verdict: 'right', message: 'Right: every entry.', cells };
  const m = mistakes.find((k) => matchesMatrix(given, k.value, tolerance));
  if (m) return { verdict: 'mistake', mistake: m.label, message: mistakeMessage(m.label), cells };
  const listed =
    wrong.length > 4
      ? `${wrong.slice(0, 4).join(', ')} and ${wrong.length - 4} more`
      : wrong.join(', ');
  return {
    verdict: 'wrong',
    message: `Not quite: ${wrong.length} of ${rows * cols} entries ${wrong.length === 1 ? 'is' : 'are'} off (${listed}), marked ✗ below.`,
    cells,
  };
}

/** Checks a choice among labels (positions from 1). */
export function checkChoice(
  given: number,
  expected: number,
  mistakes: readonly MistakeValue[],
): Checked {
  if (given === expected) return { verdict: 'right', message: 'Right.' };
  const m = mistakes.find((k) => k.value?.kind === 'choice' && k.value.index === given);
  if (m) return { verdict: 'mistake', mistake: m.label, message: mistakeMessage(m.label) };
  return { verdict: 'wrong', message: 'Not quite. Look at the row again, or show the answer.' };
}

/**
 * Reads and checks what a reader gave: text for a number or a matrix, a position (as text,
 * from 1) for a choice. Never throws.
 */
export async function checkAnswer(
  text: string,
  expected: Expected,
  mistakes: readonly MistakeValue[],
  tolerance: number,
): Promise<Checked> {
  if (expected.kind === 'choice') {
    const k = Number(text);
    if (!Number.isInteger(k) || k < 1 || k > expected.labels.length)
      return { verdict: 'unreadable', message: 'Choose one of the tokens first.' };
    return checkChoice(k, expected.index, mistakes);
  }
  if (expected.kind === 'number') {
    const r = await readNumber(text);
    if (!r.ok)
      return {
        verdict: 'unreadable',
        message: `That could not be read as a number (${r.error}). Type a number such as 0.25, 1/3, e^-1 or -Infinity.`,
      };
    return checkNumber(r.value, expected.value, mistakes, tolerance);
  }
  const r = await readBlock(text);
  if (!r.ok)
    return {
      verdict: 'unreadable',
      message: `That could not be read as a matrix (${r.error}). Type one row a line, entries apart by spaces or commas.`,
    };
  return checkMatrix(r.value, expected.value, mistakes, tolerance);
}
