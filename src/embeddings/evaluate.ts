/**
 * The analogy evaluation (3CosAdd, Mikolov et al. 2013): for "a is to b as c is to ?",
 * answer the word d, among the first `n` words and other than a, b and c, whose unit
 * vector maximises cos(d, b − a + c). With unit vectors this is the argmax of
 * d·b − d·a + d·c, so the similarity rows of the distinct question words against the n
 * candidates are computed once (a blocked matrix product) and every question is then
 * a single pass over n sums.
 *
 * Rules, stated so another implementation can reproduce the figures exactly:
 * - words are lower-cased (the vectors are);
 * - a question counts only when all four of its words are among the first `n` words,
 *   otherwise it is skipped; accuracy = correct / counted;
 * - candidates are the first `n` words minus the three question words;
 * - scores are computed in float64 as (d·b − d·a) + d·c; on a tie the lowest index
 *   (the more frequent word) wins;
 * - the `gram*` sections are syntactic, the others semantic.
 *
 * Pure and environment-free: runs in Node and in a web worker. It yields to the event
 * loop every `sliceMs` so that a cancel message can arrive, and stops with an
 * AbortError when `signal` is aborted.
 */
import type { Section } from './questions.ts';
import type { Embeddings, VectorArray } from './vectors.ts';

export interface Tally {
  readonly total: number;
  readonly covered: number;
  readonly correct: number;
  /** correct / covered; NaN when nothing is covered. */
  readonly accuracy: number;
}

export interface SectionTally extends Tally {
  readonly name: string;
  readonly syntactic: boolean;
}

export interface EvaluationResult {
  readonly n: number;
  readonly overall: Tally;
  readonly semantic: Tally;
  readonly syntactic: Tally;
  readonly sections: readonly SectionTally[];
  /** Skipped questions (a word outside the first n). */
  readonly skipped: number;
  /** Per question, in file order: the index of the answer given, or -1 if skipped. */
  readonly predictions: Int32Array;
  readonly elapsedMs: number;
}

export interface Progress {
  /** 0..1, weighting the similarity rows and the questions by their arithmetic. */
  readonly fraction: number;
  readonly questionsDone: number;
  readonly questionsCovered: number;
}

export interface EvaluateOptions {
  readonly n: number;
  readonly onProgress?: (p: Progress) => void;
  readonly signal?: AbortSignal;
  /** Yield to the event loop after this much work (ms). Default 30. */
  readonly sliceMs?: number;
  /** Memory allowed for similarity rows, in bytes. Default 128 MB. */
  readonly rowBudgetBytes?: number;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function abortError(): Error {
  const e = new Error('evaluation cancelled');
  e.name = 'AbortError';
  return e;
}

function tally(total: number, covered: number, correct: number): Tally {
  return { total, covered, correct, accuracy: covered > 0 ? correct / covered : Number.NaN };
}

/**
 * out[r*n + d] = rows[r] · vectors[d] for d < n, four rows at a time so each candidate
 * vector is read once per four rows.
 */
export function similarityRows(
  vectors: VectorArray,
  dims: number,
  n: number,
  rowIndices: readonly number[],
  out: Float64Array,
  from: number,
  to: number,
): void {
  let r = from;
  for (; r + 4 <= to; r += 4) {
    const o0 = rowIndices[r]! * dims;
    const o1 = rowIndices[r + 1]! * dims;
    const o2 = rowIndices[r + 2]! * dims;
    const o3 = rowIndices[r + 3]! * dims;
    const b0 = r * n;
    const b1 = b0 + n;
    const b2 = b1 + n;
    const b3 = b2 + n;
    for (let d = 0; d < n; d++) {
      const od = d * dims;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < dims; k++) {
        const x = vectors[od + k]!;
        s0 += x * vectors[o0 + k]!;
        s1 += x * vectors[o1 + k]!;
        s2 += x * vectors[o2 + k]!;
        s3 += x * vectors[o3 + k]!;
      }
      out[b0 + d] = s0;
      out[b1 + d] = s1;
      out[b2 + d] = s2;
      out[b3 + d] = s3;
    }
  }
  for (; r < to; r++) {
    const o0 = rowIndices[r]! * dims;
    const b0 = r * n;
    for (let d = 0; d < n; d++) {
      const od = d * dims;
      let s0 = 0;
      for (let k = 0; k < dims; k++) s0 += vectors[od + k]! * vectors[o0 + k]!;
      out[b0 + d] = s0;
    }
  }
}

/**
 * The plain form of one question (used to check the fast path in tests):
 * argmax over d in [0, n) minus {ia, ib, ic} of (S[rb][d] − S[ra][d]) + S[rc][d],
 * lowest index on ties.
 */
export function answerOne(
  S: Float64Array,
  n: number,
  ra: number,
  rb: number,
  rc: number,
  ia: number,
  ib: number,
  ic: number,
): number {
  // Split [0, n) at the excluded indices so the inner loop has no test in it.
  let e0 = ia;
  let e1 = ib;
  let e2 = ic;
  if (e0 > e1) [e0, e1] = [e1, e0];
  if (e1 > e2) [e1, e2] = [e2, e1];
  if (e0 > e1) [e0, e1] = [e1, e0];
  const A = ra * n;
  const B = rb * n;
  const C = rc * n;
  let best = -Infinity;
  let bestIdx = -1;
  let lo = 0;
  for (let seg = 0; seg < 4; seg++) {
    const hi = seg === 0 ? e0 : seg === 1 ? e1 : seg === 2 ? e2 : n;
    for (let d = lo; d < hi; d++) {
      const s = S[B + d]! - S[A + d]! + S[C + d]!;
      if (s > best) {
        best = s;
        bestIdx = d;
      }
    }
    lo = Math.max(lo, hi + 1);
  }
  return bestIdx;
}

/** argmax over d in [0, n), d ≠ skip, of T[d] + S[C + d]; lowest index on ties. */
function bestOf(T: Float64Array, S: Float64Array, C: number, n: number, skip: number): number {
  let best = -Infinity;
  let bestIdx = -1;
  for (let d = 0; d < skip; d++) {
    const s = T[d]! + S[C + d]!;
    if (s > best) {
      best = s;
      bestIdx = d;
    }
  }
  for (let d = skip + 1; d < n; d++) {
    const s = T[d]! + S[C + d]!;
    if (s > best) {
      best = s;
      bestIdx = d;
    }
  }
  return bestIdx;
}

export async function evaluateAnalogies(
  emb: Embeddings,
  sections: readonly Section[],
  options: EvaluateOptions,
): Promise<EvaluationResult> {
  const t0 = now();
  const { signal, onProgress } = options;
  const sliceMs = options.sliceMs ?? 30;
  const n = Math.max(0, Math.min(Math.floor(options.n), emb.words.length));
  const dims = emb.dims;
  const vectors = emb.vectors;

  // Flatten the questions and find which ones are covered.
  let total = 0;
  for (const s of sections) total += s.questions.length;
  const qa = new Int32Array(total);
  const qb = new Int32Array(total);
  const qc = new Int32Array(total);
  const qd = new Int32Array(total);
  const qSection = new Int32Array(total);
  const predictions = new Int32Array(total).fill(-1);
  const coveredList: number[] = [];
  const idx = (w: string): number => {
    const i = emb.index.get(w);
    return i !== undefined && i < n ? i : -1;
  };
  let q = 0;
  sections.forEach((s, si) => {
    for (const [a, b, c, d] of s.questions) {
      qa[q] = idx(a);
      qb[q] = idx(b);
      qc[q] = idx(c);
      qd[q] = idx(d);
      qSection[q] = si;
      if (qa[q]! >= 0 && qb[q]! >= 0 && qc[q]! >= 0 && qd[q]! >= 0) coveredList.push(q);
      q++;
    }
  });
  const covered = coveredList.length;

  // Work units for progress: a similarity row costs n*dims, a question 3n.
  const maxRows = Math.max(
    3,
    Math.floor((options.rowBudgetBytes ?? 128 * 1024 * 1024) / (8 * Math.max(n, 1))),
  );
  let distinctTotal = 0;
  {
    const seen = new Set<number>();
    for (const qi of coveredList) {
      seen.add(qa[qi]!);
      seen.add(qb[qi]!);
      seen.add(qc[qi]!);
    }
    distinctTotal = seen.size;
  }
  const workTotal = distinctTotal * n * dims + covered * 3 * n || 1;
  let workDone = 0;
  let questionsDone = 0;
  let lastYield = now();
  const checkpoint = async (): Promise<void> => {
    if (signal?.aborted) throw abortError();
    if (now() - lastYield >= sliceMs) {
      onProgress?.({
        fraction: Math.min(1, workDone / workTotal),
        questionsDone,
        questionsCovered: covered,
      });
      await yieldToLoop();
      lastYield = now();
      if (signal?.aborted) throw abortError();
    }
  };

  const correctBySection = new Int32Array(sections.length);
  const coveredBySection = new Int32Array(sections.length);
  // Yield once before the work, so that a cancel sent right after the start is seen.
  onProgress?.({ fraction: 0, questionsDone: 0, questionsCovered: covered });
  await yieldToLoop();
  if (signal?.aborted) throw abortError();
  lastYield = now();

  let S = new Float64Array(0);
  const T = new Float64Array(n);

  // Batches of questions whose distinct words fit the row budget (one batch at n = 30000).
  let pos = 0;
  while (pos < covered) {
    const rowOf = new Map<number, number>();
    const rowIndices: number[] = [];
    let end = pos;
    while (end < covered) {
      const qi = coveredList[end]!;
      let extra = 0;
      for (const w of [qa[qi]!, qb[qi]!, qc[qi]!]) if (!rowOf.has(w)) extra++;
      if (rowIndices.length + extra > maxRows) break;
      for (const w of [qa[qi]!, qb[qi]!, qc[qi]!]) {
        if (!rowOf.has(w)) {
          rowOf.set(w, rowIndices.length);
          rowIndices.push(w);
        }
      }
      end++;
    }
    if (S.length < rowIndices.length * n) S = new Float64Array(rowIndices.length * n);
    const step = Math.max(4, Math.floor(2_000_000 / Math.max(1, n * dims)) * 4);
    for (let r = 0; r < rowIndices.length; r += step) {
      const to = Math.min(rowIndices.length, r + step);
      similarityRows(vectors, dims, n, rowIndices, S, r, to);
      workDone += (to - r) * n * dims;
      await checkpoint();
    }
    // Questions sharing a and b (consecutive in the Google file) share the row
    // T = S[b] − S[a], so each question is then one pass over T + S[c].
    const order = coveredList
      .slice(pos, end)
      .sort((x, y) => qa[x]! - qa[y]! || qb[x]! - qb[y]! || x - y);
    for (let j = 0; j < order.length;) {
      const ia = qa[order[j]!]!;
      const ib = qb[order[j]!]!;
      const A = rowOf.get(ia)! * n;
      const B = rowOf.get(ib)! * n;
      for (let d = 0; d < n; d++) T[d] = S[B + d]! - S[A + d]!;
      T[ia] = -Infinity;
      T[ib] = -Infinity;
      for (; j < order.length && qa[order[j]!] === ia && qb[order[j]!] === ib; j++) {
        const qi = order[j]!;
        const ic = qc[qi]!;
        const guess = bestOf(T, S, rowOf.get(ic)! * n, n, ic);
        predictions[qi] = guess;
        const si = qSection[qi]!;
        coveredBySection[si]!++;
        if (guess === qd[qi]) correctBySection[si]!++;
        questionsDone++;
        workDone += 3 * n;
        if ((questionsDone & 15) === 0) await checkpoint();
      }
    }
    pos = end;
  }

  const sectionTallies: SectionTally[] = sections.map((s, si) => ({
    name: s.name,
    syntactic: s.syntactic,
    ...tally(s.questions.length, coveredBySection[si]!, correctBySection[si]!),
  }));
  const sum = (list: readonly SectionTally[]): Tally =>
    tally(
      list.reduce((x, s) => x + s.total, 0),
      list.reduce((x, s) => x + s.covered, 0),
      list.reduce((x, s) => x + s.correct, 0),
    );
  onProgress?.({ fraction: 1, questionsDone, questionsCovered: covered });
  return {
    n,
    overall: sum(sectionTallies),
    semantic: sum(sectionTallies.filter((s) => !s.syntactic)),
    syntactic: sum(sectionTallies.filter((s) => s.syntactic)),
    sections: sectionTallies,
    skipped: total - covered,
    predictions,
    elapsedMs: now() - t0,
  };
}
