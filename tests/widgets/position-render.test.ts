/**
 * The position chapter's widget markup (a reordered sentence, pairs as arrows, typed words)
 * and the random example's rule for an order: it stays an order.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { matrix } from '../../src/engine/index.ts';
import { isOrder, randomMatrices, ranksOf } from '../../src/notebook/presets.ts';
import { pairArrows, reordered, rotationSvg, wordsOf } from '../../src/widgets/position-render.ts';

const words = ['the', 'dog', 'bites', 'the', 'man'];

describe('reordered', () => {
  it('reads the words in the order listed, from a row or a column', () => {
    expect(reordered(words, matrix([[1, 5, 3, 4, 2]]))).toEqual({
      ok: true,
      text: 'the man bites the dog',
    });
    expect(reordered(words, matrix([[5], [4], [3], [2], [1]]))).toEqual({
      ok: true,
      text: 'man the bites dog the',
    });
  });

  it('says what is wrong with an order that is not one', () => {
    const r = reordered(words, matrix([[1, 2, 3, 4, 4]]));
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.error).toBe(
        'not an order of 1 to 5: 4 appears twice (entries 4 and 5) and 5 is missing: each of 1 to 5 must appear once',
      );
    const short = reordered(words, matrix([[1, 2]]));
    expect(short.ok || short.error).toBe(
      'not an order of 1 to 5: it has 2 entries but there are 5 rows to reorder',
    );
  });
});

describe('wordsOf', () => {
  it('cuts at any run of spaces, tabs or newlines', () => {
    expect(wordsOf('  dog\tbites \n man  ')).toEqual(['dog', 'bites', 'man']);
    expect(wordsOf('   ')).toEqual([]);
  });
});

describe('rotationSvg and pairArrows', () => {
  it('draws each arrow from the centre to its point, y up, scaled so the longest fits', () => {
    const arrows = pairArrows(
      [matrix([[3, 4, 9, 9]]), matrix([[0, -2.5, 1, 1]])],
      ['q', 'k<1>'],
      1,
    );
    expect(arrows).toEqual([
      { name: 'q', x: 3, y: 4 },
      { name: 'k<1>', x: 0, y: -2.5 },
    ]);
    const svg = rotationSvg(arrows, 'Pair 1');
    // The longest arrow (length 5) reaches 110 − 34 = 76 units from the centre (110, 110).
    expect(svg).toContain('x2="155.60" y2="49.20"');
    expect(svg).toContain('x2="110.00" y2="148.00"');
    // One dashed circle per length, names escaped, and no style attribute (the policy refuses them).
    expect(svg.match(/nb-rot-circle/g)).toHaveLength(2);
    expect(svg).toContain('k&lt;1&gt;');
    expect(svg).not.toMatch(/style=/);
    expect(svg).toContain('aria-label="Pair 1: q = (3.00, 4.00), k&lt;1&gt; = (0.00, −2.50)"');
  });

  it('leaves out an arrow it cannot draw instead of writing NaN', () => {
    const arrows = pairArrows([matrix([[1, 0]]), undefined], ['a', 'b'], 1);
    const svg = rotationSvg(arrows, 'x');
    expect(svg).not.toContain('NaN');
    expect(svg.match(/<g class="nb-rot-/g)).toHaveLength(1);
    expect(rotationSvg(pairArrows([matrix([[1, 2]])], ['a'], 2), 'y')).not.toContain('NaN');
  });
});

describe('a random example keeps an order an order', () => {
  it('isOrder: one row or column with each of 1 … n once, n ≥ 2', () => {
    expect(isOrder([[1, 5, 3, 4, 2]])).toBe(true);
    expect(isOrder([[2], [1]])).toBe(true);
    expect(isOrder([[1]])).toBe(false);
    expect(isOrder([[1, 1, 3]])).toBe(false);
    expect(isOrder([[0, 1, 2]])).toBe(false);
    expect(
      isOrder([
        [1, 2],
        [3, 4],
      ]),
    ).toBe(false);
  });

  it('ranksOf turns any seeded numbers into an order of the same shape, the same for the same seed', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 99999 }),
        fc.integer({ min: 2, max: 12 }),
        (seed, n) => {
          const keys = randomMatrices([['p', 1, n]], seed).get('p')!;
          const order = ranksOf(keys);
          expect(isOrder(order)).toBe(true);
          expect(ranksOf(randomMatrices([['p', 1, n]], seed).get('p')!)).toEqual(order);
        },
      ),
      { seed: 7, numRuns: 200 },
    );
    expect(ranksOf([[0.5, -1, 0.5, 0]])).toEqual([[3, 1, 4, 2]]);
  });
});
