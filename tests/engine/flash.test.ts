/**
 * FlashAttention's tiled online softmax against ordinary attention, on random inputs with
 * fast-check: any block sizes (also ones that do not divide n, and ones larger than n),
 * masks with fully masked rows, causal masking with skipped tiles, and -Infinity scores
 * that come from infinite queries. Also the state after each step against its closed form
 * (the max and the sum of the scores seen so far), and the sparse patterns' counts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  attention,
  causalPattern,
  flashAttention,
  flashSchedule,
  flashState,
  fromFlat,
  longformerPattern,
  matrix,
  stridedPattern,
  windowPattern,
  type Matrix,
} from '../../src/engine/index.ts';

const TOL = 1e-12;
const entry = fc.double({ min: -5, max: 5, noNaN: true, noDefaultInfinity: true });

const matrixArb = (rows: number, cols: number, e = entry): fc.Arbitrary<Matrix> =>
  fc
    .array(e, { minLength: rows * cols, maxLength: rows * cols })
    .map((d) => fromFlat(rows, cols, d));

function maxAbsDiff(a: Matrix, b: Matrix): number {
  expect(a.shape).toBe(b.shape);
  let d = 0;
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < a.cols; j++) d = Math.max(d, Math.abs(a.get(i, j) - b.get(i, j)));
  return d;
}

/** Q (n x d), K and V (m keys), block sizes from 1 to a little past n and m, and a mask. */
const problem = fc
  .record({
    n: fc.integer({ min: 1, max: 11 }),
    m: fc.integer({ min: 1, max: 11 }),
    d: fc.integer({ min: 1, max: 4 }),
    dv: fc.integer({ min: 1, max: 3 }),
  })
  .chain(({ n, m, d, dv }) =>
    fc.record({
      Q: matrixArb(n, d),
      K: matrixArb(m, d),
      V: matrixArb(m, dv),
      blockRows: fc.integer({ min: 1, max: n + 2 }),
      blockCols: fc.integer({ min: 1, max: m + 2 }),
      // About a third of the scores blocked, and every score of some rows.
      mask: fc.array(fc.array(fc.boolean(), { minLength: m, maxLength: m }), {
        minLength: n,
        maxLength: n,
      }),
      emptyRows: fc.array(fc.integer({ min: 0, max: n - 1 }), { maxLength: 2 }),
    }),
  );

describe('flashAttention equals softmax(Q Kᵀ / √d) V', () => {
  it('for any block sizes, dividing n or not', () => {
    fc.assert(
      fc.property(problem, ({ Q, K, V, blockRows, blockCols }) => {
        const flash = flashAttention(Q, K, V, { blockRows, blockCols });
        const plain = attention(Q, K, V);
        expect(maxAbsDiff(flash.output, plain.output)).toBeLessThanOrEqual(TOL);
        expect(flash.steps).toBe(Math.ceil(Q.rows / blockRows) * Math.ceil(K.rows / blockCols));
        expect(flash.fullyMaskedRows).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('with masks, including fully masked rows (output 0, listed, never NaN)', () => {
    fc.assert(
      fc.property(problem, ({ Q, K, V, blockRows, blockCols, mask, emptyRows }) => {
        const blocked = mask.map((r, i) => (emptyRows.includes(i) ? r.map(() => true) : r));
        const flash = flashAttention(Q, K, V, { blockRows, blockCols, mask: blocked });
        const plain = attention(Q, K, V, { mask: blocked });
        expect(maxAbsDiff(flash.output, plain.output)).toBeLessThanOrEqual(TOL);
        expect(flash.fullyMaskedRows).toEqual(plain.fullyMaskedRows);
        for (const i of emptyRows) expect(flash.output.row(i).every((x) => x === 0)).toBe(true);
        expect(flash.output.toArray().flat().some(Number.isNaN)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('causal, skipping the tiles above the diagonal', () => {
    fc.assert(
      fc.property(problem, ({ Q, K, V, blockRows, blockCols }) => {
        const flash = flashAttention(Q, K, V, { blockRows, blockCols, causal: true });
        const plain = attention(Q, K, V, { causal: true });
        expect(maxAbsDiff(flash.output, plain.output)).toBeLessThanOrEqual(TOL);
        let above = 0;
        for (let r0 = 0; r0 < Q.rows; r0 += blockRows)
          for (let c0 = 0; c0 < K.rows; c0 += blockCols)
            if (c0 > Math.min(r0 + blockRows, Q.rows) - 1) above++;
        expect(flash.skippedTiles).toBe(above);
      }),
      { numRuns: 200 },
    );
  });

  it('with -Infinity scores from infinite queries (keys positive in that column)', () => {
    const positive = fc.double({ min: 0.1, max: 5, noNaN: true });
    const arb = fc
      .record({
        n: fc.integer({ min: 1, max: 9 }),
        m: fc.integer({ min: 1, max: 9 }),
      })
      .chain(({ n, m }) =>
        fc.record({
          Q: matrixArb(n, 2),
          K: matrixArb(m, 1, positive).map((c) =>
            fromFlat(m, 2, Array.from({ length: m }, (_, i) => [c.get(i, 0), 0.5 * i - 1]).flat()),
          ),
          V: matrixArb(m, 2),
          infinite: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
          blockRows: fc.integer({ min: 1, max: n + 1 }),
          blockCols: fc.integer({ min: 1, max: m + 1 }),
          mask: fc.array(fc.array(fc.boolean(), { minLength: m, maxLength: m }), {
            minLength: n,
            maxLength: n,
          }),
        }),
      );
    fc.assert(
      fc.property(arb, ({ Q, K, V, infinite, blockRows, blockCols, mask }) => {
        // Q[i][0] = -Infinity times a positive key entry: every score of row i is -Infinity.
        const q = fromFlat(
          Q.rows,
          2,
          Q.toArray().flatMap((r, i) => (infinite[i] ? [-Infinity, r[1]!] : r)),
        );
        for (const opts of [{}, { mask }]) {
          const flash = flashAttention(q, K, V, { blockRows, blockCols, ...opts });
          const plain = attention(q, K, V, opts);
          expect(plain.scores.toArray().flat().some(Number.isNaN)).toBe(false);
          expect(maxAbsDiff(flash.output, plain.output)).toBeLessThanOrEqual(TOL);
          expect(flash.fullyMaskedRows).toEqual(plain.fullyMaskedRows);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('gives +Infinity scores the whole weight, shared, as softmax does', () => {
    const Q = matrix([[Infinity], [1]]);
    const K = matrix([[1], [2], [-1], [2]]);
    const V = matrix([[1], [10], [100], [1000]]);
    for (const blockCols of [1, 2, 3, 4]) {
      const flash = flashAttention(Q, K, V, { blockRows: 1, blockCols, scale: 1 });
      const plain = attention(Q, K, V, { scale: 1 });
      // Row 0's scores are ∞, ∞, −∞, ∞: keys 0, 1 and 3 share the weight.
      expect(flash.output.get(0, 0)).toBeCloseTo((1 + 10 + 1000) / 3, 12);
      expect(maxAbsDiff(flash.output, plain.output)).toBeLessThanOrEqual(TOL);
    }
  });
});

describe('flashState, step by step', () => {
  it('after every step holds the max, the sum and the weighted values of the scores seen so far', () => {
    fc.assert(
      fc.property(problem, ({ Q, K, V, blockRows, blockCols }) => {
        const plain = attention(Q, K, V);
        const S = plain.scores;
        const { steps, keyBlocks } = flashSchedule(Q.rows, K.rows, blockRows, blockCols);
        for (let t = 1; t <= steps; t++) {
          const st = flashState(Q, K, V, { blockRows, blockCols }, t);
          expect([st.queryBlock, st.keyBlock]).toEqual([
            Math.floor((t - 1) / keyBlocks),
            (t - 1) % keyBlocks,
          ]);
          const [r0, r1] = st.rows;
          const [c0, c1] = st.cols;
          for (let r = r0; r < r1; r++) {
            const seen = S.row(r).slice(0, c1);
            const earlier = S.row(r).slice(0, c0);
            const m = Math.max(...seen);
            const mBefore = Math.max(...earlier);
            expect(st.max[r - r0]).toBe(m);
            expect(st.maxBefore[r - r0]).toBe(mBefore);
            const l = seen.reduce((a, s) => a + Math.exp(s - m), 0);
            expect(Math.abs(st.sum[r - r0]! - l)).toBeLessThanOrEqual(TOL * l);
            expect(Math.abs(st.rescale[r - r0]! - Math.exp(mBefore - m))).toBeLessThanOrEqual(TOL);
            for (let c = c0; c < c1; c++) expect(st.tile.get(r - r0, c - c0)).toBe(S.get(r, c));
            for (let v = 0; v < V.cols; v++) {
              const o = seen.reduce((a, s, k) => a + Math.exp(s - m) * V.get(k, v), 0);
              expect(Math.abs(st.acc.get(r - r0, v) - o)).toBeLessThanOrEqual(TOL * (1 + l));
              if (st.blockDone)
                expect(
                  Math.abs(st.acc.get(r - r0, v) / st.sum[r - r0]! - plain.output.get(r, v)),
                ).toBeLessThanOrEqual(TOL);
            }
          }
          expect(st.blockDone).toBe(st.keyBlock === keyBlocks - 1);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('rescales the old sum and accumulator by exp(m_old − m_new) when the max grows', () => {
    // Row 0 meets a larger score in its second key block: 1, then 3.
    const Q = matrix([[1]]);
    const K = matrix([[1], [3]]);
    const V = matrix([[10], [20]]);
    const opts = { blockRows: 1, blockCols: 1, scale: 1 };
    const one = flashState(Q, K, V, opts, 1);
    const two = flashState(Q, K, V, opts, 2);
    expect([one.max[0], one.sum[0], one.acc.get(0, 0), one.rescale[0]]).toEqual([1, 1, 10, 0]);
    expect(two.maxBefore[0]).toBe(1);
    expect(two.max[0]).toBe(3);
    expect(two.rescale[0]).toBe(Math.exp(-2));
    expect(two.sum[0]).toBe(Math.exp(-2) * 1 + 1);
    expect(two.acc.get(0, 0)).toBe(Math.exp(-2) * 10 + 20);
  });

  it('clamps the step to 1..steps and refuses bad block sizes', () => {
    const Q = matrix([[1], [2], [3]]);
    const opts = { blockRows: 2, blockCols: 2 };
    expect(flashState(Q, Q, Q, opts, 99).step).toBe(4);
    expect(flashState(Q, Q, Q, opts, 0).step).toBe(1);
    expect(flashState(Q, Q, null, opts, 3).acc.cols).toBe(0);
    expect(() => flashAttention(Q, Q, Q, { blockRows: 0, blockCols: 1 })).toThrow(
      /blockRows must be a whole number >= 1, got 0/,
    );
    expect(() => flashAttention(Q, Q, Q, { blockRows: 1, blockCols: 1.5 })).toThrow(
      /blockCols must be a whole number >= 1, got 1.5/,
    );
    expect(() => flashAttention(Q, matrix([[1, 2]]), Q, opts)).toThrow(
      /query and key widths 1 and 2 differ/,
    );
    expect(() =>
      flashAttention(matrix([[0]]), matrix([[Infinity]]), Q.toArray().slice(0, 1), opts),
    ).toThrow(/score row 0, column 0 is NaN/);
  });
});

describe('sparse patterns', () => {
  it('keep n(n + 1)/2, n·w − w(w − 1)/2 and the strided and global counts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 45 }),
        fc.integer({ min: 0, max: 5 }),
        (n, w, g) => {
          const count = (p: Matrix) =>
            p
              .toArray()
              .flat()
              .filter((x) => x === 1).length;
          expect(count(causalPattern(n))).toBe((n * (n + 1)) / 2);
          const k = Math.min(w, n);
          expect(count(windowPattern(n, w))).toBe(n * k - (k * (k - 1)) / 2);
          let strided = 0;
          let global = 0;
          for (let i = 0; i < n; i++)
            for (let j = 0; j <= i; j++) {
              if (i - j < w || (i - j) % w === 0) strided++;
              if (i - j < w || j < g) global++;
            }
          expect(count(stridedPattern(n, w))).toBe(strided);
          expect(count(longformerPattern(n, w, g))).toBe(global);
          // Nothing above the diagonal: every pattern is causal.
          for (const p of [windowPattern(n, w), stridedPattern(n, w), longformerPattern(n, w, g)])
            for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(p.get(i, j)).toBe(0);
        },
      ),
    );
  });
});
