import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ASSET_FILE, decodeAsset, encodeAsset } from '../../src/embeddings/asset.ts';
import { combine, nearest } from '../../src/embeddings/explore.ts';
import { fixtureEmbeddings, repoPath } from './helpers.ts';

describe('int8 asset', () => {
  const emb = fixtureEmbeddings();

  it('round-trips words and vectors within the int8 bound', () => {
    const bytes = encodeAsset(emb.words, emb.dims, emb.vectors);
    expect(bytes.length).toBe(
      24 + new TextEncoder().encode(emb.words.join('\n')).length + emb.words.length * emb.dims,
    );
    const back = decodeAsset(bytes.slice().buffer);
    expect(back.words).toEqual(emb.words);
    expect(back.dims).toBe(emb.dims);
    const d = emb.dims;
    for (let i = 0; i < emb.words.length; i++) {
      const u = emb.vectors.subarray(i * d, (i + 1) * d);
      const v = back.vectors.subarray(i * d, (i + 1) * d);
      let m = 0;
      let dot = 0;
      let vv = 0;
      for (let k = 0; k < d; k++) {
        m = Math.max(m, Math.abs(u[k]!));
        dot += u[k]! * v[k]!;
        vv += v[k]! * v[k]!;
      }
      // Each component is off by at most half a step, m/254, so the error vector is at most
      // eps = sqrt(d)·m/254 long and 1 − cos ≤ 1 − sqrt(1 − eps²).
      const eps = (Math.sqrt(d) * m) / 254;
      expect(Math.abs(vv - 1)).toBeLessThan(1e-6);
      expect(1 - dot).toBeLessThanOrEqual(1 - Math.sqrt(1 - eps * eps) + 1e-6);
    }
  });

  it('keeps non-ASCII words and decodes from a Uint8Array view at an offset', () => {
    const words = ['café', 'naïve', '東京'];
    const v = Float32Array.from([1, 0, 0, 0, 1, 0, 0.6, 0, 0.8]);
    const bytes = encodeAsset(words, 3, v);
    const padded = new Uint8Array(bytes.length + 5);
    padded.set(bytes, 5);
    const back = decodeAsset(padded.subarray(5));
    expect(back.words).toEqual(words);
    const [x, y, z] = back.vectors.subarray(6, 9);
    expect(x).toBeCloseTo(0.6, 2);
    expect(y).toBe(0);
    expect(z).toBeCloseTo(0.8, 2);
  });

  it('rejects what is not an asset', () => {
    const bytes = encodeAsset(emb.words, emb.dims, emb.vectors);
    const bad = bytes.slice();
    bad[0] = 0;
    expect(() => decodeAsset(bad)).toThrow(/magic/);
    expect(() => decodeAsset(bytes.slice(0, bytes.length - 1))).toThrow(/size/);
    expect(() => decodeAsset(new Uint8Array(3))).toThrow(/too short/);
    expect(() => encodeAsset(['a\nb'], 1, [1] as unknown as Float64Array)).toThrow(/newline/);
  });
});

const sitePath = repoPath(`public/${ASSET_FILE}`);
describe.skipIf(!existsSync(sitePath))('the committed site asset', () => {
  it('answers queen to king - man + woman', () => {
    const asset = decodeAsset(readFileSync(sitePath));
    expect(asset.words.length).toBe(30000);
    expect(asset.words.slice(0, 3)).toEqual(['the', ',', '.']);
    const terms = [
      { word: 'king', weight: 1 },
      { word: 'man', weight: -1 },
      { word: 'woman', weight: 1 },
    ];
    const top = nearest(asset, combine(asset, terms), 5, ['king', 'man', 'woman']);
    expect(top[0]!.word).toBe('queen');
  });
});
