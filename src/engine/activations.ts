/**
 * Entrywise functions for a number or a matrix (the matrix version maps every
 * entry, via map):
 *
 *     relu(x) = max(0, x)
 *     gelu(x) = 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))
 *               the tanh approximation (GPT-2, BERT; PyTorch's
 *               gelu(approximate='tanh')), not the exact erf form
 *     exp(x), sqrt(x)   (sqrt of a negative entry is NaN, as Math.sqrt)
 *
 *     relu(matrix([[-1, 2]])) // [[0, 2]]
 *     gelu(1)                 // 0.8411919906082768
 *
 * See also: map, softmax.
 */
import type { Matrix } from './matrix.ts';
import { type MatrixLike } from './matrix.ts';
import { map } from './map.ts';

const GELU_C = Math.sqrt(2 / Math.PI);

function reluScalar(x: number): number {
  return x > 0 ? x : x === x ? 0 : x;
}

function geluScalar(x: number): number {
  if (x === Infinity) return Infinity;
  if (x === -Infinity) return 0;
  return 0.5 * x * (1 + Math.tanh(GELU_C * (x + 0.044715 * x * x * x)));
}

function lift(f: (x: number) => number) {
  function g(x: number): number;
  function g<R extends number, C extends number>(x: Matrix<R, C>): Matrix<R, C>;
  function g(x: MatrixLike): Matrix;
  function g(x: number | MatrixLike): number | Matrix {
    return typeof x === 'number' ? f(x) : map(x, (v) => f(v));
  }
  return g;
}

/** max(0, x), entrywise (NaN stays NaN). */
export const relu = lift(reluScalar);
/** GELU, tanh approximation, entrywise. */
export const gelu = lift(geluScalar);
/** e^x, entrywise. */
export const exp = lift(Math.exp);
/** Square root, entrywise. */
export const sqrt = lift(Math.sqrt);
