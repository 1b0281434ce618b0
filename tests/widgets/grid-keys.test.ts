// @vitest-environment happy-dom
/**
 * Moving through a grid by keyboard: one tab stop per grid, the arrow keys move between
 * shown entries and jump over a large grid's hidden stretch, and stop at the edges.
 */
import { describe, expect, it } from 'vitest';
import {
  gridHtml,
  shownIndices,
  MAX_SHOWN_COLS,
  MAX_SHOWN_ROWS,
} from '../../src/widgets/render.ts';
import { neighbour, roveWithArrows } from '../../src/widgets/grid-keys.ts';

function grid(rows: number, cols: number, editable = false): HTMLElement {
  const host = document.createElement('div');
  host.innerHTML = gridHtml({
    cell: 'X',
    rows,
    cols,
    get: (i, j) => i * cols + j,
    editable,
    scale: 'diverging',
    digits: 2,
    hydrated: true,
  });
  document.body.append(host);
  return host;
}

const at = (host: HTMLElement, i: number, j: number): HTMLElement =>
  host.querySelector<HTMLElement>(`[data-i="${i}"][data-j="${j}"]`)!;
const place = (el: HTMLElement | null): [number, number] | null =>
  el && [Number(el.dataset['i']), Number(el.dataset['j'])];

describe('neighbour', () => {
  it('moves one entry in each direction and stops at the edges', () => {
    const host = grid(3, 4);
    expect(place(neighbour(at(host, 1, 1), 'ArrowUp'))).toEqual([0, 1]);
    expect(place(neighbour(at(host, 1, 1), 'ArrowDown'))).toEqual([2, 1]);
    expect(place(neighbour(at(host, 1, 1), 'ArrowLeft'))).toEqual([1, 0]);
    expect(place(neighbour(at(host, 1, 1), 'ArrowRight'))).toEqual([1, 2]);
    expect(neighbour(at(host, 0, 0), 'ArrowUp')).toBeNull();
    expect(neighbour(at(host, 0, 0), 'ArrowLeft')).toBeNull();
    expect(neighbour(at(host, 2, 3), 'ArrowDown')).toBeNull();
    expect(neighbour(at(host, 2, 3), 'ArrowRight')).toBeNull();
    expect(neighbour(at(host, 1, 1), 'Enter')).toBeNull();
    host.remove();
  });

  it('jumps over the rows and columns a large grid hides', () => {
    const rows = 40;
    const cols = 30;
    const host = grid(rows, cols);
    const shownCols = shownIndices(cols, MAX_SHOWN_COLS);
    const shownRows = shownIndices(rows, MAX_SHOWN_ROWS);
    const beforeCol = shownCols[shownCols.indexOf(-1) - 1]!;
    const beforeRow = shownRows[shownRows.indexOf(-1) - 1]!;
    expect(place(neighbour(at(host, 0, beforeCol), 'ArrowRight'))).toEqual([0, cols - 2]);
    expect(place(neighbour(at(host, 0, cols - 2), 'ArrowLeft'))).toEqual([0, beforeCol]);
    expect(place(neighbour(at(host, beforeRow, 0), 'ArrowDown'))).toEqual([rows - 2, 0]);
    expect(place(neighbour(at(host, rows - 2, 0), 'ArrowUp'))).toEqual([beforeRow, 0]);
    host.remove();
  });

  it('moves between the fields of an input grid', () => {
    const host = grid(2, 2, true);
    const field = host.querySelector<HTMLElement>('input[data-i="0"][data-j="1"]')!;
    expect(neighbour(field, 'ArrowDown')).toBe(host.querySelector('input[data-i="1"][data-j="1"]'));
    host.remove();
  });
});

describe('roveWithArrows', () => {
  it('keeps one tab stop per grid, which follows the arrow keys', () => {
    const host = grid(3, 3);
    roveWithArrows(host);
    const stops = () => [...host.querySelectorAll<HTMLElement>('[tabindex="0"]')].map(place);
    expect(stops()).toEqual([[0, 0]]);
    const press = (key: string) => {
      const e = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true });
      document.activeElement!.dispatchEvent(e);
      return e.defaultPrevented;
    };
    at(host, 0, 0).focus();
    expect(press('ArrowRight')).toBe(true);
    expect(press('ArrowDown')).toBe(true);
    expect(place(document.activeElement as HTMLElement)).toEqual([1, 1]);
    expect(stops()).toEqual([[1, 1]]);
    // At an edge, or for another key, the key is left to the page.
    at(host, 1, 1).tabIndex = -1;
    at(host, 2, 2).tabIndex = 0;
    at(host, 2, 2).focus();
    expect(press('ArrowRight')).toBe(false);
    expect(press('a')).toBe(false);
    expect(stops()).toEqual([[2, 2]]);
    host.remove();
  });
});
