/**
 * <nb-matrix data-cell="E">: one cell's matrix, painted from the notebook. An input cell
 * is a grid of real text fields (typed, pasted, moved through with the arrow keys); a
 * derived cell is a grid of numbers with heatmap colours. A bad entry is flagged on its
 * field with a message, and the cell keeps its last good value.
 */
import type { Matrix } from '../engine/index.ts';
import type { CellState, Notebook } from '../notebook/notebook.ts';
import { readEntry, typedNumber } from '../notebook/entry.ts';
import { echo } from '../notebook/echo.ts';
import type { ColourScale } from './format.ts';
import { entryText, keptText } from './render.ts';
import { paintGrid } from './grid-dom.ts';
import { neighbour, roveWithArrows } from './grid-keys.ts';
import { pageNotebook } from './page-notebook.ts';
import { watchWhenNear } from './visibility.ts';
import { cellRef, withSymbols } from './symbols.ts';

export class MatrixElement extends HTMLElement {
  private nb: Notebook | null = null;
  private cell = '';
  private editable = false;
  private unwatch: (() => void) | null = null;
  private invalid = new Map<string, string>();

  connectedCallback(): void {
    const nb = pageNotebook();
    if (!nb || this.unwatch) return;
    this.nb = nb;
    this.cell = this.dataset['cell'] ?? '';
    this.editable = nb.isInput(this.cell) && this.dataset['editable'] !== 'false';
    this.grid()
      ?.querySelectorAll<HTMLInputElement>('input.nb-entry')
      .forEach((input) => {
        if (this.editable) input.readOnly = false;
      });
    if (!this.editable) roveWithArrows(this);
    if (this.editable) this.listen();
    // Far from the viewport, the grid waits: it repaints when it comes near, or when idle.
    this.unwatch = watchWhenNear(this, nb, this.cell, (s) => this.paint(s));
    if (this.editable) document.addEventListener('nb-numbers-replaced', this.onReplaced);
  }

  disconnectedCallback(): void {
    this.unwatch?.();
    this.unwatch = null;
    document.removeEventListener('nb-numbers-replaced', this.onReplaced);
  }

  /** Reset, an example: an entry still showing rejected text takes the new number. */
  private readonly onReplaced = (): void => {
    if (this.invalid.size === 0) return;
    const m = this.nb!.inputValue(this.cell) as Matrix;
    this.querySelectorAll<HTMLInputElement>('input.nb-entry[aria-invalid]').forEach((input) => {
      input.removeAttribute('aria-invalid');
      input.removeAttribute('aria-describedby');
      const i = Number(input.dataset['i']);
      const j = Number(input.dataset['j']);
      // An entry outside the new shape goes when the grid is rebuilt.
      if (i < m.rows && j < m.cols) input.value = entryText(m.get(i, j));
    });
    this.invalid.clear();
    this.message('');
  };

  private grid(): HTMLTableElement | null {
    return this.querySelector('table.nb-grid');
  }

  private shownMessage: string | null = null;

  private message(text: string, tone: 'error' | 'note' | '' = ''): void {
    const el = this.querySelector<HTMLElement>('.nb-message');
    if (!el) return;
    if (this.shownMessage !== text) {
      this.shownMessage = text;
      el.replaceChildren(...withSymbols(this.nb!, text));
    }
    el.dataset['tone'] = tone;
  }

  private stale: CellState | null = null;

  private paint(state: CellState): void {
    // A copy inside a closed <details> is painted when it is opened.
    const closed = this.closest('details:not([open])');
    if (closed) {
      if (this.stale === null)
        closed.addEventListener('toggle', () => this.stale && this.paint(this.stale), {
          once: true,
        });
      this.stale = state;
      return;
    }
    this.stale = null;
    if (state.status === 'error') {
      this.dataset['state'] = 'error';
      this.message(keptText(state, this.cell, 'numbers'), 'error');
      return;
    }
    const v = state.value;
    if (typeof v === 'number') return;
    this.dataset['state'] = 'ok';
    const labels = this.nb!.labels;
    const def = this.nb!.cells.get(this.cell);
    const container = this.querySelector<HTMLElement>('.nb-scroll');
    if (!container) return;
    const grid = this.grid();
    if (
      this.invalid.size > 0 &&
      (Number(grid?.dataset['rows']) !== v.rows || Number(grid?.dataset['cols']) !== v.cols)
    ) {
      // The rejected entries belonged to the old shape: their fields take the new values.
      this.invalid.clear();
      this.querySelectorAll('input[aria-invalid]').forEach((el) =>
        el.removeAttribute('aria-invalid'),
      );
    }
    paintGrid(
      container,
      v,
      {
        cell: this.cell,
        rowLabels: def?.rowLabels ? labels[def.rowLabels] : undefined,
        colLabels: def?.colLabels ? labels[def.colLabels] : undefined,
        editable: this.editable,
        scale: (this.dataset['scale'] as ColourScale | undefined) ?? 'diverging',
        digits: Number(this.dataset['digits'] ?? 2),
        hydrated: true,
        maxCols: this.dataset['maxCols'] ? Number(this.dataset['maxCols']) : undefined,
      },
      // Never rewrite the field the reader is typing in, nor one holding a rejected entry.
      (input, i, j) => input === document.activeElement || this.invalid.has(`${i},${j}`),
    );
    const shape = this.querySelector('.nb-shape');
    if (shape) shape.textContent = `${v.rows}×${v.cols}`;
    if (this.invalid.size > 0) this.message([...this.invalid.values()][0]!, 'error');
    else
      this.message(
        state.notes.map((n) => n.message).join(' '),
        state.notes.length > 0 ? 'note' : '',
      );
  }

  private listen(): void {
    this.addEventListener('input', (e) => {
      const input = e.target as HTMLInputElement;
      if (!input.classList.contains('nb-entry')) return;
      const v = typedNumber(input.value);
      // While a reader is mid-way through "1/sqrt(2)", wait for Enter or leaving the field.
      if (v !== undefined) this.commit(input, v);
    });
    this.addEventListener('change', (e) => {
      const input = e.target as HTMLInputElement;
      if (!input.classList.contains('nb-entry')) return;
      void this.commitText(input);
    });
    this.addEventListener('keydown', (e) => {
      const input = e.target as HTMLInputElement;
      if (!input.classList.contains('nb-entry')) return;
      if (e.key === 'Escape') {
        this.revert(input);
        return;
      }
      const atStart = input.selectionStart === 0 && input.selectionEnd === 0;
      const atEnd = input.selectionStart === input.value.length;
      const moves =
        e.key === 'ArrowUp' ||
        e.key === 'ArrowDown' ||
        e.key === 'Enter' ||
        (e.key === 'ArrowLeft' && atStart) ||
        (e.key === 'ArrowRight' && atEnd);
      if (!moves) return;
      const next = neighbour(
        input,
        e.key === 'Enter' ? (e.shiftKey ? 'ArrowUp' : 'ArrowDown') : e.key,
      );
      if (e.key === 'Enter') void this.commitText(input);
      if (next) {
        e.preventDefault();
        (next as HTMLInputElement).focus();
        (next as HTMLInputElement).select();
      }
    });
    this.addEventListener('paste', (e) => {
      const input = e.target as HTMLInputElement;
      const text = e.clipboardData?.getData('text/plain') ?? '';
      if (!input.classList.contains('nb-entry') || !/[\t\n]/.test(text.trim())) return;
      e.preventDefault();
      void this.pasteBlock(input, text);
    });
  }

  private async commitText(input: HTMLInputElement): Promise<void> {
    const text = input.value;
    const r = await readEntry(text);
    if (input.value !== text) return; // the reader typed on meanwhile
    if (r.ok) this.commit(input, r.value);
    else
      this.reject(
        input,
        `${cellRef(this.cell)} row ${Number(input.dataset['i']) + 1} column ${Number(input.dataset['j']) + 1}: “${echo(text)}” is not a number (${r.error}). Kept ${entryText(this.currentEntry(input))}.`,
      );
  }

  private commit(input: HTMLInputElement, v: number): void {
    const i = Number(input.dataset['i']);
    const j = Number(input.dataset['j']);
    this.invalid.delete(`${i},${j}`);
    input.removeAttribute('aria-invalid');
    input.removeAttribute('aria-describedby');
    this.nb!.setEntry(this.cell, i, j, v);
    if (this.invalid.size === 0) this.message('');
  }

  private reject(input: HTMLInputElement, text: string): void {
    this.invalid.set(`${input.dataset['i']},${input.dataset['j']}`, text);
    input.setAttribute('aria-invalid', 'true');
    const msg = this.querySelector<HTMLElement>('.nb-message');
    if (msg) {
      msg.id ||= `nb-msg-${this.cell}-${Math.random().toString(36).slice(2, 8)}`;
      input.setAttribute('aria-describedby', msg.id);
    }
    this.message(text, 'error');
  }

  private revert(input: HTMLInputElement): void {
    this.invalid.delete(`${input.dataset['i']},${input.dataset['j']}`);
    input.removeAttribute('aria-invalid');
    input.value = entryText(this.currentEntry(input));
    if (this.invalid.size === 0) this.message('');
  }

  private currentEntry(input: HTMLInputElement): number {
    const m = this.nb!.inputValue(this.cell) as Matrix;
    return m.get(Number(input.dataset['i']), Number(input.dataset['j']));
  }

  /** A block copied from a spreadsheet: tab-separated columns, one line a row. */
  private async pasteBlock(from: HTMLInputElement, text: string): Promise<void> {
    const lines = text.replace(/\r/g, '').replace(/\n+$/, '').split('\n');
    const i0 = Number(from.dataset['i']);
    const j0 = Number(from.dataset['j']);
    const m = this.nb!.inputValue(this.cell) as Matrix;
    const problems: string[] = [];
    let clipped = false;
    for (let di = 0; di < lines.length; di++) {
      const fields = lines[di]!.split(/\t|,(?=\s*\S)|\s{2,}/);
      for (let dj = 0; dj < fields.length; dj++) {
        const i = i0 + di;
        const j = j0 + dj;
        if (i >= m.rows || j >= m.cols) {
          clipped = true;
          continue;
        }
        const r = await readEntry(fields[dj]!);
        const input = this.querySelector<HTMLInputElement>(`input[data-i="${i}"][data-j="${j}"]`);
        if (!input) continue;
        if (r.ok) {
          input.value = entryText(r.value);
          this.commit(input, r.value);
        } else problems.push(`row ${i + 1} column ${j + 1}: “${echo(fields[dj]!)}”`);
      }
    }
    // A few are named; a pasted page of text gives a short message all the same.
    const named =
      problems.length > 3
        ? `${problems.slice(0, 3).join('; ')} and ${problems.length - 3} more`
        : problems.join('; ');
    if (problems.length > 0)
      this.message(
        `Pasted, except ${named}, which are not numbers and kept their values.`,
        'error',
      );
    else if (clipped)
      this.message(`Pasted; what did not fit in ${m.rows}×${m.cols} was left out.`, 'note');
  }
}
