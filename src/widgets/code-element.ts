/**
 * <nb-code>: a listing walked through one line at a time. The current line is highlighted
 * and, beside it, the matrix it makes (live: the reader's edits recompute it) and what its
 * `print(…)` shows. Moved by the buttons, by the arrow keys in the listing, by a click on a
 * line, or by the page's step mode, which asks this widget first (`nb-substep`).
 */
import { pageNotebook } from './page-notebook.ts';
import { printedText } from './code-listing.ts';

/** Keys that move the walk while the listing has focus. */
const FORWARD = new Set(['ArrowDown', 'ArrowRight']);
const BACK = new Set(['ArrowUp', 'ArrowLeft']);

export class CodeElement extends HTMLElement {
  private unwatch: (() => void)[] = [];
  private index = 0;
  private wired = false;

  connectedCallback(): void {
    const nb = pageNotebook();
    if (!nb || this.unwatch.length > 0) return;
    this.watchPrints(nb);
    if (this.wired) return;
    this.wired = true;
    const steps = [...this.querySelectorAll<HTMLElement>('.nb-code-step')];
    if (steps.length === 0) return;
    const lines = steps.map((_, k) => [
      ...this.querySelectorAll<HTMLElement>(`.nb-code-listing .line[data-step="${k}"]`),
    ]);
    const listing = this.querySelector<HTMLElement>('.nb-code-listing pre');
    const controls = this.querySelector<HTMLElement>('.nb-code-controls');
    const prev = this.querySelector<HTMLButtonElement>('[data-action="prev"]');
    const next = this.querySelector<HTMLButtonElement>('[data-action="next"]');
    const status = this.querySelector<HTMLElement>('.nb-code-status');

    const show = (k: number, announce: boolean): void => {
      this.index = Math.min(Math.max(0, k), steps.length - 1);
      steps.forEach((s, j) => s.toggleAttribute('data-current', j === this.index));
      lines.forEach((ls, j) =>
        ls.forEach((l) => {
          l.classList.toggle('is-current', j === this.index);
          if (j === this.index) l.setAttribute('aria-current', 'step');
          else l.removeAttribute('aria-current');
        }),
      );
      if (prev) prev.disabled = this.index === 0;
      if (next) next.disabled = this.index === steps.length - 1;
      const step = steps[this.index]!;
      const head = step.querySelector('.nb-code-step-head')?.textContent?.trim() ?? '';
      const printed = [...step.querySelectorAll('samp')].map((s) => s.textContent).join('; ');
      if (status && announce)
        status.textContent = `Step ${this.index + 1} of ${steps.length}. ${head}${printed ? `. Prints ${printed}` : ''}`;
      else if (status) status.textContent = `Step ${this.index + 1} of ${steps.length}`;
      // Only the reader's own moves scroll: the page must not jump when it loads.
      if (announce) lines[this.index]?.[0]?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    };

    this.toggleAttribute('data-live', true);
    if (controls) controls.hidden = false;
    show(0, false);

    prev?.addEventListener('click', () => show(this.index - 1, true));
    next?.addEventListener('click', () => show(this.index + 1, true));
    listing?.addEventListener('keydown', (e) => {
      if (e.altKey || e.ctrlKey || e.metaKey) return;
      const to = FORWARD.has(e.key)
        ? this.index + 1
        : BACK.has(e.key)
          ? this.index - 1
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? steps.length - 1
              : null;
      if (to === null) return;
      // The step mode's own keys must not also move the page.
      e.preventDefault();
      show(to, true);
    });
    listing?.addEventListener('click', (e) => {
      const line = e.target instanceof Element ? e.target.closest<HTMLElement>('.line') : null;
      const k = line?.dataset['step'];
      if (k !== undefined) show(Number(k), true);
    });
    // Step mode moves through the lines before it moves on to the next part of the page.
    this.addEventListener('nb-substep', (e) => {
      const forward = (e as CustomEvent<{ forward: boolean }>).detail.forward;
      const to = this.index + (forward ? 1 : -1);
      if (to < 0 || to >= steps.length) return;
      e.preventDefault();
      show(to, true);
    });
  }

  /** What each print line shows follows its cell; a failed cell keeps its last text. */
  private watchPrints(nb: NonNullable<ReturnType<typeof pageNotebook>>): void {
    for (const samp of this.querySelectorAll<HTMLElement>('samp[data-print-cell]')) {
      const cell = samp.dataset['printCell']!;
      const p = {
        label: samp.dataset['printLabel'] ?? cell,
        shape: samp.dataset['printKind'] === 'shape',
      };
      this.unwatch.push(
        nb.watch(cell, (state) => {
          if (state.status === 'error') {
            samp.dataset['state'] = 'error';
            return;
          }
          delete samp.dataset['state'];
          const text = printedText(p, state.value);
          if (samp.textContent !== text) samp.textContent = text;
        }),
      );
    }
  }

  disconnectedCallback(): void {
    for (const u of this.unwatch) u();
    this.unwatch = [];
  }
}
