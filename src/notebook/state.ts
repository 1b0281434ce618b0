/**
 * Input cells are the whole state of a chapter. They travel in a share link (the URL
 * fragment) and are kept in localStorage, under a versioned schema. Anything that does
 * not parse, is too large or does not fit the chapter is refused with a message, and the
 * chapter's own values stay.
 */
import * as z from 'zod/mini';
import { matrix } from '../engine/index.ts';
import type { Notebook } from './notebook.ts';

export const STATE_VERSION = 1;
/** Larger links are refused: no chapter needs more, and it bounds the work a link can ask for. */
export const MAX_STATE_CHARS = 60_000;
export const MAX_SIDE = 64;

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

/** Reads a string from `encodeState` for this notebook; never throws. */
export function decodeState(nb: Notebook, text: string): DecodeResult {
  if (text.length > MAX_STATE_CHARS)
    return { ok: false, error: `the link is too large (${text.length} characters)` };
  let raw: unknown;
  try {
    raw = JSON.parse(fromBase64Url(text));
  } catch {
    return { ok: false, error: 'the link is damaged (it does not decode)' };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const v = (raw as { v?: unknown } | null)?.v;
    return {
      ok: false,
      error:
        v !== STATE_VERSION && v !== undefined
          ? `the link is from another version (${String(v)})`
          : 'the link does not hold valid numbers',
    };
  }
  if (parsed.data.id !== nb.id)
    return { ok: false, error: `the link is for the chapter "${parsed.data.id}"` };
  const values = new Map<string, number | number[][]>();
  for (const [name, v] of Object.entries(parsed.data.cells)) {
    if (!nb.isInput(name))
      return { ok: false, error: `the link sets "${name}", which is not an input here` };
    const wantsNumber = typeof nb.defaultValue(name) === 'number';
    if (Array.isArray(v)) {
      if (wantsNumber) return { ok: false, error: `"${name}" should be a number` };
      const rows = v.length;
      const cols = v[0]?.length ?? 0;
      if (
        rows === 0 ||
        cols === 0 ||
        rows > MAX_SIDE ||
        cols > MAX_SIDE ||
        v.some((r) => r.length !== cols)
      ) {
        return { ok: false, error: `"${name}" is not a matrix of at most ${MAX_SIDE}x${MAX_SIDE}` };
      }
      values.set(
        name,
        v.map((r) => r.map(fromJson)),
      );
    } else {
      if (!wantsNumber) return { ok: false, error: `"${name}" should be a matrix` };
      // A slider's range bounds what a link may ask for (a size of a million rows, say).
      const def = nb.cells.get(name);
      const n = fromJson(v);
      if (
        def?.kind === 'scalar' &&
        ((def.min !== undefined && !(n >= def.min)) || (def.max !== undefined && !(n <= def.max)))
      ) {
        return {
          ok: false,
          error: `"${name}" is ${String(v)}, outside its range ${def.min ?? '−∞'} to ${def.max ?? '∞'}`,
        };
      }
      values.set(name, n);
    }
  }
  return { ok: true, values };
}

/** Applies decoded values (all of them, or none if any is refused by the notebook). */
export function applyState(nb: Notebook, values: ReadonlyMap<string, number | number[][]>): void {
  for (const [name, v] of values) nb.set(name, typeof v === 'number' ? v : matrix(v));
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
