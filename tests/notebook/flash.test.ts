/**
 * The cost chapter's formula functions (src/notebook/functions/flash.ts) against the
 * independent numpy reference: every step of FlashAttention on seeded random inputs
 * (tests/fixtures/flash.json, written by scripts/make_chapter_fixtures.py from the closed
 * form of each running quantity, not from an online loop), with block sizes that divide n
 * and ones that do not. Also their errors, TeX, explanations and exported Python.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matrix, type Matrix } from '../../src/engine/index.ts';
import { FUNCTIONS, type Note } from '../../src/notebook/functions.ts';
import { explainEntry } from '../../src/notebook/explain.ts';
import { exportScript } from '../../src/notebook/export.ts';
import { toTex } from '../../src/notebook/tex.ts';
import { d, m, notebookOf, s } from './helpers.ts';

type Encoded = number | string;
interface Step {
  t: number;
  rows: [number, number];
  tile: Encoded[][];
  max: Encoded[][];
  scale: Encoded[][];
  sum: Encoded[][];
  acc: Encoded[][];
}
interface Case {
  Q: number[][];
  K: number[][];
  V: number[][];
  Br: number;
  Bc: number;
  steps: Step[];
  output: Encoded[][];
}

const cases = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/flash.json'), 'utf8'),
) as Case[];

const decode = (v: Encoded): number =>
  v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : (v as number);

const TOL = 1e-12;
function expectClose(got: Matrix, want: Encoded[][], label: string): void {
  expect([got.rows, got.cols], `${label} shape`).toEqual([want.length, want[0]?.length ?? 0]);
  want.forEach((row, i) =>
    row.forEach((w, j) => {
      const x = decode(w);
      const g = got.get(i, j);
      const ok = g === x || Math.abs(g - x) <= TOL * Math.max(1, Math.abs(x));
      expect(ok, `${label}[${i}][${j}]: ${g} vs numpy ${x}`).toBe(true);
    }),
  );
}

const call = (fn: string, ...args: (number | Matrix)[]) => {
  const notes: Note[] = [];
  const value = FUNCTIONS[fn]!.apply(args, notes);
  return { value, notes };
};
const mat = (fn: string, ...args: (number | Matrix)[]) => call(fn, ...args).value as Matrix;

describe('every step of FlashAttention against the closed form in numpy', () => {
  for (const c of cases) {
    const [Q, K, V] = [matrix(c.Q), matrix(c.K), matrix(c.V)];
    it(`${Q.rows} queries, ${K.rows} keys, B_r = ${c.Br}, B_c = ${c.Bc}: ${c.steps.length} steps`, () => {
      expect(c.steps.length).toBe(Math.ceil(Q.rows / c.Br) * Math.ceil(K.rows / c.Bc));
      for (const st of c.steps) {
        const at = `step ${st.t}`;
        expectClose(mat('flashTile', Q, K, c.Br, c.Bc, st.t), st.tile, `${at} tile`);
        expectClose(mat('flashMax', Q, K, c.Br, c.Bc, st.t), st.max, `${at} max`);
        expectClose(mat('flashScale', Q, K, c.Br, c.Bc, st.t), st.scale, `${at} scale`);
        expectClose(mat('flashSum', Q, K, c.Br, c.Bc, st.t), st.sum, `${at} sum`);
        expectClose(mat('flashAcc', Q, K, V, c.Br, c.Bc, st.t), st.acc, `${at} acc`);
        const rows = mat('flashRows', matrix(c.Q), K, c.Br, c.Bc, st.t);
        expect(rows.toArray()).toEqual(c.Q.slice(st.rows[0], st.rows[1]));
      }
      expectClose(mat('flashAttention', Q, K, V, c.Br, c.Bc), c.output, 'output');
    });
  }

  it('the fixture has block sizes that do not divide n, and a first step that rescales by 0', () => {
    expect(cases.some((c) => c.Q.length % c.Br !== 0 && c.K.length % c.Bc !== 0)).toBe(true);
    expect(cases.some((c) => c.Br > c.Q.length)).toBe(true);
    expect(decode(cases[0]!.steps[0]!.scale[0]![0]!)).toBe(0);
  });
});

describe('the other functions of the chapter', () => {
  it('maxAbs, blocks and count', () => {
    expect(
      call(
        'maxAbs',
        matrix([
          [1, -3],
          [2.5, 0],
        ]),
      ).value,
    ).toBe(3);
    expect(call('blocks', 9, 4).value).toBe(3);
    expect(call('blocks', 8, 4).value).toBe(2);
    expect(call('blocks', 0, 4).value).toBe(0);
    expect(call('count', matrix([[0, 1, -2, 0]])).value).toBe(2);
  });

  it('the patterns are the engine’s, 1 where a score is kept', () => {
    expect(mat('windowPattern', 4, 2).toArray()).toEqual([
      [1, 0, 0, 0],
      [1, 1, 0, 0],
      [0, 1, 1, 0],
      [0, 0, 1, 1],
    ]);
    expect(mat('stridedPattern', 5, 2).toArray()[4]).toEqual([1, 0, 1, 1, 1]);
    expect(mat('longformerPattern', 5, 1, 1).toArray()[4]).toEqual([1, 0, 0, 0, 1]);
    expect(mat('causalPattern', 3).toArray()).toEqual([
      [1, 0, 0],
      [1, 1, 0],
      [1, 1, 1],
    ]);
  });

  it('refuses block sizes, steps and pattern sizes a reader could type wrong, by name', () => {
    const X = matrix([[1], [2], [3]]);
    expect(() => call('flashTile', X, X, 0, 1, 1)).toThrow(
      /^flashTile: B_r must be a whole number ≥ 1, got 0$/,
    );
    expect(() => call('flashAcc', X, X, X, 1, 2.5, 1)).toThrow(
      /B_c must be a whole number ≥ 1, got 2.5/,
    );
    expect(() => call('flashMax', X, X, 1, 1, 1.5)).toThrow(/the step must be a whole number/);
    expect(() => call('flashAttention', X, matrix([[1, 2]]), X, 1, 1)).toThrow(
      /^flashAttention: Q \(3x1\), K \(1x2\): query and key widths 1 and 2 differ/,
    );
    expect(() => call('flashTile', matrix([[0]]), matrix([[Infinity]]), 1, 1, 1)).toThrow(
      /^flashTile: score row 0, column 0 is NaN/,
    );
    expect(() => call('windowPattern', 4, 0)).toThrow(/the window w must be a whole number ≥ 1/);
    expect(() => call('causalPattern', 5000)).toThrow(/more than 4096 tokens/);
    expect(() => call('blocks', 2.5, 1)).toThrow(/n must be a whole number/);
  });

  it('a step past the last shows the last; a row of −∞ scores gives 0 and a note', () => {
    const X = matrix([[1], [2], [3]]);
    expect(mat('flashMax', X, X, 2, 2, 99).toArray()).toEqual(
      mat('flashMax', X, X, 2, 2, 4).toArray(),
    );
    const Q = matrix([[-Infinity], [1]]);
    const K = matrix([[1], [2]]);
    const { value, notes } = call('flashAttention', Q, K, K, 1, 1);
    expect((value as Matrix).row(0)).toEqual([0]);
    expect(notes[0]!.message).toMatch(/^rows 1: every score is −∞/);
    expect(mat('flashMax', Q, K, 1, 1, 2).toArray()).toEqual([[-Infinity]]);
    expect(mat('flashSum', Q, K, 1, 1, 2).toArray()).toEqual([[0]]);
  });
});

describe('in a notebook: TeX, explanation and Python', () => {
  const nb = notebookOf([
    m('Q', [
      [1, 0],
      [0, 2],
      [1, 1],
    ]),
    m('K', [
      [1, 1],
      [2, 0],
      [0, 1],
    ]),
    m('V', [
      [1, 0],
      [0, 1],
      [1, 1],
    ]),
    s('B_r', 2),
    s('B_c', 2),
    s('t', 2),
    d('S_ij', 'flashTile(Q, K, B_r, B_c, t)'),
    d('mx', 'flashMax(Q, K, B_r, B_c, t)'),
    d('alpha', 'flashScale(Q, K, B_r, B_c, t)'),
    d('l', 'flashSum(Q, K, B_r, B_c, t)'),
    d('acc', 'flashAcc(Q, K, V, B_r, B_c, t)'),
    d('O', 'flashAttention(Q, K, V, B_r, B_c)'),
    d('diff', "maxAbs(O - softmax(Q * K' / sqrt(cols(K))) * V)"),
    d('T_r', 'blocks(rows(Q), B_r)'),
  ]);
  const line = (cell: string, i: number, j: number) =>
    explainEntry(nb.expression(cell)!, (n) => nb.value(n), i, j, { name: cell }).lines[0]!;

  it('gives readable TeX', () => {
    expect(toTex(nb.expression('S_ij')!)).toBe(
      '\\operatorname{tile}_{t}\\left(Q, K \\mid B_{r}, B_{c}\\right)',
    );
    expect(toTex(nb.expression('T_r')!)).toMatch(
      /^\\left\\lceil \\frac\{\\operatorname\{rows\}.*\}\{B_\{?r\}?\} \\right\\rceil$/,
    );
  });

  it('explains each running quantity with the numbers of this step', () => {
    // Step 2: query block 1 (rows 1–2) against key block 2 (key 3).
    expect(line('S_ij', 1, 0)).toBe(
      'S_ij[2,1] = row 2 of Q · row 3 of K / √2 = (0·0 + 2·1) / 1.414 = 1.414 (step 2 of 4: query block 1 (rows 1–2), key block 2 (keys 3–3))',
    );
    // Row 2 saw scores 2/√2 and 0 in block 1, then 2/√2 again: the max stays 1.414.
    expect(line('mx', 1, 0)).toBe(
      'mx[2,1] = max(m before this step = 1.414, the largest score of row 2 in this tile = 1.414) = 1.414 (step 2 of 4: query block 1 (rows 1–2), key block 2 (keys 3–3))',
    );
    expect(line('alpha', 0, 0)).toMatch(
      /^alpha\[1,1\] = e\^\(m before − m\) = e\^\(1\.414 − 1\.414\) = 1: the max did not change/,
    );
    expect(line('l', 1, 0)).toMatch(
      /^l\[2,1\] = α·ℓ before \+ Σ e\^\(S_ij − m\) = 1·1\.243 \+ \(e\^\(1\.414 − 1\.414\)\) = /,
    );
    expect(line('acc', 1, 1)).toMatch(/^acc\[2,2\] = α·Õ before \+ Σ e\^\(S_ij − m\)·V = 1·/);
    expect(line('O', 2, 0)).toMatch(
      /^O\[3,1\] = Õ \/ ℓ after the last of 2 key blocks of query block 2 \(rows 3\) = /,
    );
    expect(line('T_r', 0, 0)).toMatch(/ = ⌈3 \/ 2⌉ = 2: 1 full blocks of 2 and a last one of 1/);
  });

  it('exports Python that calls the helpers, defined once', () => {
    for (const target of ['numpy', 'torch'] as const) {
      const code = exportScript(nb, target);
      expect(code).toContain('S_ij = flash_tile(Q, K, B_r, B_c, t)');
      expect(code).toContain('acc = flash_acc(Q, K, V, B_r, B_c, t)');
      expect(code).toContain('O = flash_attention(Q, K, V, B_r, B_c)');
      expect(code.match(/^def flash_state\(/gm)?.length).toBe(1);
    }
    expect(exportScript(nb, 'numpy')).toContain('T_r = -(-int(Q.shape[0]) // int(B_r))');
  });

  it('the tiled result equals ordinary attention here to 1e-12', () => {
    expect(nb.value('diff') as number).toBeLessThan(1e-12);
  });
});
