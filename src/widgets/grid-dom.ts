/**
 * Repainting a grid in place: only the numbers, colours and labels that changed are
 * written, so an edit costs the browser as little style and layout work as possible.
 * A grid whose shape changed keeps its table: rows and columns are added or removed at
 * the end, and the ones that stay are relabelled, so a slider that resizes a matrix costs
 * about what an edit does. The result has the same structure as the HTML the build renders.
 */
import type { Matrix } from '../engine/index.ts';
import { formatNumber, fullNumber, heatColour, magnitude } from './format.ts';
import {
  HEAT_CLASS_PREFIX,
  MAX_SHOWN_COLS,
  MAX_SHOWN_ROWS,
  colLabel,
  entryName,
  entryText,
  gridHtml,
  heatClass,
  rowLabel,
  shownIndices,
  type GridModel,
} from './render.ts';
import { plainNumber } from '../notebook/entry.ts';

export type GridOptions = Omit<GridModel, 'rows' | 'cols' | 'get'>;

/**
 * What was last written to a shown entry: its colour class, and the number its text and
 * accessible name give for row `i`, column `j`. Kept per element, so an entry that
 * survives a reshape is not rewritten unless its number or its place changed.
 */
interface Memo {
  bg: string;
  text: string;
  i: number;
  j: number;
}
const memos = new WeakMap<HTMLTableCellElement, Memo>();

interface Shown {
  readonly td: HTMLTableCellElement;
  readonly i: number;
  readonly j: number;
  readonly memo: Memo;
}
/** Each grid's shown entries, found once per shape. */
const shownCells = new WeakMap<HTMLTableElement, Shown[]>();

/**
 * The shown entries of a grid, with their places in the matrix (large grids hide some):
 * its body's cells that carry a place, or hold a field that does. Walked row by row, not
 * found with a selector: a reshape asks for them again, on every grid it touches.
 */
function cellsOf(table: HTMLTableElement): Shown[] {
  const out: Shown[] = [];
  const body = table.querySelector(':scope > tbody');
  for (const tr of body?.children ?? []) {
    for (const cell of tr.children) {
      if (cell.localName !== 'td') continue;
      const td = cell as HTMLTableCellElement;
      const field = td.firstElementChild as HTMLElement | null;
      const at =
        td.dataset['i'] !== undefined
          ? td.dataset
          : field?.localName === 'input' && field.dataset['i'] !== undefined
            ? field.dataset
            : null;
      if (!at) continue;
      let memo = memos.get(td);
      if (!memo) {
        memo = { bg: '?', text: '?', i: -1, j: -1 };
        memos.set(td, memo);
      }
      out.push({ td, i: Number(at['i']), j: Number(at['j']), memo });
    }
  }
  return out;
}

/**
 * The exact number, as the tooltip of the entry under the pointer. The build's HTML gives
 * every entry its title, for readers without JavaScript; after that, titles are written
 * only where a reader can see one: to the entry the pointer arrives on, and again if that
 * entry is repainted while the pointer rests on it. Rewriting every entry's title at every
 * edit would cost the browser a style pass over all of them (Chromium restyles an element
 * whose title changes), which is most of a frame for a slider that redraws every number.
 */
let hovered: HTMLTableCellElement | null = null;
let following = false;
function followPointer(): void {
  if (following) return;
  following = true;
  document.addEventListener(
    'pointerover',
    (event) => {
      const target = event.target instanceof Element ? event.target : null;
      hovered = target?.closest<HTMLTableCellElement>('.nb-grid td[data-i]') ?? null;
      const memo = hovered && memos.get(hovered);
      if (hovered && memo && memo.text !== '?' && hovered.title !== memo.text)
        hovered.title = memo.text;
    },
    { passive: true },
  );
}

/** Removes the colour classes an entry came with (from the build's HTML, or a reshape). */
function dropHeatClasses(td: HTMLTableCellElement): void {
  if (!td.className.includes(HEAT_CLASS_PREFIX)) return;
  for (const c of [...td.classList]) if (c.startsWith(HEAT_CLASS_PREFIX)) td.classList.remove(c);
}

/** Sets a node's text only when it differs, so unchanged labels cost nothing. */
function setText(el: Element, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/** A new shown entry: a field for an input matrix, a focusable number otherwise. */
function entryCell(options: GridOptions): HTMLTableCellElement {
  const td = document.createElement('td');
  if (options.editable) {
    const input = document.createElement('input');
    input.className = 'nb-entry';
    input.spellcheck = false;
    input.autocomplete = 'off';
    if (!options.hydrated) input.readOnly = true;
    td.append(input);
  } else td.tabIndex = -1;
  return td;
}

/** The cell standing for hidden columns. */
function gapCell(): HTMLTableCellElement {
  const td = document.createElement('td');
  td.className = 'nb-gap';
  td.setAttribute('aria-hidden', 'true');
  td.textContent = '…';
  return td;
}

function isGap(el: Element): boolean {
  return el.classList.contains('nb-gap') || el.classList.contains('nb-gap-row');
}

/**
 * Gives `table` the rows and columns of a `rows` × `cols` matrix: removes or appends at
 * the end, swaps a shown row or column for the gap (or back) where elision moved, and
 * renumbers the entries that stay. Numbers and colours are painted afterwards.
 */
function reshape(table: HTMLTableElement, rows: number, cols: number, options: GridOptions): void {
  const shownRows = shownIndices(rows, MAX_SHOWN_ROWS);
  const shownCols = shownIndices(cols, options.maxCols ?? MAX_SHOWN_COLS);
  const hiddenCols = cols - shownCols.length + 1;
  const hiddenRows = rows - shownRows.length + 1;
  const model = { rowLabels: options.rowLabels, colLabels: options.colLabels };

  const head = table.tHead!.firstElementChild as HTMLTableRowElement;
  while (head.cells.length > shownCols.length + 1) head.lastElementChild!.remove();
  while (head.cells.length < shownCols.length + 1) {
    const th = document.createElement('th');
    th.scope = 'col';
    head.append(th);
  }
  shownCols.forEach((j, p) => {
    const th = head.cells[p + 1]!;
    if (j < 0) {
      th.className = 'nb-gap';
      th.title = `${hiddenCols} columns not shown`;
      setText(th, '…');
    } else {
      if (th.className) th.removeAttribute('class');
      if (th.title) th.removeAttribute('title');
      setText(th, colLabel(model, j));
    }
  });

  const body = table.tBodies[0]!;
  while (body.children.length > shownRows.length) body.lastElementChild!.remove();
  shownRows.forEach((i, p) => {
    let tr = body.children[p] as HTMLTableRowElement | undefined;
    if (!tr || isGap(tr) !== i < 0) {
      const fresh = document.createElement('tr');
      const th = document.createElement('th');
      th.scope = 'row';
      fresh.append(th);
      if (i < 0) {
        fresh.className = 'nb-gap-row';
        const td = document.createElement('td');
        td.className = 'nb-gap';
        fresh.append(td);
      }
      if (tr) tr.replaceWith(fresh);
      else body.append(fresh);
      tr = fresh;
    }
    if (i < 0) {
      setText(tr.cells[0]!, '…');
      const td = tr.cells[1]!;
      td.colSpan = shownCols.length;
      setText(td, `${hiddenRows} more rows not shown`);
      return;
    }
    setText(tr.cells[0]!, rowLabel(model, i));
    while (tr.cells.length > shownCols.length + 1) tr.lastElementChild!.remove();
    while (tr.cells.length < shownCols.length + 1) tr.append(entryCell(options));
    shownCols.forEach((j, q) => {
      let td = tr.cells[q + 1]!;
      if (isGap(td) !== j < 0) {
        const fresh = j < 0 ? gapCell() : entryCell(options);
        td.replaceWith(fresh);
        td = fresh;
      }
      if (j < 0) return;
      const at = options.editable ? (td.firstElementChild as HTMLInputElement) : td;
      const si = String(i);
      const sj = String(j);
      if (at.dataset['i'] === si && at.dataset['j'] === sj) return;
      at.dataset['i'] = si;
      at.dataset['j'] = sj;
      if (options.editable) at.setAttribute('aria-label', entryName(options.cell, i, j));
    });
  });
  table.dataset['rows'] = String(rows);
  table.dataset['cols'] = String(cols);
  shownCells.delete(table);
  // One tab stop per grid: keep the reader's if its entry is still there.
  if (!options.editable && !table.querySelector('td[data-i][tabindex="0"]')) {
    const first = table.querySelector<HTMLElement>('td[data-i]');
    if (first) first.tabIndex = 0;
  }
}

export interface Painting {
  readonly table: HTMLTableElement | null;
  /** The grid took a new shape (its entries were renumbered, added or removed). */
  readonly reshaped: boolean;
}

/** Paints `v` into the grid inside `container`. */
export function paintGrid(
  container: HTMLElement,
  v: Matrix,
  options: GridOptions,
  keep: (input: HTMLInputElement, i: number, j: number) => boolean = () => false,
): Painting {
  followPointer();
  const table = container.querySelector<HTMLTableElement>('table.nb-grid');
  if (!table?.tHead?.firstElementChild || !table.tBodies[0]) {
    container.innerHTML = gridHtml({
      ...options,
      rows: v.rows,
      cols: v.cols,
      get: (i, j) => v.get(i, j),
    });
    return { table: container.querySelector<HTMLTableElement>('table.nb-grid'), reshaped: true };
  }
  const reshaped =
    Number(table.dataset['rows']) !== v.rows || Number(table.dataset['cols']) !== v.cols;
  if (reshaped) reshape(table, v.rows, v.cols, options);
  const n = v.rows * v.cols;
  const flat = new Float64Array(n);
  for (let i = 0, k = 0; i < v.rows; i++)
    for (let j = 0; j < v.cols; j++, k++) flat[k] = v.get(i, j);
  const range = magnitude(flat);
  let cells = shownCells.get(table);
  if (!cells) {
    cells = cellsOf(table);
    shownCells.set(table, cells);
  }
  for (const { td, i, j, memo } of cells) {
    const x = flat[i * v.cols + j]!;
    const heat = heatClass(heatColour(x, range, options.scale));
    if (memo.bg !== heat) {
      // A class from the palette, as the build's HTML has: the policy refuses style attributes.
      if (memo.bg === '?') dropHeatClasses(td);
      else if (memo.bg) td.classList.remove(memo.bg);
      if (heat) td.classList.add(heat);
      memo.bg = heat;
    }
    if (options.editable) {
      const input = td.firstElementChild as HTMLInputElement | null;
      if (input && !keep(input, i, j) && plainNumber(input.value) !== x) input.value = entryText(x);
    } else {
      const text = formatNumber(x, options.digits);
      const full = fullNumber(x);
      if (memo.text !== full || memo.i !== i || memo.j !== j) {
        memo.text = full;
        memo.i = i;
        memo.j = j;
        const node = td.firstChild;
        if (node instanceof Text) {
          if (node.data !== text) node.data = text;
        } else td.textContent = text;
        if (td === hovered) td.title = full;
        td.setAttribute('aria-label', `${entryName(options.cell, i, j)}: ${full}`);
      }
    }
  }
  return { table, reshaped };
}
