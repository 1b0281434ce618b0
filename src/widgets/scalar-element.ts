/** <nb-scalar data-cell="T">: a slider (with its number) for a scalar input cell. */
import { pageNotebook } from './page-notebook.ts';
import { scalarText } from './inline-value.ts';

export class ScalarElement extends HTMLElement {
  private unwatch: (() => void) | null = null;

  connectedCallback(): void {
    const nb = pageNotebook();
    const input = this.querySelector<HTMLInputElement>('input[type="range"]');
    const out = this.querySelector<HTMLOutputElement>('output');
    if (!nb || !input || this.unwatch) return;
    const cell = this.dataset['cell'] ?? '';
    input.disabled = false;
    input.addEventListener('input', () => {
      // From the first move on, text far from the view skips its rendering (global.css).
      this.closest('article')?.classList.add('nb-prose-skips');
      nb.set(cell, Number(input.value));
    });
    this.unwatch = nb.watch(cell, (s) => {
      if (s.status !== 'ok' || typeof s.value !== 'number') return;
      if (Number(input.value) !== s.value) input.value = String(s.value);
      if (out) out.textContent = scalarText(s.value);
    });
  }

  disconnectedCallback(): void {
    this.unwatch?.();
    this.unwatch = null;
  }
}
