/**
 * Every derived cell of every chapter, computed by the notebook from the chapter's own
 * frontmatter, against numpy (tests/fixtures/chapters.json, made by
 * scripts/make_chapter_fixtures.py). Tolerance: 1e-9, absolute and relative.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import yaml from 'js-yaml';
import { chapterSchema } from '../../src/content/schema.ts';
import { prepareChapter } from '../../src/content/chapter-notebook.ts';

const dir = join(import.meta.dirname, '../../content/chapters');
const fixtures = JSON.parse(
  readFileSync(join(import.meta.dirname, '../fixtures/chapters.json'), 'utf8'),
) as Record<string, Record<string, unknown>>;
const decode = (v: unknown): unknown =>
  v === 'Infinity'
    ? Infinity
    : v === '-Infinity'
      ? -Infinity
      : v === 'NaN'
        ? NaN
        : Array.isArray(v)
          ? v.map(decode)
          : v;

// NaN (the naive softmax's overflow) agrees only with NaN.
const close = (a: number, b: number): boolean =>
  a === b ||
  (Number.isNaN(a) && Number.isNaN(b)) ||
  (Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)));

for (const file of readdirSync(dir).filter((f) => f.endsWith('.mdx'))) {
  const id = basename(file, '.mdx');
  describe(`chapter ${id}`, () => {
    const front = yaml.load(readFileSync(join(dir, file), 'utf8').split('---')[1]!);
    const data = chapterSchema.parse(front);
    const { notebook } = prepareChapter(id, data);
    const expected = fixtures[id];

    it('has reference values for every derived cell (else run scripts/make_chapter_fixtures.py)', () => {
      const derived = data.cells.filter((c) => c.kind === 'derived').map((c) => c.name);
      expect(Object.keys(expected ?? {}).sort()).toEqual(derived.sort());
    });

    for (const [cell, want] of Object.entries(expected ?? {})) {
      it(`${cell} agrees with numpy`, () => {
        const got = notebook.value(cell);
        const w = decode(want);
        if (typeof got === 'number') {
          expect(close(got, w as number), `${got} vs ${String(w)}`).toBe(true);
          return;
        }
        const rows = w as number[][];
        expect([got.rows, got.cols]).toEqual([rows.length, rows[0]!.length]);
        got
          .toArray()
          .forEach((r, i) =>
            r.forEach((x, j) =>
              expect(close(x, rows[i]![j]!), `${cell}[${i}][${j}]: ${x} vs ${rows[i]![j]}`).toBe(
                true,
              ),
            ),
          );
      });
    }
  });
}
