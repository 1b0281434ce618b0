/**
 * The engine against reference values computed independently with numpy by
 * scripts/make_engine_fixtures.py (tests/fixtures/engine.json).
 * Tolerance: |actual - expected| <= 1e-9 * max(1, |expected|); infinities
 * and the flagged line lists must match exactly.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  attention,
  cosineSimilarity,
  cosineSimilarityMatrix,
  fromFlat,
  frobeniusNorm,
  gelu,
  layerNorm,
  matmul,
  matrix,
  multiHeadAttention,
  norm,
  rowNorms,
  softmax,
  softmaxCols,
  softmaxRows,
  topK,
  transpose,
  type LayerNormOptions,
  type MultiHeadAttentionOptions,
} from '../../src/engine/index.ts';
import { close, decode, expectArrayClose, expectMatrixClose } from './helpers.ts';

type M = number[][];
interface Fixtures {
  matmul: {
    name: string;
    a: M;
    b: M;
    aShape: [number, number];
    bShape: [number, number];
    transposeA: boolean;
    transposeB: boolean;
    rows: number;
    cols: number;
    expected: M;
  }[];
  softmax: {
    name: string;
    x: M;
    axis: 'rows' | 'cols';
    temperature: number;
    expected: M;
    emptyLines: number[];
  }[];
  attention: {
    name: string;
    Q: M;
    K: M;
    V: M;
    causal: boolean;
    mask?: boolean[][];
    scale?: number;
    scores: M;
    weights: M;
    output: M;
    fullyMaskedRows: number[];
  }[];
  multiHeadAttention: {
    name: string;
    queries: M;
    keysValues: M;
    heads: number;
    wq: M;
    wk: M;
    wv: M;
    wo: M;
    bq?: number[];
    bk?: number[];
    bv?: number[];
    bo?: number[];
    causal?: boolean;
    mask?: boolean[][];
    expected: {
      heads: { q: M; k: M; v: M; scores: M; weights: M; output: M }[];
      concat: M;
      output: M;
    };
  }[];
  layerNorm: { name: string; x: M; eps?: number; gamma?: number[]; beta?: number[]; expected: M }[];
  cosine: {
    pairs: { a: number[]; b: number[]; expected: number }[];
    matrix: { A: M; B: M; expected: M };
  };
  norms: { x: M; rowNorms: number[]; frobenius: number; vector: number[]; norm: number };
  topK: {
    query: number[];
    items: M;
    k: number;
    metric: 'cosine' | 'dot';
    exclude: number[];
    expected: { index: number; score: number }[];
  }[];
  gelu: { x: number[]; expected: number[] };
}

const fx = decode(
  JSON.parse(readFileSync(new URL('../fixtures/engine.json', import.meta.url), 'utf8')),
) as Fixtures;

/** JSON keeps no column count for a matrix with no rows: rebuild from the stored shape. */
function mat(rows: M, shape: [number, number]) {
  return fromFlat(shape[0], shape[1], rows.flat());
}

describe('matmul matches numpy', () => {
  it.each(fx.matmul.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const a = c.transposeA ? transpose(mat(c.a, c.aShape)) : mat(c.a, c.aShape);
    const b = c.transposeB ? transpose(mat(c.b, c.bShape)) : mat(c.b, c.bShape);
    const r = matmul(a, b);
    expect(r.rows).toBe(c.rows);
    expect(r.cols).toBe(c.cols);
    if (c.rows > 0) expectMatrixClose(r, c.expected, c.name);
  });
});

describe('softmax matches numpy', () => {
  it.each(fx.softmax.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const r = softmax(c.x, { axis: c.axis, temperature: c.temperature });
    expectMatrixClose(r.value, c.expected, 'value');
    expect(r.emptyLines).toEqual(c.emptyLines);
    const only =
      c.axis === 'rows'
        ? softmaxRows(c.x, { temperature: c.temperature })
        : softmaxCols(c.x, { temperature: c.temperature });
    expect(only.toArray()).toEqual(r.value.toArray());
  });
});

describe('attention matches numpy', () => {
  it.each(fx.attention.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const opts: Parameters<typeof attention>[3] = { causal: c.causal };
    if (c.mask) opts.mask = c.mask;
    if (c.scale !== undefined) opts.scale = c.scale;
    const r = attention(c.Q, c.K, c.V, opts);
    expectMatrixClose(r.scores, c.scores, 'scores');
    expectMatrixClose(r.weights, c.weights, 'weights');
    expectMatrixClose(r.output, c.output, 'output');
    expect(r.fullyMaskedRows).toEqual(c.fullyMaskedRows);
  });
});

describe('multi-head attention matches numpy (batched reshape/einsum reference)', () => {
  it.each(fx.multiHeadAttention.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const opts: MultiHeadAttentionOptions = {
      wq: c.wq,
      wk: c.wk,
      wv: c.wv,
      wo: c.wo,
      heads: c.heads,
    };
    if (c.bq) opts.bq = c.bq;
    if (c.bk) opts.bk = c.bk;
    if (c.bv) opts.bv = c.bv;
    if (c.bo) opts.bo = c.bo;
    if (c.causal) opts.causal = true;
    if (c.mask) opts.mask = c.mask;
    const r = multiHeadAttention(c.queries, c.keysValues, opts);
    expect(r.heads).toHaveLength(c.heads);
    r.heads.forEach((h, i) => {
      const e = c.expected.heads[i];
      if (!e) throw new Error('missing head');
      expectMatrixClose(h.q, e.q, `head ${i} q`);
      expectMatrixClose(h.k, e.k, `head ${i} k`);
      expectMatrixClose(h.v, e.v, `head ${i} v`);
      expectMatrixClose(h.scores, e.scores, `head ${i} scores`);
      expectMatrixClose(h.weights, e.weights, `head ${i} weights`);
      expectMatrixClose(h.output, e.output, `head ${i} output`);
    });
    expectMatrixClose(r.concat, c.expected.concat, 'concat');
    expectMatrixClose(r.output, c.expected.output, 'output');
  });
});

describe('layerNorm matches numpy', () => {
  it.each(fx.layerNorm.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const opts: LayerNormOptions = {};
    if (c.eps !== undefined) opts.eps = c.eps;
    if (c.gamma) opts.gamma = c.gamma;
    if (c.beta) opts.beta = c.beta;
    expectMatrixClose(layerNorm(c.x, opts), c.expected, c.name);
  });
});

describe('similarity and norms match numpy', () => {
  it('cosineSimilarity', () => {
    for (const p of fx.cosine.pairs) {
      const got = cosineSimilarity(p.a, p.b);
      expect(
        close(got, p.expected),
        `cos(${p.a.slice(0, 3).join(',')}...) = ${got}, expected ${p.expected}`,
      ).toBe(true);
    }
  });
  it('cosineSimilarityMatrix', () => {
    const { A, B, expected } = fx.cosine.matrix;
    expectMatrixClose(cosineSimilarityMatrix(A, B), expected);
  });
  it('norm, rowNorms, frobeniusNorm', () => {
    expect(close(norm(fx.norms.vector), fx.norms.norm)).toBe(true);
    expectArrayClose(rowNorms(fx.norms.x), fx.norms.rowNorms);
    expect(close(frobeniusNorm(fx.norms.x), fx.norms.frobenius)).toBe(true);
  });
  it('gelu (tanh approximation)', () => {
    expectArrayClose(
      fx.gelu.x.map((v) => gelu(v)),
      fx.gelu.expected,
    );
    expectArrayClose(gelu(matrix([fx.gelu.x])).row(0), fx.gelu.expected);
  });
});

describe('topK matches numpy', () => {
  it.each(
    fx.topK.map(
      (c, i) => [`${i}: k=${c.k} ${c.metric} exclude [${c.exclude.join(',')}]`, c] as const,
    ),
  )('%s', (_n, c) => {
    const r = topK(c.query, c.items, c.k, { metric: c.metric, exclude: c.exclude });
    expect(r.map((x) => x.index)).toEqual(c.expected.map((x) => x.index));
    expectArrayClose(
      r.map((x) => x.score),
      c.expected.map((x) => x.score),
    );
  });
});
