/** <nb-try data-set="E[7,3]=0">: a button that makes a prompt's edit. */
import { parseEdits } from './try-edits.ts';
import { pageNotebook } from './page-notebook.ts';

export class TryElement extends HTMLElement {
  connectedCallback(): void {
    const nb = pageNotebook();
    const button = this.querySelector('button');
    if (!nb || !button || this.dataset['ready']) return;
    this.dataset['ready'] = '1';
    button.hidden = false;
    button.addEventListener('click', () => {
      const edits = parseEdits(this.dataset['set'] ?? '');
      const status = this.querySelector('[role="status"]');
      // A slider may have shrunk a matrix so that the entry is gone: then change nothing.
      const missing = edits.find((e) => {
        if (e.row === undefined) return false;
        const m = nb.inputValue(e.cell);
        return typeof m === 'number' || e.row > m.rows || e.col! > m.cols;
      });
      if (missing) {
        const m = nb.inputValue(missing.cell);
        const shape = typeof m === 'number' ? 'a number' : `${m.rows}×${m.cols}`;
        if (status)
          status.textContent = `Not done: ${missing.cell} is ${shape} now and has no row ${missing.row}, column ${missing.col}. Move the sliders back, or reset the numbers, and try again.`;
        this.dataset['tone'] = 'error';
        return;
      }
      for (const e of edits) {
        if (e.row === undefined) nb.set(e.cell, e.value);
        else nb.setEntry(e.cell, e.row - 1, e.col! - 1, e.value);
      }
      delete this.dataset['tone'];
      if (status)
        status.textContent = `Done: ${edits.map((e) => (e.row === undefined ? `${e.cell} = ${e.value}` : `${e.cell} row ${e.row} column ${e.col} = ${e.value}`)).join(', ')}.`;
      // Show the reader the entry that changed.
      const first = edits[0];
      if (first?.row !== undefined) {
        document
          .querySelector<HTMLInputElement>(
            `nb-matrix[data-cell="${first.cell}"][data-editable="true"] input[data-i="${first.row - 1}"][data-j="${first.col! - 1}"]`,
          )
          ?.scrollIntoView({ block: 'center', behavior: 'smooth' });
      }
    });
  }
}
