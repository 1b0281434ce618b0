import { describe, expect, it } from 'vitest';
import {
  combine,
  editDistance,
  linearTerms,
  nearest,
  suggestSpellings,
  UnknownWordsError,
  type Expr,
} from '../../src/embeddings/explore.ts';
import { fixtureEmbeddings } from './helpers.ts';

const num = (value: number): Expr => ({ kind: 'number', value });
const sym = (name: string): Expr => ({ kind: 'symbol', name });
const call = (fn: string, ...args: Expr[]): Expr => ({ kind: 'call', fn, args });

describe('linearTerms', () => {
  it('reads king - man + woman', () => {
    expect(
      linearTerms(call('add', call('subtract', sym('king'), sym('man')), sym('woman'))),
    ).toEqual([
      { word: 'king', weight: 1 },
      { word: 'man', weight: -1 },
      { word: 'woman', weight: 1 },
    ]);
  });

  it('reads number weights on either side, division, unary signs, and sums repeated words', () => {
    // 0.5*king + queen*0.5
    expect(
      linearTerms(
        call(
          'add',
          call('multiply', num(0.5), sym('king')),
          call('multiply', sym('queen'), num(0.5)),
        ),
      ),
    ).toEqual([
      { word: 'king', weight: 0.5 },
      { word: 'queen', weight: 0.5 },
    ]);
    // -paris/2 + +france - 2*(3*x) + x
    const e = call(
      'add',
      call(
        'subtract',
        call(
          'add',
          call('divide', call('unaryMinus', sym('paris')), num(2)),
          call('unaryPlus', sym('france')),
        ),
        call('multiply', num(2), call('multiply', num(3), sym('x'))),
      ),
      sym('x'),
    );
    expect(linearTerms(e)).toEqual([
      { word: 'paris', weight: -0.5 },
      { word: 'france', weight: 1 },
      { word: 'x', weight: -5 },
    ]);
    // (2 - 0.5) * king: numbers may be combined before weighting a word
    expect(linearTerms(call('multiply', call('subtract', num(2), num(0.5)), sym('King')))).toEqual([
      { word: 'king', weight: 1.5 },
    ]);
  });

  const bad: [string, Expr, RegExp][] = [
    [
      'two words multiplied',
      call('multiply', sym('king'), sym('queen')),
      /two words cannot be multiplied/,
    ],
    ['division by a word', call('divide', num(1), sym('king')), /cannot divide by a word/],
    ['division by zero', call('divide', sym('king'), num(0)), /division by zero/],
    ['a function', call('sqrt', sym('king')), /"sqrt" is not available/],
    ['a lone number', num(3), /no word/],
    ['a number added to a word', call('add', sym('king'), num(1)), /number on its own/],
    ['a power', call('pow', sym('king'), num(2)), /"pow" is not available/],
    ['an infinite weight', call('multiply', num(Infinity), sym('king')), /not a usable weight/],
  ];
  for (const [label, expr, why] of bad) {
    it(`explains instead of crashing: ${label}`, () => {
      expect(() => linearTerms(expr)).toThrow(why);
      expect(() => linearTerms(expr)).toThrow(
        /only sums of words with number weights are allowed, e\.g\. king - man \+ woman/,
      );
    });
  }
});

describe('suggestSpellings', () => {
  const vocab = ['the', 'queen', 'queens', 'green', 'king', 'kings', 'kind', 'wing', 'quern'];

  it('finds close spellings, nearest first, then most frequent', () => {
    expect(suggestSpellings('qeen', vocab, 3)).toEqual(['queen']);
    expect(suggestSpellings('quuen', vocab, 3)).toEqual(['queen', 'queens', 'quern']);
    expect(suggestSpellings('kign', vocab, 3)).toEqual(['king']);
    expect(suggestSpellings('kingz', vocab, 2)).toEqual(['king', 'kings']);
    expect(suggestSpellings('KINGZ', vocab, 1)).toEqual(['king']);
  });

  it('returns nothing when nothing is close, and never the word itself', () => {
    expect(suggestSpellings('xylophone', vocab, 3)).toEqual([]);
    expect(suggestSpellings('king', vocab, 2)).toEqual(['kings', 'kind']);
  });

  it('edit distance counts swaps of neighbours as one edit', () => {
    expect(editDistance('kign', 'king')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abc', 'xyz', 1)).toBe(2);
    expect(editDistance('', 'ab')).toBe(2);
  });
});

describe('nearest and combine', () => {
  const emb = fixtureEmbeddings();

  it('finds a word as its own nearest neighbour, and leaves out excluded words', () => {
    const v = combine(emb, [{ word: 'russia', weight: 1 }]);
    const [first] = nearest(emb, v, 1, []);
    expect(first!.word).toBe('russia');
    expect(first!.similarity).toBeCloseTo(1, 12);
    const top = nearest(emb, v, 5, ['russia', emb.index.get('moscow')!]);
    expect(top).toHaveLength(5);
    expect(top.map((t) => t.word)).not.toContain('russia');
    expect(top.map((t) => t.word)).not.toContain('moscow');
    for (let i = 1; i < top.length; i++)
      expect(top[i]!.similarity).toBeLessThanOrEqual(top[i - 1]!.similarity);
  });

  it('searches only the first `limit` words', () => {
    const v = combine(emb, [{ word: 'louder', weight: 1 }]);
    const top = nearest(emb, v, 3, [], 10);
    expect(top.every((t) => t.index < 10)).toBe(true);
  });

  it('names every unknown word', () => {
    expect(() =>
      combine(emb, [
        { word: 'kingg', weight: 1 },
        { word: 'the', weight: 1 },
        { word: 'zzz', weight: 2 },
      ]),
    ).toThrow(UnknownWordsError);
    try {
      combine(emb, [
        { word: 'kingg', weight: 1 },
        { word: 'zzz', weight: 2 },
      ]);
    } catch (e) {
      expect((e as UnknownWordsError).words).toEqual(['kingg', 'zzz']);
    }
  });
});
