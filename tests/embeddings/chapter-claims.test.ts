/**
 * What the prose of content/chapters/real-embeddings.mdx says in words about results the
 * page computes: each claim is checked here against the site asset, so a change of data
 * or code that makes the prose wrong fails a test.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ASSET_FILE, QUESTIONS_FILE, decodeAsset } from '../../src/embeddings/asset.ts';
import { evaluateAnalogies } from '../../src/embeddings/evaluate.ts';
import { parsePairs, projectPairs } from '../../src/embeddings/projection.ts';
import { parseQuestions } from '../../src/embeddings/questions.ts';
import { runQuery, type WordSpace } from '../../src/embeddings/query.ts';
import { parse } from '../../src/notebook/parse.ts';
import { repoPath } from './helpers.ts';

const asset = decodeAsset(readFileSync(repoPath(`public/${ASSET_FILE}`)));
const real: WordSpace = { ...asset, unit: asset.vectors };
const chapter = readFileSync(repoPath('content/chapters/real-embeddings.mdx'), 'utf8');
const top = (text: string, k: number, includeInputs = false): string[] => {
  const o = runQuery(real, text, parse, { k, includeInputs });
  if (o.status !== 'ok') throw new Error(text);
  return o.neighbours.map((n) => n.word);
};

describe('the claims of the real-embeddings chapter', () => {
  it('king - man + woman: queen first; king itself first with the switch on', () => {
    expect(top('king - man + woman', 1)).toEqual(['queen']);
    expect(top('king - man + woman', 1, true)).toEqual(['king']);
  });

  it('the suggested examples give the expected words', () => {
    expect(top('paris - france + italy', 1)).toEqual(['rome']);
    expect(top('walked - walk + swim', 1)).toEqual(['swam']);
    expect(top('king - dad + mom', 1)).toEqual(['queen']);
    expect(top('queen - king + dad', 1)).toEqual(['mom']);
  });

  it('hot and cold are near neighbours', () => {
    expect(top('hot', 10)).toContain('cold');
  });

  it('the offsets look parallel in the picture, are far less so in 100 numbers, and an unrelated one is not', () => {
    const pairs = /pairs="([^"]+)"/.exec(chapter)![1]!;
    const parsed = parsePairs(pairs);
    if (!parsed.ok) throw new Error(parsed.message);
    const r = projectPairs(real, parsed.pairs);
    if (!r.ok) throw new Error('unknown words');
    for (const p of r.model.pairs.slice(1)) {
      expect(p.cosPlane, `${p.from}>${p.to} in the picture`).toBeGreaterThan(0.8);
      expect(p.cosFull, `${p.from}>${p.to} in 100-d`).toBeLessThan(0.8);
      expect(p.cosFull).toBeGreaterThan(0.3);
    }
    const withParis = parsePairs(`${pairs}, paris > france`);
    const r2 = withParis.ok ? projectPairs(real, withParis.pairs) : null;
    expect(r2?.ok && Math.abs(r2.model.pairs.at(-1)!.cosFull)).toBeLessThan(0.2);
    expect(r.model.projection.kept).toBeLessThan(0.9);
  });

  it('about two in three right; capitals easy, currencies and adjective-to-adverb hard; figures as quoted', async () => {
    const sections = parseQuestions(readFileSync(repoPath(`public/${QUESTIONS_FILE}`), 'utf8'));
    const r = await evaluateAnalogies(asset, sections, { n: 30000 });
    expect(r.overall.accuracy).toBeGreaterThan(0.6);
    expect(r.overall.accuracy).toBeLessThan(0.7);
    const acc = (name: string) => r.sections.find((s) => s.name === name)!.accuracy;
    expect(acc('capital-common-countries')).toBeGreaterThan(0.85);
    expect(acc('currency')).toBeLessThan(0.3);
    expect(acc('gram1-adjective-to-adverb')).toBeLessThan(0.3);
    // The int8 figure and the coverage the prose quotes from src/embeddings/README.md.
    expect(r.overall.covered).toBe(15276);
    expect(chapter).toContain('122 of the 15,276 answers');
    expect((r.overall.accuracy * 100).toFixed(2)).toBe('65.68');
    expect(chapter).toContain('to 65.68 %');
  }, 60_000);
});
