/**
 * Input cells are the whole state of a chapter. They travel in a share link (the URL
 * fragment) and are kept in localStorage, under a versioned schema. Anything that does
 * not parse, is too large or does not fit the chapter is refused with a message, and the
 * chapter's own values stay.
 */
import * as z from 'zod/mini';
import { matrix } from '../engine/index.ts';
import type { Notebook } from './notebook.ts';
import { MAX_SIDE, valueProblems, type ValueProblem } from './presets.ts';
import { cellSymbol } from './tex.ts';

export const STATE_VERSION = 1;
/** Larger links are refused: no chapter needs more, and it bounds the work a link can ask for. */
export const MAX_STATE_CHARS = 60_000;
export { MAX_SIDE };

// JSON cannot hold ±Infinity, and -Infinity is a number a reader may type.
const jsonNumber = z.union([z.number(), z.literal('Infinity'), z.literal('-Infinity')]);
const schema = z.object({
  v: z.literal(STATE_VERSION),
  id: z.string(),
  cells: z.record(z.string(), z.union([jsonNumber, z.array(z.array(jsonNumber))])),
});
type Encoded = z.infer<typeof schema>;

const toJson = (v: number): number | 'Infinity' | '-Infinity' =>
  v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v;
const fromJson = (v: number | 'Infinity' | '-Infinity'): number =>
  v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v;

/** The inputs that differ from the chapter's values, as a compact string. */
export function encodeState(nb: Notebook): string {
  const cells: Encoded['cells'] = {};
  for (const [name, value] of Object.entries(nb.snapshot())) {
    const d = nb.defaultValue(name);
    const current = typeof value === 'number' ? value : value;
    const same =
      typeof current === 'number'
        ? current === d
        : typeof d !== 'number' && JSON.stringify(current) === JSON.stringify(d.toArray());
    if (!same)
      cells[name] =
        typeof current === 'number' ? toJson(current) : current.map((r) => r.map(toJson));
  }
  if (Object.keys(cells).length === 0) return '';
  return toBase64Url(JSON.stringify({ v: STATE_VERSION, id: nb.id, cells } satisfies Encoded));
}

export type DecodeResult =
  | { readonly ok: true; readonly values: ReadonlyMap<string, number | number[][]> }
  | { readonly ok: false; readonly error: string };

/** A number in a message: short, with a real minus. */
const shown = (v: number): string =>
  (v === Infinity
    ? '∞'
    : v === -Infinity
      ? '-∞'
      : Math.abs(v) >= 1e6
        ? v.toPrecision(3)
        : String(v)
  ).replace(/^-/, '−');

/** Why a value does not fit, for a reader: the cell by the symbol the page shows. */
/** How a message names a cell: its plain symbol in quotes, unless the caller typesets it. */
export type CellNamer = (cell: string) => string;
const quoted =
  (nb: Notebook): CellNamer =>
  (cell) =>
    `"${cellSymbol(nb.cells, cell)}"`;

function problemText(nb: Notebook, q: ValueProblem, nameOf: CellNamer = quoted(nb)): string {
  const name = nameOf(q.cell);
  switch (q.kind) {
    case 'unknown':
      // The name came with the link: it is not repeated.
      return 'the link sets a cell this chapter does not have';
    case 'derived':
      return `the link sets ${name}, which is not an input here (it is computed)`;
    case 'wants-number':
      return `${name} should be a number`;
    case 'wants-matrix':
      return `${name} should be a matrix`;
    case 'not-finite':
      return `${name} is ${shown(q.value)}, and it must be a finite number`;
    case 'range':
      return `${name} is ${shown(q.value)}, outside its range ${q.min ?? '−∞'} to ${q.max ?? '∞'}`;
    case 'step':
      return `${name} is ${shown(q.value)}, not on its slider (steps of ${q.step} from ${q.from})`;
    case 'size':
      return `${name} is ${shown(q.value)}, and as a size it must be a whole number from 1 to ${MAX_SIDE}`;
    case 'shape':
      return `${name} is ${q.rows}×${q.cols} here, and the link gives ${q.given === 'ragged' ? 'rows of different lengths' : q.given.replace('x', '×')}`;
    case 'entry':
      return `${name} has something other than a number at row ${q.row}, column ${q.col}`;
  }
}

/**
 * Reads a string from `encodeState` for this notebook; never throws. Every cell is checked
 * against the chapter (see `valueProblems`) before anything is applied, and a message
 * names the first cell that does not fit. Text from the link (a version, a chapter id, a
 * cell name) is never repeated in a message.
 */
export function decodeState(
  nb: Notebook,
  text: string,
  nameOf: CellNamer = quoted(nb),
): DecodeResult {
  if (text.length > MAX_STATE_CHARS)
    return { ok: false, error: `the link is too large (${text.length} characters)` };
  let raw: unknown;
  try {
    raw = JSON.parse(fromBase64Url(text));
  } catch {
    return { ok: false, error: 'the link is damaged (it does not decode)' };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    return { ok: false, error: 'the link does not hold valid numbers' };
  const v = (raw as { v?: unknown }).v;
  if (v !== STATE_VERSION && v !== undefined)
    return { ok: false, error: 'the link was made by another version of this site' };
  // Own keys, before the schema copies them: a cell named __proto__ would vanish in a copy.
  const cells = (raw as { cells?: unknown }).cells;
  if (cells !== null && typeof cells === 'object' && !Array.isArray(cells)) {
    if (Object.keys(cells).some((name) => !nb.isInput(name) && !nb.has(name)))
      return { ok: false, error: problemText(nb, { cell: '', kind: 'unknown' }) };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: 'the link does not hold valid numbers' };
  if (parsed.data.id !== nb.id) return { ok: false, error: 'the link is for another chapter' };
  const values = new Map<string, number | number[][]>();
  for (const [name, v] of Object.entries(parsed.data.cells)) {
    if (Array.isArray(v)) {
      const rows = v.length;
      const cols = v[0]?.length ?? 0;
      if (
        rows === 0 ||
        cols === 0 ||
        rows > MAX_SIDE ||
        cols > MAX_SIDE ||
        v.some((r) => r.length !== cols)
      ) {
        return {
          ok: false,
          error: `${nameOf(name)} is not a matrix of at most ${MAX_SIDE}x${MAX_SIDE}`,
        };
      }
      values.set(
        name,
        v.map((r) => r.map(fromJson)),
      );
    } else values.set(name, fromJson(v));
  }
  const problems = valueProblems([...nb.cells.values()], values);
  if (problems.length > 0) {
    const more = problems.length - 1;
    return {
      ok: false,
      error: `${problemText(nb, problems[0]!, nameOf)}${more > 0 ? ` (and ${more} more ${more === 1 ? 'cell' : 'cells'} that do not fit)` : ''}`,
    };
  }
  return { ok: true, values };
}

/** Applies decoded values (all of them, or none if any is refused by the notebook). */
export function applyState(nb: Notebook, values: ReadonlyMap<string, number | number[][]>): void {
  // Sliders first, so a matrix that follows one is set after it has taken its size.
  const ordered = [...values].sort(
    ([, a], [, b]) => Number(Array.isArray(a)) - Number(Array.isArray(b)),
  );
  for (const [name, v] of ordered) nb.set(name, typeof v === 'number' ? v : matrix(v));
}

function toBase64Url(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): string {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(
    Uint8Array.from(bin, (c) => c.charCodeAt(0)),
  );
}

export const storageKey = (id: string): string => `attention-step-by-step:v${STATE_VERSION}:${id}`;
