/**
 * Properties of the transformer block's pieces on random inputs (fast-check): LayerNorm
 * written in the formula language gives every row mean 0 and variance σ²/(σ² + ε); a
 * sublayer whose output weights are zero leaves the stream exactly as it was; causal
 * self-attention never lets a row see a later one; the MLP treats every row on its own.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromFlat, type Matrix } from '../../src/engine/index.ts';
import { FUNCTIONS, type Value } from '../../src/notebook/functions.ts';
import { notebookOf, d, m, s } from './helpers.ts';

const entry = fc.double({ min: -5, max: 5, noNaN: true, noDefaultInfinity: true });
const matrixArb = (rows: number, cols: number): fc.Arbitrary<Matrix> =>
  fc
    .array(entry, { minLength: rows * cols, maxLength: rows * cols })
    .map((v) => fromFlat(rows, cols, v));

const call = (fn: string, ...args: Value[]): Matrix => FUNCTIONS[fn]!.apply(args, []) as Matrix;
const rowsOf = (x: Matrix) => x.toArray();

/** A block's inputs: n tokens of width d, attention of width k, an MLP of width h. */
const blockArb = fc
  .record({
    n: fc.integer({ min: 1, max: 6 }),
    d: fc.integer({ min: 1, max: 5 }),
    k: fc.integer({ min: 1, max: 4 }),
    h: fc.integer({ min: 1, max: 8 }),
  })
  .chain(({ n, d, k, h }) =>
    fc.record({
      x: matrixArb(n, d),
      wq: matrixArb(d, k),
      wk: matrixArb(d, k),
      wv: matrixArb(d, k),
      wo: matrixArb(k, d),
      w1: matrixArb(d, h),
      w2: matrixArb(h, d),
    }),
  );

describe('LayerNorm in the formula language', () => {
  it('gives every row mean 0 and variance σ²/(σ² + ε), a constant row included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((n) =>
          fc.tuple(
            fc.integer({ min: 1, max: 8 }).chain((c) => matrixArb(n, c)),
            fc.constantFrom(1e-5, 0.1, 1),
          ),
        ),
        ([x, eps]) => {
          const nb = notebookOf([
            m('X', x.toArray()),
            s('eps', eps),
            d('N', '(X - meanRows(X)) ./ sqrt(varRows(X) + eps)'),
            d('check', 'concat(meanRows(N), varRows(N), varRows(X))'),
          ]);
          for (const [mean, variance, sigma2] of rowsOf(nb.value('check') as Matrix)) {
            expect(Math.abs(mean!)).toBeLessThan(1e-12);
            expect(variance!).toBeCloseTo(sigma2! / (sigma2! + eps), 10);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('the residual stream', () => {
  it('a sublayer whose output weights are zero adds nothing: the stream passes unchanged', () => {
    fc.assert(
      fc.property(blockArb, ({ x, wq, wk, wv, wo, w1, w2 }) => {
        const zeroWo = fromFlat(wo.rows, wo.cols, new Array(wo.rows * wo.cols).fill(0));
        const zeroW2 = fromFlat(w2.rows, w2.cols, new Array(w2.rows * w2.cols).fill(0));
        const nb = notebookOf([
          m('X', x.toArray()),
          m('Wq', wq.toArray()),
          m('Wk', wk.toArray()),
          m('Wv', wv.toArray()),
          m('Wo', zeroWo.toArray()),
          m('W1', w1.toArray()),
          m('W2', zeroW2.toArray()),
          d('Y', 'X + selfAttention(layerNorm(X), Wq, Wk, Wv, Wo)'),
          d('Out', 'Y + mlp(layerNorm(Y), W1, W2)'),
        ]);
        // Exactly equal (x + 0 may turn −0 into 0, which is the same number).
        const out = nb.value('Out') as Matrix;
        rowsOf(x).forEach((r, i) => r.forEach((v, j) => expect(out.get(i, j) === v).toBe(true)));
      }),
      { numRuns: 60 },
    );
  });

  it('a block adds exactly its two sublayers’ outputs to the stream', () => {
    fc.assert(
      fc.property(blockArb, ({ x, wq, wk, wv, wo, w1, w2 }) => {
        const a = call('selfAttention', call('layerNorm', x), wq, wk, wv, wo);
        const y = call('add', x, a);
        const mlpOut = call('mlp', call('layerNorm', y), w1, w2);
        const out = call('add', y, mlpOut);
        rowsOf(out).forEach((r, i) =>
          r.forEach((v, j) =>
            expect(v).toBeCloseTo(x.get(i, j) + a.get(i, j) + mlpOut.get(i, j), 9),
          ),
        );
      }),
      { numRuns: 60 },
    );
  });
});

describe('causal self-attention', () => {
  it('never lets a row see a later one: changing row t leaves the rows before it unchanged', () => {
    fc.assert(
      fc.property(blockArb, entry, ({ x, wq, wk, wv, wo }, v) => {
        const t = x.rows - 1;
        const edited = fromFlat(
          x.rows,
          x.cols,
          rowsOf(x).flatMap((r, i) => (i === t ? r.map((q) => q + v + 1) : r)),
        );
        const before = rowsOf(call('selfAttention', x, wq, wk, wv, wo));
        const after = rowsOf(call('selfAttention', edited, wq, wk, wv, wo));
        expect(after.slice(0, t)).toEqual(before.slice(0, t));
      }),
      { numRuns: 60 },
    );
  });

  it('lets the first token see only itself: its output is its own value times W_O', () => {
    fc.assert(
      fc.property(blockArb, ({ x, wq, wk, wv, wo }) => {
        const first = call('row', x, 1);
        const own = call('multiply', call('multiply', first, wv), wo);
        const out = call('selfAttention', x, wq, wk, wv, wo);
        own.toArray()[0]!.forEach((v, j) => expect(out.get(0, j)).toBeCloseTo(v, 9));
      }),
      { numRuns: 60 },
    );
  });
});

describe('the MLP', () => {
  it('works on every row on its own: reversing the rows reverses its output', () => {
    fc.assert(
      fc.property(blockArb, ({ x, w1, w2 }) => {
        const reversed = fromFlat(x.rows, x.cols, rowsOf(x).reverse().flat());
        const out = rowsOf(call('mlp', x, w1, w2));
        expect(rowsOf(call('mlp', reversed, w1, w2))).toEqual(out.reverse());
      }),
      { numRuns: 60 },
    );
  });
});
