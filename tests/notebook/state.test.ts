import { describe, expect, it } from 'vitest';
import { matrix } from '../../src/engine/index.ts';
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

  it('restore a matrix of another shape (a reader who resized it)', () => {
    const a = chapter();
    a.set('E', matrix([[1, 2, 3]]));
    a.flush();
    const b = chapter();
    const r = decodeState(b, encodeState(a));
    expect(r.ok && r.values.get('E')).toEqual([[1, 2, 3]]);
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
    ['another version', b64({ v: 99, id: 'qkv', cells: {} }), /another version \(99\)/],
    ['another chapter', b64({ v: 1, id: 'softmax', cells: {} }), /for the chapter "softmax"/],
    ['a derived cell', b64({ v: 1, id: 'qkv', cells: { Y: [[1]] } }), /"Y", which is not an input/],
    ['an unknown cell', b64({ v: 1, id: 'qkv', cells: { Z: 1 } }), /"Z", which is not an input/],
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
