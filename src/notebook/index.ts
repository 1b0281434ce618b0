/** The notebook runtime: cells, their dependency graph and recomputation. No DOM, no parser. */
export { Notebook, type CellState, type NotebookOptions } from './notebook.ts';
export * from './definition.ts';
export { type Expr, symbolsOf, callsBottomUp, exprToString } from './expr.ts';
export { compile, trace, evaluateScalar, type Step } from './evaluate.ts';
export { FUNCTIONS, CONSTANTS, EvalError, type Value, type Note } from './functions.ts';
export { toTex, symbolTex, numberTex } from './tex.ts';
