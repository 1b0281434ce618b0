/**
 * The multi-head chapter against the engine's multiHeadAttention: the chapter's per-head
 * matrices, put side by side into full d_model x d_model projections (head h takes
 * columns h*d_k .. (h+1)*d_k, as PyTorch's nn.MultiheadAttention), give the same heads
 * and the same output. Also: concat * W_O equals the sum of the heads' proposals, and the
 * prose's claims about the chapter's numbers hold.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import yaml from 'js-yaml';
import { chapterSchema } from '../../src/content/schema.ts';
import { prepareChapter } from '../../src/content/chapter-notebook.ts';
import {
  attention,
  hconcat,
  multiHeadAttention,
  sliceCols,
  vconcat,
  type Matrix,
} from '../../src/engine/index.ts';
import type { Notebook } from '../../src/notebook/notebook.ts';
import { parseEdits } from '../../src/widgets/try-edits.ts';

const FILE = join(import.meta.dirname, '../../content/chapters/multi-head-attention.mdx');
const TEXT = readFileSync(FILE, 'utf8');

function chapter(): Notebook {
  return prepareChapter(
    'multi-head-attention',
    chapterSchema.parse(yaml.load(TEXT.split('---')[1]!)),
  ).notebook;
}
const mat = (nb: Notebook, name: string): Matrix => nb.value(name) as Matrix;

function maxDiff(a: Matrix, b: Matrix): number {
  expect([a.rows, a.cols]).toEqual([b.rows, b.cols]);
  let d = 0;
  for (let i = 0; i < a.rows; i++)
    for (let j = 0; j < a.cols; j++) d = Math.max(d, Math.abs(a.get(i, j) - b.get(i, j)));
  return d;
}

/** The chapter's heads as the engine's one-matrix-per-projection multi-head attention. */
function engine(nb: Notebook) {
  const E = mat(nb, 'E');
  return multiHeadAttention(E, E, {
    wq: hconcat(mat(nb, 'W_Q1'), mat(nb, 'W_Q2')),
    wk: hconcat(mat(nb, 'W_K1'), mat(nb, 'W_K2')),
    wv: hconcat(mat(nb, 'W_V1'), mat(nb, 'W_V2')),
    wo: vconcat(mat(nb, 'W_O1'), mat(nb, 'W_O2')),
    heads: 2,
  });
}

function expectAgrees(nb: Notebook): void {
  const mha = engine(nb);
  expect(maxDiff(mat(nb, 'delta'), mha.output)).toBeLessThanOrEqual(1e-12);
  expect(maxDiff(mat(nb, 'H'), mha.concat)).toBeLessThanOrEqual(1e-12);
  expect(maxDiff(mat(nb, 'A_1'), mha.heads[0]!.weights)).toBeLessThanOrEqual(1e-12);
  expect(maxDiff(mat(nb, 'A_2'), mha.heads[1]!.weights)).toBeLessThanOrEqual(1e-12);
  expect(maxDiff(mat(nb, 'O_1'), mha.heads[0]!.output)).toBeLessThanOrEqual(1e-12);
  expect(maxDiff(mat(nb, 'O_2'), mha.heads[1]!.output)).toBeLessThanOrEqual(1e-12);
  // Each head proposes a change; the proposals added are concat * W_O.
  expect(maxDiff(mat(nb, 'changes'), mat(nb, 'delta'))).toBeLessThanOrEqual(1e-12);
}

const tokens = ['Greasy', 'fried', 'noodles', 'will', 'be', 'my', 'lunch'];
const argmax = (m: Matrix, row: number): string => {
  let best = 0;
  for (let j = 1; j < m.cols; j++) if (m.get(row, j) > m.get(row, best)) best = j;
  return tokens[best]!;
};
const top2 = (m: Matrix, row: number): string[] =>
  Array.from({ length: m.cols }, (_, j) => j)
    .sort((a, b) => m.get(row, b) - m.get(row, a))
    .slice(0, 2)
    .map((j) => tokens[j]!)
    .sort();

describe('multi-head attention chapter', () => {
  it('equals the engine’s multiHeadAttention with full projections, to 1e-12', () => {
    expectAgrees(chapter());
  });

  it('still equals it after any edit of the inputs', () => {
    const inputs = ['E', 'W_Q1', 'W_K1', 'W_V1', 'W_Q2', 'W_K2', 'W_V2', 'W_O1', 'W_O2'];
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom(...inputs),
            fc.nat(6),
            fc.nat(3),
            fc.double({ min: -3, max: 3, noNaN: true }),
          ),
          {
            minLength: 1,
            maxLength: 8,
          },
        ),
        (edits) => {
          const nb = chapter();
          for (const [cell, i, j, v] of edits) {
            const m = nb.inputValue(cell) as Matrix;
            nb.setEntry(cell, i % m.rows, j % m.cols, v);
          }
          nb.flush();
          expectAgrees(nb);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('would notice a wrong head: a swapped W_O block breaks the agreement', () => {
    const nb = chapter();
    const mha = multiHeadAttention(mat(nb, 'E'), mat(nb, 'E'), {
      wq: hconcat(mat(nb, 'W_Q1'), mat(nb, 'W_Q2')),
      wk: hconcat(mat(nb, 'W_K1'), mat(nb, 'W_K2')),
      wv: hconcat(mat(nb, 'W_V1'), mat(nb, 'W_V2')),
      wo: vconcat(mat(nb, 'W_O2'), mat(nb, 'W_O1')),
      heads: 2,
    });
    expect(maxDiff(mat(nb, 'delta'), mha.output)).toBeGreaterThan(0.1);
  });

  it('shows one big W_Q whose column blocks are the heads’ queries', () => {
    const nb = chapter();
    const Q = mat(nb, 'Q');
    expect(maxDiff(sliceCols(Q, 0, 2), mat(nb, 'Q_1'))).toBe(0);
    expect(maxDiff(sliceCols(Q, 2, 4), mat(nb, 'Q_2'))).toBe(0);
    expect(maxDiff(mat(nb, 'W_O'), vconcat(mat(nb, 'W_O1'), mat(nb, 'W_O2')))).toBe(0);
  });

  it('computes cross-attention as attention(D W_Q, E W_K, E W_V): 3 queries against 7 keys', () => {
    const nb = chapter();
    const E = mat(nb, 'E');
    const D = mat(nb, 'D');
    const r = multiHeadAttention(D, E, {
      wq: mat(nb, 'W_Qx'),
      wk: mat(nb, 'W_Kx'),
      wv: mat(nb, 'W_Vx'),
      wo: [
        [1, 0],
        [0, 1],
      ],
      heads: 1,
    });
    expect([mat(nb, 'A_x').rows, mat(nb, 'A_x').cols]).toEqual([3, 7]);
    expect(maxDiff(mat(nb, 'A_x'), r.heads[0]!.weights)).toBeLessThanOrEqual(1e-12);
    expect(maxDiff(mat(nb, 'O_x'), r.output)).toBeLessThanOrEqual(1e-12);
    expect(
      maxDiff(mat(nb, 'O_x'), attention(mat(nb, 'Q_x'), mat(nb, 'K_x'), mat(nb, 'V_x')).output),
    ).toBeLessThanOrEqual(1e-12);
  });

  it('matches what the prose says about the chapter’s numbers', () => {
    const nb = chapter();
    const [A1, A2, Ax] = [mat(nb, 'A_1'), mat(nb, 'A_2'), mat(nb, 'A_x')];
    // Head 1: noodles and lunch look at Greasy and fried, and those look back at the food.
    expect(top2(A1, 2)).toEqual(['Greasy', 'fried']);
    expect(top2(A1, 6)).toEqual(['Greasy', 'fried']);
    expect(top2(A1, 0)).toEqual(['lunch', 'noodles']);
    expect(top2(A1, 1)).toEqual(['lunch', 'noodles']);
    // Head 2: noodles and lunch look at my; will and be look at the food.
    expect(argmax(A2, 2)).toBe('my');
    expect(argmax(A2, 6)).toBe('my');
    expect(top2(A2, 3)).toEqual(['lunch', 'noodles']);
    expect(top2(A2, 4)).toEqual(['lunch', 'noodles']);
    // A query of zeros spreads its weight evenly: will in head 1, Des in cross-attention.
    for (const row of [A1.toArray()[3]!, Ax.toArray()[0]!])
      for (const w of row) expect(w).toBeCloseTo(1 / 7, 12);
    // Cross-attention: nouilles looks at noodles, then lunch; frites at fried and Greasy.
    expect(top2(Ax, 1)).toEqual(['lunch', 'noodles']);
    expect(argmax(Ax, 1)).toBe('noodles');
    expect(top2(Ax, 2)).toEqual(['Greasy', 'fried']);
    // What each head adds: describes food / food from head 1, owner / food from head 2.
    const [c1, c2] = [mat(nb, 'change_1'), mat(nb, 'change_2')];
    const col = (m: Matrix, j: number) => Array.from({ length: 7 }, (_, i) => m.get(i, j));
    expect(top2Of(col(c1, 1))).toEqual(['lunch', 'noodles']);
    expect(top2Of(col(c1, 0))).toEqual(['Greasy', 'fried']);
    expect(top2Of(col(c2, 2))).toEqual(['lunch', 'noodles']);
    expect(top2Of(col(c2, 0))).toEqual(['be', 'will']);
  });

  it('does what its try-this prompts say', () => {
    // The chapter's own prompts, in order, applied as the button applies them.
    const prompts = [...TEXT.matchAll(/<Try set="([^"]+)">/g)].map((m) => parseEdits(m[1]!));
    expect(prompts).toHaveLength(4);
    const after = (k: number): Notebook => {
      const nb = chapter();
      for (const e of prompts[k]!) nb.setEntry(e.cell, e.row! - 1, e.col! - 1, e.value);
      nb.flush();
      return nb;
    };
    const before = chapter();
    // E[6,3]=0: head 2's rows for noodles and lunch flatten; head 1 does not change.
    const noOwner = after(0);
    const spread = (m: Matrix, i: number) =>
      Math.max(...m.toArray()[i]!) - Math.min(...m.toArray()[i]!);
    for (const i of [2, 6])
      expect(spread(mat(noOwner, 'A_2'), i)).toBeLessThan(spread(mat(before, 'A_2'), i) / 4);
    expect(mat(noOwner, 'A_1').toArray()).toEqual(mat(before, 'A_1').toArray());
    // W_K2[3,1]=0; W_K2[2,1]=2: head 2's food rows now look at Greasy and fried, as head 1's do.
    const same = after(1);
    for (const i of [2, 6]) expect(top2(mat(same, 'A_2'), i)).toEqual(top2(mat(same, 'A_1'), i));
    // W_O2 to zero: head 2 proposes nothing, and ΔE is head 1's proposal.
    const silent = after(2);
    expect(
      mat(silent, 'W_O2')
        .toArray()
        .flat()
        .every((x) => x === 0),
    ).toBe(true);
    expect(mat(silent, 'delta').toArray()).toEqual(mat(silent, 'change_1').toArray());
    // D[3,1]=1; D[3,2]=0: frites, now a food word, looks at noodles and lunch.
    const food = after(3);
    expect(top2(mat(food, 'A_x'), 2)).toEqual(['lunch', 'noodles']);
  });

  it('computes GPT-3’s sizes live, with the published sizes and plain arithmetic', () => {
    const nb = chapter();
    const n = (cell: string) => nb.value(cell) as number;
    // Published: d_model 12,288, 96 heads of 128 in each of 96 layers; the MLP is 4 × wider.
    expect([n('gpt_d'), n('gpt_h'), n('gpt_layers')]).toEqual([12_288, 96, 96]);
    expect(n('gpt_dk')).toBe(128);
    expect(n('gpt_heads_all')).toBe(9_216);
    expect(n('gpt_matrix')).toBe(150_994_944);
    expect(n('gpt_attention')).toBe(603_979_776);
    expect(n('gpt_mlp_width')).toBe(49_152);
    expect(n('gpt_mlp')).toBe(1_207_959_552);
    expect(n('gpt_share')).toBeCloseTo(1 / 3, 15);
    // The prose shows those cells rather than quoting numbers.
    for (const cell of [
      'gpt_d',
      'gpt_dk',
      'gpt_heads_all',
      'gpt_matrix',
      'gpt_attention',
      'gpt_mlp',
      'gpt_share',
    ])
      expect(TEXT).toContain(`<Value cell="${cell}"`);
    expect(TEXT).not.toMatch(/151 million|604 million/);
  });
});

function top2Of(xs: number[]): string[] {
  return xs
    .map((x, i) => [x, i] as const)
    .sort((a, b) => b[0] - a[0])
    .slice(0, 2)
    .map(([, i]) => tokens[i]!)
    .sort();
}
