import { expect } from 'vitest';
import { isMatrix, type Matrix } from '../../src/engine/index.ts';

/** Fixture tolerance: |actual - expected| <= TOL * max(1, |expected|) (absolute near 0, relative above 1). */
export const TOL = 1e-9;

/** Undo the fixture encoding: "inf", "-inf", "nan" strings back to numbers, recursively. */
export function decode(x: unknown): unknown {
  if (x === 'inf') return Infinity;
  if (x === '-inf') return -Infinity;
  if (x === 'nan') return NaN;
  if (Array.isArray(x)) return x.map(decode);
  if (x !== null && typeof x === 'object') {
    return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, decode(v)]));
  }
  return x;
}

export function close(actual: number, expected: number, tol = TOL): boolean {
  if (Number.isNaN(expected)) return Number.isNaN(actual);
  if (!Number.isFinite(expected)) return actual === expected;
  return Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected));
}

/** Asserts shape and every entry within tolerance, naming the first bad entry. */
export function expectMatrixClose(
  actual: Matrix | number[][],
  expected: number[][],
  label = '',
  tol = TOL,
): void {
  const a = isMatrix(actual) ? actual.toArray() : actual;
  const er = expected.length;
  const ec = er === 0 ? 0 : (expected[0] as number[]).length;
  if (isMatrix(actual)) {
    expect(`${actual.rows}x${actual.cols}`, `${label} shape`).toBe(`${er}x${ec}`);
  } else {
    expect(a.length, `${label} rows`).toBe(er);
  }
  for (let i = 0; i < er; i++) {
    for (let j = 0; j < ec; j++) {
      const x = (a[i] as number[])[j] as number;
      const y = (expected[i] as number[])[j] as number;
      if (!close(x, y, tol)) {
        expect.fail(
          `${label} entry (${i}, ${j}): got ${x}, expected ${y} (tolerance ${tol} abs/rel)`,
        );
      }
    }
  }
}

export function expectArrayClose(
  actual: ArrayLike<number>,
  expected: readonly number[],
  label = '',
  tol = TOL,
): void {
  expect(actual.length, `${label} length`).toBe(expected.length);
  for (let k = 0; k < expected.length; k++) {
    const x = actual[k] as number;
    const y = expected[k] as number;
    if (!close(x, y, tol))
      expect.fail(`${label} entry ${k}: got ${x}, expected ${y} (tolerance ${tol} abs/rel)`);
  }
}
