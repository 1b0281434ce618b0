/**
 * The export dialog's scripts, run for real: the NumPy script of every chapter (built the
 * way the page builds its notebook) and of a notebook that uses every function, with
 * edited inputs including -Infinity, is run by python3, and every derived cell it prints
 * must equal the notebook's value to 1e-9. PyTorch is not installable here, so its script
 * is only compiled (python3 -m py_compile) and checked for structure.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { chapterSchema } from '../../src/content/schema.ts';
import { prepareChapter } from '../../src/content/chapter-notebook.ts';
import { Notebook } from '../../src/notebook/notebook.ts';
import { serialise, deserialise } from '../../src/notebook/serialise.ts';
import { prepare } from '../../src/notebook/prepare.ts';
import { exportScript, pythonNames } from '../../src/notebook/export.ts';
import { matrix } from '../../src/engine/index.ts';
import { d, m, s } from './helpers.ts';

const python = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' });
const hasNumpy = python.status === 0;
if (!hasNumpy) {
  console.warn(
    `export tests skipped: python3 with numpy is not available (${python.error?.message ?? python.stderr.trim()})`,
  );
}
const work = mkdtempSync(join(tmpdir(), 'nb-export-'));

const RUNNER = `
import contextlib, io, json, math, runpy, sys
import numpy as np
names = json.loads(sys.argv[2])
out = io.StringIO()
with contextlib.redirect_stdout(out):
    ns = runpy.run_path(sys.argv[1])
def one(x):
    return "Infinity" if x == math.inf else "-Infinity" if x == -math.inf else "NaN" if x != x else x
def enc(v):
    a = np.asarray(v, dtype=float)
    return [[one(x) for x in row] for row in a.tolist()] if a.ndim == 2 else one(float(a))
print(json.dumps({"printed": out.getvalue(), "cells": {n: enc(ns[py]) for n, py in names.items() if py in ns}}))
`;
const runnerPath = join(work, 'runner.py');
writeFileSync(runnerPath, RUNNER);

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

let counter = 0;
function runNumpy(nb: Notebook): { printed: string; cells: Record<string, unknown> } {
  const file = join(work, `script${counter++}.py`);
  writeFileSync(file, exportScript(nb, 'numpy', { title: nb.id }));
  const names = Object.fromEntries(pythonNames(nb));
  const out = execFileSync('python3', [runnerPath, file, JSON.stringify(names)], {
    encoding: 'utf8',
    // The scaling chapter prints thousands of random scores.
    maxBuffer: 512 * 1024 * 1024,
  });
  return JSON.parse(out) as { printed: string; cells: Record<string, unknown> };
}

/** Every derived cell the page computes equals Python's; cells in error are left out of the script. */
function expectSameAsNotebook(nb: Notebook): void {
  const { printed, cells } = runNumpy(nb);
  for (const [name, cell] of nb.cells) {
    if (cell.kind !== 'derived') continue;
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
      ],
    }),
  );
}

describe.skipIf(!hasNumpy)('NumPy export, run by python3', () => {
  for (const file of chapters) {
    it(`chapter ${basename(file, '.mdx')}: every derived cell as the page shows it`, () => {
      expectSameAsNotebook(chapterNotebook(file));
    });
  }

  it('the model chapter with a reader’s edits', () => {
    const nb = chapterNotebook('queries-keys-values.mdx');
    nb.setEntry('E', 6, 2, 0.9);
    nb.setEntry('W_V', 1, 1, 1 / 3);
    nb.setEntry('W_Q', 0, 0, 1e-7);
    nb.flush();
    const script = exportScript(nb, 'numpy');
    expect(script).toContain('0.3333333333333333');
    expect(script).toContain('1e-7');
    expectSameAsNotebook(nb);
  });

  it('the model chapter with -Infinity typed into a weight (some cells then fail on the page)', () => {
    const nb = chapterNotebook('queries-keys-values.mdx');
    nb.setEntry('W_Q', 3, 0, -Infinity);
    nb.flush();
    expect(nb.state('weights').status).toBe('error');
    const script = exportScript(nb, 'numpy');
    expect(script).toContain('-np.inf');
    expect(script).toMatch(/# weights = .*not computed on the page/);
    expectSameAsNotebook(nb);
  });

  it('a notebook using every function, with -Infinity and a fully masked row, edited', () => {
    const nb = everyFunction();
    nb.setEntry('S', 0, 2, -Infinity);
    nb.setEntry('X', 1, 1, -0.75);
    nb.set('T', 2);
    nb.flush();
    for (const cell of nb.cells.keys()) expect(nb.state(cell).status, cell).toBe('ok');
    expectSameAsNotebook(nb);
  });
});

describe('PyTorch export (torch cannot be installed here: compiled and checked for structure only)', () => {
  it.skipIf(!hasNumpy)('compiles, for every chapter and for every function', () => {
    for (const nb of [...chapters.map(chapterNotebook), everyFunction()]) {
      const file = join(work, `torch-${nb.id}.py`);
      writeFileSync(file, exportScript(nb, 'torch'));
      execFileSync('python3', ['-m', 'py_compile', file]);
    }
  });

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
