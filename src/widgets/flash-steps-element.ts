/**
 * <nb-flash-steps data-cell="t" data-q="Q" data-k="K" data-br="B_r" data-bc="B_c">: the
 * step control of FlashAttention. Its buttons and slider set the step cell; the sentence
 * and the map of tiles follow the step, the block sizes and the number of queries and
 * keys. A step past the last (after the blocks grew) shows, and counts from, the last, as
 * the formula functions do.
 */
import type { Matrix } from '../engine/index.ts';
import type { Notebook } from '../notebook/notebook.ts';
import { flashMapSvg, flashPosition, flashStepText, type FlashView } from './flash-render.ts';
import { pageNotebook } from './page-notebook.ts';
import { setHtml } from './safe-html.ts';

export class FlashStepsElement extends HTMLElement {
  private unwatch: (() => void)[] = [];

  connectedCallback(): void {
    const nb = pageNotebook();
    if (!nb || this.unwatch.length > 0) return;
    const cell = (k: string) => this.dataset[k] ?? '';
    const step = cell('cell');
    this.querySelectorAll<HTMLElement>('[data-needs-js]').forEach((el) => (el.hidden = false));
    this.dataset['hydrated'] = 'true';
    const input = this.querySelector<HTMLInputElement>('input[type="range"]');
    const go = (to: (now: number, steps: number) => number): void => {
      const p = flashPosition(this.view(nb));
      if (!p) return;
      const next = Math.min(Math.max(1, to(p.step, p.steps)), p.steps);
      if (next !== (nb.inputValue(step) as number)) nb.set(step, next);
    };
    const actions: Record<string, (now: number, steps: number) => number> = {
      first: () => 1,
      prev: (now) => now - 1,
      next: (now) => now + 1,
      last: (_, steps) => steps,
    };
    for (const [action, to] of Object.entries(actions)) {
      const b = this.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`);
      b?.addEventListener('click', () => go(to));
    }
    input?.addEventListener('input', () => go(() => Number(input.value)));
    const repaint = (): void => this.paint(nb);
    for (const c of [step, cell('q'), cell('k'), cell('br'), cell('bc')])
      this.unwatch.push(nb.watch(c, repaint));
  }

  disconnectedCallback(): void {
    this.unwatch.forEach((u) => u());
    this.unwatch = [];
  }

  private view(nb: Notebook): FlashView {
    const num = (c: string): number => {
      const v = nb.inputValue(c);
      return typeof v === 'number' ? v : NaN;
    };
    const rowsOf = (c: string): number => {
      const s = nb.state(c);
      return s.status === 'ok' && typeof s.value !== 'number' ? (s.value as Matrix).rows : NaN;
    };
    const names = (c: string): readonly string[] | undefined => {
      const key = nb.cells.get(c)?.rowLabels;
      return key ? nb.labels[key] : undefined;
    };
    const q = this.dataset['q'] ?? '';
    const k = this.dataset['k'] ?? '';
    return {
      n: rowsOf(q),
      m: rowsOf(k),
      blockRows: num(this.dataset['br'] ?? ''),
      blockCols: num(this.dataset['bc'] ?? ''),
      step: num(this.dataset['cell'] ?? ''),
      rowNames: names(q),
      keyNames: names(k),
    };
  }

  private paint(nb: Notebook): void {
    const view = this.view(nb);
    const p = flashPosition(view);
    const status = this.querySelector<HTMLElement>('.nb-flash-status');
    const input = this.querySelector<HTMLInputElement>('input[type="range"]');
    const output = this.querySelector<HTMLOutputElement>('output');
    const map = this.querySelector<HTMLElement>('.nb-flash-map');
    const button = (a: string) =>
      this.querySelector<HTMLButtonElement>(`button[data-action="${a}"]`);
    if (status) status.textContent = flashStepText(view);
    // aria-disabled, not disabled: a button pressed to the end keeps the keyboard focus.
    const able = (a: string, on: boolean): void =>
      button(a)?.setAttribute('aria-disabled', String(!on));
    if (!p) {
      for (const a of ['first', 'prev', 'next', 'last']) able(a, false);
      return;
    }
    able('first', p.step > 1);
    able('prev', p.step > 1);
    able('next', p.step < p.steps);
    able('last', p.step < p.steps);
    if (input) {
      input.max = String(p.steps);
      if (Number(input.value) !== p.step) input.value = String(p.step);
    }
    if (output) output.textContent = `${p.step} of ${p.steps}`;
    this.dataset['step'] = String(p.step);
    this.dataset['steps'] = String(p.steps);
    const svg = map?.querySelector('svg');
    if (map && svg) {
      const holder = document.createElement('div');
      setHtml(holder, flashMapSvg(view));
      const fresh = holder.firstElementChild;
      if (fresh) svg.replaceWith(fresh);
    }
  }
}
