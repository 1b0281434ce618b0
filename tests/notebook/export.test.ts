/**
 * The export dialog's scripts, run for real: the NumPy and the PyTorch script of every
 * chapter (built the way the page builds its notebook) and of a notebook that uses every
 * function, with edited inputs including -Infinity, are run by Python, and every cell
 * they print must equal the notebook's value to 1e-9. All NumPy scripts run in one
 * python3 process and all PyTorch scripts in one process of the Python that has torch
 * (Debian's python3-torch: /usr/bin/python3, or $TORCH_PYTHON), each with a budget of its
 * own, so a busy machine does not time them out. `npm test` installs python3-torch first
 * (scripts/ensure-system-deps.sh); run directly without it, the PyTorch tests are skipped
 * with a warning, as the NumPy ones are without numpy.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it, type TestContext } from 'vitest';
import yaml from 'js-yaml';
import { chapterSchema } from '../../src/content/schema.ts';
import { prepareChapter } from '../../src/content/chapter-notebook.ts';
import { Notebook } from '../../src/notebook/notebook.ts';
import { serialise, deserialise } from '../../src/notebook/serialise.ts';
import { prepare } from '../../src/notebook/prepare.ts';
import { exportScript, pythonNames, type ExportTarget } from '../../src/notebook/export.ts';
import { FUNCTIONS } from '../../src/notebook/functions.ts';
import { callsBottomUp } from '../../src/notebook/expr.ts';
import { matrix } from '../../src/engine/index.ts';
import { d, m, s } from './helpers.ts';

/** The Python with numpy (the one the fixtures use), and the one with torch and numpy. */
const PYTHON: Record<ExportTarget, string> = {
  numpy: process.env['NUMPY_PYTHON'] ?? 'python3',
  torch: process.env['TORCH_PYTHON'] ?? '/usr/bin/python3',
};
/** Each Python process's budget: torch alone takes seconds to import on a busy machine. */
const BUDGET_MS = 120_000;
const work = mkdtempSync(join(tmpdir(), 'nb-export-'));

/**
 * Runs every script of a batch in one process: each in a fresh namespace, its printout
 * captured, and the values of the named cells returned (as lists, ±Infinity and NaN as
 * strings). A script that fails gives its traceback instead; a missing library, a line
 * saying so.
 */
const RUNNER = `
import contextlib, io, json, math, runpy, sys, traceback
try:
    import numpy as np
    if sys.argv[2] == "torch":
        import torch
except Exception as e:
    print(json.dumps({"unavailable": f"{sys.executable}: {e}"}))
    sys.exit(0)
def one(x):
    return "Infinity" if x == math.inf else "-Infinity" if x == -math.inf else "NaN" if x != x else x
def enc(v):
    a = np.asarray(v, dtype=float)
    return [[one(x) for x in row] for row in a.tolist()] if a.ndim == 2 else one(float(a))
results = {}
for job in json.load(open(sys.argv[1])):
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            ns = runpy.run_path(job["script"])
        cells = {n: enc(ns[py]) for n, py in job["names"].items() if py in ns}
        results[job["id"]] = {"printed": out.getvalue(), "cells": cells}
    except Exception:
        results[job["id"]] = {"error": traceback.format_exc()}
print(json.dumps({"results": results}))
`;
const runnerPath = join(work, 'runner.py');
writeFileSync(runnerPath, RUNNER);

interface Ran {
  readonly printed: string;
  readonly cells: Record<string, unknown>;
}

const decode = (v: unknown): number =>
  v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v === 'NaN' ? NaN : (v as number);
const close = (a: number, b: number): boolean =>
  Object.is(a, b) ||
  a === b ||
  (Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)));

/** The notebook as a chapter page builds it: through the JSON the page embeds. */
function asOnPage(prepared: ReturnType<typeof prepare>): Notebook {
  return new Notebook(deserialise(serialise(prepared)), { schedule: () => {} });
}

/** The scripts to run, by target: queued while the tests are collected, run before any test. */
const queued: Record<
  ExportTarget,
  { id: string; script: string; names: Record<string, string> }[]
> = { numpy: [], torch: [] };
const batches: Partial<
  Record<
    ExportTarget,
    { unavailable?: string; failed?: string; results?: Record<string, Ran | { error: string }> }
  >
> = {};

/** Queues `nb`'s script for `target` (with its cells as they are now) and names the run. */
function queue(nb: Notebook, target: ExportTarget): string {
  const id = `${target}-${queued[target].length}-${nb.id}`;
  const script = join(work, `${id}.py`);
  writeFileSync(script, exportScript(nb, target, { title: nb.id }));
  queued[target].push({ id, script, names: Object.fromEntries(pythonNames(nb)) });
  return id;
}

function runBatch(target: ExportTarget): Promise<void> {
  const jobs = join(work, `${target}-jobs.json`);
  writeFileSync(jobs, JSON.stringify(queued[target]));
  return new Promise((resolve) => {
    execFile(
      PYTHON[target],
      [runnerPath, jobs, target],
      // The scaling chapter prints thousands of random scores.
      { encoding: 'utf8', timeout: BUDGET_MS, maxBuffer: 512 * 1024 * 1024 },
      (error, stdout, stderr) => {
        // Only a missing Python or library skips; a timeout or a crash fails every test.
        if ((error as NodeJS.ErrnoException | null)?.code === 'ENOENT') {
          batches[target] = { unavailable: `${PYTHON[target]}: not found` };
        } else {
          try {
            batches[target] = JSON.parse(stdout) as NonNullable<(typeof batches)[ExportTarget]>;
          } catch {
            batches[target] = {
              failed: `${PYTHON[target]} ${error ? `failed (${error.message})` : 'printed no result'}: ${stderr.slice(-2000)}`,
            };
          }
        }
        if (batches[target]?.unavailable) {
          console.warn(
            `${target === 'numpy' ? 'NumPy' : 'PyTorch'} export tests skipped: ${batches[target].unavailable} (${target === 'torch' ? "install Debian's python3-torch and python3-numpy, or set TORCH_PYTHON to a Python with torch and numpy" : 'install numpy for python3'})`,
          );
        }
        resolve();
      },
    );
  });
}

beforeAll(
  async () => {
    await Promise.all(
      (['numpy', 'torch'] as const).filter((t) => queued[t].length > 0).map(runBatch),
    );
  },
  2 * BUDGET_MS + 10_000,
);

/** What Python gave for a queued script; skips the test when that Python is not installed. */
function ran(ctx: TestContext, target: ExportTarget, id: string): Ran {
  const batch = batches[target];
  if (!batch || batch.unavailable) ctx.skip();
  if (batch!.failed) throw new Error(batch!.failed);
  const r = batch!.results![id];
  if (!r) throw new Error(`${id} did not run`);
  if ('error' in r) throw new Error(`${id} failed in Python:\n${r.error}`);
  return r;
}

/**
 * Every derived cell the page computes equals Python's; cells in error are left out of
 * the script. A page with no derived cells prints its inputs instead, as the page has them.
 */
function expectSameAsNotebook(nb: Notebook, { printed, cells }: Ran): void {
  const hasDerived = [...nb.cells.values()].some((c) => c.kind === 'derived');
  for (const [name, cell] of nb.cells) {
    if (cell.kind !== 'derived' && hasDerived) continue;
    const state = nb.state(name);
    if (state.status === 'error') {
      expect(cells[name], `${name} is in error on the page`).toBeUndefined();
      continue;
    }
    expect(printed).toContain(`${name} =`);
    const got = cells[name];
    const want = state.value;
    if (typeof want === 'number') {
      expect(close(decode(got), want), `${name}: python ${String(got)} vs page ${want}`).toBe(true);
      continue;
    }
    const rows = got as unknown[][];
    expect([rows.length, rows[0]?.length], `${name} shape`).toEqual([want.rows, want.cols]);
    want
      .toArray()
      .forEach((r, i) =>
        r.forEach((x, j) =>
          expect(
            close(decode(rows[i]![j]), x),
            `${name}[${i}][${j}]: python ${String(rows[i]![j])} vs page ${x}`,
          ).toBe(true),
        ),
      );
  }
}

const dir = join(import.meta.dirname, '../../content/chapters');
const chapters = readdirSync(dir).filter((f) => f.endsWith('.mdx'));

function chapterNotebook(file: string): Notebook {
  const id = basename(file, '.mdx');
  const data = chapterSchema.parse(
    yaml.load(readFileSync(join(dir, file), 'utf8').split('---')[1]!),
  );
  return asOnPage(prepareChapter(id, data).prepared);
}

/** Every function of the formula language, on inputs with -Infinity and a fully masked row. */
function everyFunction(): Notebook {
  return asOnPage(
    prepare({
      id: 'every-function',
      cells: [
        m('S', [
          [0.5, -1, 2],
          [-Infinity, -Infinity, -Infinity],
          [1, -Infinity, 0.25],
        ]),
        m('X', [
          [1, 2, 3],
          [0.1, -0.2, 0.7],
          [-3, 0, 3],
        ]),
        m('Mk', [
          [0, 1, 0],
          [0, 0, 0],
          [1, 0, 0],
        ]),
        m('b', [[1, -1, 0.5]]),
        m('u', [[1, 2, 2]]),
        s('T', 0.5),
        m('pp', [[3, 1, 2]]),
        d('mask', 'mask(X, Mk)'),
        d('W', 'softmax(S)'),
        d('WT', 'softmax(S, T)'),
        d('Wc', "softmaxCols(S')"),
        d('C', 'causal(X)'),
        d('Ct', 'causalT(X)'),
        d('Wm', 'softmax(causal(X) / sqrt(cols(X)))'),
        d('A', 'attention(X, X, X)'),
        d('L', 'layerNorm(X)'),
        d('R', 'relu(X - 0.5) + gelu(X) .* X'),
        d('Cat', 'concat(X, stack(b, b, b))'),
        d('St', 'stack(X, b)'),
        d('cos', 'cosine(u, b)'),
        d('n', 'norm(X) + norm(-2) + rows(X) ^ 2'),
        d('E2', "exp(X) + log(abs(X) + 1) - sqrt(abs(X))' + X * b' * b"),
        d('Neg', '-mask + +X / 2 * pi - e + X * 1e-3'),
        d('Sm', 'W * X + b'),
        d('Rw', 'window(X, 1) + row(X, 2)'),
        d('Nv', 'softmaxNaive(X) + normalize(X) ./ b'),
        d('Rn', 'cumsum(randn(4, 3, 7)) .* range(1, 4)'),
        d('St2', 'mean(X) + variance(X) + maxRows(X) - varRows(X)'),
        d('Rs', 'rand(3, 3, 5) + sumRows(softmaxCols(X)) * sumCols(softmax(X))'),
        d('Ix', "X[2, 1] * argmax(row(W, 2)) + argmax(b') + entry(W, 3, 2)"),
        d('Smp', 'topk(W, 2) + topp(WT, 0.5) + sample(softmax(X), 3) + draws(softmax(X), 5, 40)'),
        d('Ce', 'crossEntropy(S, softmax(X, 0)) + pick(W, softmax(X, 0))'),
        d('Gn', 'gelu(-0.75) + relu(-2) + gelu(2)'),
        d('Blk', 'selfAttention(X, X, X, X, X) + mlp(X, X, X) + mlp(X, X, b, X, b) - meanRows(X)'),
        d('Ft', 'flashTile(X, X, 2, 2, 3)'),
        d('Fm', 'flashMax(X, X, 2, 2, 4) + flashScale(X, X, 1, 2, 2) .* flashSum(X, X, 2, 1, 5)'),
        d('Fo', 'flashAcc(X, X, X, 2, 2, 2) ./ flashSum(X, X, 2, 2, 2) - flashRows(A, X, 2, 2, 2)'),
        d(
          'Ff',
          'maxAbs(flashAttention(X, X, X, 2, 2) - A) + blocks(5, 2) + count(causalPattern(4)) + count(windowPattern(4, 2)) + count(stridedPattern(5, 2)) + count(longformerPattern(6, 2, 1))',
        ),
        d(
          'Pm',
          "permute(X, pp) - unpermute(X, pp') + sinusoidal(3, 3) + round(X / 7, 3) + round(-2.5, 0)",
        ),
        d('Pe', 'sinusoidal(range(0, 2) / 2, 4, 100) + sinusoidal(rows(X), 4)'),
        d(
          'Rp',
          'rope(concat(X, X)) + rope(concat(X, X), 2.5) + rope(concat(X, X), range(1, 3) * 2, 50)',
        ),
      ],
    }),
  );
}

/** The model chapter with a reader's edits. */
function editedModel(): Notebook {
  const nb = chapterNotebook('queries-keys-values.mdx');
  nb.setEntry('E', 6, 2, 0.9);
  nb.setEntry('W_V', 1, 1, 1 / 3);
  nb.setEntry('W_Q', 0, 0, 1e-7);
  nb.flush();
  return nb;
}

/** The model chapter with -Infinity typed into a weight: some cells then fail on the page. */
function infiniteWeight(): Notebook {
  const nb = chapterNotebook('queries-keys-values.mdx');
  nb.setEntry('W_Q', 3, 0, -Infinity);
  nb.flush();
  return nb;
}

/** Every function, edited: -Infinity in the scores, a new entry, another temperature. */
function everyFunctionEdited(): Notebook {
  const nb = everyFunction();
  nb.setEntry('S', 0, 2, -Infinity);
  nb.setEntry('X', 1, 1, -0.75);
  nb.set('T', 2);
  nb.flush();
  return nb;
}

for (const target of ['numpy', 'torch'] as const) {
  const lib = target === 'numpy' ? 'NumPy' : 'PyTorch';
  const run = (nb: Notebook): { nb: Notebook; id: string } => ({ nb, id: queue(nb, target) });
  const perChapter = chapters.map((file) => ({ file, ...run(chapterNotebook(file)) }));
  const model = run(editedModel());
  const infinite = run(infiniteWeight());
  const every = run(everyFunctionEdited());

  describe(`${lib} export, run by ${PYTHON[target]}`, () => {
    for (const { file, nb, id } of perChapter) {
      it(`chapter ${basename(file, '.mdx')}: every derived cell as the page shows it`, (ctx) => {
        expectSameAsNotebook(nb, ran(ctx, target, id));
      });
    }

    it('the model chapter with a reader’s edits', (ctx) => {
      const script = exportScript(model.nb, target);
      expect(script).toContain('0.3333333333333333');
      expect(script).toContain('1e-7');
      expectSameAsNotebook(model.nb, ran(ctx, target, model.id));
    });

    it('the model chapter with -Infinity typed into a weight (some cells then fail on the page)', (ctx) => {
      expect(infinite.nb.state('weights').status).toBe('error');
      const script = exportScript(infinite.nb, target);
      expect(script).toContain(target === 'numpy' ? '-np.inf' : '-math.inf');
      expect(script).toMatch(/# weights = .*not computed on the page/);
      expectSameAsNotebook(infinite.nb, ran(ctx, target, infinite.id));
    });

    it('a notebook using every function, with -Infinity and a fully masked row, edited', (ctx) => {
      for (const cell of every.nb.cells.keys())
        expect(every.nb.state(cell).status, cell).toBe('ok');
      expectSameAsNotebook(every.nb, ran(ctx, target, every.id));
    });

    it('a chapter with no derived cells (the real word vectors): its inputs, printed', (ctx) => {
      const file = 'real-embeddings.mdx';
      const chapter = perChapter.find((c) => c.file === file)!;
      expect([...chapter.nb.cells.values()].map((c) => c.kind)).toEqual(['matrix']);
      const script = exportScript(chapter.nb, target);
      expect(script).toContain('# None: this page computes nothing from its inputs');
      expect(script).toContain('for name, value in [("toy", toy)]:');
      const { printed, cells } = ran(ctx, target, chapter.id);
      expect(printed).toMatch(/^toy =\n/);
      expect(cells['toy']).toEqual(chapterNotebook(file).snapshot()['toy']);
    });
  });
}

describe('the notebook of every function', () => {
  it('uses every function of the formula language, so every translation is run', () => {
    const nb = everyFunction();
    const used = new Set(
      [...nb.cells.keys()].flatMap((n) => {
        const e = nb.expression(n);
        return e ? callsBottomUp(e).map((c) => c.fn) : [];
      }),
    );
    expect(Object.keys(FUNCTIONS).filter((f) => !used.has(f))).toEqual([]);
  });
});

describe('PyTorch export text', () => {
  it('builds tensors from the live inputs and translates every derived cell', () => {
    const nb = chapterNotebook('queries-keys-values.mdx');
    nb.setEntry('E', 0, 0, 0.25);
    nb.flush();
    const code = exportScript(nb, 'torch');
    expect(code).toContain('import torch');
    expect(code).not.toMatch(/\bnp\./);
    expect(code).toMatch(/E = torch\.tensor\(\[\n {4}\[0\.25, 0\.1, 0, 0\],/);
    expect(code).toContain('dtype=torch.float64');
    expect(code).toContain('Q = E @ W_Q');
    expect(code).toContain('d_k = K.shape[1]');
    expect(code).toContain('def softmax(x, t=1.0):');
  });

  it('renames a cell that would shadow a helper, and translates operators by operand kind', () => {
    const nb = everyFunction();
    const code = exportScript(nb, 'torch');
    expect(code).toContain('mask_ = mask(X, Mk)');
    expect(code).toMatch(
      /S = torch\.tensor\(\[\n {4}\[0\.5, -1, 2\],\n {4}\[-math\.inf, -math\.inf, -math\.inf\],/,
    );
    expect(code).toContain('Wm = softmax(causal(X) / math.sqrt(X.shape[1]))');
    expect(code).toContain('torch.hstack([X, torch.vstack([b, b, b])])');
    const np = exportScript(nb, 'numpy');
    expect(np).toContain('Sm = W @ X + b');
    expect(np).toContain('Neg = -mask_ + +X / 2 * np.pi - np.e + X * 0.001');
  });
});

describe('NumPy export text', () => {
  it('writes inputs with every digit, ±Infinity as np.inf, helpers first and a final print', () => {
    const nb = asOnPage(
      prepare({ id: 't', cells: [m('A', [[0.1 + 0.2, -Infinity]]), d('B', 'softmax(A)')] }),
    );
    nb.set('A', matrix([[0.1 + 0.2, -Infinity]]));
    nb.flush();
    const code = exportScript(nb, 'numpy');
    expect(code).toContain('[0.30000000000000004, -np.inf]');
    expect(code.indexOf('def softmax')).toBeLessThan(code.indexOf('A = np.array'));
    expect(code).toContain('B = softmax(A)');
    expect(code.trimEnd().split('\n').slice(-3)).toEqual([
      'for name, value in [("B", B)]:',
      '    print(f"{name} =")',
      '    print(value)',
    ]);
  });
});
