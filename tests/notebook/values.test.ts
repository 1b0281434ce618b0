/**
 * The one check of input values against a chapter, shared by share links, saved numbers
 * and presets at build time: presets are held to the same steps and sizes as links.
 */
import { describe, expect, it } from 'vitest';
import { presetProblems, valueProblems, type PresetTarget } from '../../src/notebook/presets.ts';

const cells: PresetTarget[] = [
  { name: 'n', kind: 'scalar', value: 2, min: 1, max: 12, step: 1 },
  { name: 'T', kind: 'scalar', value: 1, min: 0.1, max: 2, step: 0.05 },
  { name: 'k', kind: 'scalar', value: 2 },
  {
    name: 'E',
    kind: 'matrix',
    value: [
      [1, 1],
      [2, 2],
    ],
    rowsFrom: 'n',
    colsFrom: 'k',
  },
];

describe('valueProblems', () => {
  it('accepts numbers on their step, the floating-point way (0.1 + 5 × 0.05)', () => {
    expect(valueProblems(cells, [['T', 0.35]])).toEqual([]);
    expect(valueProblems(cells, [['T', 0.1 + 0.05 * 37]])).toEqual([]);
  });

  it('names each cell that does not fit, and checks a matrix against the size set beside it', () => {
    expect(
      valueProblems(cells, [
        ['E', [[1], [2], [3]]],
        ['n', 3],
        ['k', 1.5],
        ['T', 0.33],
      ]).map((p) => [p.cell, p.kind]),
    ).toEqual([
      ['k', 'size'],
      ['T', 'step'],
      ['E', 'shape'],
    ]);
  });

  it('treats __proto__, constructor and toString as unknown cells', () => {
    const values = JSON.parse('[["__proto__", 1], ["constructor", 1], ["toString", [[1]]]]') as [
      string,
      number,
    ][];
    expect(valueProblems(cells, values).map((p) => p.kind)).toEqual([
      'unknown',
      'unknown',
      'unknown',
    ]);
  });
});

describe('presets are held to the same rules', () => {
  it('refuses a preset off its slider’s step, or with a size that is not whole', () => {
    expect(
      presetProblems(cells, [
        { name: 'Off step', cells: { T: 0.33 } },
        { name: 'Half a row', cells: { k: 2.5 } },
        {
          name: 'Fine',
          cells: {
            T: 0.35,
            n: 3,
            E: [
              [0, 0],
              [1, 1],
              ['-Infinity', 2],
            ],
          },
        },
      ]),
    ).toEqual([
      'preset "Off step", cell "T": 0.33 is not on the slider\'s step of 0.05 from 0.1',
      'preset "Half a row", cell "k": k sets a size, so it must be a whole number from 1 to 64',
    ]);
  });
});
