/**
 * The explorer's handling of what a reader types: good and weighted expressions, unknown
 * words with suggestions, and bad syntax, each an outcome with a message, never an
 * exception. Uses the real restricted parser.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeAsset, ASSET_FILE } from '../../src/embeddings/asset.ts';
import { combine, cosine, nearest } from '../../src/embeddings/explore.ts';
import {
  normaliseQuery,
  readTerms,
  runQuery,
  termsText,
  wordSpace,
  type QueryOutcome,
  type WordSpace,
} from '../../src/embeddings/query.ts';
import { parse } from '../../src/notebook/parse.ts';
import { fixtureEmbeddings, repoPath } from './helpers.ts';

const emb = fixtureEmbeddings();
const space: WordSpace = { ...emb, unit: emb.vectors };

function ok(o: QueryOutcome) {
  if (o.status !== 'ok') throw new Error(`expected ok, got ${JSON.stringify(o)}`);
  return o;
}

describe('runQuery on the fixture vectors', () => {
  it('answers a - b + c with the nearest words, leaving out the typed words', () => {
    const o = ok(runQuery(space, 'father - son + daughter', parse, { k: 4 }));
    expect(o.terms).toEqual([
      { word: 'father', weight: 1 },
      { word: 'son', weight: -1 },
      { word: 'daughter', weight: 1 },
    ]);
    const q = combine(space, o.terms);
    const expected = nearest(space, q, 4, ['father', 'son', 'daughter']);
    expect(o.neighbours).toEqual(expected);
    expect(o.neighbours.map((n) => n.word)).not.toContain('father');
    // The similarity is the cosine of the word's vector with the sum.
    const top = o.neighbours[0]!;
    const v = emb.vectors.subarray(top.index * emb.dims, (top.index + 1) * emb.dims);
    expect(Math.abs(top.similarity - cosine(v, q))).toBeLessThan(1e-12);
  });

  it('lists the typed words when asked', () => {
    const o = ok(runQuery(space, 'father', parse, { k: 3, includeInputs: true }));
    expect(o.neighbours[0]!.word).toBe('father');
    expect(o.neighbours[0]!.similarity).toBeCloseTo(1, 12);
    expect(o.includeInputs).toBe(true);
  });

  it('reads weights, typographic minus signs and capitals', () => {
    const o = ok(runQuery(space, '0.5*Father + mother/2 − 0.25 boy', parse, { k: 2 }));
    expect(o.terms).toEqual([
      { word: 'father', weight: 0.5 },
      { word: 'mother', weight: 0.5 },
      { word: 'boy', weight: -0.25 },
    ]);
    expect(termsText(o.terms)).toBe('0.5 father + 0.5 mother − 0.25 boy');
    expect(normaliseQuery('  king − man  ')).toBe('king - man');
  });

  it('reads words the expression reader keeps for itself (not, true, to …) as words', () => {
    const terms = (text: string) => {
      const r = readTerms(text, parse);
      if (!r.ok) throw new Error(r.message);
      return r.terms.map((t) => [t.word, t.weight]);
    };
    expect(terms('yes - no + not')).toEqual([
      ['yes', 1],
      ['no', -1],
      ['not', 1],
    ]);
    expect(terms('true - false + null - undefined')).toEqual([
      ['true', 1],
      ['false', -1],
      ['null', 1],
      ['undefined', -1],
    ]);
    expect(terms('2 to + 0.5 in - or/2 + xor - mod')).toEqual([
      ['to', 2],
      ['in', 0.5],
      ['or', -0.5],
      ['xor', 1],
      ['mod', -1],
    ]);
    // A keyword inside a longer word, or in another case, is just part of that word.
    expect(terms('nothing + Not + into')).toEqual([
      ['nothing', 1],
      ['not', 1],
      ['into', 1],
    ]);
    // Messages still point at the reader's own text and name the reader's words.
    const bad = readTerms('not - ', parse);
    const plain = readTerms('abc - ', parse);
    expect(bad.ok || bad.message).toBe(plain.ok || plain.message);
    expect(bad.ok || bad.message).toMatch(/\(char 6\)/);
    const product = readTerms('not * true', parse);
    expect(product.ok || product.message).toMatch(/two words cannot be multiplied/);
    expect(product.ok || product.message).not.toMatch(/_\d/);
  });

  it('names every unknown word with known spellings close to it', () => {
    const o = runQuery(space, 'fathr - son + dauhgter + zzzz', parse);
    expect(o).toEqual({
      status: 'unknown',
      terms: expect.any(Array),
      unknown: [
        { word: 'fathr', suggestions: ['father'] },
        { word: 'dauhgter', suggestions: ['daughter'] },
        { word: 'zzzz', suggestions: [] },
      ],
    });
  });

  it.each([
    ['king - ', /^Not understood: unexpected end of expression/],
    ['king * man', /two words cannot be multiplied.*e\.g\. king - man \+ woman\.$/],
    ['king queen', /two words side by side count as multiplied too: put \+ or − between them/],
    ['sqrt(king)', /"sqrt" is not available here/],
    ['king + 1', /a number on its own cannot be added to a word/],
    ['king = queen', /assignments/],
    ['', /^Type some words/],
    ['father - father', /cancel out/],
    ['0.1*son + 0.2*son - 0.3*son', /cancel out/],
  ])('turns %j into a message, not an exception', (text, message) => {
    const o = runQuery(space, text, parse);
    expect(o.status).toBe('invalid');
    expect(o.status === 'invalid' && o.message).toMatch(message);
  });
});

describe('the toy vectors of chapter 1', () => {
  const toy = wordSpace(
    ['Queen', 'King', 'Dad', 'Mom'],
    [
      [0.2, 0.5, 0.1],
      [0.9, 0.5, 0.1],
      [0.9, 0.7, 0.9],
      [0.2, 0.7, 0.9],
    ],
  );

  it('adds the vectors as they are: queen - king + dad is exactly mom', () => {
    const o = ok(runQuery(toy, 'queen - king + dad', parse));
    expect(o.neighbours.map((n) => n.word)).toEqual(['mom']);
    expect(o.neighbours[0]!.similarity).toBeCloseTo(1, 12);
  });

  it('gives the cosines of the source: mom-dad 0.88, mom-king 0.52', () => {
    const o = ok(runQuery(toy, 'mom', parse, { includeInputs: true }));
    const sim = Object.fromEntries(o.neighbours.map((n) => [n.word, n.similarity]));
    expect(sim['dad']).toBeCloseTo(0.88, 2);
    expect(sim['king']).toBeCloseTo(0.52, 2);
  });

  it('knows only its four words', () => {
    const o = runQuery(toy, 'king - man + woman', parse);
    expect(o.status === 'unknown' && o.unknown.map((u) => u.word)).toEqual(['man', 'woman']);
  });
});

describe('the site asset', () => {
  const asset = decodeAsset(readFileSync(repoPath(`public/${ASSET_FILE}`)));
  const real: WordSpace = { ...asset, unit: asset.vectors };

  it('answers king - man + woman with queen; with the typed words shown, king comes first', () => {
    const o = ok(runQuery(real, 'king - man + woman', parse, { k: 5 }));
    expect(o.neighbours[0]!.word).toBe('queen');
    const all = ok(runQuery(real, 'king - man + woman', parse, { k: 5, includeInputs: true }));
    expect(all.neighbours[0]!.word).toBe('king');
    expect(all.neighbours[1]).toEqual(o.neighbours[0]);
  });

  it('suggests spellings among the 30,000 words', () => {
    const o = runQuery(real, 'kign - man + womna', parse);
    expect(o.status === 'unknown' && o.unknown.map((u) => [u.word, u.suggestions[0]])).toEqual([
      ['kign', 'king'],
      ['womna', 'woman'],
    ]);
  });
});
