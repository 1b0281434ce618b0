/**
 * <nb-equation data-cell="Q">: the cell's formula (rendered at build time) with the shape
 * of every matrix in it, kept current as the reader reshapes or breaks things.
 */
import { pageNotebook } from './page-notebook.ts';
import { shapeText } from './render.ts';

export class EquationElement extends HTMLElement {
  private stops: (() => void)[] = [];

  connectedCallback(): void {
    const nb = pageNotebook();
    if (!nb || this.stops.length > 0) return;
    for (const li of this.querySelectorAll<HTMLElement>('[data-shape-of]')) {
      const name = li.dataset['shapeOf']!;
      const out = li.querySelector('.nb-shape');
      this.stops.push(
        nb.watch(name, (s) => {
          if (out) out.textContent = shapeText(s);
        }),
      );
    }
  }

  disconnectedCallback(): void {
    this.stops.forEach((s) => s());
    this.stops = [];
  }
}
