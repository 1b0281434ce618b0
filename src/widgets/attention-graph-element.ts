/**
 * <nb-attention-graph data-cell="weights">: a weights matrix as a directed graph of its
 * tokens (see attention-graph-render.ts), redrawn when the weights change. A select
 * narrows the picture to the arrows leaving one token.
 */
import type { Matrix } from '../engine/index.ts';
import type { CellState } from '../notebook/notebook.ts';
import { graphSvg, graphWords } from './attention-graph-render.ts';
import { pageNotebook } from './page-notebook.ts';

export class AttentionGraphElement extends HTMLElement {
  private unwatch: (() => void) | null = null;
  private last: Matrix | null = null;

  connectedCallback(): void {
    const nb = pageNotebook();
    if (!nb || this.unwatch) return;
    const cell = this.dataset['cell'] ?? '';
    const controls = this.querySelector<HTMLElement>('.nb-graph-controls');
    const select = this.querySelector<HTMLSelectElement>('select');
    if (controls && select) {
      controls.hidden = false;
      select.addEventListener('change', () => this.last && this.draw(this.last));
    }
    this.unwatch = nb.watch(cell, (s) => this.paint(s));
  }

  disconnectedCallback(): void {
    this.unwatch?.();
    this.unwatch = null;
  }

  private message(text: string, tone: 'error' | '' = ''): void {
    const el = this.querySelector<HTMLElement>('.nb-message');
    if (!el || el.textContent === text) return;
    el.textContent = text;
    el.dataset['tone'] = tone;
  }

  private paint(s: CellState): void {
    if (s.status === 'error' || typeof s.value === 'number' || s.value.rows !== s.value.cols) {
      this.dataset['state'] = 'error';
      const why = s.status === 'error' ? s.error : 'the weights are not a square matrix';
      this.message(`Not redrawn: ${why}. Showing the last graph that worked.`, 'error');
      return;
    }
    this.dataset['state'] = 'ok';
    this.message('');
    this.last = s.value;
    this.draw(s.value);
  }

  private draw(w: Matrix): void {
    const nb = pageNotebook()!;
    const def = nb.cells.get(this.dataset['cell'] ?? '');
    const set = def?.rowLabels ? nb.labels[def.rowLabels] : undefined;
    const labels = Array.from({ length: w.rows }, (_, i) => set?.[i] ?? String(i + 1));
    const chosen = this.querySelector<HTMLSelectElement>('select')?.value ?? '';
    const focus = chosen === '' || Number(chosen) >= w.rows ? null : Number(chosen);
    const model = { n: w.rows, weight: (i: number, j: number) => w.get(i, j), labels, focus };
    const svg = this.querySelector('.nb-graph-picture');
    const words = this.querySelector('.nb-graph-words');
    if (svg) svg.innerHTML = graphSvg(model, this.dataset['title'] ?? '');
    if (words) words.innerHTML = graphWords(model);
  }
}
