/**
 * vconcat(...ms): matrices stacked top to bottom (all with the same number of
 * columns).
 *
 *     vconcat(matrix([[1, 2]]), matrix([[3, 4]])) // [[1, 2], [3, 4]]
 *
 * Differing column counts throw a ShapeError:
 * `vconcat: (2x3) / (1x2): column counts 3 and 2 differ`. No argument gives 0x0.
 *
 * See also: hconcat, sliceRows.
 */
import { Matrix, toMatrix, type MatrixLike } from './matrix.ts';
import { ShapeError, fmtShape } from './shape-error.ts';

export function vconcat(...ms: MatrixLike[]): Matrix {
  const mats = ms.map((m) => toMatrix(m));
  if (mats.length === 0) return new Matrix(0, 0, new Float64Array(0));
  const cols = (mats[0] as Matrix).cols;
  let rows = 0;
  for (const m of mats) {
    if (m.cols !== cols) {
      throw new ShapeError(
        'vconcat',
        `${mats.map(fmtShape).join(' / ')}: column counts ${cols} and ${m.cols} differ`,
      );
    }
    rows += m.rows;
  }
  const out = new Float64Array(rows * cols);
  let k = 0;
  for (const m of mats) {
    const { data, offset, rowStride, colStride } = m;
    for (let i = 0; i < m.rows; i++) {
      const ai = offset + i * rowStride;
      for (let j = 0; j < cols; j++) out[k++] = data[ai + j * colStride] as number;
    }
  }
  return new Matrix(rows, cols, out);
}
