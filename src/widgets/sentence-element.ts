/**
 * <nb-sentence>: the reader types a sentence; its number of words goes to a scalar cell
 * (the number of positions), and the table computed from it is shown with one row per
 * word, named by the word. An empty or too long sentence is refused with a message under
 * the field, and the last good rows stay.
 */
import { isMatrix } from '../engine/index.ts';
import { paintGrid } from './grid-dom.ts';
import { pageNotebook } from './page-notebook.ts';
import { MAX_WORDS, wordsOf } from './position-render.ts';

export class SentenceElement extends HTMLElement {
  private cleanup: (() => void)[] = [];
  private words: string[] = [];
  private named = '';

  connectedCallback(): void {
    const nb = pageNotebook();
    const input = this.querySelector<HTMLInputElement>('input[name="text"]');
    const summary = this.querySelector<HTMLElement>('.nb-sentence-summary');
    const box = this.querySelector<HTMLElement>('.nb-sentence-table .nb-scroll');
    const shape = this.querySelector<HTMLElement>('.nb-sentence-table .nb-shape');
    if (!nb || !input || !summary || !box || this.cleanup.length > 0) return;
    const cell = this.dataset['cell'] ?? '';
    const table = this.dataset['table'] ?? '';
    const def = nb.cells.get(table);
    const colLabels = def?.colLabels ? nb.labels[def.colLabels] : undefined;
    input.readOnly = false;
    this.dataset['hydrated'] = 'true';
    this.querySelector('form')?.addEventListener('submit', (e) => e.preventDefault());

    const say = (text: string, tone: 'error' | '' = ''): void => {
      summary.textContent = text;
      summary.dataset['tone'] = tone;
    };
    const read = (): void => {
      const words = wordsOf(input.value);
      if (words.length === 0) {
        input.setAttribute('aria-invalid', 'true');
        say(`Type at least one word. Showing the last ${this.words.length} words.`, 'error');
        return;
      }
      if (words.length > MAX_WORDS) {
        input.setAttribute('aria-invalid', 'true');
        say(
          `${words.length} words is more than ${MAX_WORDS}. Showing the last ${this.words.length} words.`,
          'error',
        );
        return;
      }
      input.removeAttribute('aria-invalid');
      this.words = words;
      say(
        `${words.length} ${words.length === 1 ? 'word' : 'words'}, positions 0 to ${words.length - 1}.`,
      );
      if (nb.inputValue(cell) !== words.length) nb.set(cell, words.length);
      else this.paint(nb.state(table));
    };
    this.paint = (s) => {
      if (s.status !== 'ok' || !isMatrix(s.value)) return;
      const m = s.value;
      // Rows beyond the typed words (a share link or a reset set the count) are named by position.
      const rowLabels = Array.from({ length: m.rows }, (_, i) =>
        this.words[i] === undefined ? `pos ${i}` : `${this.words[i]} (pos ${i})`,
      );
      // paintGrid keeps a grid's labels while its shape stays: new words need a new grid.
      const named = rowLabels.join('\u0000');
      if (named !== this.named) box.replaceChildren();
      this.named = named;
      paintGrid(box, m, {
        cell: table,
        rowLabels,
        colLabels,
        editable: false,
        scale: 'diverging',
        digits: 2,
        hydrated: true,
        maxCols: 8,
      });
      if (shape) shape.textContent = `${m.rows}×${m.cols}`;
    };
    this.words = wordsOf(input.value);
    input.addEventListener('input', read);
    const replaced = (): void => {
      const count = nb.inputValue(cell);
      if (count === this.words.length) return;
      // Reset or an example: the sentence the chapter was written with, if its count fits.
      const initial = this.dataset['initial'] ?? '';
      input.removeAttribute('aria-invalid');
      if (count === wordsOf(initial).length) {
        input.value = initial;
        this.words = wordsOf(initial);
        say(`${this.words.length} words, positions 0 to ${this.words.length - 1}.`);
      } else {
        // Saved numbers or a link set the count, not the words: name the rows by position only.
        input.value = '';
        this.words = [];
        say(
          `${String(count)} positions, from your saved numbers or a link. Type a sentence to name them.`,
        );
      }
      this.paint(nb.state(table));
    };
    document.addEventListener('nb-numbers-replaced', replaced);
    replaced();
    this.cleanup.push(() => document.removeEventListener('nb-numbers-replaced', replaced));
    this.cleanup.push(nb.watch(table, (s) => this.paint(s)));
  }

  private paint: (s: ReturnType<NonNullable<ReturnType<typeof pageNotebook>>['state']>) => void =
    () => {};

  disconnectedCallback(): void {
    this.cleanup.forEach((f) => f());
    this.cleanup = [];
  }
}
