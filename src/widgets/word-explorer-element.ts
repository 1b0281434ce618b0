/**
 * <wv-explorer>: word arithmetic on the GloVe vectors. The reader types an expression
 * (`king - man + woman`, `0.5*king + 0.5*queen`, or one word for its neighbours); the
 * nearest words appear with their cosine similarity. With `data-toy="cell"` the same
 * expression also runs on the toy vectors of that notebook cell, side by side, following
 * the reader's edits of it.
 *
 * The build renders an example; this element takes over: it loads the vectors when it
 * comes near (or on first focus), the parser when the reader first types, and keeps the
 * last good table (dimmed) while the input has a problem, which the message says.
 */
import type { Expr } from '../embeddings/explore.ts';
import {
  queryTerms,
  readTerms,
  wordSpace,
  type QueryOutcome,
  type WordSpace,
} from '../embeddings/query.ts';
import { escapeHtml } from './format.ts';
import { pageNotebook } from './page-notebook.ts';
import { whenNear } from './plotly-loader.ts';
import { outcomeHtml, toyHtml } from './word-render.ts';
import { setHtml } from './safe-html.ts';
import { loadWordVectors, paintLoadState, watchWordVectors } from './word-vectors.ts';

let parser: Promise<(text: string) => Expr> | null = null;
/** The restricted parser (mathjs), loaded on first use. */
export function loadParser(): Promise<(text: string) => Expr> {
  parser ??= import('../notebook/parse.ts').then((m) => m.parse);
  return parser;
}

export class WordExplorerElement extends HTMLElement {
  private input: HTMLInputElement | null = null;
  private include: HTMLInputElement | null = null;
  private real: WordSpace | null = null;
  private toy: WordSpace | null = null;
  private cleanup: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private runId = 0;

  connectedCallback(): void {
    if (this.cleanup.length > 0) return;
    this.input = this.querySelector<HTMLInputElement>('input[name="expression"]');
    this.include = this.querySelector<HTMLInputElement>('input[name="include"]');
    const form = this.querySelector('form');
    if (!this.input || !form) return;
    this.input.readOnly = false;
    if (this.include) this.include.disabled = false;
    this.querySelectorAll<HTMLElement>('[data-needs-js]').forEach((el) => (el.hidden = false));
    this.dataset['hydrated'] = 'true';

    const load = (): void => void loadWordVectors().catch(() => {});
    whenNear(this, load);
    this.input.addEventListener('focus', load, { once: true });
    this.cleanup.push(
      watchWordVectors((s) => {
        paintLoadState(this, s);
        if (s.phase === 'ready' && !this.real) {
          this.real = { ...s.asset, unit: s.asset.vectors };
          void this.run();
        }
      }),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.run();
    });
    this.input.addEventListener('input', () => {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.run(), 400);
    });
    this.include?.addEventListener('change', () => void this.run());
    this.addEventListener('click', (e) => {
      const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button.wv-suggestion');
      if (b) this.replaceWord(b.dataset['replace'] ?? '', b.dataset['with'] ?? '');
    });

    const toyCell = this.dataset['toy'];
    const nb = toyCell ? pageNotebook() : null;
    if (nb && toyCell) {
      const def = nb.cells.get(toyCell);
      const labels = def?.rowLabels ? nb.labels[def.rowLabels] : undefined;
      this.cleanup.push(
        nb.watch(toyCell, (s) => {
          if (s.status !== 'ok' || typeof s.value === 'number') return;
          const m = s.value;
          const rows = m.toArray();
          this.toy = wordSpace(
            Array.from({ length: m.rows }, (_, i) => labels?.[i] ?? String(i + 1)),
            rows,
          );
          if (this.dataset['ran']) void this.run();
        }),
      );
    }
  }

  disconnectedCallback(): void {
    this.cleanup.forEach((f) => f());
    this.cleanup = [];
    clearTimeout(this.timer);
  }

  private replaceWord(word: string, by: string): void {
    if (!this.input || !word || !by) return;
    const re = new RegExp(
      `(^|[^\\p{L}\\p{N}_])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}_])`,
      'giu',
    );
    this.input.value = this.input.value.replace(re, (_m, pre: string) => `${pre}${by}`);
    this.input.focus();
    void this.run();
  }

  private message(html: string, tone: 'error' | 'note' | ''): void {
    const el = this.querySelector<HTMLElement>('.wv-message');
    if (!el) return;
    el.innerHTML = html;
    el.dataset['tone'] = tone;
  }

  private side(name: 'real' | 'toy'): HTMLElement | null {
    return this.querySelector<HTMLElement>(`.wv-result[data-space="${name}"]`);
  }

  private async run(): Promise<void> {
    clearTimeout(this.timer);
    if (!this.input) return;
    const id = ++this.runId;
    const text = this.input.value;
    let parse: (text: string) => Expr;
    try {
      parse = await loadParser();
    } catch (e) {
      this.message(
        escapeHtml(`The expression reader could not be loaded (${String(e)}).`),
        'error',
      );
      return;
    }
    if (id !== this.runId) return;
    const read = readTerms(text, parse);
    const stale = (on: boolean): void => {
      for (const s of ['real', 'toy'] as const) this.side(s)?.toggleAttribute('data-stale', on);
    };
    if (!read.ok) {
      this.message(escapeHtml(read.message), 'error');
      stale(true);
      this.dataset['resultFor'] = text;
      return;
    }
    const options = {
      k: Number(this.dataset['k'] ?? 10),
      includeInputs: this.include?.checked ?? false,
    };
    if (!this.real) {
      this.message('Waiting for the word vectors…', 'note');
      void loadWordVectors().catch(() => {});
      return;
    }
    const t0 = performance.now();
    const realOutcome = queryTerms(this.real, read.terms, options);
    this.dataset['queryMs'] = (performance.now() - t0).toFixed(1);
    this.paintReal(realOutcome);
    if (this.toy) this.paintToy(queryTerms(this.toy, read.terms, { ...options, k: 4 }));
    this.dataset['ran'] = 'true';
    this.dataset['resultFor'] = text;
  }

  private paintReal(o: QueryOutcome): void {
    const box = this.side('real');
    const vocabulary = `the ${this.real!.words.length.toLocaleString('en-GB')} words`;
    const shown = outcomeHtml(this.real!, o, { vocabulary, buttons: true });
    if (o.status === 'ok') {
      if (box) setHtml(box, shown.html);
      box?.removeAttribute('data-stale');
      this.message('', '');
    } else {
      this.message(`${shown.html} The table shows the last answer.`, 'error');
      box?.setAttribute('data-stale', '');
    }
  }

  private paintToy(o: QueryOutcome): void {
    const box = this.side('toy');
    if (!box) return;
    box.removeAttribute('data-stale');
    setHtml(box, toyHtml(this.toy!, o, this.dataset['toyHint'] ?? ''));
  }
}
