/**
 * hconcat(...ms): matrices side by side (all with the same number of rows).
 *
 *     hconcat(matrix([[1], [2]]), matrix([[3], [4]])) // [[1, 3], [2, 4]]
 *
 * Differing row counts throw a ShapeError:
 * `hconcat: (2x3) | (3x1): row counts 2 and 3 differ`. No argument gives 0x0.
 *
 * See also: vconcat, sliceCols.
 */
import { Matrix, toMatrix, type MatrixLike } from './matrix.ts';
import { ShapeError, fmtShape } from './shape-error.ts';

export function hconcat(...ms: MatrixLike[]): Matrix {
  const mats = ms.map((m) => toMatrix(m));
  if (mats.length === 0) return new Matrix(0, 0, new Float64Array(0));
  const first = mats[0] as Matrix;
  const rows = first.rows;
  let cols = 0;
  for (const m of mats) {
    if (m.rows !== rows) {
      throw new ShapeError(
        'hconcat',
        `${mats.map(fmtShape).join(' | ')}: row counts ${rows} and ${m.rows} differ`,
      );
    }
    cols += m.cols;
  }
  const out = new Float64Array(rows * cols);
  let c0 = 0;
  for (const m of mats) {
    const { data, offset, rowStride, colStride } = m;
    for (let i = 0; i < rows; i++) {
      const ai = offset + i * rowStride;
      const oi = i * cols + c0;
      for (let j = 0; j < m.cols; j++) out[oi + j] = data[ai + j * colStride] as number;
    }
    c0 += m.cols;
  }
  return new Matrix(rows, cols, out);
}
