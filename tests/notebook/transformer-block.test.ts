/**
 * The transformer block's functions (meanRows, selfAttention, mlp) and the column broadcast
 * of + and −, against the independent numpy reference of scripts/make_chapter_fixtures.py
 * run on the same cells; their explanations; and the claims the chapter's prose makes about
 * its own numbers, checked on the chapter's notebook.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { chapterSchema } from '../../src/content/schema.ts';
import { prepareChapter } from '../../src/content/chapter-notebook.ts';
import type { CellDef } from '../../src/notebook/definition.ts';
import { explainEntry } from '../../src/notebook/explain.ts';
import { Notebook } from '../../src/notebook/notebook.ts';
import { prepare } from '../../src/notebook/prepare.ts';
import { matrix, type Matrix } from '../../src/engine/index.ts';
import { d, m, notebookOf, s } from './helpers.ts';

const ROOT = join(import.meta.dirname, '../..');

/** The reference's values for these cells: the fixture script's own evaluator, run by python3. */
function numpyValues(cells: CellDef[]): Record<string, unknown> {
  const code = `
import json, sys
sys.path.insert(0, ${JSON.stringify(join(ROOT, 'scripts'))})
import make_chapter_fixtures as f
print(json.dumps(f.chapter_values({"cells": json.load(sys.stdin)})))
`;
  const out = execFileSync(process.env['NUMPY_PYTHON'] ?? 'python3', ['-c', code], {
    input: JSON.stringify(cells),
    encoding: 'utf8',
  });
  return JSON.parse(out) as Record<string, unknown>;
}

const X = [
  [0.0, 0.9, 0.0, 0.0],
  [0.1, 1.0, -0.3, 0.2],
  [1.0, 0.1, 0.0, -2.5],
  [3.0, -1.0, 0.5, 0.6],
  [0.25, 0.0, 7.0, 1.0],
];
const cells: CellDef[] = [
  m('X', X),
  m('g', [[1, 0.5, -2, 1]]),
  m('b', [[0.1, 0, 0, -0.3]]),
  m('Wq', [
    [1, 0],
    [0, 2],
    [0.5, -1],
    [0, 0.3],
  ]),
  m('Wk', [
    [0, 1],
    [1.5, 0],
    [-0.2, 0.4],
    [1, 1],
  ]),
  m('Wv', [
    [1, 0, 0.5],
    [0, 1, 0],
    [0.2, 0.2, 0.2],
    [-1, 0, 1],
  ]),
  m('Wo', [
    [1, 0, 0, 0.5],
    [0, -1, 0.3, 0],
    [0.7, 0, 0, 1],
  ]),
  m('W1', [
    [0.5, -1, 0.2, 0, 1, 0.3, -0.4, 0.1],
    [0, 0.6, -0.7, 1, 0, 0.2, 0.9, -1],
    [1, 0, 0.3, -0.5, 0.1, 0, 0, 0.4],
    [-0.3, 0.2, 0, 0.8, -1.2, 1, 0.5, 0],
  ]),
  m('b1', [[0.1, -0.2, 0, 0.3, -1, 0.5, 0, 0.2]]),
  m('W2', [
    [0.2, 0, -0.1, 0.4],
    [0, 0.5, 0.3, 0],
    [-0.6, 0.1, 0, 0.2],
    [0.3, -0.3, 0.2, 0],
    [0, 0, 1, -0.5],
    [0.1, 0.7, 0, 0],
    [-0.2, 0, 0.4, 0.1],
    [0.5, 0.2, -0.3, 0],
  ]),
  m('b2', [[0, 0.1, -0.1, 0.2]]),
  s('eps', 1e-5),
  d('mu', 'meanRows(X)'),
  d('centred', 'X - meanRows(X)'),
  d('flipped', 'meanRows(X) - X + (meanRows(X) + X)'),
  d('N', '(X - mu) ./ sqrt(varRows(X) + eps)'),
  d('H', 'N .* g + b'),
  d('viaEngine', 'layerNorm(X) .* g + b'),
  d('A', 'selfAttention(X, Wq, Wk, Wv, Wo)'),
  d('Mlp3', 'mlp(X, W1, W2)'),
  d('Mlp5', 'mlp(X, W1, b1, W2, b2)'),
  d('byHand', 'gelu(X * W1 + b1) * W2 + b2'),
  d('Y', 'X + selfAttention(layerNorm(X), Wq, Wk, Wv, Wo)'),
  d('Out', 'Y + mlp(layerNorm(Y), W1, W2)'),
];

const close = (got: number, want: number) =>
  Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want));

function expectMatrix(got: Matrix, want: number[][], what: string): void {
  expect([got.rows, got.cols], `${what} shape`).toEqual([want.length, want[0]!.length]);
  got
    .toArray()
    .forEach((r, i) =>
      r.forEach((x, j) =>
        expect(close(x, want[i]![j]!), `${what}[${i}][${j}]: ${x} vs ${want[i]![j]}`).toBe(true),
      ),
    );
}

describe('the block functions against the numpy reference', () => {
  const nb = notebookOf(cells);
  const reference = numpyValues(cells);

  it.each(cells.filter((c) => c.kind === 'derived').map((c) => c.name))('%s', (name) => {
    expectMatrix(nb.value(name) as Matrix, reference[name] as number[][], name);
  });

  it('meanRows is a column of row means; − and + repeat it across every column', () => {
    const mu = nb.value('mu') as Matrix;
    expect([mu.rows, mu.cols]).toEqual([5, 1]);
    expect(mu.get(3, 0)).toBeCloseTo((3 - 1 + 0.5 + 0.6) / 4, 15);
    expect((nb.value('centred') as Matrix).get(4, 2)).toBeCloseTo(7 - (0.25 + 7 + 1) / 4, 15);
    // (mu − X) + (mu + X) = 2 mu in every column.
    const flipped = nb.value('flipped') as Matrix;
    for (let j = 0; j < 4; j++) expect(flipped.get(1, j)).toBeCloseTo(2 * mu.get(1, 0), 14);
  });

  it('LayerNorm written out step by step is the engine’s layerNorm, gain and bias included', () => {
    const a = nb.value('H') as Matrix;
    const b = nb.value('viaEngine') as Matrix;
    a.toArray().forEach((r, i) => r.forEach((x, j) => expect(x).toBeCloseTo(b.get(i, j), 13)));
  });

  it('the 5-argument mlp is GELU(X W1 + b1) W2 + b2 written out', () => {
    const a = nb.value('Mlp5') as Matrix;
    const b = nb.value('byHand') as Matrix;
    a.toArray().forEach((r, i) => r.forEach((x, j) => expect(x).toBe(b.get(i, j))));
  });

  it('names its result’s rows after X and its columns after the last weight', () => {
    const named = cells.map((c) =>
      c.name === 'X'
        ? { ...c, rowLabels: 'tokens' }
        : c.name === 'W2' || c.name === 'Wo'
          ? { ...c, colLabels: 'f' }
          : c,
    );
    const labelled = new Notebook(
      prepare({
        id: 'labels',
        labels: { tokens: ['a', 'b', 'c', 'd', 'e'], f: ['f1', 'f2', 'f3', 'f4'] },
        cells: named,
      }),
      { schedule: () => {} },
    );
    const tokens = ['a', 'b', 'c', 'd', 'e'];
    const f = ['f1', 'f2', 'f3', 'f4'];
    expect(labelled.labelsOf(labelled.expression('A')!)).toEqual({ rows: tokens, cols: f });
    expect(labelled.labelsOf(labelled.expression('Mlp5')!)).toEqual({ rows: tokens, cols: f });
    expect(labelled.labelsOf(labelled.expression('mu')!)).toEqual({
      rows: tokens,
      cols: undefined,
    });
  });
});

describe('bad input gives a message, never a crash', () => {
  it.each([
    ['mlp(X, W1, b1, W2)', /mlp: give mlp\(X, W_1, W_2\), or mlp\(X, W_1, b_1, W_2, b_2\)/],
    ['selfAttention(X, Wq, Wk, Wv, Wq)', /matmul: \(5x3\) \* \(4x2\): inner sizes 3 and 4 differ/],
    ['X - meanRows(Wq)', /subtract: \(5x4\) - \(4x1\): shapes differ/],
    ['meanRows(2)', /meanRows: its argument must be a matrix/],
  ])('a formula %s fails, naming the cell and the reason', (expr, message) => {
    expect(() => notebookOf([...cells, d('bad', expr)])).toThrow(message);
  });

  it('an infinite entry typed into X is an error with a message, or numbers, never a throw', () => {
    const nb = notebookOf(cells);
    nb.setEntry('X', 1, 1, Infinity);
    expect(() => nb.flush()).not.toThrow();
    for (const cell of ['A', 'Mlp3', 'Out']) {
      const state = nb.state(cell);
      if (state.status === 'error') expect(state.error).toMatch(/\S/);
      else expect(state.value).toBeDefined();
    }
    // The earlier rows of causal attention never see row 2.
    const a = nb.state('A');
    if (a.status === 'ok') expect(Number.isFinite((a.value as Matrix).get(0, 0))).toBe(true);
  });
});

describe('explain this number', () => {
  const nb = notebookOf(cells);
  const explain = (cell: string, i: number, j: number) =>
    explainEntry(nb.expression(cell)!, (n) => nb.value(n), i, j, { name: cell });

  it('meanRows: the row’s entries over their count', () => {
    const e = explain('mu', 3, 0);
    expect(e.lines[0]).toBe(
      'mu[4,1] = the mean of row 4 of X = (3 + (−1) + 0.5 + 0.6) / 4 = 0.775',
    );
    expect(e.highlights).toEqual([{ cell: 'X', row: 3 }]);
  });

  it('selfAttention: only the tokens up to this one, weight times projected value', () => {
    const line = explain('A', 1, 3).lines[0]!;
    expect(line).toMatch(
      /^A\[2,4\] = row 2 of the causal weights \(keys 1 to 2; later ones are masked\) · column 4 of the values times Wo = /,
    );
    // Two terms, the weights of tokens 1 and 2, and the value of the entry at the end.
    const terms = line.split(' = ')[2]!.split(' + ');
    expect(terms).toHaveLength(2);
    expect(
      line.endsWith(`= ${String(Number((nb.value('A') as Matrix).get(1, 3).toPrecision(4)))}`),
    ).toBe(true);
  });

  it('mlp: the hidden units of the row times the column of W_2, plus b_2', () => {
    const e = explain('Mlp5', 2, 1);
    expect(e.lines[0]).toMatch(
      /^Mlp5\[3,2\] = row 3 of GELU\(X W1 \+ b1\) \(8 hidden numbers\) · column 2 of W2 \+ b2\[1,2\] = .* \+ 0\.1 = /,
    );
    expect(e.highlights).toEqual([
      { cell: 'X', row: 2 },
      { cell: 'W2', col: 1 },
    ]);
  });
});

function chapter(edit?: (nb: Notebook) => void): Notebook {
  const text = readFileSync(join(ROOT, 'content/chapters/transformer-block.mdx'), 'utf8');
  const data = chapterSchema.parse(yaml.load(text.split('---')[1]!));
  const { notebook } = prepareChapter('transformer-block', data);
  edit?.(notebook);
  notebook.flush();
  return notebook;
}
const mat = (nb: Notebook, name: string) => nb.value(name) as Matrix;
const num = (nb: Notebook, name: string) => nb.value(name) as number;
function maxDiff(a: Matrix, b: Matrix): number {
  expect([a.rows, a.cols]).toEqual([b.rows, b.cols]);
  return Math.max(...a.toArray().flatMap((r, i) => r.map((x, j) => Math.abs(x - b.get(i, j)))));
}

describe('what the chapter says about its numbers', () => {
  const nb = chapter();

  it('every normalised row has mean 0 and variance σ²/(σ² + ε), a hair under 1', () => {
    const stats = mat(nb, 'stats_1');
    const variance = mat(nb, 'var_1');
    for (let i = 0; i < 7; i++) {
      expect(Math.abs(stats.get(i, 0))).toBeLessThan(1e-15);
      const v = variance.get(i, 0);
      expect(stats.get(i, 1)).toBeCloseTo(v / (v + 1e-5), 12);
      expect(stats.get(i, 1)).toBeLessThan(1);
      expect(stats.get(i, 1)).toBeGreaterThan(0.9998);
    }
  });

  it('will and be differ in X_0 but are the same row after normalisation; ten times will changes nothing', () => {
    const n = mat(nb, 'N_1').toArray();
    expect(mat(nb, 'X_0').get(3, 3)).not.toBe(mat(nb, 'X_0').get(4, 3));
    // The same to three decimals: only ε, tiny next to either variance, tells them apart.
    n[3]!.forEach((x, j) => expect(x).toBeCloseTo(n[4]![j]!, 3));
    const edited = chapter((c) => c.setEntry('X_0', 3, 3, 6));
    expect(mat(edited, 'var_1').get(3, 0)).not.toBeCloseTo(mat(nb, 'var_1').get(3, 0), 3);
    mat(edited, 'N_1')
      .toArray()[3]!
      .forEach((x, j) => expect(x).toBeCloseTo(n[3]![j]!, 3));
  });

  it('ε = 1 pulls every variance in the check well below 1', () => {
    const edited = chapter((c) => c.set('eps', 1));
    for (let i = 0; i < 7; i++) expect(mat(edited, 'stats_1').get(i, 1)).toBeLessThan(0.2);
  });

  it('a zero gain on “is food” leaves attention nothing to look for: every row is even', () => {
    const a = mat(
      chapter((c) => c.setEntry('gamma_1', 0, 0, 0)),
      'A_1',
    );
    for (let i = 0; i < 7; i++)
      for (let j = 0; j <= i; j++) expect(a.get(i, j)).toBeCloseTo(1 / (i + 1), 12);
  });

  it('noodles and lunch look mostly at Greasy and fried; attention writes only “describes food”', () => {
    const a = mat(nb, 'A_1');
    for (const i of [2, 6]) expect(a.get(i, 0) + a.get(i, 1)).toBeGreaterThan(0.9);
    const att = mat(nb, 'att_1');
    for (let i = 0; i < 7; i++) for (const j of [0, 2, 3]) expect(att.get(i, j)).toBe(0);
    expect(att.get(2, 1)).toBeGreaterThan(0.5);
  });

  it('a zero W_O leaves the stream as it was', () => {
    const edited = chapter((c) => c.setEntry('W_O', 1, 1, 0));
    expect(maxDiff(mat(edited, 'Y_1'), mat(edited, 'X_0'))).toBe(0);
  });

  it('post-LN normalises the stream itself; pre-LN keeps will’s 0.6 and be’s 1', () => {
    for (const r of mat(nb, 'post_1').toArray()) {
      const mean = r.reduce((p, q) => p + q, 0) / r.length;
      const variance = r.reduce((p, q) => p + (q - mean) ** 2, 0) / r.length;
      expect(Math.abs(mean)).toBeLessThan(1e-12);
      expect(variance).toBeCloseTo(1, 3);
    }
    expect(mat(nb, 'Y_1').get(3, 3)).toBe(0.6);
    expect(mat(nb, 'Y_1').get(4, 3)).toBe(1);
  });

  it('a bias of −6 silences hidden unit 2, and will and be, which it spoke for, change most', () => {
    const edited = chapter((c) => c.setEntry('b_1', 0, 1, -6));
    const u = mat(edited, 'U');
    const g = mat(edited, 'G');
    for (let i = 0; i < 7; i++) {
      expect(u.get(i, 1)).toBeLessThan(-3);
      expect(Math.abs(g.get(i, 1))).toBeLessThan(0.01);
    }
    const moved = (i: number) =>
      Math.max(
        ...[0, 1, 2, 3].map((j) =>
          Math.abs(mat(edited, 'M_1').get(i, j) - mat(nb, 'M_1').get(i, j)),
        ),
      );
    for (const other of [0, 1, 2, 5, 6]) expect(moved(3)).toBeGreaterThan(moved(other));
  });

  it('the stream leaving block 3 is X_0 plus every sublayer’s addition', () => {
    expect(maxDiff(mat(nb, 'sum_all'), mat(nb, 'X_3'))).toBeLessThan(1e-12);
    expect(maxDiff(mat(nb, 'X_1'), matrix(mat(nb, 'X_0').toArray()))).toBeGreaterThan(0.1);
  });

  it('with blocks 2 and 3 switched off (the example), the stream leaves block 3 as it left block 1', () => {
    const text = readFileSync(join(ROOT, 'content/chapters/transformer-block.mdx'), 'utf8');
    const data = chapterSchema.parse(yaml.load(text.split('---')[1]!));
    const preset = data.presets.find((p) => p.name === 'Blocks 2 and 3 add nothing')!;
    const edited = chapter((c) => {
      for (const [cell, value] of Object.entries(preset.cells))
        c.set(cell, matrix(value as number[][]));
    });
    expect(maxDiff(mat(edited, 'X_3'), mat(edited, 'X_1'))).toBe(0);
  });

  it('the MLP holds 8d² of 12d² for every d, and its exact share tends to two thirds', () => {
    for (const width of [4, 64, 768, 12288]) {
      const c = chapter((x) => x.set('d', width));
      expect(num(c, 'mlp_share')).toBeCloseTo(2 / 3, 15);
      expect(num(c, 'block_all')).toBe(12 * width ** 2 + 13 * width);
    }
    const gpt2 = chapter((x) => {
      x.set('d', 768);
      x.set('n_layers', 12);
    });
    // GPT-2 small: 7,087,872 numbers per block (its published 124M less the embeddings).
    expect(num(gpt2, 'block_all')).toBe(7_087_872);
    expect(num(gpt2, 'model_blocks')).toBe(85_054_464);
    expect(Math.abs(num(gpt2, 'mlp_share_all') - 2 / 3)).toBeLessThan(0.001);
    const toy = chapter((x) => x.set('d', 4));
    expect(num(toy, 'mlp_share_all')).toBeLessThan(0.62);
    const gpt3 = chapter((x) => {
      x.set('d', 12288);
      x.set('n_layers', 96);
    });
    expect(num(gpt3, 'model_blocks')).toBeGreaterThan(173.9e9);
    expect(num(gpt3, 'model_blocks')).toBeLessThan(175e9);
  });

  it('the stream grows as blocks pile up: nothing normalises the stream itself', () => {
    const largest = (name: string) => Math.max(...mat(nb, name).toArray().flat().map(Math.abs));
    expect(largest('X_1')).toBeGreaterThan(largest('X_0'));
    expect(largest('X_3')).toBeGreaterThan(2 * largest('X_0'));
  });

  it('the token slider picks the token whose stream is followed', () => {
    const c = chapter((x) => x.set('tok', 7));
    const t = mat(c, 'trace');
    expect(t.toArray()[0]).toEqual(mat(c, 'X_0').toArray()[6]);
    expect(t.toArray()[6]).toEqual(mat(c, 'X_3').toArray()[6]);
    // Lunch's "describes food" rises in block 1's attention.
    expect(t.get(1, 1) - t.get(0, 1)).toBeGreaterThan(0.5);
  });
});
