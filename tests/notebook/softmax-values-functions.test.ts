/** The formula-language functions the softmax and values chapters added. */
import { describe, expect, it } from 'vitest';
import { matrix, type Matrix } from '../../src/engine/index.ts';
import { FUNCTIONS, type Note } from '../../src/notebook/functions.ts';

const call = (fn: string, ...args: (number | Matrix)[]) => {
  const notes: Note[] = [];
  const value = FUNCTIONS[fn]!.apply(args, notes);
  return { value: value as Matrix, notes };
};

describe('softmaxNaive', () => {
  it('agrees with the stable softmax for small scores, with no note', () => {
    const { value, notes } = call('softmaxNaive', matrix([[1, 2, 3]]));
    const stable = call('softmax', matrix([[1, 2, 3]])).value;
    value.toArray()[0]!.forEach((x, j) => expect(x).toBeCloseTo(stable.get(0, j), 14));
    expect(notes).toEqual([]);
  });

  it('overflows: ∞ / ∞ is NaN and finite / ∞ is 0, and says so for the row', () => {
    const { value, notes } = call(
      'softmaxNaive',
      matrix([
        [1, 2, 3],
        [700, 710, 800],
      ]),
    );
    // toEqual counts NaN as equal to NaN.
    expect(value.toArray()[1]).toEqual([0, NaN, NaN]);
    expect(notes.map((n) => n.message)).toEqual([expect.stringMatching(/^row 2: .*∞ \/ ∞ is NaN/)]);
  });

  it('underflows: every term 0, so 0 / 0', () => {
    const { value, notes } = call('softmaxNaive', matrix([[-1000, -1001]]));
    expect(value.toArray()[0]!.every(Number.isNaN)).toBe(true);
    expect(notes[0]!.message).toMatch(/^row 1: .*0 \/ 0 is NaN/);
  });
});

describe('row and window', () => {
  it('row(X, i) counts from 1 and refuses a row that is not there', () => {
    const x = matrix([
      [1, 2],
      [3, 4],
    ]);
    expect(call('row', x, 2).value.toArray()).toEqual([[3, 4]]);
    expect(() => call('row', x, 3)).toThrow(/no row 3/);
    expect(() => call('row', x, 1.5)).toThrow(/no row 1.5/);
  });

  it('window(S, w) keeps each query, itself and the w keys before it', () => {
    const s = matrix([
      [1, 1, 1],
      [1, 1, 1],
      [1, 1, 1],
    ]);
    const ninf = -Infinity;
    expect(call('window', s, 1).value.toArray()).toEqual([
      [1, ninf, ninf],
      [1, 1, ninf],
      [ninf, 1, 1],
    ]);
    expect(call('window', s, 0).value.toArray()).toEqual([
      [1, ninf, ninf],
      [ninf, 1, ninf],
      [ninf, ninf, 1],
    ]);
    expect(() => call('window', s, -1)).toThrow(/0 or more/);
  });
});
