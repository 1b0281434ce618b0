/**
 * Each function of the formula language is defined once, whole, in src/notebook/functions/:
 * these tests fail when one lacks a part (evaluation, TeX, label rule, Python result kind,
 * NumPy, PyTorch, explanation), and when the independent reference in Python
 * (scripts/make_chapter_fixtures.py) has no version of it. The type lines are checked by
 * `astro check` (tsc): leaving a part out of a definition does not compile.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { FUNCTIONS, type FunctionDef } from '../../src/notebook/functions.ts';
import { explainEntry } from '../../src/notebook/explain.ts';
import { exportScript } from '../../src/notebook/export.ts';
import { toTex } from '../../src/notebook/tex.ts';
import type { Matrix } from '../../src/engine/index.ts';
import { notebookOf, d, m } from './helpers.ts';

const PARTS = [
  'minArgs',
  'maxArgs',
  'doc',
  'apply',
  'tex',
  'labels',
  'returns',
  'numpy',
  'torch',
  'explain',
] as const;

/** True when a definition without part K is not a FunctionDef. */
type Needs<K extends keyof FunctionDef> = Omit<FunctionDef, K> extends FunctionDef ? false : true;

describe('every function has every part', () => {
  it('in the types: a definition without any one part does not compile', () => {
    expectTypeOf<Needs<'minArgs'>>().toEqualTypeOf<true>();
    expectTypeOf<Needs<'maxArgs'>>().toEqualTypeOf<true>();
    expectTypeOf<Needs<'doc'>>().toEqualTypeOf<true>();
    expectTypeOf<Needs<'apply'>>().toEqualTypeOf<true>();
    expectTypeOf<Needs<'tex'>>().toEqualTypeOf<true>();
    expectTypeOf<Needs<'labels'>>().toEqualTypeOf<true>();
    expectTypeOf<Needs<'returns'>>().toEqualTypeOf<true>();
    expectTypeOf<Needs<'numpy'>>().toEqualTypeOf<true>();
    expectTypeOf<Needs<'torch'>>().toEqualTypeOf<true>();
    expectTypeOf<Needs<'explain'>>().toEqualTypeOf<true>();
  });

  it.each(Object.keys(FUNCTIONS))('%s, at run time', (name) => {
    const def = FUNCTIONS[name]! as unknown as Record<string, unknown>;
    const missing = PARTS.filter((p) => def[p] === undefined || def[p] === null);
    expect(missing, `${name} lacks ${missing.join(', ')}`).toEqual([]);
    for (const p of ['apply', 'tex', 'numpy', 'torch', 'explain'] as const)
      expect(typeof def[p], `${name}.${p}`).toBe('function');
    expect(
      def['labels'] === 'first' || def['labels'] === 'none' || typeof def['labels'] === 'function',
    ).toBe(true);
    expect(['number', 'matrix', 'same']).toContain(def['returns']);
    expect(def['doc']).toMatch(/\S/);
    expect(Number(def['minArgs'])).toBeLessThanOrEqual(Number(def['maxArgs']));
  });
});

describe('the independent reference in Python', () => {
  it('scripts/make_chapter_fixtures.py computes every function that is not an operator', () => {
    const script = readFileSync(
      join(import.meta.dirname, '../../scripts/make_chapter_fixtures.py'),
      'utf8',
    );
    const table = /^FUNCTIONS = \{\n([\s\S]*?)^\}/m.exec(script)?.[1] ?? '';
    const reference = new Set([...table.matchAll(/^ {4}"(\w+)":/gm)].map((x) => x[1]));
    // Operators (the ones with a precedence) are the reference's matrix class's own operators.
    const functions = Object.keys(FUNCTIONS).filter((f) => FUNCTIONS[f]!.precedence === undefined);
    expect(reference.size).toBeGreaterThan(10);
    expect(functions.filter((f) => !reference.has(f))).toEqual([]);
  });
});

describe('one definition serves every reader of the tree', () => {
  // One cell per function of a matrix; each part is read through its usual entry point.
  const nb = notebookOf([
    m('X', [
      [1, -2, 3],
      [0.5, 4, -1],
    ]),
    d('Y', 'relu(layerNorm(X))'),
  ]);
  it('evaluation, TeX, export and explanation of the same cell agree on what it is', () => {
    const expr = nb.expression('Y')!;
    expect(toTex(expr)).toBe(
      '\\operatorname{ReLU}\\left(\\operatorname{LayerNorm}\\left(X\\right)\\right)',
    );
    expect(exportScript(nb, 'numpy')).toContain('Y = np.maximum(layer_norm(X), 0.0)');
    expect(exportScript(nb, 'torch')).toContain('Y = torch.relu(layer_norm(X))');
    const e = explainEntry(expr, (n) => nb.value(n), 0, 2, { name: 'Y' });
    expect(e.value).toBe((nb.value('Y') as Matrix).get(0, 2));
    expect(e.lines[0]).toMatch(/^Y\[1,3\] = relu\(layerNorm\(X\)\[1,3\]\) = relu\(/);
    expect(e.lines[1]).toMatch(/^where layerNorm\(X\)\[1,3\] = \(x − mean\) \/ sqrt/);
  });
});
