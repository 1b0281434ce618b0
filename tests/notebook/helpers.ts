import { prepare } from '../../src/notebook/prepare.ts';
import { Notebook } from '../../src/notebook/notebook.ts';
import type { CellDef } from '../../src/notebook/definition.ts';

/** A notebook whose edits apply only when the test calls flush(). */
export function notebookOf(cells: CellDef[], id = 'test'): Notebook {
  return new Notebook(prepare({ id, cells }), { schedule: () => {} });
}

export const m = (name: string, value: number[][]): CellDef => ({ name, kind: 'matrix', value });
export const s = (name: string, value: number): CellDef => ({ name, kind: 'scalar', value });
export const d = (name: string, expr: string): CellDef => ({ name, kind: 'derived', expr });
