/**
 * Which label sets name the rows and columns of an expression's result, read off the
 * tree: `Q * K'` has the rows of Q and the rows of K as its columns. A derived cell
 * whose author gave no labels gets these, and so does each step of a step-through.
 */
import type { Expr } from './expr.ts';

export interface Axes {
  readonly rows: string | undefined;
  readonly cols: string | undefined;
}

const NONE: Axes = { rows: undefined, cols: undefined };
/** Functions whose result has the shape, and so the labels, of their first argument. */
const SAME_AS_FIRST = new Set([
  'add',
  'subtract',
  'divide',
  'dotMultiply',
  'dotDivide',
  'cumsum',
  'unaryMinus',
  'unaryPlus',
  'softmax',
  'softmaxCols',
  'softmaxNaive',
  'window',
  'causal',
  'causalT',
  'mask',
  'layerNorm',
  'normalize',
  'relu',
  'gelu',
  'sqrt',
  'exp',
  'log',
  'abs',
]);

export function axesOf(expr: Expr, cellAxes: (name: string) => Axes): Axes {
  if (expr.kind === 'number') return NONE;
  if (expr.kind === 'symbol') return cellAxes(expr.name);
  const args = expr.args.map((a) => axesOf(a, cellAxes));
  switch (expr.fn) {
    case 'transpose':
      return { rows: args[0]?.cols, cols: args[0]?.rows };
    case 'multiply': {
      // A number times a matrix keeps the matrix's labels.
      const [a, b] = expr.args;
      if (a?.kind === 'number') return args[1] ?? NONE;
      if (b?.kind === 'number') return args[0] ?? NONE;
      return { rows: args[0]?.rows, cols: args[1]?.cols };
    }
    case 'attention':
      return { rows: args[0]?.rows, cols: args[2]?.cols };
    case 'concat':
      return { rows: args[0]?.rows, cols: undefined };
    case 'stack':
      return { rows: undefined, cols: args[0]?.cols };
    default:
      if (SAME_AS_FIRST.has(expr.fn)) {
        const first = args[0] ?? NONE;
        // `2 - X` takes its labels from the matrix side.
        return first.rows === undefined && first.cols === undefined ? (args[1] ?? NONE) : first;
      }
      return NONE;
  }
}
