/**
 * "Explain this number": where entry (i, j) of a derived cell comes from, worked out from
 * the cell's expression tree with the live values. The root operation gives the first
 * line ("row 7 of Q · column 5 of K' = …"); an operand that is itself a computation gets
 * a "where …" line of its own, a couple of levels deep. Pure: no DOM, so it is tested in
 * Node and the page only places the text and the highlights.
 */
import type { Matrix } from '../engine/index.ts';
import { exprToString, type Expr } from './expr.ts';
import { compile, type Lookup } from './evaluate.ts';
import type { Value } from './functions.ts';

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

type Call = Extract<Expr, { kind: 'call' }>;

/** A number for reading: four significant digits, a real minus sign, ±∞. */
export function fmt(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  if (Object.is(x, -0)) return '0';
  return String(Number(x.toPrecision(4))).replace(/^-/, '−');
}

/** In a product or a sum, a negative number is bracketed: 2·(−0.5). */
const fmtTerm = (x: number): string => (x < 0 || Object.is(x, -0) ? `(${fmt(x)})` : fmt(x));

/** `a + b + c + … + y + z`: the first three and the last two terms when there are more. */
export function elide(terms: readonly string[], max = 6, sep = ' + '): string {
  if (terms.length <= max) return terms.join(sep);
  return [...terms.slice(0, 3), '…', ...terms.slice(-2)].join(sep);
}

const OPERATORS = new Set([
  'add',
  'subtract',
  'multiply',
  'divide',
  'dotMultiply',
  'pow',
  'unaryMinus',
  'unaryPlus',
  'transpose',
]);

const isCall = (e: Expr): e is Call => e.kind === 'call';

/** How an operand is named in text: its cell name, its number, or its formula in brackets. */
function nameOf(e: Expr, label: (cell: string) => string = (cell) => cell): string {
  if (e.kind === 'symbol') return label(e.name);
  if (e.kind === 'number') return fmt(e.value);
  if (e.fn === 'transpose' && e.args[0]?.kind === 'symbol') return `${label(e.args[0].name)}'`;
  // A function call reads as one thing; an operator needs brackets before "[i,j]".
  return OPERATORS.has(e.fn) ? `(${exprToString(e)})` : exprToString(e);
}

/** An entry of a value, with a 1×n row (or n×1 column, or a number) repeated as add does. */
function entry(v: Value, i: number, j: number): number {
  if (typeof v === 'number') return v;
  return v.get(v.rows === 1 ? 0 : i, v.cols === 1 ? 0 : j);
}

const at = (i: number, j: number): string => `[${i + 1},${j + 1}]`;

const ELEMENTWISE: Record<string, string> = {
  relu: 'relu',
  gelu: 'gelu',
  sqrt: 'sqrt',
  exp: 'exp',
  log: 'log',
  abs: 'abs',
};

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
    const [a, b] = e.args as [Expr, Expr | undefined];
    const va = a === undefined ? undefined : valueOf(a);
    const vb = b === undefined ? undefined : valueOf(b);
    switch (e.fn) {
      case 'multiply':
      case 'dotMultiply': {
        if (e.fn === 'multiply' && typeof va !== 'number' && typeof vb !== 'number' && va && vb) {
          const terms: string[] = [];
          for (let k = 0; k < va.cols; k++)
            terms.push(`${fmtTerm(va.get(r, k))}·${fmtTerm(vb.get(k, c))}`);
          markRow(a, r);
          markCol(b!, c);
          return `${head} = row ${r + 1} of ${name(a)} · column ${c + 1} of ${name(b!)} = ${elide(terms, maxTerms)} = ${fmt(value)}`;
        }
        const x = operandAt(a, r, c, depth);
        const y = operandAt(b!, r, c, depth);
        return `${head} = ${name(a)}${typeof va === 'number' ? '' : at(r, c)} × ${name(b!)}${typeof vb === 'number' ? '' : at(r, c)} = ${fmtTerm(x)} × ${fmtTerm(y)} = ${fmt(value)}`;
      }
      case 'add':
      case 'subtract':
      case 'divide':
      case 'pow': {
        const sign = { add: '+', subtract: '−', divide: '/', pow: '^' }[e.fn];
        const x = operandAt(a, r, c, depth);
        const y = operandAt(b!, r, c, depth);
        const where = (v: Value | undefined, ex: Expr): string => {
          if (typeof v === 'number' || v === undefined) return name(ex);
          const rr = v.rows === 1 ? 0 : r;
          const cc = v.cols === 1 ? 0 : c;
          const note =
            v.rows === 1 && typeof result !== 'number' && (result as Matrix).rows > 1
              ? ' (its one row, added to every row)'
              : '';
          return `${name(ex)}${at(rr, cc)}${note}`;
        };
        return `${head} = ${where(va, a)} ${sign} ${where(vb, b!)} = ${fmtTerm(x)} ${sign} ${fmtTerm(y)} = ${fmt(value)}`;
      }
      case 'unaryMinus':
      case 'unaryPlus': {
        const x = operandAt(a, r, c, depth);
        return `${head} = ${e.fn === 'unaryMinus' ? '−' : '+'}${name(a)}${typeof va === 'number' ? '' : at(r, c)} = ${e.fn === 'unaryMinus' ? '−' : '+'}${fmtTerm(x)} = ${fmt(value)}`;
      }
      case 'transpose': {
        markEntry(e, r, c);
        if (isCall(a)) later.push({ e: a, i: c, j: r, depth: depth + 1 });
        return `${head} = ${name(a)}${at(c, r)} = ${fmt(value)}: the transpose swaps rows and columns`;
      }
      case 'softmax':
      case 'softmaxCols':
        return softmaxLine(e, r, c, head, depth);
      case 'causal':
      case 'causalT':
      case 'mask': {
        const x = operandAt(a, r, c, depth);
        let masked: boolean;
        let why: string;
        if (e.fn === 'mask') {
          const m = entry(vb!, r, c);
          markEntry(b!, r, c);
          masked = m !== 0;
          why = masked
            ? `${name(b!)}${at(r, c)} = ${fmt(m)} is not 0`
            : `${name(b!)}${at(r, c)} is 0`;
        } else if (e.fn === 'causal') {
          masked = c > r;
          why = masked
            ? `key ${c + 1} comes after query ${r + 1}`
            : `key ${c + 1} does not come after query ${r + 1}`;
        } else {
          masked = r > c;
          why = masked
            ? `key ${r + 1} comes after query ${c + 1} (queries are columns here)`
            : `key ${r + 1} does not come after query ${c + 1} (queries are columns here)`;
        }
        return masked
          ? `${head} = −∞ because ${why}: the mask hides it (the score was ${fmt(x)})`
          : `${head} = ${name(a)}${at(r, c)} = ${fmt(value)}, kept because ${why}`;
      }
      case 'layerNorm': {
        const m = va as Matrix;
        let mean = 0;
        for (let k = 0; k < m.cols; k++) mean += m.get(r, k);
        mean /= m.cols;
        let v = 0;
        for (let k = 0; k < m.cols; k++) v += (m.get(r, k) - mean) ** 2;
        v /= m.cols;
        markRow(a, r);
        const x = m.get(r, c);
        return `${head} = (x − mean) / sqrt(variance + 0.00001) over row ${r + 1} of ${name(a)} = (${fmt(x)} − ${fmtTerm(mean)}) / sqrt(${fmt(v)} + 0.00001) = ${fmt(value)}`;
      }
      case 'attention': {
        const [q, k, vv] = e.args as [Expr, Expr, Expr];
        const Q = valueOf(q) as Matrix;
        const K = valueOf(k) as Matrix;
        const V = valueOf(vv) as Matrix;
        const root = Math.sqrt(K.cols);
        const s: number[] = [];
        for (let t = 0; t < K.rows; t++) {
          let d = 0;
          for (let u = 0; u < Q.cols; u++) d += Q.get(r, u) * K.get(t, u);
          s.push(root === 0 ? d : d / root);
        }
        const max = Math.max(...s);
        const ex = s.map((x) => Math.exp(x - max));
        const sum = ex.reduce((p, q2) => p + q2, 0);
        const terms = ex.map((x, t) => `${fmtTerm(x / sum)}·${fmtTerm(V.get(t, c))}`);
        markRow(q, r);
        markCol(vv, c);
        return `${head} = row ${r + 1} of softmax(${name(q)} ${name(k)}' / sqrt(${K.cols})) · column ${c + 1} of ${name(vv)} = ${elide(terms, maxTerms)} = ${fmt(value)}`;
      }
      case 'concat':
      case 'stack': {
        let offset = 0;
        for (const arg of e.args) {
          const v = valueOf(arg) as Matrix;
          const size = e.fn === 'concat' ? v.cols : v.rows;
          const p = e.fn === 'concat' ? c : r;
          if (p < offset + size) {
            const rr = e.fn === 'concat' ? r : r - offset;
            const cc = e.fn === 'concat' ? c - offset : c;
            const x = operandAt(arg, rr, cc, depth);
            return `${head} = ${name(arg)}${at(rr, cc)} = ${fmt(x)}: ${e.fn === 'concat' ? 'the matrices side by side' : 'the matrices one above the other'}`;
          }
          offset += size;
        }
        return `${head} = ${fmt(value)}`;
      }
      case 'rows':
      case 'cols': {
        const m = va as Matrix;
        return `${head} = ${e.fn}(${name(a)}) = ${fmt(value)}: ${name(a)} is ${m.rows}×${m.cols}`;
      }
      default: {
        if (Object.hasOwn(ELEMENTWISE, e.fn) && a) {
          const x = operandAt(a, r, c, depth);
          return `${head} = ${ELEMENTWISE[e.fn]}(${name(a)}${typeof va === 'number' ? '' : at(r, c)}) = ${ELEMENTWISE[e.fn]}(${fmt(x)}) = ${fmt(value)}`;
        }
        return generic(e, r, c, head, value);
      }
    }
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

  const softmaxLine = (e: Call, r: number, c: number, head: string, depth: number): string => {
    const [a, t] = e.args as [Expr, Expr | undefined];
    const x = valueOf(a) as Matrix;
    const T = t === undefined ? 1 : (valueOf(t) as number);
    const byRow = e.fn === 'softmax';
    const line: number[] = [];
    const len = byRow ? x.cols : x.rows;
    for (let k = 0; k < len; k++) line.push(byRow ? x.get(r, k) : x.get(k, c));
    const own = byRow ? c : r;
    const which = byRow ? `row ${r + 1}` : `column ${c + 1}`;
    const value = entry(valueOf(e), r, c);
    const s = a.kind === 'call' ? exprToString(a) : name(a);
    if (byRow) markRow(a, r);
    else markCol(a, c);
    const sub = byRow ? ['ij', 'i', 'ik'] : ['ij', 'j', 'kj'];
    const over = T === 1 ? '' : ' / T';
    const formula =
      `e^((s_${sub[0]} − max_${sub[1]})${over}) / Σ_k e^((s_${sub[2]} − max_${sub[1]})${over})`.replace(
        /\(\(([^()]*)\)\)/g,
        '($1)',
      );
    const intro = `${head} = ${formula}, with s = ${s}${T === 1 ? '' : `, T = ${fmt(T)}`}`;
    const max = Math.max(...line);
    if (max === -Infinity)
      return `${head} = 0: every entry of ${which} of ${s} is −∞ (masked), so its weights are all set to 0`;
    if (T === 0 || max === Infinity) {
      const why =
        T === 0 ? 'T = 0 turns softmax into an argmax' : 'an entry of ∞ takes all the weight';
      return `${head} = ${fmt(value)}: ${why}; the largest entries of ${which} of ${s} (${fmt(max)}) share the weight equally`;
    }
    if (line[own] === -Infinity) later.unshift({ e: a, i: r, j: c, depth: depth + 1 });
    else if (isCall(a) && depth < maxDepth) later.push({ e: a, i: r, j: c, depth: depth + 1 });
    const term = (v: number): string =>
      v === -Infinity
        ? 'e^(−∞)'
        : `e^(${T === 1 ? `${fmt(v)} − ${fmtTerm(max)}` : `(${fmt(v)} − ${fmtTerm(max)}) / ${fmt(T)}`})`;
    const num = Math.exp((line[own]! - max) / T);
    let sum = 0;
    for (const v of line) sum += Math.exp((v - max) / T);
    return `${intro}: ${term(line[own]!)} / (${elide(line.map(term), maxTerms)}) = ${fmt(num)} / ${fmt(sum)} = ${fmt(value)}${line[own] === -Infinity ? ' (a masked score gets weight 0)' : ''}`;
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
