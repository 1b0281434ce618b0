import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { answerOne, evaluateAnalogies, similarityRows } from '../../src/embeddings/evaluate.ts';
import { parseQuestions } from '../../src/embeddings/questions.ts';
import { makeEmbeddings, normaliseRows } from '../../src/embeddings/vectors.ts';
import { fixtureEmbeddings, fixturePath, fixtureQuestions } from './helpers.ts';

interface ExpectedTally {
  total: number;
  covered: number;
  correct: number;
}
interface ExpectedRun {
  vocab: number;
  overall: ExpectedTally;
  semantic: ExpectedTally;
  syntactic: ExpectedTally;
  sections: (ExpectedTally & { name: string; syntactic: boolean })[];
  predictions: (string | null)[];
}
const expected = JSON.parse(readFileSync(fixturePath('embeddings-expected.json'), 'utf8')) as {
  runs: ExpectedRun[];
};

describe('evaluateAnalogies on the fixture', () => {
  const emb = fixtureEmbeddings();
  const sections = fixtureQuestions();

  for (const run of expected.runs) {
    it(`matches the numpy reference at N = ${run.vocab}`, async () => {
      const r = await evaluateAnalogies(emb, sections, { n: run.vocab });
      const pick = (t: ExpectedTally) => ({
        total: t.total,
        covered: t.covered,
        correct: t.correct,
      });
      expect(pick(r.overall)).toEqual(pick(run.overall));
      expect(pick(r.semantic)).toEqual(pick(run.semantic));
      expect(pick(r.syntactic)).toEqual(pick(run.syntactic));
      expect(r.sections.map((s) => ({ name: s.name, syntactic: s.syntactic, ...pick(s) }))).toEqual(
        run.sections.map((s) => ({ name: s.name, syntactic: s.syntactic, ...pick(s) })),
      );
      expect(Array.from(r.predictions, (i) => (i < 0 ? null : emb.words[i]))).toEqual(
        run.predictions,
      );
      expect(r.skipped).toBe(run.overall.total - run.overall.covered);
    });
  }

  it('never answers with a question word and agrees with the plain per-question form', async () => {
    const n = emb.words.length;
    const r = await evaluateAnalogies(emb, sections, { n });
    const flat = sections.flatMap((s) => s.questions);
    const rows = emb.words.map((_, i) => i);
    const S = new Float64Array(n * n);
    similarityRows(emb.vectors, emb.dims, n, rows, S, 0, n);
    flat.forEach((q, i) => {
      const idx = q.map((w) => emb.index.get(w) ?? -1);
      if (idx.some((x) => x < 0)) return expect(r.predictions[i]).toBe(-1);
      const [a, b, c] = idx as [number, number, number, number];
      expect([a, b, c]).not.toContain(r.predictions[i]);
      expect(r.predictions[i]).toBe(answerOne(S, n, a, b, c, a, b, c));
    });
  });

  it('breaks ties towards the lower index', async () => {
    // d1 and d2 have the same vector: the more frequent (lower index) must win.
    const words = ['a', 'b', 'c', 'd1', 'd2', 'e'];
    const v = Float64Array.from([
      1, 0, 0, 0.8, 0.6, 0, 0, 0, 1, 0.6, 0.8, 0.5, 0.6, 0.8, 0.5, -1, 0, 0,
    ]);
    normaliseRows(v, 3);
    const emb2 = makeEmbeddings(words, 3, v, 'test');
    const r = await evaluateAnalogies(emb2, parseQuestions(': t\na b c d1\na b c d2\n'), { n: 6 });
    expect(Array.from(r.predictions)).toEqual([3, 3]);
    expect(r.overall.correct).toBe(1);
  });

  it('reports progress up to 1 and stops when aborted', async () => {
    const seen: number[] = [];
    await evaluateAnalogies(emb, sections, {
      n: 60,
      sliceMs: 0,
      onProgress: (p) => seen.push(p.fraction),
    });
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((f, i) => i === 0 || f >= seen[i - 1]!)).toBe(true);

    const controller = new AbortController();
    const p = evaluateAnalogies(emb, sections, {
      n: 60,
      sliceMs: 0,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('covers nothing when N is tiny, without failing', async () => {
    const r = await evaluateAnalogies(emb, sections, { n: 3 });
    expect(r.overall.covered).toBe(0);
    expect(Number.isNaN(r.overall.accuracy)).toBe(true);
    expect(r.skipped).toBe(23);
  });
});

describe('parseQuestions', () => {
  it('reads the Google set: 19544 questions, 14 sections, 9 of them syntactic', () => {
    const text = readFileSync(
      new URL('../../public/data/questions-words.txt', import.meta.url),
      'utf8',
    );
    const sections = parseQuestions(text);
    expect(sections.reduce((n, s) => n + s.questions.length, 0)).toBe(19544);
    expect(sections).toHaveLength(14);
    expect(sections.filter((s) => s.syntactic)).toHaveLength(9);
    expect(sections[0]!.questions[0]).toEqual(['athens', 'greece', 'baghdad', 'iraq']);
  });

  it('rejects a line that is not four words', () => {
    expect(() => parseQuestions(': x\na b c\n')).toThrow(/line 2/);
  });
});
