/**
 * Build-time checks of a chapter's cells: every expression parses, every name it reads
 * exists, nothing depends on itself, and every cell computes from the defaults. Any
 * failure is a NotebookError naming the chapter and the cell, and fails the build.
 */
import { symbolsOf, type Expr } from './expr.ts';
import { CONSTANTS } from './functions.ts';
import { compile } from './evaluate.ts';
import { parse } from './parse.ts';
import {
  NotebookError,
  type CellDef,
  type NotebookDef,
  type PreparedCell,
  type PreparedDerived,
  type PreparedNotebook,
} from './definition.ts';
import { Notebook } from './notebook.ts';
import { axesOf, type Axes } from './labels.ts';

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

export function prepare(def: NotebookDef): PreparedNotebook {
  const chapter = def.id;
  const byName = new Map<string, CellDef>();
  for (const cell of def.cells) {
    if (!NAME.test(cell.name)) {
      throw new NotebookError(
        chapter,
        cell.name,
        'a cell name is a letter followed by letters, digits or _',
      );
    }
    if (byName.has(cell.name)) throw new NotebookError(chapter, cell.name, 'defined twice');
    if (Object.hasOwn(CONSTANTS, cell.name)) {
      throw new NotebookError(
        chapter,
        cell.name,
        `"${cell.name}" is a constant and cannot be a cell name`,
      );
    }
    byName.set(cell.name, cell);
  }

  const parsed = new Map<string, { ir: Expr; deps: string[] }>();
  for (const cell of def.cells) {
    if (cell.kind !== 'derived') {
      checkInput(chapter, cell);
      continue;
    }
    let ir: Expr;
    try {
      ir = parse(cell.expr);
      compile(ir); // unknown functions and wrong argument counts
    } catch (e) {
      throw new NotebookError(chapter, cell.name, `${cell.expr}: ${(e as Error).message}`);
    }
    const deps = symbolsOf(ir).filter((n) => !Object.hasOwn(CONSTANTS, n));
    for (const d of deps) {
      if (!byName.has(d)) {
        const known = [...byName.keys()].join(', ');
        throw new NotebookError(
          chapter,
          cell.name,
          `unknown name "${d}" in ${cell.expr} (cells: ${known})`,
        );
      }
    }
    parsed.set(cell.name, { ir, deps });
  }

  for (const cell of def.cells) {
    if (cell.kind === 'matrix') {
      for (const [which, from] of [
        ['rows', cell.rowsFrom],
        ['columns', cell.colsFrom],
      ] as const) {
        if (from === undefined) continue;
        const driver = byName.get(from);
        if (driver?.kind !== 'scalar') {
          throw new NotebookError(
            chapter,
            cell.name,
            `its ${which} follow "${from}", which is not a scalar input`,
          );
        }
        const size = which === 'rows' ? cell.value.length : cell.value[0]!.length;
        if (driver.value !== size) {
          throw new NotebookError(
            chapter,
            cell.name,
            `has ${size} ${which} but "${from}" is ${driver.value}`,
          );
        }
      }
    }
    for (const key of [cell.rowLabels, cell.colLabels]) {
      if (key !== undefined && !def.labels?.[key]) {
        throw new NotebookError(chapter, cell.name, `unknown label set "${key}"`);
      }
    }
  }

  const order = topologicalOrder(chapter, def.cells, (name) => parsed.get(name)?.deps ?? []);
  const axes = new Map<string, Axes>();
  const cells: PreparedCell[] = order.map((name) => {
    const cell = byName.get(name)!;
    if (cell.kind !== 'derived') {
      axes.set(name, { rows: cell.rowLabels, cols: cell.colLabels });
      return cell;
    }
    const p = parsed.get(name)!;
    // Labels the author did not give are read off the expression.
    const inferred = axesOf(p.ir, (n) => axes.get(n) ?? { rows: undefined, cols: undefined });
    const rowLabels = cell.rowLabels ?? inferred.rows;
    const colLabels = cell.colLabels ?? inferred.cols;
    axes.set(name, { rows: rowLabels, cols: colLabels });
    return { ...cell, rowLabels, colLabels, ir: p.ir, deps: p.deps } satisfies PreparedDerived;
  });
  const prepared: PreparedNotebook = { id: chapter, labels: def.labels ?? {}, cells };

  // Every cell must compute from the chapter's own numbers.
  const nb = new Notebook(prepared);
  for (const cell of cells) {
    const state = nb.state(cell.name);
    if (state.status === 'error' && state.source === cell.name) {
      throw new NotebookError(chapter, cell.name, state.error);
    }
  }
  nb.dispose();
  return prepared;
}

function checkInput(chapter: string, cell: CellDef): void {
  if (cell.kind === 'scalar') {
    if (!Number.isFinite(cell.value))
      throw new NotebookError(chapter, cell.name, 'a scalar input must be a finite number');
    if (
      (cell.min !== undefined && cell.value < cell.min) ||
      (cell.max !== undefined && cell.value > cell.max)
    ) {
      throw new NotebookError(
        chapter,
        cell.name,
        `value ${cell.value} is outside [${cell.min}, ${cell.max}]`,
      );
    }
    return;
  }
  if (cell.kind !== 'matrix') return;
  const rows = cell.value;
  if (rows.length === 0 || rows[0]!.length === 0)
    throw new NotebookError(chapter, cell.name, 'a matrix needs at least one entry');
  const width = rows[0]!.length;
  rows.forEach((r, i) => {
    if (r.length !== width) {
      throw new NotebookError(
        chapter,
        cell.name,
        `row ${i + 1} has ${r.length} entries, row 1 has ${width}`,
      );
    }
    if (r.some((v) => typeof v !== 'number' || Number.isNaN(v))) {
      throw new NotebookError(chapter, cell.name, `row ${i + 1} has an entry that is not a number`);
    }
  });
}

/** Cells ordered so each follows what it reads; a cycle is reported with its path. */
function topologicalOrder(
  chapter: string,
  cells: readonly CellDef[],
  depsOf: (name: string) => readonly string[],
): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]): void => {
    const s = state.get(name);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...path.slice(path.indexOf(name)), name].join(' -> ');
      throw new NotebookError(chapter, name, `depends on itself: ${cycle}`);
    }
    state.set(name, 'visiting');
    for (const d of depsOf(name)) visit(d, [...path, name]);
    state.set(name, 'done');
    order.push(name);
  };
  for (const c of cells) visit(c.name, []);
  return order;
}
