/**
 * <nb-reordered data-cell="p">: a sentence read in the order the cell lists, kept up to
 * date as the reader edits the order. An order that is not one keeps the last sentence,
 * with the reason beside it.
 */
import { isMatrix } from '../engine/index.ts';
import { pageNotebook } from './page-notebook.ts';
import { reordered } from './position-render.ts';

export class ReorderedElement extends HTMLElement {
  private unwatch: (() => void) | null = null;

  connectedCallback(): void {
    const nb = pageNotebook();
    const text = this.querySelector<HTMLElement>('.nb-reordered-text');
    const message = this.querySelector<HTMLElement>('.nb-value-message');
    if (!nb || !text || !message || this.unwatch) return;
    let words: string[];
    try {
      words = JSON.parse(this.dataset['words'] ?? '[]') as string[];
    } catch {
      return;
    }
    this.unwatch = nb.watch(this.dataset['cell'] ?? '', (s) => {
      const read =
        s.status !== 'ok'
          ? { ok: false as const, error: s.error }
          : isMatrix(s.value)
            ? reordered(words, s.value)
            : { ok: false as const, error: 'not a matrix' };
      this.dataset['state'] = read.ok ? 'ok' : 'error';
      message.hidden = read.ok;
      message.textContent = read.ok ? '' : ` (not updated: ${read.error})`;
      if (read.ok && text.textContent !== read.text) text.textContent = read.text;
    });
  }

  disconnectedCallback(): void {
    this.unwatch?.();
    this.unwatch = null;
  }
}
