import { describe, expect, it } from 'vitest';
import { applyState, decodeState, encodeState, MAX_STATE_CHARS } from '../../src/notebook/state.ts';
import { d, m, notebookOf, s } from './helpers.ts';

const chapter = () =>
  notebookOf(
    [
      m('E', [
        [1, 2],
        [3, 4],
      ]),
      s('t', 1),
      d('Y', 'E * t'),
    ],
    'qkv',
  );
const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('share links and saved state', () => {
  it('carry only the inputs that changed, including -Infinity, and restore them', () => {
    const a = chapter();
    expect(encodeState(a)).toBe('');
    a.setEntry('E', 1, 0, -Infinity);
    a.set('t', 2.5);
    a.flush();
    const text = encodeState(a);
    const b = chapter();
    const r = decodeState(b, text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    applyState(b, r.values);
    b.flush();
    expect(b.snapshot()).toEqual({
      E: [
        [1, 2],
        [-Infinity, 4],
      ],
      t: 2.5,
    });
  });

  it('restore a matrix resized by its slider, in the shape the slider gives', () => {
    const def = (): ReturnType<typeof notebookOf> =>
      notebookOf(
        [
          { name: 'n', kind: 'scalar', value: 2, min: 1, max: 12, step: 1 },
          {
            name: 'E',
            kind: 'matrix',
            value: [
              [1, 2],
              [3, 4],
            ],
            rowsFrom: 'n',
          },
        ],
        'qkv',
      );
    const a = def();
    a.set('n', 3);
    a.setEntry('E', 2, 1, -Infinity);
    a.flush();
    const b = def();
    const r = decodeState(b, encodeState(a));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    applyState(b, r.values);
    b.flush();
    expect(b.snapshot()).toEqual(a.snapshot());
    expect((b.snapshot()['E'] as number[][]).length).toBe(3);
  });

  it('refuse a slider value outside its range, so a link cannot ask for a huge matrix', () => {
    const nb = notebookOf(
      [
        { name: 'n', kind: 'scalar', value: 2, min: 1, max: 12 },
        { name: 'E', kind: 'matrix', value: [[1], [2]], rowsFrom: 'n' },
      ],
      'qkv',
    );
    for (const bad of [1e6, 0, 'Infinity']) {
      const r = decodeState(nb, b64({ v: 1, id: 'qkv', cells: { n: bad } }));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/"n" is .*, outside its range 1 to 12/);
    }
    const ok = decodeState(nb, b64({ v: 1, id: 'qkv', cells: { n: 12 } }));
    expect(ok.ok && ok.values.get('n')).toBe(12);
  });

  it.each([
    ['damaged', '%%%not-base64', /damaged/],
    ['not JSON', Buffer.from('{oops').toString('base64url'), /damaged/],
    ['another version', b64({ v: 99, id: 'qkv', cells: {} }), /another version of this site$/],
    ['another chapter', b64({ v: 1, id: 'softmax', cells: {} }), /for another chapter$/],
    ['a derived cell', b64({ v: 1, id: 'qkv', cells: { Y: [[1]] } }), /"Y", which is not an input/],
    [
      'an unknown cell',
      b64({ v: 1, id: 'qkv', cells: { Z: 1 } }),
      /a cell this chapter does not have$/,
    ],
    ['a number for a matrix', b64({ v: 1, id: 'qkv', cells: { E: 3 } }), /"E" should be a matrix/],
    [
      'a ragged matrix',
      b64({ v: 1, id: 'qkv', cells: { E: [[1, 2], [3]] } }),
      /not a matrix of at most/,
    ],
    [
      'strings as numbers',
      b64({ v: 1, id: 'qkv', cells: { E: [['1']] } }),
      /does not hold valid numbers/,
    ],
    [
      'a huge matrix',
      b64({ v: 1, id: 'qkv', cells: { E: Array.from({ length: 65 }, () => [0]) } }),
      /at most 64x64/,
    ],
    ['too large', 'a'.repeat(MAX_STATE_CHARS + 1), /too large/],
  ])('refuse %s with a message', (_what, text, message) => {
    const nb = chapter();
    const r = decodeState(nb, text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
    expect(nb.snapshot()).toEqual({
      E: [
        [1, 2],
        [3, 4],
      ],
      t: 1,
    });
  });
});

describe('every cell of a link is checked against the chapter', () => {
  const sized = (): ReturnType<typeof notebookOf> =>
    notebookOf(
      [
        { name: 'n', kind: 'scalar', value: 2, min: 1, max: 12, step: 1 },
        { name: 'T', kind: 'scalar', value: 1, min: 0.1, max: 2, step: 0.05, tex: 'T' },
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
        { name: 'W_Q', kind: 'matrix', value: [[1, 0]], tex: 'W_{Q}' },
        d('Y', 'W_Q * E'),
      ],
      'qkv',
    );
  // Shapes, ranges and steps as the chapter above declares them, worked out by hand.
  it.each([
    [
      'a fixed matrix of another shape',
      { W_Q: [[1, 0, 0]] },
      /^"W_Q" is 1×2 here, and the link gives 1×3$/,
    ],
    [
      'a fixed matrix with more rows',
      {
        W_Q: [
          [1, 0],
          [0, 1],
        ],
      },
      /"W_Q" is 1×2 here/,
    ],
    [
      'a following matrix that disagrees with the default slider',
      { E: [[1], [2], [3]] },
      /"E" is 2×2 here, and the link gives 3×1/,
    ],
    [
      'a following matrix that disagrees with the slider in the link',
      {
        n: 3,
        E: [
          [1, 1],
          [2, 2],
        ],
      },
      /"E" is 3×2 here, and the link gives 2×2/,
    ],
    [
      "a number off the slider's step",
      { T: 0.33 },
      /"T" is 0\.33, not on its slider \(steps of 0\.05 from 0\.1\)/,
    ],
    ['a fraction of a row', { n: 2.5 }, /"n" is 2\.5, not on its slider/],
    ['-Infinity for a size', { k: '-Infinity' }, /"k" is −∞, and it must be a finite number/],
    [
      'a size beyond the largest matrix',
      { k: 65 },
      /"k" is 65, and as a size it must be a whole number from 1 to 64/,
    ],
    ['a size of no columns', { k: 0 }, /"k" is 0, and as a size/],
  ])('refuses %s, naming the cell by its symbol', (_what, cells, message) => {
    const nb = sized();
    const before = nb.snapshot();
    const r = decodeState(nb, b64({ v: 1, id: 'qkv', cells }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
    expect(nb.snapshot()).toEqual(before);
  });

  it('accepts a slider on its step, with its matrix in the shape the slider gives', () => {
    const nb = sized();
    const r = decodeState(
      nb,
      b64({ v: 1, id: 'qkv', cells: { T: 0.35, n: 3, k: 1, E: [[1], [2], [3]] } }),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    applyState(nb, r.values);
    nb.flush();
    expect(nb.snapshot()['E']).toEqual([[1], [2], [3]]);
    expect(nb.snapshot()['T']).toBe(0.35);
  });

  it.each(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'])(
    'refuses a cell named %s, and pollutes nothing',
    (name) => {
      const nb = sized();
      const text = Buffer.from(
        `{"v":1,"id":"qkv","cells":{"${name}":{"polluted":1},"W_Q":[[2,2]]}}`,
      ).toString('base64url');
      const r = decodeState(nb, text);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toBe('the link sets a cell this chapter does not have');
      const alsoNumber = Buffer.from(`{"v":1,"id":"qkv","cells":{"${name}":3}}`).toString(
        'base64url',
      );
      expect(decodeState(nb, alsoNumber).ok).toBe(false);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(Object.prototype).not.toHaveProperty('polluted');
    },
  );

  it('never repeats text from the link: a long version, chapter or cell name', () => {
    const long = 'x'.repeat(40_000);
    for (const o of [
      { v: long, id: 'qkv', cells: {} },
      { v: 1, id: long, cells: {} },
      { v: 1, id: 'qkv', cells: { [long.slice(0, 20_000)]: 1 } },
      { v: 1, id: 'qkv', cells: { '<img src=x onerror=alert(1)>': 1 } },
    ]) {
      const r = decodeState(sized(), b64(o));
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.length).toBeLessThan(80);
        expect(r.error).not.toMatch(/xx|img/);
      }
    }
  });
});
