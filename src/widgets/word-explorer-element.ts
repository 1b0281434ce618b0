/**
 * <wv-explorer>: word arithmetic on the GloVe vectors. The reader types an expression
 * (`king - man + woman`, `0.5*king + 0.5*queen`, or one word for its neighbours); the
 * nearest words appear with their cosine similarity. With `data-toy="cell"` the same
 * expression also runs on the toy vectors of that notebook cell, side by side, following
 * the reader's edits of it.
 *
 * The build renders an example, with its weighted words in `data-terms`; this element
 * takes over. The 3 MB of vectors and the expression reader (mathjs) load when the reader
 * first uses the explorer (focus, typing, the switch), never merely because it is in
 * view. An edit of the toy matrix recomputes the toy side only, from the last words that
 * were read, so it needs neither the vectors nor the reader and never searches the
 * 30,000 words again. While the input has a problem the last good tables stay (marked
 * stale) and the message says why.
 *
 * Each search of the 30,000 words is a `wv-search` User Timing measure (see
 * tests/browser/real-embeddings-load.test.ts).
 */
import type { Expr, Term } from '../embeddings/explore.ts';
import {
  queryTerms,
  readTerms,
  wordSpace,
  type QueryOutcome,
  type WordSpace,
} from '../embeddings/query.ts';
import { escapeHtml } from './format.ts';
import { pageNotebook } from './page-notebook.ts';
import { outcomeHtml, toyHtml } from './word-render.ts';
import { setHtml } from './safe-html.ts';
import { loadWordVectors, paintLoadState, watchWordVectors } from './word-vectors.ts';

let parser: Promise<(text: string) => Expr> | null = null;
/** The restricted parser (mathjs), loaded on first use. */
export function loadParser(): Promise<(text: string) => Expr> {
  parser ??= import('../notebook/parse.ts').then((m) => m.parse);
  parser.catch(() => (parser = null));
  return parser;
}

/** The weighted words the build read from `initial` (data-terms), or none. */
function builtTerms(json: string | undefined): Term[] | null {
  try {
    const t = JSON.parse(json ?? 'null') as unknown;
    if (!Array.isArray(t)) return null;
    const ok = t.every(
      (x: unknown) =>
        typeof (x as Term | null)?.word === 'string' && Number.isFinite((x as Term | null)?.weight),
    );
    return ok ? (t as Term[]) : null;
  } catch {
    return null;
  }
}

export class WordExplorerElement extends HTMLElement {
  private input: HTMLInputElement | null = null;
  private include: HTMLInputElement | null = null;
  private real: WordSpace | null = null;
  private toy: WordSpace | null = null;
  /** The words of the last expression that was read without a problem (what the tables answer). */
  private terms: Term[] | null = null;
  /** Whether the text in the box has a problem (the message says which). */
  private inputProblem = false;
  /** The words and options the GloVe table answers, as a key. */
  private shown = '';
  /** The toy side's last markup, so an edit that changes nothing there writes nothing. */
  private toyHtml = '';
  /** A search asked for before the vectors arrived: it runs when they do. */
  private waiting = false;
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
    this.terms = builtTerms(this.dataset['terms']);
    this.dataset['hydrated'] = 'true';

    // First use (focus in the form, typing, the switch) fetches the vectors and the reader.
    const use = (): void => {
      void loadWordVectors().catch(() => {});
      void loadParser().catch(() => {});
    };
    form.addEventListener('focusin', use);
    this.cleanup.push(() => form.removeEventListener('focusin', use));
    this.cleanup.push(
      watchWordVectors((s) => {
        paintLoadState(this, s);
        if (s.phase === 'ready' && !this.real) {
          this.real = { ...s.asset, unit: s.asset.vectors };
          if (this.waiting) void this.run();
        }
      }),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.run();
    });
    this.input.addEventListener('input', () => {
      use();
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
          this.toy = wordSpace(
            Array.from({ length: m.rows }, (_, i) => labels?.[i] ?? String(i + 1)),
            m.toArray(),
          );
          // Only the toy side depends on the toy vectors: no reading, no search of the 30,000 words.
          this.paintToy();
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
        escapeHtml(
          `The expression reader could not be loaded (${String(e)}). The tables show the last answer.`,
        ),
        'error',
      );
      return;
    }
    if (id !== this.runId) return;
    const read = readTerms(text, parse);
    if (!read.ok) {
      this.inputProblem = true;
      this.message(`${escapeHtml(read.message)} The tables show the last answer.`, 'error');
      for (const s of ['real', 'toy'] as const) this.side(s)?.setAttribute('data-stale', '');
      this.dataset['resultFor'] = text;
      return;
    }
    this.inputProblem = false;
    this.terms = read.terms;
    this.paintToy();
    if (!this.real) {
      // The loading line above says how far the download is; the search runs when it ends.
      this.waiting = true;
      void loadWordVectors().catch(() => {});
      return;
    }
    this.waiting = false;
    const options = {
      k: Number(this.dataset['k'] ?? 10),
      includeInputs: this.include?.checked ?? false,
    };
    // The same words as the table already answers (Enter after a pause in typing): no new search.
    const key = JSON.stringify([read.terms, options]);
    if (key !== this.shown || this.side('real')?.hasAttribute('data-stale')) {
      const t0 = performance.now();
      const realOutcome = queryTerms(this.real, read.terms, options);
      performance.measure('wv-search', { start: t0, detail: text });
      this.dataset['queryMs'] = (performance.now() - t0).toFixed(1);
      this.paintReal(realOutcome);
      this.shown = realOutcome.status === 'ok' ? key : '';
    } else this.message('', '');
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

  /** The toy side for the last words read; untouched when its table would be the same. */
  private paintToy(): void {
    const box = this.side('toy');
    if (!box || !this.toy || !this.terms) return;
    const o = queryTerms(this.toy, this.terms, {
      k: 4,
      includeInputs: this.include?.checked ?? false,
    });
    const html = toyHtml(this.toy, o, this.dataset['toyHint'] ?? '');
    if (this.toyHtml !== html) {
      this.toyHtml = html;
      setHtml(box, html);
    }
    // While the text in the box has a problem, the toy side still answers the last good words.
    box.toggleAttribute('data-stale', this.inputProblem);
  }
}
