/**
 * The functions the scaling and masking chapters added to the formula language, and the
 * facts those chapters rest on: the transposed layout holds exactly the transposed
 * numbers, and under the causal mask a later token changes no earlier row.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import type { Matrix } from '../../src/engine/index.ts';
import { chapterSchema } from '../../src/content/schema.ts';
import { prepareChapter } from '../../src/content/chapter-notebook.ts';
import { parse } from '../../src/notebook/parse.ts';
import { toTex } from '../../src/notebook/tex.ts';
import { seededNormal } from '../../src/notebook/functions.ts';
import { d, m, notebookOf, s } from './helpers.ts';

const arr = (v: unknown): number[][] => (v as Matrix).toArray();

function chapter(id: string) {
  const text = readFileSync(join(import.meta.dirname, `../../content/chapters/${id}.mdx`), 'utf8');
  return prepareChapter(id, chapterSchema.parse(yaml.load(text.split('---')[1]!))).notebook;
}

describe('randn', () => {
  it('is the same for the same seed and position, and a wider matrix keeps the narrower one’s entries', () => {
    const nb = notebookOf([
      s('n', 5),
      d('A', 'randn(3, n, 4)'),
      d('B', 'randn(3, 9, 4)'),
      d('C', 'randn(3, 9, 5)'),
    ]);
    const a = arr(nb.value('A'));
    const b = arr(nb.value('B'));
    expect(a).toEqual(b.map((r) => r.slice(0, 5)));
    expect(arr(nb.value('C'))[0]).not.toEqual(b[0]);
  });

  it('gives the same numbers after its cache has had to forget them', () => {
    const first = () => arr(notebookOf([d('X', 'randn(400, 128, 3)')]).value('X'));
    const before = first();
    expect(before[399]![127]).toBe(seededNormal(3, 399, 127));
    // Far more seeds of this size than the cache keeps (2²⁰ numbers), then the first again.
    for (let seed = 100; seed < 125; seed++)
      notebookOf([d('Y', `randn(400, 128, ${seed})`)]).value('Y');
    expect(first()).toEqual(before);
  });

  it('has mean near 0 and variance near 1', () => {
    const nb = notebookOf([
      d('X', 'randn(300, 300, 1)'),
      d('mu', 'mean(X)'),
      d('v', 'variance(X)'),
    ]);
    expect(Math.abs(nb.value('mu') as number)).toBeLessThan(0.02);
    expect(Math.abs((nb.value('v') as number) - 1)).toBeLessThan(0.02);
  });

  it('refuses sizes and seeds it cannot honour, with a message', () => {
    for (const [expr, message] of [
      ['randn(0, 3, 1)', /rows must be a whole number ≥ 1/],
      ['randn(2, 3, -1)', /seed must be a whole number ≥ 0/],
      ['randn(2000, 2000, 1)', /more than 1000000 numbers/],
    ] as const) {
      // The build refuses such a formula, naming the cell.
      expect(() => notebookOf([d('X', expr)])).toThrow(message);
    }
  });
});

describe('statistics and running sums', () => {
  const nb = notebookOf([
    m('A', [
      [1, 2, 3],
      [4, 6, 8],
    ]),
    d('c', 'cumsum(A)'),
    d('r', 'range(2, 5)'),
    d('vr', 'varRows(A)'),
    d('mr', 'maxRows(A)'),
    d('v', 'variance(A)'),
    d('mu', 'mean(A)'),
  ]);
  it('computes them', () => {
    expect(arr(nb.value('c'))).toEqual([
      [1, 2, 3],
      [5, 8, 11],
    ]);
    expect(arr(nb.value('r'))).toEqual([[2], [3], [4], [5]]);
    expect(arr(nb.value('vr'))).toEqual([[2 / 3], [8 / 3]]);
    expect(arr(nb.value('mr'))).toEqual([[3], [8]]);
    expect(nb.value('mu')).toBe(4);
    expect(nb.value('v')).toBeCloseTo((9 + 4 + 1 + 0 + 4 + 16) / 6, 12);
  });
});

describe('element by element with a row or a column', () => {
  const nb = notebookOf([
    m('A', [
      [2, 4],
      [6, 8],
    ]),
    m('row', [[1, 2]]),
    m('col', [[2], [4]]),
    m('wide', [[1, 2, 3]]),
    d('mr', 'A .* row'),
    d('dc', 'A ./ col'),
    d('cr', 'col ./ row'),
  ]);
  it('repeats the row or the column to fit, as numpy does', () => {
    expect(arr(nb.value('mr'))).toEqual([
      [2, 8],
      [6, 16],
    ]);
    expect(arr(nb.value('dc'))).toEqual([
      [1, 2],
      [1.5, 2],
    ]);
    expect(arr(nb.value('cr'))).toEqual([
      [2, 1],
      [4, 2],
    ]);
  });
  it('names both shapes when they cannot fit', () => {
    expect(() => notebookOf([m('A', [[1, 2]]), m('B', [[1, 2, 3]]), d('bad', 'A ./ B')])).toThrow(
      /dotDivide: \(1x2\) \.\/ \(1x3\): shapes differ/,
    );
  });
  it('writes ./ as ⊘ in TeX', () => {
    expect(toTex(parse('A ./ B'))).toBe('A \\oslash B');
  });
});

describe('mask with one entry per key', () => {
  it('masks that key for every query', () => {
    const nb = notebookOf([
      m('S', [
        [1, 2, 3],
        [4, 5, 6],
      ]),
      m('pad', [[0, 0, 1]]),
      d('M', 'mask(S, pad)'),
    ]);
    expect(arr(nb.value('M'))).toEqual([
      [1, 2, -Infinity],
      [4, 5, -Infinity],
    ]);
  });
});

describe('the masking chapter', () => {
  it('shows the transposed layout as the exact transpose of the paper’s, before and after an edit', () => {
    const nb = chapter('masking');
    const check = () => {
      const a = arr(nb.value('weights'));
      const t = arr(nb.value('weightsT'));
      const sm = arr(nb.value('masked'));
      const st = arr(nb.value('maskedT'));
      a.forEach((row, i) => row.forEach((v, j) => expect(t[j]![i]).toBe(v)));
      sm.forEach((row, i) => row.forEach((v, j) => expect(st[j]![i]).toBe(v)));
    };
    check();
    nb.setEntry('Q', 4, 1, -2.5);
    nb.setEntry('K', 2, 0, 7);
    nb.flush();
    check();
  });

  it('lets a later key change only its own row of causal weights, and every row without the mask', () => {
    const nb = chapter('masking');
    const before = arr(nb.value('weights'));
    const peekBefore = arr(nb.value('peek'));
    nb.setEntry('K', 8, 0, 3);
    nb.setEntry('K', 8, 1, 3);
    nb.flush();
    const after = arr(nb.value('weights'));
    after.slice(0, 8).forEach((row, i) => expect(row).toEqual(before[i]));
    expect(after[8]).not.toEqual(before[8]);
    arr(nb.value('peek')).forEach((row, i) => expect(row).not.toEqual(peekBefore[i]));
  });

  it('gives every masked key weight 0 and every row weights that sum to 1', () => {
    const nb = chapter('masking');
    const masked = arr(nb.value('masked'));
    const w = arr(nb.value('weights'));
    masked.forEach((row, i) =>
      row.forEach((v, j) => {
        expect(v === -Infinity).toBe(j > i);
        if (j > i) expect(w[i]![j]).toBe(0);
      }),
    );
    w.forEach((row) => expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12));
  });
});

describe('the scaling chapter', () => {
  it('keeps the variance of scaled scores near 1 and of raw ones near d_k, at every length', () => {
    const nb = chapter('scores-and-scaling');
    for (const dk of [4, 64, 200]) {
      nb.set('d_k', dk);
      nb.flush();
      expect(nb.value('var_scaled') as number).toBeGreaterThan(0.8);
      expect(nb.value('var_scaled') as number).toBeLessThan(1.2);
      expect((nb.value('var_raw') as number) / dk).toBeGreaterThan(0.8);
      expect((nb.value('var_raw') as number) / dk).toBeLessThan(1.2);
      const curve = arr(nb.value('var_curve'));
      expect(curve.length).toBe(dk);
      expect(curve[dk - 1]![0]).toBe(dk);
    }
  });

  it('ends the saturation curve at the largest weights of the live row', () => {
    const nb = chapter('scores-and-scaling');
    const sat = arr(nb.value('sat_curve'));
    const last = sat[sat.length - 1]!;
    expect(last[1]).toBeCloseTo(Math.max(...arr(nb.value('w_raw'))[0]!), 12);
    expect(last[2]).toBeCloseTo(Math.max(...arr(nb.value('w_scaled'))[0]!), 12);
  });
});

describe('what the prose says about the chapters’ own numbers', () => {
  const order = (row: number[]) =>
    row
      .map((v, j) => [v, j] as const)
      .sort((a, b) => b[0] - a[0])
      .map(([, j]) => j);

  it('scores: Yogurt’s largest scores are under Mango and Greek; column “to” is all zeros', () => {
    const dots = arr(chapter('scores-and-scaling').value('dots'));
    expect(order(dots[6]!).slice(0, 2).sort()).toEqual([4, 5]);
    expect(dots.map((r) => r[2])).toEqual(dots.map(() => 0));
  });

  it('scores, “Try this”: a new key for “to” changes only that column, not where a query’s first entry is 0', () => {
    const before = chapter('scores-and-scaling');
    const after = chapter('scores-and-scaling');
    after.setEntry('K', 2, 0, 1);
    after.flush();
    const [a, b, q] = [arr(before.value('dots')), arr(after.value('dots')), arr(before.value('Q'))];
    for (let i = 0; i < 7; i++)
      for (let j = 0; j < 7; j++) {
        const changed = a[i]![j] !== b[i]![j];
        expect(changed, `row ${i}, column ${j}`).toBe(j === 2 && q[i]![0] !== 0);
      }
    expect(q.filter((r) => r[0] !== 0).length).toBeGreaterThan(3);
  });

  it('scores, “Try this”: a ten times longer Yogurt query puts nine tenths of its weight on Mango, even divided by √3', () => {
    const nb = chapter('scores-and-scaling');
    const before = arr(nb.value('weights'))[6]!;
    nb.setEntry('Q', 6, 0, 20);
    nb.flush();
    const after = arr(nb.value('weights'))[6]!;
    // numpy: softmax(Q K^T / sqrt(3)) row 7 with Q[6,0] = 20 gives 0.9097 on Mango, 0.0903 on Greek.
    expect(Math.max(...before)).toBeLessThan(0.4);
    expect(after[4]).toBeCloseTo(0.9097, 4);
    expect(after[5]).toBeCloseTo(0.0903, 4);
  });

  it('scores, “Try this”: at d_k = 16 one raw weight takes most, and g_raw is near zero in every column', () => {
    const nb = chapter('scores-and-scaling');
    nb.set('d_k', 16);
    nb.flush();
    expect(Math.max(...arr(nb.value('w_raw'))[0]!)).toBeGreaterThan(0.9);
    expect(Math.max(...arr(nb.value('g_raw'))[0]!)).toBeLessThan(0.05);
    // Scaled, the weights keep a slope at every length the slider allows.
    for (let dk = 16; dk <= 128; dk += 8) {
      nb.set('d_k', dk);
      nb.flush();
      expect(Math.max(...arr(nb.value('g_scaled'))[0]!), `d_k = ${dk}`).toBeGreaterThan(0.1);
    }
  });

  it('masking: row “a” gives most to surgeon, then operated; the backwards mask makes row “a” a single 1', () => {
    const nb = chapter('masking');
    expect(order(arr(nb.value('weights'))[8]!).slice(0, 2)).toEqual([2, 3]);
    expect(arr(nb.value('backwards'))[8]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(arr(nb.value('backwards'))[0]!.every((v) => v > 0)).toBe(true);
    // The first token's output is its own value.
    expect(arr(nb.value('output'))[0]).toEqual(arr(nb.value('V'))[0]);
  });
});
