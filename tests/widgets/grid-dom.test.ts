// @vitest-environment happy-dom
/**
 * A grid painted in place must end up as the grid the build would render for the same
 * numbers: same rows, columns, gaps, labels, numbers, colours and accessible names, and
 * one tab stop. Checked against a fresh `gridHtml` for many shape changes, including
 * grids large enough to hide rows and columns.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { toMatrix, type Matrix } from '../../src/engine/index.ts';
import { paintGrid, type GridOptions } from '../../src/widgets/grid-dom.ts';
import { gridHtml } from '../../src/widgets/render.ts';
import { fullNumber } from '../../src/widgets/format.ts';

/**
 * The tooltip a reader sees on pointing at a cell: titles are written as the pointer
 * arrives (a grid must be in the document for that).
 */
function hoverTitle(c: HTMLTableCellElement): string {
  c.dispatchEvent(new PointerEvent('pointerover', { bubbles: true }));
  return c.title;
}

/** A container in the document, as a widget's is. */
function attached(): HTMLDivElement {
  const box = document.createElement('div');
  document.body.append(box);
  return box;
}

/** Everything a reader (or a screen reader) can tell about a grid, in document order. */
function describeGrid(table: HTMLTableElement): unknown[] {
  const out: unknown[] = [
    table.dataset['rows'],
    table.dataset['cols'],
    table.querySelectorAll('[tabindex="0"]').length,
  ];
  for (const tr of table.rows) {
    out.push(['tr', tr.className]);
    for (const c of tr.cells) {
      const input = c.querySelector('input');
      out.push([
        c.tagName,
        c.className,
        c.getAttribute('scope'),
        c.colSpan,
        hoverTitle(c),
        c.getAttribute('aria-label'),
        c.getAttribute('aria-hidden'),
        c.dataset['i'],
        c.dataset['j'],
        input ? null : c.textContent,
        // Painted as `background-color`, rendered as the `background` shorthand.
        c.style.backgroundColor || c.style.background || '',
        input && [
          input.className,
          input.dataset['i'],
          input.dataset['j'],
          input.getAttribute('aria-label'),
          input.value,
          input.readOnly,
        ],
      ]);
    }
  }
  return out;
}

const matrix = (rows: number, cols: number, seed: number): Matrix =>
  toMatrix(
    Array.from({ length: rows }, (_, i) =>
      Array.from({ length: cols }, (_, j) => Math.sin(seed + i * 7.3 + j * 1.7) * 3),
    ),
  );

const options = (editable: boolean, labelled: boolean, n = 40, maxCols?: number): GridOptions => ({
  cell: 'X',
  editable,
  scale: 'diverging',
  digits: 2,
  hydrated: true,
  rowLabels: labelled ? Array.from({ length: n }, (_, i) => `w${i}`) : undefined,
  colLabels: labelled ? Array.from({ length: n }, (_, j) => `d${j}`) : undefined,
  maxCols,
});

function fresh(v: Matrix, o: GridOptions): HTMLTableElement {
  const box = document.createElement('div');
  box.innerHTML = gridHtml({ ...o, rows: v.rows, cols: v.cols, get: (i, j) => v.get(i, j) });
  return box.querySelector('table')!;
}

describe('paintGrid', () => {
  it('reshapes a grid in place into exactly what a fresh render shows', () => {
    const size = fc.integer({ min: 1, max: 26 });
    fc.assert(
      fc.property(
        fc.tuple(size, size),
        fc.array(fc.tuple(size, size), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        fc.boolean(),
        fc.option(fc.integer({ min: 4, max: 12 }), { nil: undefined }),
        ([r0, c0], shapes, editable, labelled, maxCols) => {
          const o = options(editable, labelled, 40, maxCols);
          const box = attached();
          box.innerHTML = gridHtml({ ...o, rows: r0, cols: c0, get: (i, j) => i - j });
          const table = box.querySelector('table')!;
          let before = [r0, c0];
          shapes.forEach(([r, c], k) => {
            const v = matrix(r, c, k);
            const painted = paintGrid(box, v, o);
            expect(painted.table).toBe(table);
            expect(painted.reshaped).toBe(r !== before[0] || c !== before[1]);
            before = [r, c];
            expect(describeGrid(table)).toEqual(describeGrid(fresh(v, o)));
          });
          box.remove();
        },
      ),
      { numRuns: 40 },
    );
  }, 30_000);

  it('reports an unchanged shape and repaints only the numbers', () => {
    const o = options(false, false);
    const box = attached();
    const a = matrix(4, 3, 0);
    box.innerHTML = gridHtml({ ...o, rows: 4, cols: 3, get: (i, j) => a.get(i, j) });
    const td = box.querySelector('td[data-i="2"][data-j="1"]')!;
    const b = matrix(4, 3, 1);
    const painted = paintGrid(box, b, o);
    expect(painted.reshaped).toBe(false);
    expect(box.querySelector('td[data-i="2"][data-j="1"]')).toBe(td);
    expect(describeGrid(painted.table!)).toEqual(describeGrid(fresh(b, o)));
  });

  it('keeps the reader’s tab stop when its entry survives the reshape', () => {
    const o = options(false, false);
    const box = document.createElement('div');
    const a = matrix(5, 5, 0);
    box.innerHTML = gridHtml({ ...o, rows: 5, cols: 5, get: (i, j) => a.get(i, j) });
    const first = box.querySelector<HTMLElement>('td[data-i="0"][data-j="0"]')!;
    const moved = box.querySelector<HTMLElement>('td[data-i="1"][data-j="2"]')!;
    first.tabIndex = -1;
    moved.tabIndex = 0;
    paintGrid(box, matrix(6, 4, 1), o);
    expect(moved.tabIndex).toBe(0);
    expect(box.querySelectorAll('[tabindex="0"]')).toHaveLength(1);
    // When it goes, the first entry takes the tab stop.
    const last = box.querySelector<HTMLElement>('td[data-i="5"][data-j="3"]')!;
    moved.tabIndex = -1;
    last.tabIndex = 0;
    paintGrid(box, matrix(3, 3, 2), o);
    expect(box.querySelector('[tabindex="0"]')).toBe(first);
  });

  it('writes the exact number as a tooltip only where the pointer is', () => {
    const o = options(false, false);
    const box = attached();
    const a = matrix(3, 3, 0);
    box.innerHTML = gridHtml({ ...o, rows: 3, cols: 3, get: (i, j) => a.get(i, j) });
    const pointed = box.querySelector<HTMLTableCellElement>('td[data-i="1"][data-j="1"]')!;
    const other = box.querySelector<HTMLTableCellElement>('td[data-i="2"][data-j="0"]')!;
    const b = matrix(3, 3, 1);
    paintGrid(box, b, o);
    // Not rewritten by the paint: the entry nobody points at keeps the build's title...
    expect(other.title).toBe(fullNumber(a.get(2, 0)));
    // ...and the one the pointer arrives on gets its current number.
    expect(hoverTitle(pointed)).toBe(fullNumber(b.get(1, 1)));
    // Repainted while the pointer rests on it, it follows at once.
    const c = matrix(3, 3, 2);
    paintGrid(box, c, o);
    expect(pointed.title).toBe(fullNumber(c.get(1, 1)));
    expect(other.title).toBe(fullNumber(a.get(2, 0)));
    expect(hoverTitle(other)).toBe(fullNumber(c.get(2, 0)));
    box.remove();
  });

  it('shows at most maxCols columns: the first ones, a gap, the last two', () => {
    const v = matrix(2, 128, 0);
    const box = document.createElement('div');
    paintGrid(box, v, options(false, false, 128, 10));
    const head = [...box.querySelectorAll('thead th')].map((th) => th.textContent);
    expect(head).toEqual(['1', '2', '3', '4', '5', '6', '7', '…', '127', '128']);
    expect(box.querySelectorAll('tbody tr:first-child td[data-i]')).toHaveLength(9);
  });

  it('builds the grid when the container has none', () => {
    const o = options(true, false);
    const box = document.createElement('div');
    const v = matrix(3, 2, 0);
    const painted = paintGrid(box, v, o);
    expect(painted.reshaped).toBe(true);
    expect(describeGrid(painted.table!)).toEqual(describeGrid(fresh(v, o)));
  });
});
