/**
 * <nb-steps data-cell="weights">: a derived cell worked out one operation at a time,
 * innermost first (Q Kᵀ, then ÷ √d_k, then softmax), with a control to reveal the next
 * step. The numbers of every step follow the reader's edits.
 */
import { trace } from '../notebook/evaluate.ts';
import { paintGrid } from './grid-dom.ts';
import { roveWithArrows } from './grid-keys.ts';
import { formatNumber } from './format.ts';
import { keptText } from './render.ts';
import { withSymbols } from './symbols.ts';
import { pageNotebook } from './page-notebook.ts';
import { watchWhenNear } from './visibility.ts';

export class StepsElement extends HTMLElement {
  private unwatch: (() => void) | null = null;
  private shown = 1;

  connectedCallback(): void {
    const nb = pageNotebook();
    if (!nb || this.unwatch) return;
    const cell = this.dataset['cell'] ?? '';
    const steps = [...this.querySelectorAll<HTMLElement>('.nb-step')];
    const controls = this.querySelector<HTMLElement>('.nb-steps-controls');
    const next = this.querySelector<HTMLButtonElement>('[data-action="next"]');
    const prev = this.querySelector<HTMLButtonElement>('[data-action="prev"]');
    const all = this.querySelector<HTMLButtonElement>('[data-action="all"]');
    const status = this.querySelector<HTMLElement>('.nb-steps-status');
    let latest: (() => void) | null = null;
    const show = (): void => {
      steps.forEach((s, k) => (s.hidden = k >= this.shown));
      latest?.();
      if (next) next.disabled = this.shown >= steps.length;
      if (prev) prev.disabled = this.shown <= 1;
      if (status) status.textContent = `Step ${this.shown} of ${steps.length}`;
    };
    if (controls) controls.hidden = false;
    roveWithArrows(this);
    this.shown = 1;
    show();
    next?.addEventListener('click', () => {
      this.shown = Math.min(steps.length, this.shown + 1);
      show();
      steps[this.shown - 1]?.querySelector<HTMLElement>('h3, h4, [tabindex]')?.focus();
    });
    prev?.addEventListener('click', () => {
      this.shown = Math.max(1, this.shown - 1);
      show();
    });
    all?.addEventListener('click', () => {
      this.shown = steps.length;
      show();
    });
    // Paper shows every step, with the reader's numbers; the screen gets its own back after.
    let beforePrint: number | null = null;
    addEventListener('beforeprint', () => {
      beforePrint = this.shown;
      this.shown = steps.length;
      show();
    });
    addEventListener('afterprint', () => {
      if (beforePrint === null) return;
      this.shown = beforePrint;
      beforePrint = null;
      show();
    });
    const painted = new Set<number>();
    const paintSteps = (results: ReturnType<typeof trace>): void => {
      results.forEach((r, k) => {
        const box = steps[k]?.querySelector<HTMLElement>('.nb-step-value');
        // Hidden steps are painted when they are revealed.
        if (!box || steps[k]!.hidden || painted.has(k)) return;
        painted.add(k);
        if (typeof r.value === 'number') {
          box.textContent = formatNumber(r.value, 4);
          return;
        }
        const v = r.value;
        const labels = nb.labelsOf(r.expr);
        paintGrid(box, v, {
          cell: `${cell} step ${k + 1}`,
          rowLabels: labels.rows,
          colLabels: labels.cols,
          editable: false,
          scale: 'diverging',
          digits: 2,
          hydrated: true,
        });
      });
    };
    const message = this.querySelector<HTMLElement>('.nb-message');
    const repaint = (state: ReturnType<typeof nb.state>): void => {
      const expr = nb.expression(cell);
      if (!expr) return;
      if (state.status === 'error') {
        // The steps keep their last numbers, dimmed, and say why they stopped following.
        this.dataset['state'] = 'error';
        if (message) {
          message.replaceChildren(...withSymbols(nb, keptText(state, cell, 'steps')));
          message.dataset['tone'] = 'error';
        }
        return;
      }
      this.dataset['state'] = 'ok';
      if (message) {
        message.textContent = '';
        message.dataset['tone'] = '';
      }
      // The cell's own state is tracked; its inputs are read through it.
      const results = trace(expr, (n) => nb.value(n));
      painted.clear();
      latest = () => paintSteps(results);
      latest();
    };
    // Far from the viewport, the steps wait: they repaint when they come near, or when idle.
    this.unwatch = watchWhenNear(this, nb, cell, repaint);
  }

  disconnectedCallback(): void {
    this.unwatch?.();
    this.unwatch = null;
  }
}
