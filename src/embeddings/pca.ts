/**
 * Principal component analysis of a few vectors, to draw them in two dimensions.
 *
 * With k words of d numbers each (k small, d = 100), the covariance of their centred
 * rows X (k × d) is d × d, but it has the same non-zero eigenvalues as the k × k Gram
 * matrix G = X Xᵀ, and if G u = λ u then X v with v = Xᵀ u / √λ is the projection on the
 * principal axis v, which equals u √λ. So we diagonalise G (cyclic Jacobi rotations,
 * exact to rounding for a symmetric matrix) and read the coordinates off its
 * eigenvectors.
 *
 * Signs: an eigenvector is defined up to its sign. Each axis is oriented so that the
 * coordinate of largest magnitude is positive (the first such one on a tie), so the
 * picture does not flip between runs or implementations.
 */

export interface Eigen {
  /** Eigenvalues, largest first. */
  readonly values: Float64Array;
  /** Column j (entries j, n + j, 2n + j, ...) is the unit eigenvector of values[j]. */
  readonly vectors: Float64Array;
}

/** Eigen-decomposition of a symmetric n × n matrix (row-major) by cyclic Jacobi rotations. */
export function symmetricEigen(matrix: ArrayLike<number>, n: number): Eigen {
  const a = Float64Array.from({ length: n * n }, (_, i) => matrix[i] ?? 0);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let scale = 0;
  for (let i = 0; i < n * n; i++) scale = Math.max(scale, Math.abs(a[i]!));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off <= (Number.EPSILON * scale) ** 2) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        const app = a[p * n + p]!;
        const aqq = a[q * n + q]!;
        // The rotation angle that zeroes a[p][q] (Golub and Van Loan, 8.5.2).
        const theta = (aqq - app) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (x, y) => a[y * n + y]! - a[x * n + x]! || x - y,
  );
  const values = Float64Array.from(order, (i) => a[i * n + i]!);
  const vectors = new Float64Array(n * n);
  order.forEach((src, j) => {
    for (let k = 0; k < n; k++) vectors[k * n + j] = v[k * n + src]!;
  });
  return { values, vectors };
}

export interface Projection2d {
  /** One [x, y] per input row. */
  readonly points: [number, number][];
  /** Variance along each axis: eigenvalue / (k − 1), as numpy's cov. */
  readonly axisVariance: [number, number];
  /** Share of the total variance the two axes keep, 0..1 (NaN for identical rows). */
  readonly kept: number;
}

/**
 * The first two principal components of `rows` (k rows of `dims` numbers each,
 * row-major). Rows are centred on their mean first; the result has one point per row.
 */
export function pca2(rows: ArrayLike<number>, k: number, dims: number): Projection2d {
  if (rows.length < k * dims) throw new Error(`pca2: need ${k * dims} numbers, got ${rows.length}`);
  const mean = new Float64Array(dims);
  for (let i = 0; i < k; i++) for (let j = 0; j < dims; j++) mean[j]! += rows[i * dims + j]! / k;
  const x = new Float64Array(k * dims);
  for (let i = 0; i < k; i++)
    for (let j = 0; j < dims; j++) x[i * dims + j] = rows[i * dims + j]! - mean[j]!;
  const g = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let l = i; l < k; l++) {
      let s = 0;
      for (let j = 0; j < dims; j++) s += x[i * dims + j]! * x[l * dims + j]!;
      g[i * k + l] = s;
      g[l * k + i] = s;
    }
  }
  const { values, vectors } = symmetricEigen(g, k);
  let total = 0;
  for (let i = 0; i < k; i++) total += g[i * k + i]!;
  const coords: number[][] = [[], []];
  for (let axis = 0; axis < 2; axis++) {
    const lambda = axis < k ? Math.max(0, values[axis]!) : 0;
    const root = Math.sqrt(lambda);
    const col = Array.from({ length: k }, (_, i) => (axis < k ? vectors[i * k + axis]! * root : 0));
    let big = 0;
    for (let i = 1; i < k; i++) if (Math.abs(col[i]!) > Math.abs(col[big]!)) big = i;
    const sign = k > 0 && col[big]! < 0 ? -1 : 1;
    coords[axis] = col.map((c) => (c * sign === 0 ? 0 : c * sign));
  }
  const lam = (axis: number): number => (axis < k ? Math.max(0, values[axis]!) : 0);
  const denom = Math.max(1, k - 1);
  return {
    points: Array.from({ length: k }, (_, i) => [coords[0]![i]!, coords[1]![i]!]),
    axisVariance: [lam(0) / denom, lam(1) / denom],
    kept: total > 0 ? (lam(0) + lam(1)) / total : Number.NaN,
  };
}
