/**
 * Cutting text into the tokens of the GloVe vocabulary the site ships: every visible
 * character ends up in exactly one token, each token's row is the vocabulary's row for its
 * lower-cased text (or none), and the matrix holds exactly those rows. Checked on the real
 * asset, with property tests over arbitrary text.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ASSET_FILE, decodeAsset } from '../../src/embeddings/asset.ts';
import { tokenize, type Token } from '../../src/embeddings/tokens.ts';
import { tokenListHtml, tokenSummary, tokenVectors } from '../../src/widgets/token-render.ts';
import { repoPath } from './helpers.ts';

const asset = decodeAsset(readFileSync(repoPath(`public/${ASSET_FILE}`)));
const cut = (text: string): Token[] => tokenize(asset.index, text);
const pieces = (text: string) => cut(text).map((t) => [t.text, t.id]);
const row = (word: string) => asset.words.indexOf(word);

/** Text made of vocabulary words, names, punctuation, joins, accents, emoji and spaces. */
const text = fc
  .array(
    fc.oneof(
      fc.constantFrom(...asset.words.slice(0, 300), 'Mango', 'GREEK', 'mangoes', 'Terry'),
      fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0', ',', '.', '!', '?', '-', "'", '’', '—'),
      fc.constantFrom('ice-cold', "don't", 'well-known', 'café', 'naïve', '😀', 'e\u0301'),
      fc.string({ maxLength: 4 }),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

describe('tokenize', () => {
  it('cuts the chapter’s sentence into its words and the full stop, each with its row', () => {
    expect(pieces('Terry loves to eat Mango Greek Yogurt.')).toEqual(
      ['terry', 'loves', 'to', 'eat', 'mango', 'greek', 'yogurt', '.'].map((w, k) => [
        ['Terry', 'loves', 'to', 'eat', 'Mango', 'Greek', 'Yogurt', '.'][k],
        row(w),
      ]),
    );
    // Rows are in frequency order: "the" is the most frequent word, the comma next.
    expect(pieces('The, the')).toEqual([
      ['The', 0],
      [',', 1],
      ['the', 0],
    ]);
  });

  it('gives a word outside the vocabulary no row', () => {
    expect(row('mangoes')).toBe(-1);
    expect(pieces('ripe mangoes')).toEqual([
      ['ripe', row('ripe')],
      ['mangoes', null],
    ]);
  });

  it('keeps a joined word the vocabulary has, and looks up the parts of one it lacks', () => {
    expect(row('well-known')).toBeGreaterThan(0);
    expect(row('ice-cold')).toBe(-1);
    expect(pieces('well-known ice-cold')).toEqual([
      ['well-known', row('well-known')],
      ['ice', row('ice')],
      ['-', row('-')],
      ['cold', row('cold')],
    ]);
  });

  it('has no tokens for empty or blank text', () => {
    expect(cut('')).toEqual([]);
    expect(cut(' \n\t\u00a0 ')).toEqual([]);
  });

  it('puts every visible character in exactly one token, in order', () => {
    fc.assert(
      fc.property(text, (t) => {
        const tokens = cut(t);
        expect(tokens.map((k) => k.text).join('')).toBe(t.replace(/\s/gu, ''));
        for (const k of tokens) expect(k.text).not.toMatch(/\s/u);
      }),
      { numRuns: 300 },
    );
  });

  it('gives each token the row of its lower-cased text, or none when the vocabulary has none', () => {
    fc.assert(
      fc.property(text, (t) => {
        for (const k of cut(t)) {
          const at = asset.words.indexOf(k.text.toLowerCase());
          expect(k.id).toBe(at === -1 ? null : at);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('the tokens widget’s content', () => {
  it('builds the matrix from the rows of the tokens that have one, in order', () => {
    fc.assert(
      fc.property(text, (t) => {
        const tokens = cut(t);
        const known = tokens.filter((k) => k.id !== null);
        const v = tokenVectors(tokens, asset.vectors, asset.dims);
        if (known.length === 0) {
          expect(v).toBeNull();
          return;
        }
        expect(v!.labels).toEqual(known.map((k) => k.text));
        expect(v!.matrix.rows).toBe(known.length);
        expect(v!.matrix.cols).toBe(asset.dims);
        known.forEach((k, r) => {
          const want = Array.from(
            asset.vectors.subarray(k.id! * asset.dims, (k.id! + 1) * asset.dims),
          );
          expect(v!.matrix.toArray()[r]).toEqual(want);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('says how many tokens there are and which have no row', () => {
    expect(tokenSummary(cut(''))).toBe('No tokens, so no vectors: type some text.');
    expect(tokenSummary(cut('Zyxt'))).toBe(
      '1 token, none with a row in the vocabulary; no row for “Zyxt”, so no vectors.',
    );
    expect(tokenSummary(cut('mango'))).toBe('1 token, every one with a row in the vocabulary.');
    expect(row('zyxt')).toBe(-1);
    expect(tokenSummary(cut('The mangoes, the mangoes and Zyxt'))).toBe(
      '7 tokens, 4 with a row in the vocabulary; no row for “mangoes”, “Zyxt”.',
    );
  });

  it('lists the tokens as typed, escaped, with their rows', () => {
    const html = tokenListHtml(cut('<b>Mango</b> mangoes'));
    expect(html).toContain('<span class="tk-text">&lt;</span>');
    expect(html).toContain(
      `<span class="tk-text">Mango</span> <span class="tk-id"><span class="visually-hidden">row </span>${row('mango')}</span>`,
    );
    expect(html).toContain(
      '<li class="tk tk-unknown"><span class="tk-text">mangoes</span> <span class="tk-id">no row</span></li>',
    );
    expect(html).not.toContain('<b>');
  });
});
