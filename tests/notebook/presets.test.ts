/** Presets in a chapter's frontmatter, and the seeded random example. */
import { describe, expect, it } from 'vitest';
import { chapterSchema } from '../../src/content/schema.ts';
import { prepareChapter } from '../../src/content/chapter-notebook.ts';
import { isSeed, mulberry32, presetProblems, randomMatrices } from '../../src/notebook/presets.ts';

const base = {
  title: 'T',
  order: 1,
  summary: 'S',
  cells: [
    { name: 'n', kind: 'scalar', value: 2, min: 1, max: 4 },
    {
      name: 'E',
      kind: 'matrix',
      value: [
        [1, 2],
        [3, 4],
      ],
      rowsFrom: 'n',
    },
    { name: 'W', kind: 'matrix', value: [[1], [0]] },
    { name: 'Q', kind: 'derived', expr: 'E * W' },
  ],
};

describe('presets', () => {
  it('accepts presets that fit the cells, including a matrix resized by its slider and -Infinity', () => {
    const presets = [
      {
        name: 'Three rows',
        cells: {
          n: 3,
          E: [
            [0, 0],
            [1, 1],
            ['-Infinity', 2],
          ],
        },
      },
      { name: 'Only W', description: 'a column of ones', cells: { W: [[1], [1]] } },
    ];
    const data = chapterSchema.parse({ ...base, presets });
    expect(data.presets).toHaveLength(2);
    expect(() => prepareChapter('ok', data)).not.toThrow();
  });

  it('names the preset and the cell for an unknown cell, a derived cell, a wrong kind, a wrong shape, a value off the slider', () => {
    const problems = presetProblems(chapterSchema.parse(base).cells, [
      { name: 'A', cells: { X: 1 } },
      { name: 'B', cells: { Q: [[1]] } },
      { name: 'C', cells: { W: 2, n: [[1]] } },
      {
        name: 'D',
        cells: {
          W: [[1, 2]],
          E: [
            [1, 2],
            [3, 4],
            [5, 6],
          ],
        },
      },
      { name: 'E', cells: { n: 9 } },
    ]);
    expect(problems).toEqual([
      'preset "A", cell "X": no such cell (inputs: n, E, W)',
      'preset "B", cell "Q": a derived cell is computed, it cannot be set',
      'preset "C", cell "W": W is a matrix, not a number',
      'preset "C", cell "n": n is a number, not a matrix',
      'preset "D", cell "W": W is 2x1, the preset gives 1x2',
      'preset "D", cell "E": E is 2x2, the preset gives 3x2',
      'preset "E", cell "n": 9 is outside [1, 4]',
    ]);
  });

  it('fails the schema, and the chapter names itself too', () => {
    const bad = {
      ...base,
      presets: [
        {
          name: 'Wide',
          cells: {
            W: [
              [1, 2],
              [3, 4],
            ],
          },
        },
      ],
    };
    const r = chapterSchema.safeParse(bad);
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe(
      'preset "Wide", cell "W": W is 2x1, the preset gives 2x2',
    );
    expect(() =>
      prepareChapter('my-chapter', { ...chapterSchema.parse(base), presets: bad.presets }),
    ).toThrow('chapter "my-chapter", preset "Wide", cell "W": W is 2x1, the preset gives 2x2');
  });
});

describe('the seeded random example', () => {
  it('mulberry32 is deterministic and spread over [0, 1)', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
    expect(mulberry32(43)()).not.toBe(xs[0]);
  });

  it('fills the given shapes with two-decimal numbers in [-1, 1], the same for the same seed', () => {
    const shapes: [string, number, number][] = [
      ['E', 7, 4],
      ['W', 4, 3],
    ];
    const one = randomMatrices(shapes, 7);
    expect(randomMatrices(shapes, 7)).toEqual(one);
    expect(randomMatrices(shapes, 8)).not.toEqual(one);
    expect(one.get('E')).toHaveLength(7);
    expect(one.get('W')![3]).toHaveLength(3);
    const all = [...one.values()].flat(2);
    expect(
      all.every((x) => x >= -1 && x <= 1 && Number(x.toFixed(2)) === x && !Object.is(x, -0)),
    ).toBe(true);
    expect(new Set(all).size).toBeGreaterThan(20);
  });

  it('reads a seed a reader typed', () => {
    expect(['1', '42', '99999', ' 7 '].map(isSeed)).toEqual([true, true, true, true]);
    expect(['0', '4.5', '-3', '100000', 'abc', ''].map(isSeed)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });
});
