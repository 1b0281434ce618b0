/**
 * A Python listing read for the code walk-through (<CodeWalk>): which line of a function
 * makes which notebook cell, and what its `print(…)` lines would print. The build and the
 * browser both read the listing through this, and a test runs the same file with Python.
 */
import type { Value } from '../notebook/functions/define.ts';

/** A line `print("Q", Q.shape)` (shape) or `print("d_k", d_k)` (the value itself). */
export interface PrintLine {
  readonly line: number;
  readonly label: string;
  readonly cell: string;
  readonly shape: boolean;
}

/** One stop of the walk: the `def` line (its inputs) or a line that assigns a cell. */
export interface ListingStep {
  /** 1-based line number in the file. */
  readonly line: number;
  readonly text: string;
  readonly def: boolean;
  readonly cells: readonly string[];
  readonly prints: readonly PrintLine[];
}

export interface Listing {
  readonly steps: readonly ListingStep[];
  readonly problems: readonly string[];
}

const ASSIGN = /^([A-Za-z_]\w*) = /;
const PRINT = /^print\("([^"\\]*)", ([A-Za-z_]\w*)(\.shape)?\)$/;

export function parseListing(code: string, fn: string, isCell: (name: string) => boolean): Listing {
  const lines = code.split('\n');
  const problems: string[] = [];
  const start = lines.findIndex((l) => l.startsWith(`def ${fn}(`));
  if (start < 0) return { steps: [], problems: [`no "def ${fn}(" at the start of a line`] };
  const head = lines[start]!;
  const params = (/\(([^)]*)\)/.exec(head)?.[1] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  for (const p of params)
    if (!isCell(p)) problems.push(`line ${start + 1}: parameter "${p}" is no cell of the chapter`);
  type Mutable = Omit<ListingStep, 'prints'> & { prints: PrintLine[] };
  const steps: Mutable[] = [
    { line: start + 1, text: head.trim(), def: true, cells: params.filter(isCell), prints: [] },
  ];
  for (let k = start + 1; k < lines.length; k++) {
    const raw = lines[k]!;
    if (raw.trim() !== '' && !/^\s/.test(raw)) break; // the function's body has ended
    const text = raw.trim();
    const assigned = ASSIGN.exec(text)?.[1];
    if (assigned !== undefined) {
      if (isCell(assigned))
        steps.push({ line: k + 1, text, def: false, cells: [assigned], prints: [] });
      else problems.push(`line ${k + 1} assigns "${assigned}", which is no cell of the chapter`);
      continue;
    }
    if (!text.startsWith('print(')) continue;
    const m = PRINT.exec(text);
    if (!m) {
      problems.push(
        `line ${k + 1}: a print must read print("label", name) or print("label", name.shape)`,
      );
      continue;
    }
    if (!isCell(m[2]!)) problems.push(`line ${k + 1} prints "${m[2]}", which is no cell`);
    else steps.at(-1)!.prints.push({ line: k + 1, label: m[1]!, cell: m[2]!, shape: !!m[3] });
  }
  return { steps, problems };
}

/** What Python prints for the line: `Q (7, 3)` for a shape, `d_k 3` for a number. */
export function printedText(p: Pick<PrintLine, 'label' | 'shape'>, value: Value): string {
  if (typeof value === 'number') return `${p.label} ${pythonNumber(value)}`;
  return p.shape
    ? `${p.label} (${value.rows}, ${value.cols})`
    : `${p.label} [${value.rows}×${value.cols} array]`;
}

/** A number as Python's print gives it: `3` for an int from a shape, `0.5`, `inf`. */
function pythonNumber(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return String(v);
}
