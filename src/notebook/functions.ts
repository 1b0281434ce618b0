/**
 * The functions and operators a cell expression may use. Each is defined once, whole, in
 * `functions/` (one file per group; see `FunctionDef`); this module is what the rest of
 * the notebook imports. The table is the whole language: a name not in it is an
 * "unknown function" error.
 */
export { FUNCTIONS } from './functions/index.ts';
export { EvalError, type FunctionDef, type Note, type Value } from './functions/define.ts';
export { seededNormal } from './functions/scaling.ts';

/** Names that stand for numbers in any expression. */
export const CONSTANTS: Readonly<Record<string, { value: number; tex: string }>> = {
  Infinity: { value: Infinity, tex: '\\infty' },
  pi: { value: Math.PI, tex: '\\pi' },
  e: { value: Math.E, tex: 'e' },
};

/** Functions allowed in a single matrix entry (a reader's `1/sqrt(2)`). */
export const SCALAR_FUNCTIONS = new Set([
  'add',
  'subtract',
  'multiply',
  'divide',
  'pow',
  'unaryMinus',
  'unaryPlus',
  'sqrt',
  'exp',
  'log',
  'abs',
]);
