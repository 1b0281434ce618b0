/**
 * <nb-draw data-cell="drawn" data-seed="seed">: the word a seeded draw chose, kept up to
 * date, and a button that moves the seed on by one, so the reader can draw again.
 */
import { pageNotebook } from './page-notebook.ts';
import { drawnWord, nextSeed } from './draw-render.ts';
import { scalarText } from './inline-value.ts';

export class DrawElement extends HTMLElement {
  private unwatch: (() => void)[] = [];

  connectedCallback(): void {
    const nb = pageNotebook();
    const word = this.querySelector<HTMLElement>('.nb-draw-word');
    const seedText = this.querySelector<HTMLElement>('.nb-draw-seed');
    const message = this.querySelector<HTMLElement>('.nb-draw-message');
    const button = this.querySelector<HTMLButtonElement>('button');
    if (!nb || !word || !seedText || !message || !button || this.unwatch.length > 0) return;
    const cell = this.dataset['cell'] ?? '';
    const seed = this.dataset['seed'] ?? '';
    const min = Number(this.dataset['min'] ?? 0);
    const max = Number(this.dataset['max'] ?? 1000);
    const axis = nb.axes(cell).cols;
    const labels = axis ? nb.labels[axis] : undefined;
    button.hidden = false;
    button.addEventListener('click', () => {
      const s = nb.inputValue(seed);
      if (typeof s === 'number') nb.set(seed, nextSeed(s, min, max));
    });
    this.unwatch.push(
      nb.watch(seed, (s) => {
        if (s.status === 'ok' && typeof s.value === 'number')
          seedText.textContent = scalarText(s.value);
      }),
      nb.watch(cell, (s) => {
        const picked =
          s.status === 'ok' ? drawnWord(s.value, labels) : { ok: false as const, error: s.error };
        if (!picked.ok) {
          // The last good word stays, marked, with the reason beside it.
          this.dataset['state'] = 'error';
          message.hidden = false;
          message.textContent = ` (not updated: ${picked.error})`;
          return;
        }
        this.dataset['state'] = 'ok';
        message.hidden = true;
        message.textContent = '';
        if (word.textContent !== picked.word) word.textContent = picked.word;
      }),
    );
  }

  disconnectedCallback(): void {
    for (const u of this.unwatch) u();
    this.unwatch = [];
  }
}
