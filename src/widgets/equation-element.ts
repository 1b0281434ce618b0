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
    this.keyboardScroll();
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

  /** A formula wider than the screen scrolls sideways; a tab stop lets a keyboard scroll it. */
  private keyboardScroll(): void {
    const tex = this.querySelector<HTMLElement>('.katex-display');
    if (!tex || typeof ResizeObserver === 'undefined') return;
    const fit = (): void => {
      if (tex.scrollWidth > tex.clientWidth) {
        tex.tabIndex = 0;
        tex.setAttribute('role', 'group');
        tex.setAttribute(
          'aria-label',
          `Formula for ${this.dataset['cell'] ?? ''}, wider than the screen`,
        );
      } else if (tex.hasAttribute('tabindex')) {
        tex.removeAttribute('tabindex');
        tex.removeAttribute('role');
        tex.removeAttribute('aria-label');
      }
    };
    // Measured now as well: an off-screen equation may not be laid out until it scrolls near.
    fit();
    const observer = new ResizeObserver(fit);
    observer.observe(tex);
    this.stops.push(() => observer.disconnect());
  }
}
