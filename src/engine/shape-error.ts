/**
 * ShapeError: thrown by every engine operation whose operands have shapes that
 * do not fit together. The message names the operation and both shapes, e.g.
 *
 *     matmul: (7x16) * (8x4): inner sizes 16 and 8 differ
 *     add: (2x3) + (3x2): shapes differ
 *
 * The checks run always, also when TypeScript already knows the shapes.
 *
 * See also: Matrix.shape, matmul, add.
 */
export class ShapeError extends Error {
  /** The operation that refused its operands, e.g. `"matmul"`. */
  readonly operation: string;

  constructor(operation: string, detail: string) {
    super(`${operation}: ${detail}`);
    this.name = 'ShapeError';
    this.operation = operation;
  }
}

/** `(RxC)`, the way shapes appear in error messages. */
export function fmtShape(m: { readonly rows: number; readonly cols: number }): string {
  return `(${m.rows}x${m.cols})`;
}
