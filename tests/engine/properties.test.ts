/**
 * Invariants checked on random inputs with fast-check.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attention,
  fromFlat,
  layerNorm,
  matmul,
  multiHeadAttention,
  softmax,
  softmaxRows,
  sliceCols,
  sliceRows,
  transpose,
  type Matrix,
} from '../../src/engine/index.ts';

const small = fc.double({ min: -10, max: 10, noNaN: true, noDefaultInfinity: true });

function matrixArb(
  rows: number,
  cols: number,
  entry: fc.Arbitrary<number> = small,
): fc.Arbitrary<Matrix> {
  return fc
    .array(entry, { minLength: rows * cols, maxLength: rows * cols })
    .map((d) => fromFlat(rows, cols, d));
}

const dims = fc.record({
  n: fc.integer({ min: 1, max: 7 }),
  m: fc.integer({ min: 1, max: 7 }),
  d: fc.integer({ min: 1, max: 6 }),
});

function rowSum(m: Matrix, i: number): number {
  return m.row(i).reduce((a, b) => a + b, 0);
}

function permuteRows(m: Matrix, perm: number[]): Matrix {
  return fromFlat(
    m.rows,
    m.cols,
    perm.flatMap((p) => m.row(p)),
  );
}

function maxAbsDiff(a: Matrix, b: Matrix): number {
  expect(a.shape).toBe(b.shape);
  let d = 0;
  const x = a.toFlat();
  const y = b.toFlat();
  for (let k = 0; k < x.length; k++) d = Math.max(d, Math.abs((x[k] as number) - (y[k] as number)));
  return d;
}

/** n x c matrix plus a permutation of its rows. */
const tokensAndPerm = fc
  .record({ n: fc.integer({ min: 1, max: 7 }), d: fc.integer({ min: 1, max: 6 }) })
  .chain(({ n, d }) =>
    fc.tuple(
      matrixArb(n, d),
      fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
    ),
  );

describe('softmax', () => {
  it('rows sum to 1 within 1e-12, entries in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc
          .record({ r: fc.integer({ min: 1, max: 6 }), c: fc.integer({ min: 1, max: 9 }) })
          .chain(({ r, c }) =>
            matrixArb(
              r,
              c,
              fc.double({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true }),
            ),
          ),
        fc.constantFrom(1, 0.5, 2, 0, 0.01, 100),
        (x, t) => {
          const w = softmaxRows(x, { temperature: t });
          for (let i = 0; i < w.rows; i++) {
            expect(Math.abs(rowSum(w, i) - 1)).toBeLessThanOrEqual(1e-12);
            for (const v of w.row(i)) expect(v >= 0 && v <= 1).toBe(true);
          }
        },
      ),
    );
  });

  it('huge (+-1e300) and infinite scores give no NaN: each line sums to 1, or is all 0 and flagged', () => {
    const wild = fc.oneof(
      fc.constantFrom(
        1e300,
        -1e300,
        Infinity,
        -Infinity,
        1.7976931348623157e308,
        -1.7976931348623157e308,
        0,
        5e-324,
      ),
      fc.double({ noNaN: true }),
    );
    fc.assert(
      fc.property(
        fc
          .record({ r: fc.integer({ min: 1, max: 5 }), c: fc.integer({ min: 1, max: 6 }) })
          .chain(({ r, c }) => matrixArb(r, c, wild)),
        fc.constantFrom<'rows' | 'cols'>('rows', 'cols'),
        fc.constantFrom(1, 0, 0.001, 1000, Infinity),
        (x, axis, temperature) => {
          const { value, emptyLines } = softmax(x, { axis, temperature });
          const lines = axis === 'rows' ? value.rows : value.cols;
          for (let l = 0; l < lines; l++) {
            const w = axis === 'rows' ? value.row(l) : value.col(l);
            const src = axis === 'rows' ? x.row(l) : x.col(l);
            for (const v of w) expect(Number.isNaN(v)).toBe(false);
            const s = w.reduce((a, b) => a + b, 0);
            if (src.every((v) => v === -Infinity)) {
              expect(emptyLines).toContain(l);
              expect(w.every((v) => v === 0)).toBe(true);
            } else {
              expect(emptyLines).not.toContain(l);
              expect(Math.abs(s - 1)).toBeLessThanOrEqual(1e-12);
            }
          }
        },
      ),
    );
  });

  it('is unchanged by adding a constant to a row (shift invariance)', () => {
    fc.assert(
      fc.property(matrixArb(3, 5), small, (x, c) => {
        const shifted = fromFlat(
          3,
          5,
          Array.from(x.toFlat(), (v) => v + c),
        );
        expect(maxAbsDiff(softmaxRows(x), softmaxRows(shifted))).toBeLessThanOrEqual(1e-12);
      }),
    );
  });
});

describe('attention', () => {
  it('causal weights above the diagonal are exactly 0', () => {
    fc.assert(
      fc.property(
        dims.chain(({ n, m, d }) => fc.tuple(matrixArb(n, d), matrixArb(m, d), matrixArb(m, d))),
        ([Q, K, V]) => {
          const { weights, scores } = attention(Q, K, V, { causal: true });
          for (let i = 0; i < weights.rows; i++) {
            for (let j = i + 1; j < weights.cols; j++) {
              expect(weights.get(i, j)).toBe(0);
              expect(scores.get(i, j)).toBe(-Infinity);
            }
          }
        },
      ),
    );
  });

  it('masked weights are exactly 0; fully masked rows give 0 weights and outputs, and are listed', () => {
    fc.assert(
      fc.property(
        dims.chain(({ n, m, d }) =>
          fc.tuple(
            matrixArb(n, d),
            matrixArb(m, d),
            matrixArb(m, d),
            fc.array(fc.array(fc.boolean(), { minLength: m, maxLength: m }), {
              minLength: n,
              maxLength: n,
            }),
          ),
        ),
        ([Q, K, V, mask]) => {
          const r = attention(Q, K, V, { mask });
          const expectedFull: number[] = [];
          mask.forEach((row, i) => {
            if (row.every(Boolean)) expectedFull.push(i);
            row.forEach((b, j) => {
              if (b) expect(r.weights.get(i, j)).toBe(0);
            });
          });
          expect(r.fullyMaskedRows).toEqual(expectedFull);
          for (const i of expectedFull) {
            expect(r.output.row(i).every((v) => v === 0)).toBe(true);
          }
          for (let i = 0; i < r.output.rows; i++)
            for (const v of r.output.row(i)) expect(Number.isNaN(v)).toBe(false);
        },
      ),
    );
  });

  it('permuting tokens permutes the outputs of unmasked self-attention', () => {
    fc.assert(
      fc.property(tokensAndPerm, ([X, perm]) => {
        const base = attention(X, X, X).output;
        const Xp = permuteRows(X, perm);
        const permuted = attention(Xp, Xp, Xp).output;
        expect(maxAbsDiff(permuted, permuteRows(base, perm))).toBeLessThanOrEqual(1e-9);
      }),
    );
  });

  it('permuting tokens permutes the outputs of unmasked multi-head self-attention', () => {
    const mhaCase = fc
      .record({
        n: fc.integer({ min: 1, max: 6 }),
        heads: fc.integer({ min: 1, max: 3 }),
        dk: fc.integer({ min: 1, max: 3 }),
      })
      .chain(({ n, heads, dk }) => {
        const d = heads * dk;
        const w = matrixArb(d, d, fc.double({ min: -1, max: 1, noNaN: true }));
        const b = fc.array(fc.double({ min: -1, max: 1, noNaN: true }), {
          minLength: d,
          maxLength: d,
        });
        return fc.record({
          X: matrixArb(n, d),
          perm: fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }),
          heads: fc.constant(heads),
          wq: w,
          wk: w,
          wv: w,
          wo: w,
          bq: b,
          bk: b,
          bv: b,
          bo: b,
        });
      });
    fc.assert(
      fc.property(mhaCase, ({ X, perm, ...opts }) => {
        const base = multiHeadAttention(X, X, opts).output;
        const Xp = permuteRows(X, perm);
        const permuted = multiHeadAttention(Xp, Xp, opts).output;
        expect(maxAbsDiff(permuted, permuteRows(base, perm))).toBeLessThanOrEqual(1e-9);
      }),
    );
  });

  it('huge and infinite queries/keys give no NaN in weights', () => {
    fc.assert(
      fc.property(
        dims.chain(({ n, m, d }) =>
          fc.tuple(
            matrixArb(n, d, fc.constantFrom(1e150, -1e150, 1, 0.5)),
            matrixArb(m, d, fc.constantFrom(1e150, -1e150, 2, -1)),
            matrixArb(m, d),
          ),
        ),
        fc.boolean(),
        ([Q, K, V], causal) => {
          const r = attention(Q, K, V, { causal });
          for (let i = 0; i < r.weights.rows; i++)
            for (const v of r.weights.row(i)) expect(Number.isNaN(v)).toBe(false);
        },
      ),
    );
  });
});

describe('matrix algebra', () => {
  it('transpose twice is the identity (values and layout)', () => {
    fc.assert(
      fc.property(
        fc
          .record({ r: fc.integer({ min: 0, max: 6 }), c: fc.integer({ min: 0, max: 6 }) })
          .chain(({ r, c }) => matrixArb(r, c)),
        (x) => {
          const tt = transpose(transpose(x));
          expect(tt.toArray()).toEqual(x.toArray());
          expect([tt.rowStride, tt.colStride, tt.offset, tt.data]).toEqual([
            x.rowStride,
            x.colStride,
            x.offset,
            x.data,
          ]);
          const t = transpose(x);
          for (let i = 0; i < x.rows; i++)
            for (let j = 0; j < x.cols; j++) expect(t.get(j, i)).toBe(x.get(i, j));
        },
      ),
    );
  });

  it('matmul is associative within tolerance', () => {
    const unit = fc.double({ min: -1, max: 1, noNaN: true });
    fc.assert(
      fc.property(
        fc
          .record({
            a: fc.integer({ min: 1, max: 8 }),
            b: fc.integer({ min: 1, max: 8 }),
            c: fc.integer({ min: 1, max: 8 }),
            d: fc.integer({ min: 1, max: 8 }),
          })
          .chain(({ a, b, c, d }) =>
            fc.tuple(matrixArb(a, b, unit), matrixArb(b, c, unit), matrixArb(c, d, unit)),
          ),
        ([A, B, C]) => {
          expect(maxAbsDiff(matmul(matmul(A, B), C), matmul(A, matmul(B, C)))).toBeLessThanOrEqual(
            1e-12,
          );
        },
      ),
    );
  });

  it('matmul agrees with a naive triple loop for every operand layout (views, transposes, slices)', () => {
    const layout = fc.constantFrom('plain', 'transposed', 'sliced');
    function lay(m: Matrix, how: string): Matrix {
      if (how === 'transposed') return transpose(fromFlat(m.cols, m.rows, transpose(m).toFlat()));
      if (how === 'sliced') {
        const big = fromFlat(
          m.rows + 2,
          m.cols + 3,
          new Array((m.rows + 2) * (m.cols + 3)).fill(99),
        );
        // place m inside a bigger matrix, then view it back
        const data = big.toFlat();
        for (let i = 0; i < m.rows; i++)
          for (let j = 0; j < m.cols; j++) data[(i + 1) * (m.cols + 3) + j + 2] = m.get(i, j);
        const holder = fromFlat(m.rows + 2, m.cols + 3, data);
        return sliceCols(sliceRows(holder, 1, m.rows + 1), 2, m.cols + 2);
      }
      return m;
    }
    fc.assert(
      fc.property(
        fc
          .record({
            n: fc.integer({ min: 1, max: 9 }),
            k: fc.integer({ min: 1, max: 9 }),
            p: fc.integer({ min: 1, max: 9 }),
          })
          .chain(({ n, k, p }) => fc.tuple(matrixArb(n, k), matrixArb(k, p))),
        layout,
        layout,
        ([A, B], la, lb) => {
          const expected: number[][] = [];
          for (let i = 0; i < A.rows; i++) {
            const row: number[] = [];
            for (let j = 0; j < B.cols; j++) {
              let s = 0;
              for (let k = 0; k < A.cols; k++) s += A.get(i, k) * B.get(k, j);
              row.push(s);
            }
            expected.push(row);
          }
          const got = matmul(lay(A, la), lay(B, lb)).toArray();
          got.forEach((row, i) =>
            row.forEach((v, j) =>
              expect(Math.abs(v - (expected[i]?.[j] as number))).toBeLessThanOrEqual(1e-12),
            ),
          );
        },
      ),
    );
  });
});

describe('layerNorm', () => {
  it('rows have mean 0 and variance var / (var + eps) (about 1)', () => {
    fc.assert(
      fc.property(
        fc
          .record({ r: fc.integer({ min: 1, max: 5 }), c: fc.integer({ min: 2, max: 9 }) })
          .chain(({ r, c }) => matrixArb(r, c, fc.double({ min: -100, max: 100, noNaN: true }))),
        (x) => {
          const y = layerNorm(x);
          for (let i = 0; i < x.rows; i++) {
            const src = x.row(i);
            const mu = src.reduce((a, b) => a + b, 0) / src.length;
            const v = src.reduce((a, b) => a + (b - mu) ** 2, 0) / src.length;
            const row = y.row(i);
            const mean = row.reduce((a, b) => a + b, 0) / row.length;
            const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / row.length;
            expect(Math.abs(mean)).toBeLessThanOrEqual(1e-9);
            expect(Math.abs(variance - v / (v + 1e-5))).toBeLessThanOrEqual(1e-9);
            if (v > 1e-2) expect(Math.abs(variance - 1)).toBeLessThanOrEqual(1e-3);
          }
        },
      ),
    );
  });
});
