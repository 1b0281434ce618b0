/**
 * The word vectors and analogy questions at build time, read from public/data/ (the very
 * files the page fetches), so the examples a page shows with JavaScript off are computed
 * by the same code from the same numbers. Read once per build.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ASSET_FILE,
  QUESTIONS_FILE,
  decodeAsset,
  type DecodedAsset,
} from '../../embeddings/asset.ts';
import { evaluateAnalogies, type EvaluationResult } from '../../embeddings/evaluate.ts';
import { parseQuestions } from '../../embeddings/questions.ts';
import type { WordSpace } from '../../embeddings/query.ts';

const publicPath = (file: string): string => join(process.cwd(), 'public', file);

let asset: DecodedAsset | null = null;
export function buildAsset(): DecodedAsset & WordSpace & { bytes: number } {
  asset ??= decodeAsset(readFileSync(publicPath(ASSET_FILE)));
  return { ...asset, unit: asset.vectors, bytes: statSync(publicPath(ASSET_FILE)).size };
}

/** The tallies of a run, without its per-question answers. */
export type EvaluationSummary = Omit<EvaluationResult, 'predictions'>;

/**
 * Results are kept under .astro/cache (Astro's own, ignored by git), named by a hash of everything they depend
 * on (the two data files and the evaluation's source), so a rebuild skips the seconds the
 * run takes and any change to those files runs it again.
 */
function cacheFile(n: number): string {
  const h = createHash('sha256');
  for (const f of [publicPath(ASSET_FILE), publicPath(QUESTIONS_FILE)]) h.update(readFileSync(f));
  for (const f of ['evaluate.ts', 'questions.ts', 'asset.ts', 'vectors.ts'])
    h.update(readFileSync(join(process.cwd(), 'src', 'embeddings', f)));
  h.update(String(n));
  return join(process.cwd(), '.astro', 'cache', `analogies-${h.digest('hex').slice(0, 16)}.json`);
}

const runs = new Map<number, Promise<EvaluationSummary>>();
/** The whole analogy evaluation at vocabulary size n, as the page's worker runs it. */
export function buildEvaluation(n: number): Promise<EvaluationSummary> {
  let r = runs.get(n);
  if (!r) {
    r = (async () => {
      const file = cacheFile(n);
      try {
        return JSON.parse(readFileSync(file, 'utf8')) as EvaluationSummary;
      } catch {
        // Not computed yet for these inputs.
      }
      const sections = parseQuestions(readFileSync(publicPath(QUESTIONS_FILE), 'utf8'));
      const { predictions: _, ...summary } = await evaluateAnalogies(buildAsset(), sections, { n });
      try {
        mkdirSync(join(file, '..'), { recursive: true });
        writeFileSync(file, JSON.stringify(summary));
      } catch {
        // A read-only tree: compute again next time.
      }
      return summary;
    })();
    runs.set(n, r);
  }
  return r;
}
