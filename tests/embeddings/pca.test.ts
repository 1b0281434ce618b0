import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pca2, symmetricEigen } from '../../src/embeddings/pca.ts';
import { fixturePath } from './helpers.ts';

interface Case {
  name: string;
  k: number;
  dims: number;
  rows: number[][];
  points: number[][];
  axisVariance: number[];
  kept: number;
}
const { cases } = JSON.parse(readFileSync(fixturePath('pca.json'), 'utf8')) as { cases: Case[] };

describe('pca2 against numpy (eigh of the d × d covariance)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const p = pca2(Float64Array.from(c.rows.flat()), c.k, c.dims);
      expect(p.points).toHaveLength(c.k);
      p.points.forEach((pt, i) => {
        expect(Math.abs(pt[0] - c.points[i]![0]!), `row ${i} x`).toBeLessThan(1e-9);
        expect(Math.abs(pt[1] - c.points[i]![1]!), `row ${i} y`).toBeLessThan(1e-9);
      });
      expect(Math.abs(p.axisVariance[0] - c.axisVariance[0]!)).toBeLessThan(1e-9);
      expect(Math.abs(p.axisVariance[1] - c.axisVariance[1]!)).toBeLessThan(1e-9);
      expect(Math.abs(p.kept - c.kept)).toBeLessThan(1e-9);
    });
  }
});

describe('symmetricEigen', () => {
  it('diagonalises a symmetric matrix: A v = λ v, orthonormal vectors, largest first', () => {
    const n = 5;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = i; j < n; j++) a[i * n + j] = a[j * n + i] = Math.sin(3 * i + 7 * j + 1);
    const { values, vectors } = symmetricEigen(a, n);
    for (let j = 1; j < n; j++) expect(values[j]).toBeLessThanOrEqual(values[j - 1]!);
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let k = 0; k < n; k++) av += a[i * n + k]! * vectors[k * n + j]!;
        expect(Math.abs(av - values[j]! * vectors[i * n + j]!)).toBeLessThan(1e-12);
      }
      for (let l = 0; l < n; l++) {
        let dot = 0;
        for (let k = 0; k < n; k++) dot += vectors[k * n + j]! * vectors[k * n + l]!;
        expect(Math.abs(dot - (j === l ? 1 : 0))).toBeLessThan(1e-12);
      }
    }
  });
});

describe('pca2 edge cases', () => {
  it('gives the origin for one word, a line for two, and NaN kept for identical rows', () => {
    expect(pca2([1, 2, 3], 1, 3).points).toEqual([[0, 0]]);
    const two = pca2([0, 0, 3, 4], 2, 2);
    // Half the distance (5) on each side of the mean, on the first axis.
    expect(Math.abs(two.points[0]![0])).toBeCloseTo(2.5, 12);
    expect(two.points[0]![0] + two.points[1]![0]).toBeCloseTo(0, 12);
    expect(two.points.map((p) => p[1])).toEqual([0, 0]);
    expect(two.kept).toBeCloseTo(1, 12);
    expect(Number.isNaN(pca2([1, 1, 1, 1], 2, 2).kept)).toBe(true);
  });

  it('keeps distances along the axes: the points are centred and rotate the data', () => {
    const rows = [1, 0, 0, 0, 2, 0, 0, 0, 3, 1, 1, 1];
    const p = pca2(rows, 4, 3);
    const sx = p.points.reduce((s, q) => s + q[0], 0);
    const sy = p.points.reduce((s, q) => s + q[1], 0);
    expect(Math.abs(sx)).toBeLessThan(1e-12);
    expect(Math.abs(sy)).toBeLessThan(1e-12);
  });
});
