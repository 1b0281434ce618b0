/**
 * Internal: the entrywise binary kernel behind add, subtract and hadamard.
 * Operand b may have a's shape, be a 1xC row (or a plain array of C numbers)
 * repeated over a's rows, or a number. Not part of the public API.
 */
import { Matrix, toMatrix, type MatrixLike } from './matrix.ts';
import { ShapeError, fmtShape } from './shape-error.ts';

/** What add / subtract accept as their second operand. */
export type Operand = MatrixLike | readonly number[] | number;

export function isRowVector(x: unknown): x is readonly number[] {
  return Array.isArray(x) && (x.length === 0 || typeof x[0] === 'number');
}

export function binary(
  op: string,
  symbol: string,
  aIn: MatrixLike,
  bIn: Operand,
  f: (x: number, y: number) => number,
  allowBroadcast = true,
): Matrix {
  const a = toMatrix(aIn);
  const { rows, cols } = a;
  const out = new Float64Array(rows * cols);
  const ad = a.data;
  const aOff = a.offset;
  const aRs = a.rowStride;
  const aCs = a.colStride;
  if (typeof bIn === 'number') {
    for (let i = 0; i < rows; i++) {
      const ai = aOff + i * aRs;
      for (let j = 0; j < cols; j++) out[i * cols + j] = f(ad[ai + j * aCs] as number, bIn);
    }
    return new Matrix(rows, cols, out);
  }
  const b = isRowVector(bIn) ? new Matrix(1, bIn.length, Float64Array.from(bIn)) : toMatrix(bIn);
  const sameShape = b.rows === rows && b.cols === cols;
  const rowBroadcast = allowBroadcast && b.rows === 1 && b.cols === cols;
  if (!sameShape && !rowBroadcast) {
    const detail = allowBroadcast
      ? `shapes differ (the right operand may also be a 1x${cols} row or a number)`
      : 'shapes differ';
    throw new ShapeError(op, `${fmtShape(a)} ${symbol} ${fmtShape(b)}: ${detail}`);
  }
  const bd = b.data;
  const bOff = b.offset;
  const bRs = sameShape ? b.rowStride : 0;
  const bCs = b.colStride;
  for (let i = 0; i < rows; i++) {
    const ai = aOff + i * aRs;
    const bi = bOff + i * bRs;
    for (let j = 0; j < cols; j++)
      out[i * cols + j] = f(ad[ai + j * aCs] as number, bd[bi + j * bCs] as number);
  }
  return new Matrix(rows, cols, out);
}
