/** <nb-value data-cell="v">: a number in the prose that follows the notebook. */
import { pageNotebook } from './page-notebook.ts';
import { valueText } from './value-format.ts';

export class ValueElement extends HTMLElement {
  private unwatch: (() => void) | null = null;

  connectedCallback(): void {
    const nb = pageNotebook();
    const number = this.querySelector<HTMLElement>('.nb-value-number');
    const message = this.querySelector<HTMLElement>('.nb-value-message');
    if (!nb || !number || !message || this.unwatch) return;
    const digits = Number(this.dataset['digits'] ?? 2);
    this.unwatch = nb.watch(this.dataset['cell'] ?? '', (s) => {
      // On an error the last good number stays, marked, with the reason beside it.
      if (s.status === 'error') {
        this.dataset['state'] = 'error';
        message.hidden = false;
        message.textContent = ` (not updated: ${s.error})`;
        return;
      }
      this.dataset['state'] = 'ok';
      message.hidden = true;
      message.textContent = '';
      if (typeof s.value === 'number') number.textContent = valueText(s.value, digits);
    });
  }

  disconnectedCallback(): void {
    this.unwatch?.();
    this.unwatch = null;
  }
}
