/**
 * The reactive core: input cells hold values, derived cells compute from them. It knows
 * nothing of the DOM. Views watch a cell and are told its state, ok or error; an edit
 * marks what is downstream stale, and only cells that something watches and whose
 * inputs changed are recomputed, once per flush however many edits arrived.
 */
import {
  batch,
  computed,
  effect,
  signal,
  type ReadonlySignal,
  type Signal,
} from '@preact/signals-core';
import { isMatrix, matrix, type Matrix } from '../engine/index.ts';
import { symbolsOf, type Expr } from './expr.ts';
import { compile, type Compiled } from './evaluate.ts';
import { CONSTANTS, type Note, type Value } from './functions.ts';
import type { PreparedCell, PreparedNotebook } from './definition.ts';
import { axesOf, type Axes } from './labels.ts';

export type CellState =
  | { readonly status: 'ok'; readonly value: Value; readonly notes: readonly Note[] }
  | {
      readonly status: 'error';
      readonly error: string;
      /** The cell where the error started: this one, or one it depends on. */
      readonly source: string;
    };

export interface NotebookOptions {
  /** How a batch of edits is scheduled: the next animation frame in a browser. */
  readonly schedule?: (flush: () => void) => void;
}

interface DerivedSlot {
  readonly program: Signal<{
    readonly ir: Expr;
    readonly deps: readonly string[];
    readonly run: Compiled;
  }>;
  readonly state: ReadonlySignal<CellState>;
}

const defaultSchedule = (flush: () => void): void => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => flush());
  else queueMicrotask(flush);
};

export class Notebook {
  readonly id: string;
  readonly cells: ReadonlyMap<string, PreparedCell>;
  readonly labels: Readonly<Record<string, readonly string[]>>;
  private readonly inputs = new Map<string, Signal<Value>>();
  private readonly derived = new Map<string, DerivedSlot>();
  private readonly pending = new Map<string, Value>();
  private readonly schedule: (flush: () => void) => void;
  private readonly disposers = new Set<() => void>();
  private flushQueued = false;
  private readonly afterFlush = new Set<() => void>();
  /** How many times a derived cell has been computed: what an edit costs, in cells. */
  computations = 0;

  constructor(prepared: PreparedNotebook, options: NotebookOptions = {}) {
    this.id = prepared.id;
    this.labels = prepared.labels;
    this.schedule = options.schedule ?? defaultSchedule;
    this.cells = new Map(prepared.cells.map((c) => [c.name, c]));
    for (const cell of prepared.cells) {
      if (cell.kind === 'matrix')
        this.inputs.set(cell.name, signal<Value>(matrix(cell.value.map((r) => [...r]))));
      else if (cell.kind === 'scalar') this.inputs.set(cell.name, signal<Value>(cell.value));
    }
    for (const cell of prepared.cells) {
      if (cell.kind !== 'derived') continue;
      const program = signal({ ir: cell.ir, deps: cell.deps, run: compile(cell.ir) });
      const state = computed(() => this.compute(cell.name, program.value));
      this.derived.set(cell.name, { program, state });
    }
  }

  private compute(name: string, program: { deps: readonly string[]; run: Compiled }): CellState {
    this.computations++;
    for (const d of program.deps) {
      const s = this.state(d);
      if (s.status === 'error') {
        return {
          status: 'error',
          error: `${d} has an error, so ${name} cannot be computed`,
          source: s.source,
        };
      }
    }
    const notes: Note[] = [];
    try {
      const value = program.run(
        (n) => (this.state(n) as Extract<CellState, { status: 'ok' }>).value,
        notes,
      );
      return { status: 'ok', value, notes };
    } catch (e) {
      return { status: 'error', error: e instanceof Error ? e.message : String(e), source: name };
    }
  }

  has(name: string): boolean {
    return this.cells.has(name);
  }

  isInput(name: string): boolean {
    return this.inputs.has(name);
  }

  /** The current state of a cell (computing it if it is stale). Tracked inside `watch`. */
  state(name: string): CellState {
    const input = this.inputs.get(name);
    if (input) return { status: 'ok', value: input.value, notes: [] };
    const slot = this.derived.get(name);
    if (!slot) return { status: 'error', error: `unknown cell "${name}"`, source: name };
    return slot.state.value;
  }

  /** The value of a cell, or an Error if it has none. */
  value(name: string): Value {
    const s = this.state(name);
    if (s.status === 'error') throw new Error(`${name}: ${s.error}`);
    return s.value;
  }

  /**
   * Calls `observer` now and after every flush that changes the cell's state. With
   * `active`, only while it is true: meanwhile the cell is neither computed for this
   * watcher nor reported, and when it turns true again the observer gets the current
   * state (a view far from the viewport need not repaint, nor its cell be computed).
   */
  watch(
    name: string,
    observer: (state: CellState) => void,
    active?: ReadonlySignal<boolean>,
  ): () => void {
    const dispose = effect(() => {
      if (active && !active.value) return;
      observer(this.state(name));
    });
    this.disposers.add(dispose);
    return () => {
      dispose();
      this.disposers.delete(dispose);
    };
  }

  /** Sets an input cell; the change is applied on the next flush with any others. */
  set(name: string, value: Value): void {
    const current = this.inputs.get(name);
    if (!current) throw new Error(`"${name}" is not an input cell`);
    if (typeof value !== typeof current.peek() || (isMatrix(value) && !isMatrix(current.peek()))) {
      throw new Error(
        `"${name}" holds ${typeof current.peek() === 'number' ? 'a number' : 'a matrix'}`,
      );
    }
    this.pending.set(name, value);
    if (typeof value === 'number') this.resizeFollowers(name, value);
    if (!this.flushQueued) {
      this.flushQueued = true;
      this.schedule(() => this.flush());
    }
  }

  /** Matrices whose rows or columns follow the scalar `driver` take its new size. */
  private resizeFollowers(driver: string, size: number): void {
    for (const cell of this.cells.values()) {
      if (cell.kind !== 'matrix' || (cell.rowsFrom !== driver && cell.colsFrom !== driver))
        continue;
      const m = this.inputValue(cell.name) as Matrix;
      const rows = cell.rowsFrom === driver ? size : m.rows;
      const cols = cell.colsFrom === driver ? size : m.cols;
      if (rows === m.rows && cols === m.cols) continue;
      if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) continue;
      this.pending.set(cell.name, resized(cell.name, m, rows, cols));
    }
  }

  /** Sets one entry of a matrix input, keeping every other entry (and other pending edits). */
  setEntry(name: string, row: number, col: number, v: number): void {
    const base = this.pending.get(name) ?? this.inputs.get(name)?.peek();
    if (base === undefined || typeof base === 'number')
      throw new Error(`"${name}" is not a matrix input`);
    if (row < 0 || col < 0 || row >= base.rows || col >= base.cols) {
      throw new Error(
        `${name}: no entry at row ${row + 1}, column ${col + 1} in a ${base.rows}x${base.cols} matrix`,
      );
    }
    const rows = base.toArray();
    rows[row]![col] = v;
    this.set(name, matrix(rows));
  }

  /** The value an input will have after pending edits. */
  inputValue(name: string): Value {
    const v = this.pending.get(name) ?? this.inputs.get(name)?.peek();
    if (v === undefined) throw new Error(`"${name}" is not an input cell`);
    return v;
  }

  /** Applies every pending edit in one batch; watchers run once each. */
  flush(): void {
    this.flushQueued = false;
    if (this.pending.size === 0) return;
    const edits = [...this.pending];
    this.pending.clear();
    batch(() => {
      for (const [name, value] of edits) this.inputs.get(name)!.value = value;
    });
    for (const f of this.afterFlush) f();
  }

  /** Runs `f` after each flush (state persistence, timing). */
  onFlush(f: () => void): () => void {
    this.afterFlush.add(f);
    return () => this.afterFlush.delete(f);
  }

  /** Input values as plain data, for saving and sharing. */
  snapshot(): Record<string, number | number[][]> {
    const out: Record<string, number | number[][]> = {};
    for (const name of this.inputs.keys()) {
      const v = this.inputValue(name);
      out[name] = typeof v === 'number' ? v : v.toArray();
    }
    return out;
  }

  /** The chapter's own value of an input. */
  defaultValue(name: string): Value {
    const cell = this.cells.get(name);
    if (cell?.kind === 'matrix') return matrix(cell.value.map((r) => [...r]));
    if (cell?.kind === 'scalar') return cell.value;
    throw new Error(`"${name}" is not an input cell`);
  }

  /** Puts every input back to the chapter's values. */
  reset(): void {
    for (const name of this.inputs.keys()) this.set(name, this.defaultValue(name));
  }

  /** The expression of a derived cell as it is now (a reader may have changed it). */
  expression(name: string): Expr | undefined {
    return this.derived.get(name)?.program.peek().ir;
  }

  /** The label sets of a cell's rows and columns. */
  axes(name: string): Axes {
    const c = this.cells.get(name);
    return { rows: c?.rowLabels, cols: c?.colLabels };
  }

  /** The row and column labels of what `expr` computes, as lists of names. */
  labelsOf(expr: Expr): {
    rows: readonly string[] | undefined;
    cols: readonly string[] | undefined;
  } {
    const a = axesOf(expr, (n) => this.axes(n));
    return {
      rows: a.rows ? this.labels[a.rows] : undefined,
      cols: a.cols ? this.labels[a.cols] : undefined,
    };
  }

  /** Names a derived cell reads directly. */
  dependencies(name: string): readonly string[] {
    return this.derived.get(name)?.program.peek().deps ?? [];
  }

  /** Every cell that reads `name`, directly or through others, in computing order. */
  dependents(name: string): string[] {
    const out = new Set<string>();
    for (const [n] of this.cells) {
      if (this.dependencies(n).some((d) => d === name || out.has(d))) out.add(n);
    }
    return [...out];
  }

  /**
   * Replaces a derived cell's expression (a reader's own formula). Unknown names, unknown
   * functions and cycles are refused with a message, and the old expression stays.
   */
  redefine(name: string, ir: Expr): void {
    const slot = this.derived.get(name);
    if (!slot) throw new Error(`"${name}" is not a derived cell`);
    const deps = symbolsOf(ir).filter((n) => !Object.hasOwn(CONSTANTS, n));
    for (const d of deps) if (!this.cells.has(d)) throw new Error(`unknown name "${d}"`);
    if (deps.includes(name) || deps.some((d) => this.dependsOn(d, name))) {
      throw new Error(`${name} cannot read a cell that depends on ${name}`);
    }
    const run = compile(ir);
    slot.program.value = { ir, deps, run };
  }

  private dependsOn(cell: string, target: string): boolean {
    const stack = [cell];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const c = stack.pop()!;
      if (c === target) return true;
      if (seen.has(c)) continue;
      seen.add(c);
      stack.push(...this.dependencies(c));
    }
    return false;
  }

  /** Stops every watcher. */
  dispose(): void {
    for (const d of this.disposers) d();
    this.disposers.clear();
  }
}

/**
 * `m` at a new size: the overlapping entries kept, new ones filled with numbers in
 * [-1, 1] (two decimals) that depend only on the cell and the position, so the same
 * sizes always give the same matrix.
 */
export function resized(cell: string, m: Matrix, rows: number, cols: number): Matrix {
  const out: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const row: number[] = [];
    for (let j = 0; j < cols; j++)
      row.push(i < m.rows && j < m.cols ? m.get(i, j) : fillValue(cell, i, j));
    out.push(row);
  }
  return matrix(out);
}

function fillValue(cell: string, i: number, j: number): number {
  let h = 2166136261;
  for (const ch of `${cell}:${i}:${j}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  h = Math.imul(h ^ (h >>> 15), 2246822507) >>> 0;
  return Math.round(((h / 4294967296) * 2 - 1) * 100) / 100;
}

export type { Matrix, Value };
