/**
 * Error messages: each names the operation and both shapes.
 */
import { describe, expect, it } from 'vitest';
import {
  add,
  applyMask,
  attention,
  cosineSimilarity,
  dot,
  fromFlat,
  hadamard,
  hconcat,
  layerNorm,
  matmul,
  matrix,
  multiHeadAttention,
  paddingMask,
  ShapeError,
  sliceCols,
  sliceRows,
  softmax,
  softmaxRows,
  subtract,
  topK,
  transpose,
  vconcat,
  zeros,
  type Matrix,
} from '../../src/engine/index.ts';

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('ShapeError messages', () => {
  it('matmul names both shapes and the inner sizes', () => {
    const e = thrown(() => matmul(zeros(7, 16) as Matrix, zeros(8, 4)));
    expect(e).toBeInstanceOf(ShapeError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('ShapeError');
    expect((e as ShapeError).operation).toBe('matmul');
    expect(e.message).toBe('matmul: (7x16) * (8x4): inner sizes 16 and 8 differ');
  });

  it('add and subtract', () => {
    expect(thrown(() => add(zeros(2, 3), zeros(3, 2))).message).toMatch(
      /^add: \(2x3\) \+ \(3x2\): shapes differ/,
    );
    expect(thrown(() => subtract(zeros(2, 3), zeros(3, 2))).message).toMatch(
      /^subtract: \(2x3\) - \(3x2\): shapes differ/,
    );
    expect(thrown(() => add(zeros(2, 3), [1, 2])).message).toMatch(
      /^add: \(2x3\) \+ \(1x2\): shapes differ/,
    );
    expect(thrown(() => add(zeros(2, 3), [1, 2]))).toBeInstanceOf(ShapeError);
  });

  it('hadamard does not broadcast', () => {
    expect(thrown(() => hadamard(zeros(2, 3), zeros(1, 3))).message).toBe(
      'hadamard: (2x3) .* (1x3): shapes differ',
    );
  });

  it('concatenation', () => {
    expect(thrown(() => hconcat(zeros(2, 3), zeros(3, 1))).message).toBe(
      'hconcat: (2x3) | (3x1): row counts 2 and 3 differ',
    );
    expect(thrown(() => vconcat(zeros(2, 3), zeros(1, 2))).message).toBe(
      'vconcat: (2x3) / (1x2): column counts 3 and 2 differ',
    );
  });

  it('construction', () => {
    expect(
      thrown(() =>
        matrix([
          [1, 2, 3],
          [4, 5],
        ]),
      ).message,
    ).toBe('matrix: row 1 has 2 entries, row 0 has 3');
    expect(
      thrown(() =>
        matrix([
          [1, 2, 3],
          [4, 5],
        ]),
      ),
    ).toBeInstanceOf(ShapeError);
    expect(thrown(() => fromFlat(2, 3, [1, 2, 3, 4, 5])).message).toBe(
      'fromFlat: (2x3) needs 6 values, got 5',
    );
    expect(thrown(() => zeros(-1, 2))).toBeInstanceOf(RangeError);
    expect(thrown(() => zeros(1.5, 2))).toBeInstanceOf(RangeError);
  });

  it('masks and attention', () => {
    expect(thrown(() => applyMask(zeros(2, 3), paddingMask(3, 3, 1))).message).toBe(
      'applyMask: scores (2x3), mask (3x3): shapes differ',
    );
    expect(thrown(() => attention(zeros(2, 4), zeros(3, 5), zeros(3, 5))).message).toBe(
      'attention: Q (2x4), K (3x5): query and key widths 4 and 5 differ',
    );
    expect(thrown(() => attention(zeros(2, 4), zeros(3, 4), zeros(2, 4))).message).toBe(
      'attention: K (3x4), V (2x4): key and value counts 3 and 2 differ',
    );
    expect(
      thrown(() => attention(zeros(2, 4), zeros(3, 4), zeros(3, 4), { mask: paddingMask(3, 3, 1) }))
        .message,
    ).toBe('attention: scores (2x3), mask (3x3): shapes differ');
    expect(thrown(() => attention([[NaN]], [[1]], [[1]])).message).toBe(
      'attention: scores row 0 contains NaN',
    );
  });

  it('multi-head attention', () => {
    const w = zeros(6, 6);
    const opts = { wq: w, wk: w, wv: w, wo: w, heads: 4 };
    expect(thrown(() => multiHeadAttention(zeros(2, 6), zeros(2, 6), opts)).message).toBe(
      'multiHeadAttention: d_model 6 is not divisible by 4 heads',
    );
    expect(
      thrown(() => multiHeadAttention(zeros(2, 5), zeros(2, 6), { ...opts, heads: 2 })).message,
    ).toBe('multiHeadAttention: queries (2x5) * wq (6x6): inner sizes 5 and 6 differ');
    expect(
      thrown(() => multiHeadAttention(zeros(2, 6), zeros(2, 6), { ...opts, heads: 2, bq: [1, 2] }))
        .message,
    ).toBe('multiHeadAttention: bq has 2 entries, wq (6x6) has 6 columns');
    expect(
      thrown(() => multiHeadAttention(zeros(2, 6), zeros(2, 6), { ...opts, heads: 0 })),
    ).toBeInstanceOf(RangeError);
  });

  it('vectors, layer norm, topK', () => {
    expect(thrown(() => dot([1, 2, 3], [1, 2, 3, 4])).message).toBe(
      'dot: (3) . (4): lengths differ',
    );
    expect(thrown(() => cosineSimilarity([1, 2, 3], [1, 2, 3, 4])).message).toBe(
      'cosineSimilarity: (3) . (4): lengths differ',
    );
    expect(thrown(() => layerNorm(zeros(2, 4), { gamma: [1, 2, 3] })).message).toBe(
      'layerNorm: (2x4) with gamma of length 3: lengths 4 and 3 differ',
    );
    expect(thrown(() => topK([1, 2, 3], zeros(10, 4), 2)).message).toBe(
      'topK: query (3), items (10x4): lengths 3 and 4 differ',
    );
    expect(thrown(() => topK([1, 2, 3, 4], zeros(10, 4), -1))).toBeInstanceOf(RangeError);
  });
});

describe('numeric errors', () => {
  it('softmax names the line that holds NaN (0-based)', () => {
    const x = [
      [1, 2],
      [3, 4],
      [5, NaN],
    ];
    expect(thrown(() => softmax(x, { axis: 'rows' })).message).toBe('softmax: row 2 contains NaN');
    expect(thrown(() => softmax(x, { axis: 'cols' })).message).toBe(
      'softmax: column 1 contains NaN',
    );
    expect(thrown(() => softmaxRows([[NaN, 1]])).message).toBe('softmax: row 0 contains NaN');
  });

  it('temperature must be >= 0 and not NaN', () => {
    for (const t of [-1, NaN, -Infinity]) {
      const e = thrown(() => softmaxRows([[1, 2]], { temperature: t }));
      expect(e).toBeInstanceOf(RangeError);
      expect(e.message).toMatch(/^softmax: temperature must be a number >= 0/);
    }
  });

  it('slices out of range and element access out of range are RangeErrors', () => {
    expect(thrown(() => sliceRows(zeros(3, 2), 2, 4))).toBeInstanceOf(RangeError);
    expect(thrown(() => sliceCols(zeros(3, 2), -1, 1))).toBeInstanceOf(RangeError);
    expect(thrown(() => zeros(2, 2).get(2, 0))).toBeInstanceOf(RangeError);
    expect(thrown(() => transpose(zeros(2, 3)).get(0, 2))).toBeInstanceOf(RangeError);
  });
});
