/**
 * Turning an `Expr` into numbers: `compile` builds a closure once per cell so a
 * recompute is only engine calls; `trace` evaluates bottom-up and keeps every
 * intermediate, for the step-through.
 */
import { callsBottomUp, type Expr } from './expr.ts';
import {
  CONSTANTS,
  EvalError,
  FUNCTIONS,
  SCALAR_FUNCTIONS,
  type Note,
  type Value,
} from './functions.ts';

export type Lookup = (name: string) => Value;
export type Compiled = (lookup: Lookup, notes: Note[]) => Value;

/** Checks names and argument counts, and returns a closure that computes the expression. */
export function compile(expr: Expr, allowed: ReadonlySet<string> | null = null): Compiled {
  switch (expr.kind) {
    case 'number': {
      const v = expr.value;
      return () => v;
    }
    case 'symbol': {
      const constant = CONSTANTS[expr.name];
      if (constant) {
        const v = constant.value;
        return () => v;
      }
      const name = expr.name;
      return (lookup) => lookup(name);
    }
    case 'call': {
      const spec = Object.hasOwn(FUNCTIONS, expr.fn) ? FUNCTIONS[expr.fn] : undefined;
      if (!spec || (allowed && !allowed.has(expr.fn))) {
        throw new EvalError(`unknown function "${expr.fn}"`);
      }
      const n = expr.args.length;
      if (n < spec.minArgs || n > spec.maxArgs) {
        const want =
          spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : `${spec.minArgs} to ${spec.maxArgs}`;
        throw new EvalError(
          `${expr.fn} takes ${want} argument${want === '1' ? '' : 's'}, got ${n}`,
        );
      }
      const args = expr.args.map((a) => compile(a, allowed));
      const apply = spec.apply;
      if (args.length === 1) {
        const [a] = args as [Compiled];
        return (lookup, notes) => apply([a(lookup, notes)], notes);
      }
      if (args.length === 2) {
        const [a, b] = args as [Compiled, Compiled];
        return (lookup, notes) => apply([a(lookup, notes), b(lookup, notes)], notes);
      }
      return (lookup, notes) =>
        apply(
          args.map((f) => f(lookup, notes)),
          notes,
        );
    }
  }
}

export interface Step {
  readonly expr: Expr;
  readonly value: Value;
  readonly notes: Note[];
}

/** Every intermediate of `expr`, children before parents; the last step is the result. */
export function trace(expr: Expr, lookup: Lookup): Step[] {
  const memo = new Map<Expr, Value>();
  const steps: Step[] = [];
  const valueOf = (e: Expr): Value => {
    const known = memo.get(e);
    if (known !== undefined) return known;
    return compile(e)(lookup, []);
  };
  for (const node of callsBottomUp(expr)) {
    const notes: Note[] = [];
    const value = FUNCTIONS[node.fn]!.apply(node.args.map(valueOf), notes);
    memo.set(node, value);
    steps.push({ expr: node, value, notes });
  }
  return steps;
}

/**
 * Evaluates what a reader typed into one matrix entry: a number, or a scalar expression
 * such as `1/sqrt(2)`. Returns a number that is not NaN, or throws with a message.
 */
export function evaluateScalar(expr: Expr): number {
  const v = compile(expr, SCALAR_FUNCTIONS)((name) => {
    throw new EvalError(
      `unknown name "${name}": an entry is a number or an expression like 1/sqrt(2)`,
    );
  }, []);
  if (typeof v !== 'number' || Number.isNaN(v)) throw new EvalError('that does not give a number');
  return v;
}
