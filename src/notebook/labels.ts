/**
 * Which label sets name the rows and columns of an expression's result, read off the
 * tree by each function's label rule: `Q * K'` has the rows of Q and the rows of K as its
 * columns. A derived cell whose author gave no labels gets these, and so does each step
 * of a step-through.
 */
import type { Expr } from './expr.ts';
import { FUNCTIONS } from './functions.ts';
import { NO_AXES, type Axes } from './functions/define.ts';

export type { Axes };

export function axesOf(expr: Expr, cellAxes: (name: string) => Axes): Axes {
  if (expr.kind === 'number') return NO_AXES;
  if (expr.kind === 'symbol') return cellAxes(expr.name);
  const args = expr.args.map((a) => axesOf(a, cellAxes));
  const rule = Object.hasOwn(FUNCTIONS, expr.fn) ? FUNCTIONS[expr.fn]!.labels : 'none';
  if (rule === 'none') return NO_AXES;
  if (rule === 'first') {
    const first = args[0] ?? NO_AXES;
    // `2 - X` takes its labels from the matrix side.
    return first.rows === undefined && first.cols === undefined ? (args[1] ?? NO_AXES) : first;
  }
  return rule(args, expr.args);
}
