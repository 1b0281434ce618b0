/**
 * HTML for a matrix, as a string: the build renders the page with it and the browser
 * rebuilds a grid with it when a matrix changes shape, so both always agree.
 */
import type { CellState } from '../notebook/notebook.ts';
import { escapeHtml, formatNumber, fullNumber, heatColour, magnitude, type ColourScale } from './format.ts';

export interface GridModel {
  readonly cell: string;
  readonly rows: number;
  readonly cols: number;
  readonly get: (i: number, j: number) => number;
  readonly rowLabels?: readonly string[] | undefined;
  readonly colLabels?: readonly string[] | undefined;
  readonly editable: boolean;
  readonly scale: ColourScale;
  readonly digits: number;
  /** Server render: inputs stay read-only until the page's script takes them over. */
  readonly hydrated: boolean;
}

export const rowLabel = (m: Pick<GridModel, 'rowLabels'>, i: number): string => m.rowLabels?.[i] ?? String(i + 1);
export const colLabel = (m: Pick<GridModel, 'colLabels'>, j: number): string => m.colLabels?.[j] ?? String(j + 1);

/** The accessible name of one entry: "E row 2 column 3". */
export const entryName = (cell: string, i: number, j: number): string => `${cell} row ${i + 1} column ${j + 1}`;

/** What an editable entry shows: short, but enough to tell edits apart. */
export function entryText(v: number): string {
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return String(Number(v.toPrecision(6)));
}

export function gridHtml(m: GridModel): string {
  const flat: number[] = [];
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) flat.push(m.get(i, j));
  const range = magnitude(flat);
  let h = '<table class="nb-grid"><thead><tr><td></td>';
  for (let j = 0; j < m.cols; j++) h += `<th scope="col">${escapeHtml(colLabel(m, j))}</th>`;
  h += '</tr></thead><tbody>';
  for (let i = 0; i < m.rows; i++) {
    h += `<tr><th scope="row">${escapeHtml(rowLabel(m, i))}</th>`;
    for (let j = 0; j < m.cols; j++) {
      const v = flat[i * m.cols + j]!;
      const bg = heatColour(v, range, m.scale);
      const style = bg === 'transparent' ? '' : ` style="background:${bg}"`;
      if (m.editable) {
        h +=
          `<td${style}><input class="nb-entry" data-i="${i}" data-j="${j}" aria-label="${escapeHtml(entryName(m.cell, i, j))}"` +
          ` value="${escapeHtml(entryText(v))}" spellcheck="false" autocomplete="off"${m.hydrated ? '' : ' readonly'}></td>`;
      } else {
        // One tab stop per grid (arrow keys move within it), so a wide grid can be scrolled by keyboard.
        const tab = i === 0 && j === 0 ? ' tabindex="0"' : ' tabindex="-1"';
        h +=
          `<td${style} data-i="${i}" data-j="${j}"${tab} title="${escapeHtml(fullNumber(v))}"` +
          ` aria-label="${escapeHtml(`${entryName(m.cell, i, j)}: ${fullNumber(v)}`)}">${formatNumber(v, m.digits)}</td>`;
      }
    }
    h += '</tr>';
  }
  return h + '</tbody></table>';
}

/** A cell's shape in words: "7×4", "number", or "error". */
export const shapeText = (s: CellState): string =>
  s.status === 'error' ? 'error' : typeof s.value === 'number' ? 'number' : `${s.value.rows}×${s.value.cols}`;
