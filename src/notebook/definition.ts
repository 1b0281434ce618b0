/**
 * What a chapter declares: its cells. `prepare` (build time, with the parser) turns a
 * definition into a `PreparedNotebook`: every expression parsed into an `Expr`, the
 * dependency graph checked, the order fixed. The prepared form is plain JSON, so a page
 * ships it and the browser builds the same notebook without loading the parser.
 */
import type { Expr } from './expr.ts';

interface CellCommon {
  readonly name: string;
  /** How the cell is written in TeX; defaults from the name (`W_Q` -> `W_{Q}`). */
  readonly tex?: string | undefined;
  /** A few words for the reader: "queries, one row per token". */
  readonly caption?: string | undefined;
  /** Names of label sets (in `labels`) for the rows and the columns. */
  readonly rowLabels?: string | undefined;
  readonly colLabels?: string | undefined;
}

export interface MatrixInputDef extends CellCommon {
  readonly kind: 'matrix';
  readonly value: readonly (readonly number[])[];
  /**
   * Scalar input cells that set this matrix's number of rows / columns (sliders). When
   * one changes, the matrix keeps its overlapping entries and new ones are filled with
   * small numbers that depend only on the cell and the position.
   */
  readonly rowsFrom?: string | undefined;
  readonly colsFrom?: string | undefined;
}

export interface ScalarInputDef extends CellCommon {
  readonly kind: 'scalar';
  readonly value: number;
  readonly min?: number | undefined;
  readonly max?: number | undefined;
  readonly step?: number | undefined;
}

export interface DerivedDef extends CellCommon {
  readonly kind: 'derived';
  readonly expr: string;
}

export type CellDef = MatrixInputDef | ScalarInputDef | DerivedDef;

export interface NotebookDef {
  /** The chapter's id, used in messages and as the storage key. */
  readonly id: string;
  readonly labels?: Readonly<Record<string, readonly string[]>> | undefined;
  readonly cells: readonly CellDef[];
}

export interface PreparedDerived extends DerivedDef {
  readonly ir: Expr;
  readonly deps: readonly string[];
}

export type PreparedCell = MatrixInputDef | ScalarInputDef | PreparedDerived;

export interface PreparedNotebook {
  readonly id: string;
  readonly labels: Readonly<Record<string, readonly string[]>>;
  /** Cells in an order where every cell comes after the cells it reads. */
  readonly cells: readonly PreparedCell[];
}

/** A mistake in a chapter's own definition: it names the chapter and the cell. */
export class NotebookError extends Error {
  override name = 'NotebookError';
  readonly chapter: string;
  readonly cell: string | undefined;
  constructor(chapter: string, cell: string | undefined, message: string) {
    super(`chapter "${chapter}"${cell === undefined ? '' : `, cell "${cell}"`}: ${message}`);
    this.chapter = chapter;
    this.cell = cell;
  }
}
