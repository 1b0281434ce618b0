/**
 * Behaviour of individual operations: construction, views, broadcasting,
 * masks, and the numerical edge cases of softmax and attention.
 */
import { describe, expect, it } from 'vitest';
import {
  add,
  applyMask,
  attention,
  causalMask,
  cosineSimilarity,
  crossAttention,
  dot,
  exp,
  fromFlat,
  full,
  hadamard,
  hconcat,
  identity,
  isMatrix,
  layerNorm,
  map,
  matmul,
  matrix,
  multiHeadAttention,
  norm,
  paddingMask,
  relu,
  scale,
  sliceCols,
  sliceRows,
  softmax,
  softmaxCols,
  softmaxRows,
  sqrt,
  subtract,
  toMatrix,
  topK,
  transpose,
  vconcat,
  zeros,
  Matrix,
} from '../../src/engine/index.ts';

describe('Matrix', () => {
  it('constructs from rows, flat data, and shape helpers', () => {
    const m = matrix([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(m.rows).toBe(2);
    expect(m.cols).toBe(3);
    expect(m.shape).toBe('2x3');
    expect(m.dims).toEqual([2, 3]);
    expect(m.get(1, 2)).toBe(6);
    expect(m.row(1)).toEqual([4, 5, 6]);
    expect(m.col(0)).toEqual([1, 4]);
    expect(fromFlat(2, 3, [1, 2, 3, 4, 5, 6]).toArray()).toEqual(m.toArray());
    expect(zeros(2, 2).toArray()).toEqual([
      [0, 0],
      [0, 0],
    ]);
    expect(full(1, 3, 7).toArray()).toEqual([[7, 7, 7]]);
    expect(identity(3).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(isMatrix(m)).toBe(true);
    expect(isMatrix([[1]])).toBe(false);
    expect(JSON.stringify(m)).toBe('[[1,2,3],[4,5,6]]');
  });

  it('allows empty shapes: matrix([]) is 0x0, matrix([[]]) is 1x0', () => {
    expect(matrix([]).shape).toBe('0x0');
    expect(matrix([[]]).shape).toBe('1x0');
    expect(matmul(zeros(2, 0), zeros(0, 3)).toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });

  it('copies its input: later edits to the source do not leak in', () => {
    const rows = [[1, 2]];
    const flat = new Float64Array([1, 2]);
    const a = matrix(rows);
    const b = fromFlat(1, 2, flat);
    (rows[0] as number[])[0] = 9;
    flat[0] = 9;
    expect(a.get(0, 0)).toBe(1);
    expect(b.get(0, 0)).toBe(1);
  });

  it('transpose is a view; contiguous() compacts it', () => {
    const m = matrix([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const t = transpose(m);
    expect(t.data).toBe(m.data);
    expect(t.isContiguous).toBe(false);
    expect(t.toArray()).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    const c = t.contiguous();
    expect(c.isContiguous).toBe(true);
    expect(c.data).not.toBe(m.data);
    expect(Array.from(c.data)).toEqual([1, 4, 2, 5, 3, 6]);
    expect(m.contiguous()).toBe(m);
    expect(Array.from(t.toFlat())).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('slices are views', () => {
    const m = matrix([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    const r = sliceRows(m, 1, 3);
    const c = sliceCols(m, 1);
    expect(r.toArray()).toEqual([
      [4, 5, 6],
      [7, 8, 9],
    ]);
    expect(c.toArray()).toEqual([
      [2, 3],
      [5, 6],
      [8, 9],
    ]);
    expect(r.data).toBe(m.data);
    expect(sliceCols(transpose(m), 0, 1).toArray()).toEqual([[1], [2], [3]]);
    expect(sliceRows(m, 1, 1).shape).toBe('0x3');
  });

  it('toMatrix passes matrices through and converts rows', () => {
    const m = zeros(1, 1);
    expect(toMatrix(m)).toBe(m);
    expect(toMatrix([[1, 2]]).shape).toBe('1x2');
  });
});

describe('elementwise operations', () => {
  const a = matrix([
    [1, 2],
    [3, 4],
  ]);
  it('add broadcasts a row or a number, and accepts a number first', () => {
    expect(add(a, a).toArray()).toEqual([
      [2, 4],
      [6, 8],
    ]);
    expect(add(a, [10, 20]).toArray()).toEqual([
      [11, 22],
      [13, 24],
    ]);
    expect(add(a, matrix([[10, 20]])).toArray()).toEqual([
      [11, 22],
      [13, 24],
    ]);
    expect(add(a, 1).toArray()).toEqual([
      [2, 3],
      [4, 5],
    ]);
    expect(add(1, a).toArray()).toEqual([
      [2, 3],
      [4, 5],
    ]);
  });
  it('subtract, both orders with a number', () => {
    expect(subtract(a, [1, 1]).toArray()).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(subtract(a, 1).toArray()).toEqual([
      [0, 1],
      [2, 3],
    ]);
    expect(subtract(10, a).toArray()).toEqual([
      [9, 8],
      [7, 6],
    ]);
  });
  it('scale, map, hadamard, relu, exp, sqrt', () => {
    expect(scale(a, -2).toArray()).toEqual([
      [-2, -4],
      [-6, -8],
    ]);
    expect(map(a, (v, i, j) => v * 10 + i + j).toArray()).toEqual([
      [10, 21],
      [31, 42],
    ]);
    expect(hadamard(a, a).toArray()).toEqual([
      [1, 4],
      [9, 16],
    ]);
    expect(relu(matrix([[-1, 0, 2]])).toArray()).toEqual([[0, 0, 2]]);
    expect(relu(-3)).toBe(0);
    expect(exp(0)).toBe(1);
    expect(exp(matrix([[0]])).toArray()).toEqual([[1]]);
    expect(sqrt(matrix([[4, 9]])).toArray()).toEqual([[2, 3]]);
  });
  it('operations work on transposed views', () => {
    const t = transpose(a);
    expect(add(t, t).toArray()).toEqual([
      [2, 6],
      [4, 8],
    ]);
    expect(matmul(t, a).toArray()).toEqual([
      [10, 14],
      [14, 20],
    ]);
    expect(matmul(a, t).toArray()).toEqual([
      [5, 11],
      [11, 25],
    ]);
    expect(matmul(t, t).toArray()).toEqual([
      [7, 15],
      [10, 22],
    ]);
  });
  it('hconcat and vconcat', () => {
    expect(hconcat(a, [[5], [6]]).toArray()).toEqual([
      [1, 2, 5],
      [3, 4, 6],
    ]);
    expect(vconcat(a, [[5, 6]]).toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(hconcat().shape).toBe('0x0');
  });
  it('matmul keeps IEEE semantics (0 * Infinity is NaN)', () => {
    expect(Number.isNaN(matmul([[0]], [[Infinity]]).get(0, 0))).toBe(true);
  });
});

describe('softmax edge cases', () => {
  it('is stable for huge scores', () => {
    expect(softmaxRows([[1e300, 0, -1e300]]).toArray()).toEqual([[1, 0, 0]]);
    expect(softmaxRows([[1000, 1000]]).toArray()).toEqual([[0.5, 0.5]]);
  });
  it('flags a fully masked row and gives it zeros', () => {
    const r = softmax(
      [
        [-Infinity, -Infinity],
        [0, -Infinity],
      ],
      { axis: 'rows' },
    );
    expect(r.value.toArray()).toEqual([
      [0, 0],
      [1, 0],
    ]);
    expect(r.emptyLines).toEqual([0]);
  });
  it('splits the mass among +Infinity entries', () => {
    expect(softmaxRows([[Infinity, 5, Infinity, -Infinity]]).toArray()).toEqual([[0.5, 0, 0.5, 0]]);
  });
  it('temperature 0 is argmax with ties shared; Infinity is uniform', () => {
    expect(softmaxRows([[1, 3, 3, 2]], { temperature: 0 }).toArray()).toEqual([[0, 0.5, 0.5, 0]]);
    expect(softmaxRows([[1, 3, -Infinity, 2]], { temperature: Infinity }).toArray()).toEqual([
      [1 / 3, 1 / 3, 0, 1 / 3],
    ]);
  });
  it('a higher temperature flattens, a lower one sharpens', () => {
    const x = [[0, 1]];
    const w1 = softmaxRows(x).get(0, 1);
    expect(softmaxRows(x, { temperature: 2 }).get(0, 1)).toBeLessThan(w1);
    expect(softmaxRows(x, { temperature: 0.5 }).get(0, 1)).toBeGreaterThan(w1);
  });
  it('softmaxCols is softmaxRows of the transpose, transposed', () => {
    const x = matrix([
      [1, 2, 3],
      [0, -1, 5],
    ]);
    expect(softmaxCols(x).toArray()).toEqual(transpose(softmaxRows(transpose(x))).toArray());
    expect(softmax(x, { axis: 'cols' }).value.toArray()).toEqual(softmaxCols(x).toArray());
  });
});

describe('masks and attention', () => {
  it('causalMask blocks later keys; paddingMask blocks keys past the valid ones', () => {
    expect(causalMask(3)).toEqual([
      [false, true, true],
      [false, false, true],
      [false, false, false],
    ]);
    expect(causalMask(2, 3)).toEqual([
      [false, true, true],
      [false, false, true],
    ]);
    expect(paddingMask(2, 3, 2)).toEqual([
      [false, false, true],
      [false, false, true],
    ]);
  });
  it('applyMask writes -Infinity where blocked (boolean or Matrix mask)', () => {
    const s = matrix([
      [1, 2],
      [3, 4],
    ]);
    expect(applyMask(s, causalMask(2)).toArray()).toEqual([
      [1, -Infinity],
      [3, 4],
    ]);
    expect(
      applyMask(
        s,
        matrix([
          [0, 0],
          [1, 0],
        ]),
      ).toArray(),
    ).toEqual([
      [1, 2],
      [-Infinity, 4],
    ]);
    expect(s.toArray()).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
  it('computes the textbook example and returns the masked scores softmax saw', () => {
    const r = attention(
      [[1, 0]],
      [
        [1, 0],
        [0, 1],
      ],
      [
        [10, 0],
        [0, 10],
      ],
      { scale: 1 },
    );
    const e = Math.E / (Math.E + 1);
    expect(r.scores.toArray()).toEqual([[1, 0]]);
    expect(r.weights.get(0, 0)).toBeCloseTo(e, 15);
    expect(r.output.get(0, 0)).toBeCloseTo(10 * e, 13);
  });
  it('combines causal and mask with OR; a fully masked row outputs zeros', () => {
    const X = [
      [1, 2],
      [3, 4],
      [5, 6],
    ];
    const mask = [
      [true, false, false],
      [false, false, false],
      [false, false, false],
    ];
    const r = attention(X, X, X, { causal: true, mask });
    expect(r.fullyMaskedRows).toEqual([0]);
    expect(r.weights.row(0)).toEqual([0, 0, 0]);
    expect(r.output.row(0)).toEqual([0, 0]);
    expect(r.scores.row(1)[2]).toBe(-Infinity);
    expect(r.weights.row(1).reduce((a, b) => a + b)).toBeCloseTo(1, 14);
  });
  it('with one head and identity projections, multi-head attention is attention', () => {
    const X = [
      [1, 0.5, -1],
      [0, 2, 1],
      [0.3, -0.2, 0.1],
    ];
    const I = identity(3);
    const mha = multiHeadAttention(X, X, { wq: I, wk: I, wv: I, wo: I, heads: 1, causal: true });
    const plain = attention(X, X, X, { causal: true });
    expect(mha.output.toArray()).toEqual(plain.output.toArray());
    expect(mha.heads[0]?.weights.toArray()).toEqual(plain.weights.toArray());
    expect(crossAttention).toBe(multiHeadAttention);
  });
  it('cross-attention: n queries, m keys', () => {
    const w = identity(4);
    const r = crossAttention(zeros(2, 4), full(5, 4, 1), { wq: w, wk: w, wv: w, wo: w, heads: 2 });
    expect(r.output.shape).toBe('2x4');
    expect(r.heads[1]?.weights.shape).toBe('2x5');
    expect(r.concat.toArray()).toEqual([
      [1, 1, 1, 1],
      [1, 1, 1, 1],
    ]);
  });
});

describe('vectors', () => {
  it('dot, norm, cosineSimilarity (0 for a zero vector)', () => {
    expect(dot([1, 2, 3], [4, 5, 6])).toBe(32);
    expect(norm([3, 4])).toBe(5);
    expect(norm([3e200, 4e200])).toBeCloseTo(5e200, -186);
    expect(cosineSimilarity([1, 0], [0, 1])).toBe(0);
    expect(cosineSimilarity([0, 0], [1, 1])).toBe(0);
    expect(cosineSimilarity([2, 2], [1, 1])).toBe(1);
    expect(cosineSimilarity([1e300, 1e300], [-1e300, -1e300])).toBe(-1);
  });
  it('topK: best first, ties by lower index, exclude, k past the end', () => {
    const items = [
      [1, 0],
      [0, 1],
      [2, 0],
      [1, 1],
    ];
    expect(topK([1, 0], items, 2)).toEqual([
      { index: 0, score: 1 },
      { index: 2, score: 1 },
    ]);
    expect(topK([1, 0], items, 2, { exclude: [0] }).map((x) => x.index)).toEqual([2, 3]);
    expect(topK([1, 0], items, 10, { metric: 'dot' }).map((x) => x.index)).toEqual([2, 0, 3, 1]);
    expect(topK([1, 0], items, 0)).toEqual([]);
  });
  it('layerNorm of a constant row is 0 (eps keeps it finite)', () => {
    expect(layerNorm([[2, 2, 2]]).toArray()).toEqual([[0, 0, 0]]);
    expect(layerNorm([[1, 3]], { gamma: [2, 2], beta: [1, 1], eps: 0 }).toArray()).toEqual([
      [-1, 3],
    ]);
  });
});

it('Matrix is exported as a class', () => {
  expect(new Matrix(1, 2, new Float64Array([1, 2])).toArray()).toEqual([[1, 2]]);
});

it('a number first with a plain row vector second', () => {
  expect(add(1, [1, 2]).toArray()).toEqual([[2, 3]]);
  expect(subtract(1, [1, 2]).toArray()).toEqual([[0, -1]]);
});
