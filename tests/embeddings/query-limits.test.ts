/**
 * Text the explorer refuses before parsing: too long, brackets nested too deeply, too
 * many signs in a row. Each gets a message that says what to change, never the engine's
 * "Maximum call stack size exceeded"; text within the limits still reads as before.
 */
import { describe, expect, it } from 'vitest';
import {
  MAX_NESTING,
  MAX_QUERY_LENGTH,
  MAX_SIGNS_IN_A_ROW,
  readTerms,
} from '../../src/embeddings/query.ts';
import { parse } from '../../src/notebook/parse.ts';

const nested = (depth: number, open = '(', close = ')') =>
  `${open.repeat(depth)}king${close.repeat(depth)}`;

describe('readTerms: limits checked before parsing', () => {
  it('refuses brackets nested deeper than the limit, naming the depth, even when the text is short enough', () => {
    // 247 levels fit in 500 characters; the browser's stack does not always hold them.
    const text = nested(247);
    expect(text.length).toBeLessThanOrEqual(MAX_QUERY_LENGTH);
    const r = readTerms(text, parse);
    expect(r).toEqual({
      ok: false,
      message: expect.stringMatching(/^Too many brackets inside one another \(247 deep\)/),
    });
    // Square and curly brackets are recursion for the parser too; so are unclosed ones.
    for (const t of [nested(30, '[', ']'), nested(30, '{', '}'), `${'('.repeat(40)}king`]) {
      const m = readTerms(t, parse);
      expect(m.ok).toBe(false);
      if (!m.ok) expect(m.message).toMatch(/^Too many brackets inside one another/);
    }
  });

  it('reads brackets up to the limit as before', () => {
    expect(readTerms(nested(MAX_NESTING), parse)).toEqual({
      ok: true,
      terms: [{ word: 'king', weight: 1 }],
    });
    expect(readTerms(`queen - ${nested(MAX_NESTING - 1)} + (woman)`, parse)).toEqual({
      ok: true,
      terms: [
        { word: 'queen', weight: 1 },
        { word: 'king', weight: -1 },
        { word: 'woman', weight: 1 },
      ],
    });
    expect(readTerms(nested(MAX_NESTING + 1), parse).ok).toBe(false);
  });

  it('refuses long runs of signs, and reads runs up to the limit (an even number of minus signs is +)', () => {
    const many = readTerms(`${'- '.repeat(200)}king`, parse);
    expect(many).toEqual({
      ok: false,
      message: expect.stringMatching(/^Too many \+ and − signs in a row \(200\)/),
    });
    expect(readTerms(`${'-'.repeat(MAX_SIGNS_IN_A_ROW)}king`, parse)).toEqual({
      ok: true,
      terms: [{ word: 'king', weight: 1 }],
    });
    expect(readTerms(`queen ${'-'.repeat(MAX_SIGNS_IN_A_ROW - 1)} king`, parse)).toEqual({
      ok: true,
      terms: [
        { word: 'queen', weight: 1 },
        { word: 'king', weight: -1 },
      ],
    });
    expect(readTerms(`${'-'.repeat(MAX_SIGNS_IN_A_ROW + 1)}king`, parse).ok).toBe(false);
  });

  it('refuses text over the length limit with its length', () => {
    const text = Array.from({ length: 100 }, () => 'king').join(' + ');
    expect(text.length).toBe(697);
    expect(readTerms(text, parse)).toEqual({
      ok: false,
      message: expect.stringMatching(
        /^Too long: 697 characters, and the explorer reads at most 500/,
      ),
    });
  });

  it('names a stack that runs out anyway instead of showing the engine message', () => {
    const overflowing = (): never => {
      throw new RangeError('Maximum call stack size exceeded');
    };
    const r = readTerms('king - man + woman', overflowing);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).not.toMatch(/call stack/);
      expect(r.message).toMatch(/nested too deeply/);
    }
  });
});
