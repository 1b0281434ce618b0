/**
 * Repainting a grid in place: only the numbers, colours and labels that changed are
 * written, so an edit costs the browser as little style and layout work as possible.
 * A grid whose shape changed is rebuilt from the same HTML the build renders.
 */
import type { Matrix } from '../engine/index.ts';
import { formatNumber, fullNumber, heatColour, magnitude } from './format.ts';
import { entryName, entryText, gridHtml, type GridModel } from './render.ts';
import { plainNumber } from '../notebook/entry.ts';

export type GridOptions = Omit<GridModel, 'rows' | 'cols' | 'get'>;

interface Painted {
  readonly cells: { td: HTMLTableCellElement; k: number }[];
  readonly bg: string[];
  readonly text: string[];
}
const painted = new WeakMap<HTMLTableElement, Painted>();

/** The shown entries of a grid, with their places in the matrix (large grids hide some). */
function cellsOf(table: HTMLTableElement): { td: HTMLTableCellElement; k: number }[] {
  const cols = Number(table.dataset['cols']);
  return [
    ...table.querySelectorAll<HTMLTableCellElement>('td[data-i], td:has(> input[data-i])'),
  ].map((td) => {
    const at =
      td.dataset['i'] === undefined ? (td.firstElementChild as HTMLElement).dataset : td.dataset;
    return { td, k: Number(at['i']) * cols + Number(at['j']) };
  });
}

/** Paints `v` into the grid inside `container`; returns the table now there. */
export function paintGrid(
  container: HTMLElement,
  v: Matrix,
  options: GridOptions,
  keep: (input: HTMLInputElement, i: number, j: number) => boolean = () => false,
): HTMLTableElement | null {
  let table = container.querySelector<HTMLTableElement>('table.nb-grid');
  const body = table?.tBodies[0];
  if (
    !table ||
    !body ||
    Number(table.dataset['rows']) !== v.rows ||
    Number(table.dataset['cols']) !== v.cols
  ) {
    const html = gridHtml({ ...options, rows: v.rows, cols: v.cols, get: (i, j) => v.get(i, j) });
    if (table) table.outerHTML = html;
    else container.innerHTML = html;
    return container.querySelector<HTMLTableElement>('table.nb-grid');
  }
  const n = v.rows * v.cols;
  const flat = new Float64Array(n);
  for (let i = 0, k = 0; i < v.rows; i++)
    for (let j = 0; j < v.cols; j++, k++) flat[k] = v.get(i, j);
  const range = magnitude(flat);
  let cache = painted.get(table);
  if (!cache) {
    cache = {
      cells: cellsOf(table),
      bg: new Array<string>(n).fill('?'),
      text: new Array<string>(n).fill('?'),
    };
    painted.set(table, cache);
  }
  for (const { td, k } of cache.cells) {
    const i = Math.floor(k / v.cols);
    const j = k - i * v.cols;
    const x = flat[k]!;
    const bg = heatColour(x, range, options.scale);
    if (cache.bg[k] !== bg) {
      // The masked pattern is an image; every other colour a plain background colour.
      if (bg.startsWith('var(')) td.style.background = bg;
      else {
        if (cache.bg[k]!.startsWith('var(')) td.style.background = '';
        td.style.backgroundColor = bg === 'transparent' ? '' : bg;
      }
      cache.bg[k] = bg;
    }
    if (options.editable) {
      const input = td.firstElementChild as HTMLInputElement | null;
      if (input && !keep(input, i, j) && plainNumber(input.value) !== x) input.value = entryText(x);
    } else {
      const text = formatNumber(x, options.digits);
      const full = fullNumber(x);
      if (cache.text[k] !== full) {
        cache.text[k] = full;
        const node = td.firstChild;
        if (node instanceof Text) {
          if (node.data !== text) node.data = text;
        } else td.textContent = text;
        td.title = full;
        td.setAttribute('aria-label', `${entryName(options.cell, i, j)}: ${full}`);
      }
    }
  }
  table = body.parentElement as HTMLTableElement;
  return table;
}
