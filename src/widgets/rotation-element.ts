/**
 * <nb-rotation data-cells="q,q_m" data-pair="1">: one pair of numbers of each cell as an
 * arrow, redrawn in the frame after an edit. A cell with an error keeps its last arrow.
 */
import { isMatrix, type Matrix } from '../engine/index.ts';
import { pageNotebook } from './page-notebook.ts';
import { pairArrows, rotationSvg } from './position-render.ts';
import { setHtml } from './safe-html.ts';

export class RotationElement extends HTMLElement {
  private unwatch: (() => void)[] = [];
  private frame = 0;

  connectedCallback(): void {
    const nb = pageNotebook();
    const area = this.querySelector<HTMLElement>('.nb-rotation-area');
    if (!nb || !area || this.unwatch.length > 0) return;
    const cells = (this.dataset['cells'] ?? '').split(',');
    const names = (this.dataset['names'] ?? '').split(',');
    const pair = Number(this.dataset['pair'] ?? 1);
    const caption = this.dataset['caption'] ?? '';
    const values: (Matrix | undefined)[] = cells.map(() => undefined);
    const draw = (): void => {
      this.frame = 0;
      setHtml(area, rotationSvg(pairArrows(values, names, pair), caption));
      this.dataset['state'] = 'drawn';
    };
    cells.forEach((cell, k) => {
      this.unwatch.push(
        nb.watch(cell, (s) => {
          if (s.status !== 'ok' || !isMatrix(s.value)) return;
          values[k] = s.value;
          if (this.frame === 0) this.frame = requestAnimationFrame(draw);
        }),
      );
    });
  }

  disconnectedCallback(): void {
    this.unwatch.forEach((f) => f());
    this.unwatch = [];
    cancelAnimationFrame(this.frame);
    this.frame = 0;
  }
}
