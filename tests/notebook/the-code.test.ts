/**
 * The chapter "The code" against its own listings, run for real: content/code/self_attention.py
 * by python3 with numpy, and self_attention_torch.py by the Python that has torch. Each is
 * called on the page's inputs (the chapter's, an example's, and edited ones); what it prints
 * must be what the page shows for each line's print, and every local the function computes
 * must equal the page's cell of the same name to 1e-9. The NumPy listing is also run on a
 * batch of two sentences, which must give each sentence's own result.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { chapterSchema } from '../../src/content/schema.ts';
import { prepareChapter } from '../../src/content/chapter-notebook.ts';
import { Notebook } from '../../src/notebook/notebook.ts';
import { parseListing, printedText } from '../../src/widgets/code-listing.ts';
import { matrix, type Matrix } from '../../src/engine/index.ts';

const ROOT = join(import.meta.dirname, '../..');
const PYTHON = {
  numpy: process.env['NUMPY_PYTHON'] ?? 'python3',
  torch: process.env['TORCH_PYTHON'] ?? '/usr/bin/python3',
};
const BUDGET_MS = 120_000;
const LISTING = {
  numpy: join(ROOT, 'content/code/self_attention.py'),
  torch: join(ROOT, 'content/code/self_attention_torch.py'),
};

const data = chapterSchema.parse(
  yaml.load(readFileSync(join(ROOT, 'content/chapters/the-code.mdx'), 'utf8').split('---')[1]!),
);

function notebook(edit?: (nb: Notebook) => void): Notebook {
  const nb = new Notebook(prepareChapter('the-code', data).prepared, { schedule: () => {} });
  edit?.(nb);
  nb.flush();
  return nb;
}

const preset = (name: string) => data.presets.find((p) => p.name === name)!;

/** The pages a reader can make: the chapter's numbers, an example, and edits. */
const CASES: Record<string, Notebook> = {
  chapter: notebook(),
  'Mango describes nothing (the first Try)': notebook((nb) => nb.setEntry('X', 4, 2, 0)),
  'W_Q doubled (the second Try)': notebook((nb) => nb.setEntry('W_Q', 3, 0, 4)),
  'np.random.rand example': notebook((nb) => {
    for (const [cell, v] of Object.entries(preset('np.random.rand in the small example').cells))
      nb.set(cell, matrix(v as number[][]));
  }),
  'edited weights': notebook((nb) => {
    nb.setEntry('W_O', 1, 2, -0.7);
    nb.setEntry('W_K', 0, 1, 0.25);
    nb.setEntry('X', 6, 3, -1.5);
  }),
};

const code = readFileSync(LISTING.numpy, 'utf8');
const listing = parseListing(code, 'self_attention', (n) => CASES['chapter']!.has(n));
const params = listing.steps[0]!.cells;
const cells = listing.steps.flatMap((s) => s.cells);

const toArray = (nb: Notebook, cell: string): number | number[][] => {
  const v = nb.value(cell);
  return typeof v === 'number' ? v : (v as Matrix).toArray();
};

/** Calls the listing's function on each case; returns its printout and its locals. */
const DRIVER = `
import contextlib, io, json, sys
import numpy as np
job = json.load(open(sys.argv[1]))
lib = job["lib"]
if lib == "torch":
    import torch
ns = {"__name__": "listing"}
exec(compile(open(job["listing"]).read(), job["listing"], "exec"), ns)
fn = ns["self_attention"]
def array(a):
    return torch.tensor(a, dtype=torch.float64) if lib == "torch" else np.array(a, dtype=float)
def plain(v):
    if lib == "torch" and isinstance(v, torch.Tensor):
        v = v.numpy()
    return np.asarray(v, dtype=float).tolist()
results = []
for case in job["cases"]:
    captured = {}
    def watch(frame, event, arg):
        if event == "return" and frame.f_code is fn.__code__:
            captured.update(frame.f_locals)
            captured["returned"] = arg
    out = io.StringIO()
    sys.setprofile(watch)
    try:
        with contextlib.redirect_stdout(out):
            fn(*[array(case[p]) for p in job["params"]])
    finally:
        sys.setprofile(None)
    results.append({
        "printed": out.getvalue().splitlines(),
        "locals": {k: plain(v) for k, v in captured.items() if k in job["cells"] + ["returned"]},
    })
print(json.dumps(results))
`;

interface Result {
  printed: string[];
  locals: Record<string, number | number[][] | number[][][]>;
}

const work = mkdtempSync(join(tmpdir(), 'nb-the-code-'));
writeFileSync(join(work, 'driver.py'), DRIVER);

function run(
  lib: 'numpy' | 'torch',
  cases: Record<string, unknown>[],
  listingPath = LISTING[lib],
): Promise<Result[]> {
  const job = join(work, `${lib}-${cases.length}-${basename(listingPath)}.json`);
  writeFileSync(job, JSON.stringify({ lib, listing: listingPath, params, cells, cases }));
  return new Promise((ok, fail) =>
    execFile(
      PYTHON[lib],
      [join(work, 'driver.py'), job],
      { timeout: BUDGET_MS, maxBuffer: 1 << 26 },
      (err, stdout, stderr) =>
        err ? fail(new Error(`${PYTHON[lib]}: ${stderr || err.message}`)) : ok(JSON.parse(stdout)),
    ),
  );
}

function expectClose(got: unknown, want: number | number[][], what: string): void {
  if (typeof want === 'number') {
    expect(typeof got, what).toBe('number');
    expect(Math.abs((got as number) - want), what).toBeLessThanOrEqual(
      1e-9 * Math.max(1, Math.abs(want)),
    );
    return;
  }
  const rows = got as number[][];
  expect([rows.length, rows[0]?.length], `${what}: shape`).toEqual([want.length, want[0]!.length]);
  want.forEach((r, i) =>
    r.forEach((w, j) =>
      expect(
        Math.abs(rows[i]![j]! - w),
        `${what}[${i + 1},${j + 1}]: ${rows[i]![j]} vs ${w}`,
      ).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(w))),
    ),
  );
}

const inputsOf = (nb: Notebook): Record<string, unknown> =>
  Object.fromEntries(params.map((p) => [p, toArray(nb, p)]));

describe('the chapter’s listing', () => {
  it('is read as the page reads it: every line of the function bound to a cell, no problems', () => {
    expect(listing.problems).toEqual([]);
    expect(params).toEqual(['X', 'W_Q', 'W_K', 'W_V', 'W_O']);
    expect(cells).toEqual([
      ...params,
      ...['Q', 'K', 'V', 'd_k', 'scores', 'weights', 'attended', 'update', 'out'],
    ]);
  });

  it('refuses a listing whose line assigns a name the chapter has no cell for', () => {
    const broken = code.replace('attended = weights @ V', 'gathered = weights @ V');
    const problems = parseListing(broken, 'self_attention', (n) =>
      CASES['chapter']!.has(n),
    ).problems;
    expect(problems.join('\n')).toMatch(/line 25 assigns "gathered", which is no cell/);
  });

  it('refuses a print of another form, a parameter that is no input, and a missing function', () => {
    const isCell = (n: string) => CASES['chapter']!.has(n);
    const fstring = code.replace('print("Q", Q.shape)', 'print(f"Q: {Q.shape}")');
    expect(parseListing(fstring, 'self_attention', isCell).problems.join('\n')).toMatch(
      /line 14: a print must read/,
    );
    const extra = code.replace('W_O):', 'W_O, bias):');
    expect(parseListing(extra, 'self_attention', isCell).problems.join('\n')).toMatch(
      /parameter "bias" is no cell/,
    );
    expect(parseListing(code, 'attention', isCell).problems).toEqual([
      'no "def attention(" at the start of a line',
    ]);
  });

  it('prints shapes and numbers as Python does', () => {
    const nb = CASES['chapter']!;
    expect(printedText({ label: 'Q', shape: true }, nb.value('Q'))).toBe('Q (7, 3)');
    expect(printedText({ label: 'd_k', shape: false }, nb.value('d_k'))).toBe('d_k 3');
    expect(printedText({ label: 'x', shape: false }, -Infinity)).toBe('x -inf');
  });

  it('the example cases differ, so agreeing with each is not one check repeated', () => {
    const outs = Object.values(CASES).map((nb) => JSON.stringify(toArray(nb, 'out')));
    expect(new Set(outs).size).toBe(outs.length);
  });
});

for (const lib of ['numpy', 'torch'] as const) {
  describe(`${lib} listing, run by ${PYTHON[lib]}`, () => {
    let results: Result[] = [];
    beforeAll(async () => {
      results = await run(lib, Object.values(CASES).map(inputsOf));
    }, BUDGET_MS);

    Object.entries(CASES).forEach(([name, nb], k) => {
      if (lib === 'numpy') {
        it(`${name}: prints what the page shows for each line`, () => {
          const want = listing.steps.flatMap((s) =>
            s.prints.map((p) => printedText(p, nb.value(p.cell))),
          );
          expect(results[k]!.printed).toEqual(want);
          expect(want).toContain('scores (7, 7)');
        });
      }
      it(`${name}: every line's result equals the page's cell to 1e-9`, () => {
        const locals = results[k]!.locals;
        for (const cell of cells) {
          expect(locals, `the listing computes ${cell}`).toHaveProperty(cell);
          expectClose(locals[cell], toArray(nb, cell), `${lib} ${name}: ${cell}`);
        }
      });
    });
  });
}

describe('the short PyTorch function in the chapter’s prose', () => {
  const mdx = readFileSync(join(ROOT, 'content/chapters/the-code.mdx'), 'utf8');
  const blocks = [...mdx.matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const short = blocks.find(
    (b) => b.includes('import torch\n') && b.includes('def self_attention'),
  );

  it(
    'is in the chapter, and returns the page’s out for every case (run by the Python with torch)',
    async () => {
      expect(short).toBeDefined();
      const path = join(work, 'short_torch.py');
      writeFileSync(path, short!);
      const results = await run('torch', Object.values(CASES).map(inputsOf), path);
      Object.entries(CASES).forEach(([name, nb], k) =>
        expectClose(results[k]!.locals['returned'], toArray(nb, 'out'), `short torch ${name}: out`),
      );
    },
    BUDGET_MS,
  );

  it(
    'scaled_dot_product_attention gives attended, where this torch has it (2.0 and later)',
    async (ctx) => {
      const script = `
import json, sys
import torch
import torch.nn.functional as F
if not hasattr(F, "scaled_dot_product_attention"):
    print(json.dumps(None))
    sys.exit(0)
a = json.loads(sys.argv[1])
t = lambda k: torch.tensor(a[k], dtype=torch.float64)
print(json.dumps(F.scaled_dot_product_attention(t("Q"), t("K"), t("V")).tolist()))
`;
      const nb = CASES['chapter']!;
      const args = JSON.stringify({
        Q: toArray(nb, 'Q'),
        K: toArray(nb, 'K'),
        V: toArray(nb, 'V'),
      });
      const got = await new Promise<unknown>((ok, fail) =>
        execFile(
          PYTHON.torch,
          ['-c', script, args],
          { timeout: BUDGET_MS },
          (err, stdout, stderr) =>
            err ? fail(new Error(stderr || err.message)) : ok(JSON.parse(stdout)),
        ),
      );
      if (got === null)
        ctx.skip('this torch is older than 2.0: no public scaled_dot_product_attention');
      expectClose(got, toArray(nb, 'attended') as number[][], 'scaled_dot_product_attention');
    },
    BUDGET_MS,
  );
});

describe('what the chapter’s “Try this” buttons promise, by the NumPy listing', () => {
  let r: Result[] = [];
  beforeAll(async () => {
    r = await run(
      'numpy',
      [
        CASES['chapter']!,
        CASES['Mango describes nothing (the first Try)']!,
        CASES['W_Q doubled (the second Try)']!,
      ].map(inputsOf),
    );
  }, BUDGET_MS);
  const yogurt = (k: number, cell: string) => (r[k]!.locals[cell] as number[][])[6]!;
  const argmax = (row: number[]) => row.indexOf(Math.max(...row));

  it('without Mango’s “describes food”, Yogurt’s weight moves from Mango to Greek, and its out drops', () => {
    expect(argmax(yogurt(0, 'weights'))).toBe(4);
    expect(argmax(yogurt(1, 'weights'))).toBe(5);
    expect(yogurt(1, 'out')[2]).toBeLessThan(yogurt(0, 'out')[2]!);
  });

  it('with W_Q doubled where food asks for description, Yogurt’s scores double and its weights sharpen', () => {
    yogurt(0, 'scores').forEach((x, j) => expect(yogurt(2, 'scores')[j]).toBeCloseTo(2 * x, 12));
    expect(Math.max(...yogurt(2, 'weights'))).toBeGreaterThan(Math.max(...yogurt(0, 'weights')));
  });
});

describe('the NumPy listing on a batch of two sentences', () => {
  it(
    'gives each sentence the result the page shows for it alone (shape[-1], swapaxes, axis=-1)',
    async () => {
      const a = CASES['chapter']!;
      const b = CASES['edited weights']!;
      // Same weights for both: the second sentence is the edited X under the chapter's weights.
      const other = notebook((nb) => nb.setEntry('X', 6, 3, -1.5));
      const inputs = { ...inputsOf(a), X: [toArray(a, 'X'), toArray(other, 'X')] };
      const [r] = await run('numpy', [inputs]);
      expect(r!.printed[0]).toBe('X (2, 7, 4)');
      expect(r!.printed).toContain('scores (2, 7, 7)');
      const out = r!.locals['out'] as number[][][];
      expectClose(out[0], toArray(a, 'out') as number[][], 'batch sentence 1');
      expectClose(out[1], toArray(other, 'out') as number[][], 'batch sentence 2');
      expect(JSON.stringify(toArray(b, 'out'))).not.toBe(JSON.stringify(toArray(other, 'out')));
    },
    BUDGET_MS,
  );
});
