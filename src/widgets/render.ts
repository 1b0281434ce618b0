/**
 * HTML for a matrix, as a string: the build renders the page with it and the browser
 * rebuilds a grid with it when a matrix changes shape, so both always agree.
 */
import type { CellState } from '../notebook/notebook.ts';
import { echo } from '../notebook/echo.ts';
import { cellRef } from './symbols.ts';
import {
  escapeHtml,
  formatNumber,
  fullNumber,
  heatColour,
  magnitude,
  type ColourScale,
} from './format.ts';

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
  /**
   * Show at most this many columns (at least 4; MAX_SHOWN_COLS by default): a grid of
   * many columns shows its first ones, a gap, and its last two.
   */
  readonly maxCols?: number | undefined;
  /** The same for rows (MAX_SHOWN_ROWS by default): the first ones, a gap, the last two. */
  readonly maxRows?: number | undefined;
}

export const rowLabel = (m: Pick<GridModel, 'rowLabels'>, i: number): string =>
  m.rowLabels?.[i] ?? String(i + 1);
export const colLabel = (m: Pick<GridModel, 'colLabels'>, j: number): string =>
  m.colLabels?.[j] ?? String(j + 1);

/** The accessible name of one entry: "E row 2 column 3". */
export const entryName = (cell: string, i: number, j: number): string =>
  `${cell} row ${i + 1} column ${j + 1}`;

/** What an editable entry shows: short, but enough to tell edits apart. */
export function entryText(v: number): string {
  if (v === Infinity) return 'Infinity';
  if (v === -Infinity) return '-Infinity';
  return String(Number(v.toPrecision(6)));
}

/** Grids larger than this show their first and last rows or columns, with a gap between. */
export const MAX_SHOWN_ROWS = 20;
export const MAX_SHOWN_COLS = 16;

/**
 * The row (or column) indices a grid shows: all of them up to `max`, else the first
 * `max - 3` and the last 2, with `-1` where the hidden ones would be.
 */
export function shownIndices(n: number, max: number): number[] {
  if (n <= max) return Array.from({ length: n }, (_, k) => k);
  const head = max - 3;
  return [...Array.from({ length: head }, (_, k) => k), -1, n - 2, n - 1];
}

export function gridHtml(m: GridModel): string {
  const flat: number[] = [];
  for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) flat.push(m.get(i, j));
  const range = magnitude(flat);
  const rows = shownIndices(m.rows, m.maxRows ?? MAX_SHOWN_ROWS);
  const cols = shownIndices(m.cols, m.maxCols ?? MAX_SHOWN_COLS);
  const hiddenCols = m.cols - cols.length + 1;
  const hiddenRows = m.rows - rows.length + 1;
  let h = `<table class="nb-grid" data-rows="${m.rows}" data-cols="${m.cols}"><thead><tr><td></td>`;
  for (const j of cols) {
    h +=
      j < 0
        ? `<th scope="col" class="nb-gap" title="${hiddenCols} columns not shown">…</th>`
        : `<th scope="col">${escapeHtml(colLabel(m, j))}</th>`;
  }
  h += '</tr></thead><tbody>';
  const first = { i: rows[0] ?? 0, j: cols[0] ?? 0 };
  for (const i of rows) {
    if (i < 0) {
      h += `<tr class="nb-gap-row"><th scope="row">…</th><td class="nb-gap" colspan="${cols.length}">${hiddenRows} more rows not shown</td></tr>`;
      continue;
    }
    h += `<tr><th scope="row">${escapeHtml(rowLabel(m, i))}</th>`;
    for (const j of cols) {
      if (j < 0) {
        h += '<td class="nb-gap" aria-hidden="true">…</td>';
        continue;
      }
      const v = flat[i * m.cols + j]!;
      const heat = heatClass(heatColour(v, range, m.scale));
      const cls = heat ? ` class="${heat}"` : '';
      if (m.editable) {
        h +=
          `<td${cls}><input class="nb-entry" data-i="${i}" data-j="${j}" aria-label="${escapeHtml(entryName(m.cell, i, j))}"` +
          ` value="${escapeHtml(entryText(v))}" spellcheck="false" autocomplete="off"${m.hydrated ? '' : ' readonly'}></td>`;
      } else {
        // One tab stop per grid (arrow keys move within it), so a wide grid can be scrolled by keyboard.
        const tab = i === first.i && j === first.j ? ' tabindex="0"' : ' tabindex="-1"';
        h +=
          `<td${cls} data-i="${i}" data-j="${j}"${tab} title="${escapeHtml(fullNumber(v))}"` +
          ` aria-label="${escapeHtml(`${entryName(m.cell, i, j)}: ${fullNumber(v)}`)}">${formatNumber(v, m.digits)}</td>`;
      }
    }
    h += '</tr>';
  }
  return h + '</tbody></table>';
}

/** Classes that colour heatmap entries: `nb-heat-<hue>-<lightness>`, or a pattern's name. */
export const HEAT_CLASS_PREFIX = 'nb-heat-';
const HSL = /^hsl\((\d+) (\d+%) ([\d.]+)%\)$/;

const heatClasses = new Map<string, string>();

/**
 * A heatmap colour as a class (the site's policy refuses style attributes): the hue, and
 * the lightness rounded to a whole percent, a step too small to see. The build's HTML
 * and the browser's repaints use the same classes. '' for no colour.
 */
export function heatClass(colour: string): string {
  let cls = heatClasses.get(colour);
  if (cls === undefined) {
    const pattern = /^var\(--(masked|nan|inf)-bg\)$/.exec(colour);
    const hsl = HSL.exec(colour);
    cls = pattern
      ? HEAT_CLASS_PREFIX + pattern[1]!
      : hsl
        ? `${HEAT_CLASS_PREFIX}${hsl[1]}-${Math.round(Number(hsl[3]))}`
        : '';
    heatClasses.set(colour, cls);
  }
  return cls;
}

/** The rules for every class `heatClass` can give, made from `heatColour` itself. */
export function heatPaletteCss(): string {
  const rules = new Map<string, string>();
  for (const pattern of ['masked', 'nan', 'inf'])
    rules.set(HEAT_CLASS_PREFIX + pattern, `background:var(--${pattern}-bg)`);
  for (const scale of ['diverging', 'sequential'] as const) {
    for (let k = -1000; k <= 1000; k++) {
      const colour = heatColour(k / 1000, 1, scale);
      const hsl = HSL.exec(colour);
      if (!hsl) continue;
      const lightness = Math.round(Number(hsl[3]));
      rules.set(heatClass(colour), `background-color:hsl(${hsl[1]} ${hsl[2]} ${lightness}%)`);
    }
  }
  return [...rules].map(([cls, decl]) => `.${cls}{${decl}}`).join('\n');
}

/**
 * What a widget says when its cell fails: the error, where it started if upstream, and
 * that the last good `what` (numbers, steps) stays on show.
 */
export function keptText(
  state: Extract<CellState, { status: 'error' }>,
  cell: string,
  what: string,
): string {
  // The source cell is named by its symbol where the message is shown (withSymbols).
  const where = state.source === cell ? '' : ` (the problem is in ${cellRef(state.source)})`;
  // An error can quote what a reader typed (a formula, a name): kept short.
  return `${echo(state.error, 200)}${where}. Showing the last ${what} that worked.`;
}

/** A cell's shape in words: "7×4", "number", or "error". */
export const shapeText = (s: CellState): string =>
  s.status === 'error'
    ? 'error'
    : typeof s.value === 'number'
      ? 'number'
      : `${s.value.rows}×${s.value.cols}`;
