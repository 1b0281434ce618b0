/**
 * A chapter's frontmatter cells, prepared for its page: the build stops here with the
 * chapter and the cell named if anything is wrong.
 */
import { prepare } from '../notebook/prepare.ts';
import { Notebook } from '../notebook/notebook.ts';
import type { CellDef, PreparedNotebook } from '../notebook/definition.ts';
import type { ChapterData } from './schema.ts';
import { presetProblems } from '../notebook/presets.ts';

const toNumber = (v: number | 'Infinity' | '-Infinity'): number =>
  v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v;

export function prepareChapter(
  id: string,
  data: ChapterData,
): { prepared: PreparedNotebook; notebook: Notebook } {
  const cells: CellDef[] = data.cells.map((c) => {
    const common = {
      name: c.name,
      tex: c.tex,
      caption: c.caption,
      rowLabels: c.rowLabels,
      colLabels: c.colLabels,
    };
    if (c.kind === 'matrix') {
      return {
        ...common,
        kind: 'matrix',
        value: c.value.map((r) => r.map(toNumber)),
        rowsFrom: c.rowsFrom,
        colsFrom: c.colsFrom,
      };
    }
    if (c.kind === 'scalar')
      return { ...common, kind: 'scalar', value: c.value, min: c.min, max: c.max, step: c.step };
    return { ...common, kind: 'derived', expr: c.expr };
  });
  const problems = presetProblems(data.cells, data.presets ?? []);
  if (problems.length > 0) throw new Error(`chapter "${id}", ${problems.join('; ')}`);
  const prepared = prepare({ id, labels: data.labels, cells });
  return { prepared, notebook: new Notebook(prepared, { schedule: () => {} }) };
}
