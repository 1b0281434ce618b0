/**
 * "Explain this number": where entry (i, j) of a derived cell comes from, worked out from
 * the cell's expression tree with the live values. The root operation gives the first
 * line ("row 7 of Q · column 5 of K' = …"); an operand that is itself a computation gets
 * a "where …" line of its own, a couple of levels deep. Each function's line is part of its
 * definition (`explain` in functions/); this module walks the tree, records what each line
 * read and queues the "where" lines. Pure: no DOM, so it is tested in Node and the page
 * only places the text and the highlights.
 */
import { exprToString, type Expr } from './expr.ts';
import { compile, type Lookup } from './evaluate.ts';
import { FUNCTIONS } from './functions.ts';
import {
  at,
  entry,
  explainGeneric,
  fmt,
  type Call,
  type ExplainCall,
  type Value,
} from './functions/define.ts';

export { elide, fmt } from './functions/define.ts';

/** A part of an on-page matrix the explanation reads: a row, a column or one entry (0-based). */
export interface Highlight {
  readonly cell: string;
  readonly row?: number;
  readonly col?: number;
}

/**
 * The part of an intermediate result that went into the entry: an operand that is itself
 * a computation (`Q * K'`, `K'`), which a formula worked out in steps shows as a step.
 * `expr` is that node of the expression tree.
 */
export interface StepHighlight {
  readonly expr: Expr;
  readonly row?: number;
  readonly col?: number;
}

export interface Explanation {
  /** The entry's value. */
  readonly value: number;
  /** Sentences, the first about the entry itself, the rest about operands ("where …"). */
  readonly lines: readonly string[];
  /** Parts of input or derived cells that went into the entry. */
  readonly highlights: readonly Highlight[];
  /** Parts of intermediate results that went into the entry. */
  readonly steps: readonly StepHighlight[];
}

export interface ExplainOptions {
  /** How the entry is named in the first line (the cell's name). */
  readonly name?: string;
  /** How a cell is named in the text: the symbol the page shows for it (its name by default). */
  readonly label?: (cell: string) => string;
  /** Sums longer than this are shown with their middle elided. */
  readonly maxTerms?: number;
  /** How many operands deep to explain. */
  readonly depth?: number;
}

const isCall = (e: Expr): e is Call => e.kind === 'call';

/** How an operand is named in text: its cell name, its number, or its formula in brackets. */
function nameOf(e: Expr, label: (cell: string) => string = (cell) => cell): string {
  if (e.kind === 'symbol') return label(e.name);
  if (e.kind === 'number') return fmt(e.value);
  if (e.fn === 'transpose' && e.args[0]?.kind === 'symbol') return `${label(e.args[0].name)}'`;
  // A function call reads as one thing; an operator needs brackets before "[i,j]".
  const text = exprToString(e);
  return text.startsWith(`${e.fn}(`) ? text : `(${text})`;
}

/** Explains entry (i, j) (0-based) of what `expr` computes, reading cells through `lookup`. */
export function explainEntry(
  expr: Expr,
  lookup: Lookup,
  i: number,
  j: number,
  options: ExplainOptions = {},
): Explanation {
  const maxTerms = options.maxTerms ?? 6;
  const maxDepth = options.depth ?? 2;
  const name = (e: Expr): string => nameOf(e, options.label);
  const memo = new Map<Expr, Value>();
  const valueOf = (e: Expr): Value => {
    let v = memo.get(e);
    if (v === undefined) {
      v = compile(e)(lookup, []);
      memo.set(e, v);
    }
    return v;
  };
  const highlights: Highlight[] = [];
  const steps: StepHighlight[] = [];
  const lines: string[] = [];

  /**
   * Marks row r of an operand: in its cell, if it is a cell on the page (or the transpose
   * of one), and as a step, if it is a computation.
   */
  const markRow = (e: Expr, r: number): void => {
    if (isCall(e)) steps.push({ expr: e, row: r });
    if (e.kind === 'symbol') highlights.push({ cell: e.name, row: r });
    else if (isCall(e) && e.fn === 'transpose' && e.args[0]?.kind === 'symbol')
      highlights.push({ cell: e.args[0].name, col: r });
  };
  const markCol = (e: Expr, c: number): void => {
    if (isCall(e)) steps.push({ expr: e, col: c });
    if (e.kind === 'symbol') highlights.push({ cell: e.name, col: c });
    else if (isCall(e) && e.fn === 'transpose' && e.args[0]?.kind === 'symbol')
      highlights.push({ cell: e.args[0].name, row: c });
  };
  const markEntry = (e: Expr, r: number, c: number): void => {
    const v = e.kind === 'number' ? 0 : valueOf(e);
    if (typeof v === 'number') return;
    const rr = v.rows === 1 ? 0 : r;
    const cc = v.cols === 1 ? 0 : c;
    if (isCall(e)) steps.push({ expr: e, row: rr, col: cc });
    if (e.kind === 'symbol') highlights.push({ cell: e.name, row: rr, col: cc });
    else if (isCall(e) && e.fn === 'transpose' && e.args[0]?.kind === 'symbol')
      highlights.push({ cell: e.args[0].name, row: cc, col: rr });
  };
  /** An operand read at one entry: its value in text, and a "where" line later if it is a computation. */
  const later: { e: Expr; i: number; j: number; depth: number }[] = [];
  const operandAt = (e: Expr, r: number, c: number, depth: number): number => {
    const x = entry(valueOf(e), r, c);
    markEntry(e, r, c);
    if (isCall(e) && e.fn !== 'transpose' && typeof valueOf(e) !== 'number' && depth < maxDepth) {
      later.push({ e, i: r, j: c, depth: depth + 1 });
    }
    return x;
  };

  const describe = (e: Expr, r: number, c: number, label: string, depth: number): string => {
    const result = valueOf(e);
    const value = entry(result, r, c);
    const head = `${label}${typeof result === 'number' ? '' : at(r, c)}`;
    if (e.kind === 'number') return `${head} = ${fmt(value)}`;
    if (e.kind === 'symbol') {
      markEntry(e, r, c);
      return `${head} is ${e.name}${at(r, c)} = ${fmt(value)}`;
    }
    const def = Object.hasOwn(FUNCTIONS, e.fn) ? FUNCTIONS[e.fn]! : undefined;
    const x: ExplainCall = {
      e,
      r,
      c,
      head,
      value,
      depth,
      maxDepth,
      maxTerms,
      valueOf,
      name,
      operandAt,
      markRow,
      markCol,
      markEntry,
      later: (ex, i2, j2, d, first = false) => {
        const item = { e: ex, i: i2, j: j2, depth: d };
        if (first) later.unshift(item);
        else later.push(item);
      },
      generic: () => generic(e, r, c, head, value),
    };
    return (def?.explain ?? explainGeneric)(x);
  };

  /** Any other operation: name what it read, with the entries at the same place where there are any. */
  const generic = (e: Call, r: number, c: number, head: string, value: number): string => {
    const parts = e.args.map((arg) => {
      const v = valueOf(arg);
      if (typeof v === 'number') return `${name(arg)} = ${fmt(v)}`;
      if (r < v.rows && c < v.cols) {
        markEntry(arg, r, c);
        return `${name(arg)}${at(r, c)} = ${fmt(v.get(r, c))} (of ${v.rows}×${v.cols})`;
      }
      return `${name(arg)} (${v.rows}×${v.cols})`;
    });
    return `${head} = ${fmt(value)}, computed by ${e.fn} from ${parts.join(', ')}`;
  };

  const value = entry(valueOf(expr), i, j);
  lines.push(describe(expr, i, j, options.name ?? name(expr), 0));
  while (later.length > 0 && lines.length < maxDepth + 1) {
    const next = later.shift()!;
    if (next.depth > maxDepth) continue;
    lines.push(`where ${describe(next.e, next.i, next.j, name(next.e), next.depth)}`);
  }
  return {
    value,
    lines,
    highlights: dedupe(highlights, (h) => h.cell),
    steps: dedupe(steps, (h) => h.expr),
  };
}

/** The highlights without repeats (the same part of the same operand). */
function dedupe<H extends { readonly row?: number; readonly col?: number }>(
  hs: H[],
  of: (h: H) => unknown,
): H[] {
  const seen = new Map<unknown, Set<string>>();
  return hs.filter((h) => {
    const k = `${h.row ?? ''}:${h.col ?? ''}`;
    let places = seen.get(of(h));
    if (!places) seen.set(of(h), (places = new Set()));
    if (places.has(k)) return false;
    places.add(k);
    return true;
  });
}
