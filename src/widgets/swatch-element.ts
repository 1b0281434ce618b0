/**
 * <nb-swatch data-cell="colour">: paints the colour of a 1×3 RGB cell as it is edited (the
 * matrix inside is an ordinary <nb-matrix>). Out-of-range amounts are clamped, with a note.
 */
import { pageNotebook } from './page-notebook.ts';
import { swatchColour } from './swatch.ts';

export class SwatchElement extends HTMLElement {
  private unwatch: (() => void) | null = null;

  connectedCallback(): void {
    const nb = pageNotebook();
    const box = this.querySelector<HTMLElement>('.nb-swatch-box');
    const hex = this.querySelector<HTMLElement>('.nb-swatch-hex');
    const note = this.querySelector<HTMLElement>('.nb-swatch-note');
    if (!nb || !box || this.unwatch) return;
    const cell = this.dataset['cell'] ?? '';
    this.unwatch = nb.watch(cell, (s) => {
      const r = s.status === 'ok' ? swatchColour(s.value) : { ok: false as const, error: s.error };
      if (!r.ok) {
        // The matrix shows its own message; the swatch keeps the last colour it could show.
        this.dataset['state'] = 'error';
        return;
      }
      const { css, hex: code, note: text } = r.colour;
      this.dataset['state'] = 'ok';
      box.style.backgroundColor = css;
      box.setAttribute('aria-label', `The colour of ${cell}: ${code}`);
      if (hex) hex.textContent = code;
      if (note && note.textContent !== text) {
        note.textContent = text;
        note.dataset['tone'] = text ? 'note' : '';
      }
    });
  }

  disconnectedCallback(): void {
    this.unwatch?.();
    this.unwatch = null;
  }
}
