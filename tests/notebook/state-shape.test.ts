/**
 * The shape of a decoded link, checked field by field before any value is used: every
 * malformed part is refused with the same message, and the numbers JSON can carry
 * (finite numbers, "Infinity" and "-Infinity" spelled out) are taken.
 */
import { describe, expect, it } from 'vitest';
import { decodeState } from '../../src/notebook/state.ts';
import { m, notebookOf, s } from './helpers.ts';

const chapter = () =>
  notebookOf(
    [
      m('E', [
        [1, 2],
        [3, 4],
      ]),
      s('t', 1),
    ],
    'qkv',
  );
const b64 = (text: string): string => Buffer.from(text).toString('base64url');
const link = (o: unknown): string => b64(JSON.stringify(o));

describe('a link’s shape', () => {
  it.each([
    ['no version', link({ id: 'qkv', cells: { t: 2 } })],
    ['an id that is not text', link({ v: 1, id: 7, cells: { t: 2 } })],
    ['no cells', link({ v: 1, id: 'qkv' })],
    ['cells as a list', link({ v: 1, id: 'qkv', cells: [[1, 2]] })],
    ['cells as null', link({ v: 1, id: 'qkv', cells: null })],
    ['a value that is text', link({ v: 1, id: 'qkv', cells: { t: '2' } })],
    ['a value that is null', link({ v: 1, id: 'qkv', cells: { t: null } })],
    ['a value that is an object', link({ v: 1, id: 'qkv', cells: { t: { x: 1 } } })],
    ['a row that is not a list', link({ v: 1, id: 'qkv', cells: { E: [1, 2] } })],
    [
      'an entry that is a list',
      link({
        v: 1,
        id: 'qkv',
        cells: {
          E: [
            [[1], 2],
            [3, 4],
          ],
        },
      }),
    ],
    [
      'an entry spelled "NaN"',
      link({
        v: 1,
        id: 'qkv',
        cells: {
          E: [
            ['NaN', 2],
            [3, 4],
          ],
        },
      }),
    ],
    // JSON.parse reads a literal past the largest double as Infinity: not a number we wrote.
    ['a number too large for a double', b64('{"v":1,"id":"qkv","cells":{"t":1e999}}')],
  ])('refuses %s: "does not hold valid numbers", and changes nothing', (_what, text) => {
    const nb = chapter();
    const r = decodeState(nb, text);
    expect(r).toEqual({ ok: false, error: 'the link does not hold valid numbers' });
    expect(nb.snapshot()).toEqual({
      E: [
        [1, 2],
        [3, 4],
      ],
      t: 1,
    });
  });

  it('takes finite numbers and spelled-out infinities, and ignores fields it does not know', () => {
    const r = decodeState(
      chapter(),
      link({
        v: 1,
        id: 'qkv',
        extra: 'x',
        cells: {
          E: [
            ['-Infinity', 2.5],
            [3, 'Infinity'],
          ],
        },
      }),
    );
    expect(r.ok).toBe(true);
    if (r.ok)
      expect([...r.values]).toEqual([
        [
          'E',
          [
            [-Infinity, 2.5],
            [3, Infinity],
          ],
        ],
      ]);
  });

  it('tells a link for another chapter from a malformed one', () => {
    expect(decodeState(chapter(), link({ v: 1, id: 'other', cells: { t: 2 } }))).toEqual({
      ok: false,
      error: 'the link is for another chapter',
    });
  });
});
