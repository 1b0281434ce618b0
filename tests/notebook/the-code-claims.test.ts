/**
 * What the chapter "The code" says about the function of the "Mango Greek Yogurt" article
 * (source 000), checked by running NumPy: a transcription of that function's steps (random
 * weights drawn inside, np.random.rand, axis=1, WV_linear) and the chapter's own numbers
 * recomputed by the independent reference in scripts/make_chapter_fixtures.py, for the
 * chapter's inputs and for the values its "Try this" buttons set.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const PYTHON = process.env['NUMPY_PYTHON'] ?? 'python3';
const BUDGET_MS = 120_000;

const CHECKS = `
import json, sys
import numpy as np
import yaml
sys.path.insert(0, sys.argv[1] + "/scripts")
import make_chapter_fixtures as ref

def softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)

def article(X, rng):
    """The article's steps: weights drawn inside, uniform in [0, 1), axis=1, WV_linear."""
    d = X.shape[1]
    WQ, WK, WV = rng.rand(d, 16), rng.rand(d, 16), rng.rand(d, 16)
    q, k, v = X @ WQ, X @ WK, X @ WV
    scores = q @ k.transpose() / np.sqrt(k.shape[-1])
    w = softmax(scores, axis=1)
    update = (w @ v) @ rng.rand(16, d)
    return {"scores": scores, "weights": w, "update": update, "out": update + X}

sentence = "Terry loves to eat Mango Greek Yogurt"
X = np.random.RandomState(0).rand(len(sentence.split(" ")), 128)
calls = [article(X, np.random.RandomState(s)) for s in range(1, 41)]
out = {}
out["characters"] = len(sentence)
out["tokens"] = len(sentence.split(" "))
out["calls_differ_by"] = float(np.abs(calls[0]["out"] - calls[1]["out"]).max())
out["top_weights"] = [c["weights"].max(axis=1).tolist() for c in calls]
out["winners_per_call"] = [c["weights"].argmax(axis=1).tolist() for c in calls]
out["score_means"] = [float(c["scores"].mean()) for c in calls]
out["update_over_input"] = min(float(c["update"].mean() / X.mean()) for c in calls)
out["output_rows_spread"] = float(np.median([
    np.abs(c["out"] - c["out"][0]).max() / np.abs(c["out"]).mean() for c in calls]))
cols = softmax(calls[0]["scores"], axis=0)
out["axis0_column_sums"] = cols.sum(axis=0).tolist()
out["axis0_row_sums"] = cols.sum(axis=1).tolist()

# A batch of two sentences through the article's 2-D habits.
B = np.random.RandomState(1).rand(2, 7, 128)
keys = B @ np.random.RandomState(2).rand(128, 16)
out["batch_transpose_shape"] = list(keys.transpose().shape)
try:
    np.matmul(keys, keys.transpose())
    out["batch_matmul_error"] = ""
except ValueError as e:
    out["batch_matmul_error"] = str(e)
s = keys @ keys.swapaxes(-2, -1) / 4
out["batch_axis1_last_sums"] = softmax(s - s.max(), axis=1).sum(axis=-1).tolist()

# The chapter's numbers, by the independent reference, as it is and as the Try buttons set it.
front = yaml.safe_load(open(sys.argv[1] + "/content/chapters/the-code.mdx").read().split("---", 2)[1])
def chapter(**scalars):
    f = json.loads(json.dumps(front))
    for c in f["cells"]:
        if c["name"] in scalars:
            c["value"] = scalars[c["name"]]
    return ref.chapter_values(f)
out["page"] = {"chapter": chapter(), "call2": chapter(call=2), "d4": chapter(d_model=4)}
print(json.dumps(out))
`;

interface Claims {
  characters: number;
  tokens: number;
  calls_differ_by: number;
  top_weights: number[][];
  winners_per_call: number[][];
  score_means: number[];
  update_over_input: number;
  /** The median over calls of the largest difference between rows, relative to their size. */
  output_rows_spread: number;
  axis0_column_sums: number[];
  axis0_row_sums: number[];
  batch_transpose_shape: number[];
  batch_matmul_error: string;
  batch_axis1_last_sums: number[][];
  page: Record<'chapter' | 'call2' | 'd4', Record<string, number | number[][]>>;
}

let c: Claims;
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nb-the-code-claims-'));
  writeFileSync(join(dir, 'checks.py'), CHECKS);
  c = await new Promise((ok, fail) =>
    execFile(
      PYTHON,
      [join(dir, 'checks.py'), ROOT],
      { timeout: BUDGET_MS, maxBuffer: 1 << 26 },
      (err, stdout, stderr) =>
        err ? fail(new Error(stderr || err.message)) : ok(JSON.parse(stdout)),
    ),
  );
}, BUDGET_MS);

const m = (v: unknown): number[][] => v as number[][];
const rowMax = (w: number[][]) => w.map((r) => Math.max(...r));
const argmax = (r: number[]) => r.indexOf(Math.max(...r));

describe('the article’s function, run', () => {
  it('comments on a sequence length of 37 characters, where the code counts 7 tokens', () => {
    expect([c.characters, c.tokens]).toEqual([37, 7]);
  });

  it('gives a different output on every call for the same input (by more than 100)', () => {
    expect(c.calls_differ_by).toBeGreaterThan(100);
  });

  it('puts every row’s weight on one and the same key, on almost every call', () => {
    const oneKey = c.winners_per_call.filter(
      (w, k) => new Set(w).size === 1 && Math.min(...c.top_weights[k]!) > 0.99,
    );
    expect(oneKey.length / c.winners_per_call.length).toBeGreaterThanOrEqual(0.8);
    // Even in the other calls, most rows follow one key.
    for (const w of c.winners_per_call)
      expect(Math.max(...w.map((k) => w.filter((x) => x === k).length))).toBeGreaterThanOrEqual(5);
  });

  it('makes scores near d_k (d/4)² / √d_k = 4096, which dividing by 4 cannot tame', () => {
    for (const mean of c.score_means) expect(Math.abs(mean / 4096 - 1)).toBeLessThan(0.15);
  });

  it('adds an update hundreds of times the input, nearly the same for every token', () => {
    expect(c.update_over_input).toBeGreaterThan(100);
    expect(c.output_rows_spread).toBeLessThan(0.01);
  });

  it('with its prose’s column softmax (axis=0), columns sum to 1 and rows do not', () => {
    for (const s of c.axis0_column_sums) expect(s).toBeCloseTo(1, 12);
    expect(Math.max(...c.axis0_row_sums.map((s) => Math.abs(s - 1)))).toBeGreaterThan(0.1);
  });

  it('breaks on a batch: transpose() reverses every axis, matmul fails, axis=1 sums queries', () => {
    expect(c.batch_transpose_shape).toEqual([16, 7, 2]);
    expect(c.batch_matmul_error).toMatch(/mismatch in its core dimension/);
    const off = c.batch_axis1_last_sums.flat().map((s) => Math.abs(s - 1));
    expect(Math.max(...off)).toBeGreaterThan(0.1);
  });
});

describe('the chapter’s claims, by the numpy reference', () => {
  it('the column softmax: every column of A_col sums to 1, Yogurt’s row does not', () => {
    const p = c.page.chapter;
    for (const s of m(p['col_sums_cols'])[0]!) expect(s).toBeCloseTo(1, 12);
    expect(Math.abs(m(p['row_sums_cols'])[6]![0]! - 1)).toBeGreaterThan(0.1);
    for (const [s] of m(p['row_sums'])) expect(s).toBeCloseTo(1, 12);
  });

  for (const which of ['chapter', 'call2'] as const) {
    it(`at the article’s sizes (${which}), one key takes every row`, () => {
      const w = m(c.page[which]['weights_r']);
      expect(Math.min(...rowMax(w))).toBeGreaterThan(0.99);
      expect(new Set(w.map(argmax)).size).toBe(1);
    });
  }

  it('another call changes every number of the output', () => {
    const [a, b] = [m(c.page.chapter['out_r']), m(c.page.call2['out_r'])];
    a.forEach((r, i) => r.forEach((x, j) => expect(x).not.toBe(b[i]![j])));
  });

  it('at d = 4 softmax spreads the weight again', () => {
    expect(Math.max(...rowMax(m(c.page.d4['weights_r'])))).toBeLessThan(0.9);
  });

  it('zero-mean weights of variance 1/d spread each row over several keys', () => {
    expect(Math.max(...rowMax(m(c.page.chapter['weights_n'])))).toBeLessThan(0.9);
  });

  it('the average score is near d_k (d/4)² / √d_k, the update hundreds of times the input', () => {
    const p = c.page.chapter;
    expect(
      Math.abs((p['score_mean_r'] as number) / (p['score_theory'] as number) - 1),
    ).toBeLessThan(0.15);
    expect((p['update_mean_r'] as number) / (p['x_mean_r'] as number)).toBeGreaterThan(100);
    const out = m(p['out_r']);
    const mean = out.flat().reduce((s, x) => s + Math.abs(x), 0) / out.flat().length;
    const spread = Math.max(...out.flatMap((r) => r.map((x, j) => Math.abs(x - out[0]![j]!))));
    expect(spread / mean).toBeLessThan(0.01);
  });
});
