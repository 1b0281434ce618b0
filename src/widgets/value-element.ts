/**
 * <nb-value data-cell="c">: a number in the prose that follows the reader's edits. If the
 * cell has an error, the last good number stays, marked, with the reason beside it.
 */
import { pageNotebook } from './page-notebook.ts';
import { pickNumber, valueText } from './inline-value.ts';

export class ValueElement extends HTMLElement {
  private unwatch: (() => void) | null = null;

  connectedCallback(): void {
    const nb = pageNotebook();
    const number = this.querySelector<HTMLElement>('.nb-value-number');
    const message = this.querySelector<HTMLElement>('.nb-value-message');
    if (!nb || !number || !message || this.unwatch) return;
    const cell = this.dataset['cell'] ?? '';
    const digits = Number(this.dataset['digits'] ?? 2);
    const at = {
      row: this.dataset['row'] === undefined ? undefined : Number(this.dataset['row']),
      col: this.dataset['col'] === undefined ? undefined : Number(this.dataset['col']),
    };
    this.unwatch = nb.watch(cell, (s) => {
      const picked =
        s.status === 'ok' ? pickNumber(s.value, at) : { ok: false as const, error: s.error };
      if (!picked.ok) {
        this.dataset['state'] = 'error';
        message.hidden = false;
        message.textContent = ` (not updated: ${picked.error})`;
        return;
      }
      const { text, exact } = valueText(picked.value, digits);
      this.dataset['state'] = 'ok';
      message.hidden = true;
      message.textContent = '';
      if (number.textContent !== text) number.textContent = text;
      this.title = exact;
    });
  }

  disconnectedCallback(): void {
    this.unwatch?.();
    this.unwatch = null;
  }
}
