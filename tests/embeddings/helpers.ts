import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseQuestions, type Section } from '../../src/embeddings/questions.ts';
import { makeEmbeddings, normaliseRows, type Embeddings } from '../../src/embeddings/vectors.ts';

export const fixturePath = (name: string): string =>
  fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
export const repoPath = (p: string): string =>
  fileURLToPath(new URL(`../../${p}`, import.meta.url));

export interface Fixture {
  readonly dims: number;
  readonly words: string[];
  readonly vectors: number[][];
}

export function loadFixture(): Fixture {
  return JSON.parse(readFileSync(fixturePath('embeddings-fixture.json'), 'utf8')) as Fixture;
}

export function fixtureEmbeddings(): Embeddings {
  const fx = loadFixture();
  const v = Float64Array.from(fx.vectors.flat());
  normaliseRows(v, fx.dims);
  return makeEmbeddings(fx.words, fx.dims, v, 'float64 (fixture)');
}

export function fixtureQuestions(): Section[] {
  return parseQuestions(readFileSync(fixturePath('embeddings-questions.txt'), 'utf8'));
}
