/**
 * <nb-tokens>: the reader types any text and sees it cut into tokens, each with its row
 * in the GloVe vocabulary, and the matrix of their vectors, one row per token. The build
 * renders an example; this element takes over. It loads the word vectors only once the
 * reader focuses the field (a chapter that merely mentions tokens stays light), and
 * repaints in the frame after each keystroke.
 */
import { tokenize } from '../embeddings/tokens.ts';
import type { DecodedAsset } from '../embeddings/asset.ts';
import { paintGrid } from './grid-dom.ts';
import { roveWithArrows } from './grid-keys.ts';
import { tokenListHtml, tokenSummary, tokenVectors } from './token-render.ts';
import { loadWordVectors, paintLoadState, watchWordVectors } from './word-vectors.ts';

/** How long the reader must stop typing before the summary is announced. */
const ANNOUNCE_AFTER_MS = 700;

export class TokensElement extends HTMLElement {
  private input: HTMLInputElement | null = null;
  private asset: DecodedAsset | null = null;
  private cleanup: (() => void)[] = [];
  private frame = 0;
  private pause: ReturnType<typeof setTimeout> | undefined;

  connectedCallback(): void {
    if (this.cleanup.length > 0) return;
    this.input = this.querySelector<HTMLInputElement>('input[name="text"]');
    if (!this.input) return;
    this.input.readOnly = false;
    this.dataset['hydrated'] = 'true';
    roveWithArrows(this);
    this.querySelector('form')?.addEventListener('submit', (e) => e.preventDefault());
    const load = (): void => void loadWordVectors().catch(() => {});
    this.input.addEventListener('focus', load, { once: true });
    this.input.addEventListener('input', () => {
      load();
      cancelAnimationFrame(this.frame);
      this.frame = requestAnimationFrame(() => this.run());
    });
    this.cleanup.push(
      watchWordVectors((s) => {
        // Nothing to say until the reader starts: the vectors load on focus, not on view.
        if (s.phase !== 'idle') paintLoadState(this, s);
        if (s.phase === 'ready' && !this.asset) {
          this.asset = s.asset;
          this.run();
        }
      }),
    );
  }

  disconnectedCallback(): void {
    this.cleanup.forEach((f) => f());
    this.cleanup = [];
    cancelAnimationFrame(this.frame);
    clearTimeout(this.pause);
  }

  /** Cuts the field's text into tokens and paints the list, the sentence and the matrix. */
  private run(): void {
    const asset = this.asset;
    if (!asset || !this.input) return;
    const tokens = tokenize(asset.index, this.input.value);
    const list = this.querySelector<HTMLElement>('.tk-list');
    if (list) list.innerHTML = tokenListHtml(tokens);
    const summary = this.querySelector<HTMLElement>('.tk-summary');
    const said = tokenSummary(tokens);
    if (summary) summary.textContent = said;
    // A screen reader hears the summary once the reader pauses, not at every keystroke.
    clearTimeout(this.pause);
    this.pause = setTimeout(() => {
      const status = this.querySelector<HTMLElement>('.tk-announce');
      if (status) status.textContent = said;
    }, ANNOUNCE_AFTER_MS);
    const figure = this.querySelector<HTMLElement>('.tk-vectors');
    const box = figure?.querySelector<HTMLElement>('.nb-scroll');
    if (!figure || !box) return;
    const vectors = tokenVectors(tokens, asset.vectors, asset.dims);
    // With no token that has a row there is no matrix: the summary says why.
    figure.hidden = vectors === null;
    if (!vectors) return;
    paintGrid(box, vectors.matrix, {
      cell: 'vectors',
      rowLabels: vectors.labels,
      editable: false,
      scale: 'diverging',
      digits: 2,
      hydrated: true,
    });
    const shape = figure.querySelector('.nb-shape');
    if (shape) shape.textContent = `${vectors.matrix.rows}×${vectors.matrix.cols}`;
  }
}
