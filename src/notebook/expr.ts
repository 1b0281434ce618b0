/**
 * The expression tree the notebook computes with: a small, JSON-safe form of what the
 * restricted parser reads. Chapters ship it pre-parsed, so a page can recompute without
 * loading the parser at all.
 *
 * Operators become calls by name (`Q * K'` is multiply(Q, transpose(K))), so every
 * node is one of three kinds and every consumer (evaluation, TeX, step-through) has a
 * single place per operation to look.
 */
export type Expr =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'symbol'; readonly name: string }
  | { readonly kind: 'call'; readonly fn: string; readonly args: readonly Expr[] };

export const num = (value: number): Expr => ({ kind: 'number', value });
export const sym = (name: string): Expr => ({ kind: 'symbol', name });
export const call = (fn: string, ...args: Expr[]): Expr => ({ kind: 'call', fn, args });

/** The names an expression reads, in order of first appearance (function names excluded). */
export function symbolsOf(expr: Expr): string[] {
  const seen = new Set<string>();
  const walk = (e: Expr): void => {
    if (e.kind === 'symbol') seen.add(e.name);
    else if (e.kind === 'call') e.args.forEach(walk);
  };
  walk(expr);
  return [...seen];
}

/** Every call node, children before parents: the order the step-through shows them in. */
export function callsBottomUp(expr: Expr): Extract<Expr, { kind: 'call' }>[] {
  const out: Extract<Expr, { kind: 'call' }>[] = [];
  const walk = (e: Expr): void => {
    if (e.kind !== 'call') return;
    e.args.forEach(walk);
    out.push(e);
  };
  walk(expr);
  return out;
}

/** Plain-text form of an expression, in the syntax the parser reads back. */
export function exprToString(expr: Expr): string {
  const prec: Record<string, number> = {
    add: 1,
    subtract: 1,
    multiply: 2,
    divide: 2,
    dotMultiply: 2,
    unaryMinus: 3,
    unaryPlus: 3,
    pow: 4,
    transpose: 5,
  };
  const ops: Record<string, string> = {
    add: ' + ',
    subtract: ' - ',
    multiply: ' * ',
    divide: ' / ',
    dotMultiply: ' .* ',
    pow: '^',
  };
  const go = (e: Expr, parent: number): string => {
    if (e.kind === 'number')
      return e.value < 0 && parent > 0 ? `(${fmtNumber(e.value)})` : fmtNumber(e.value);
    if (e.kind === 'symbol') return e.name;
    const p = prec[e.fn];
    let s: string;
    if (p === undefined) s = `${e.fn}(${e.args.map((a) => go(a, 0)).join(', ')})`;
    else if (e.fn === 'transpose') s = `${go(e.args[0]!, p)}'`;
    else if (e.fn === 'unaryMinus') s = `-${go(e.args[0]!, p)}`;
    else if (e.fn === 'unaryPlus') s = `+${go(e.args[0]!, p)}`;
    else s = `${go(e.args[0]!, p)}${ops[e.fn]}${go(e.args[1]!, p + 0.5)}`;
    return p !== undefined && p < parent ? `(${s})` : s;
  };
  return go(expr, 0);
}

function fmtNumber(v: number): string {
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return String(v);
}
