/**
 * <nb-plot data-cell="X" data-kind="points3d">: a plot of a cell that follows the
 * reader's edits. Plotly and the trace types it needs load only when the plot comes
 * near the viewport.
 *
 * Kinds:
 * - points2d / points3d: each row of the matrix is a point (its first 2 or 3 columns),
 *   named by the row labels; `data-arrows` ("man>woman,king>queen") draws offsets;
 *   rows named in `data-marked` get their own colour and marker, labelled below;
 *   `data-camera` ("x,y,z") sets where a 3-D plot is first seen from.
 * - lines: column 1 is x, every other column a line named by the column labels.
 * - heatmap: the matrix as colours, rows top to bottom.
 */
import { map, type Matrix } from '../engine/index.ts';
import type { CellState } from '../notebook/notebook.ts';
import { pageNotebook } from './page-notebook.ts';
import { whenIdle } from './scheduler.ts';
import {
  COLOURS,
  arrowAnnotation,
  colour,
  heatmapColours,
  labelPositions,
  textScale,
} from './plot-style.ts';
import { heatColour, magnitude } from './format.ts';
import { loadPlotly, whenNear, type PlotlyApi, type TraceKind } from './plotly-loader.ts';

type Kind = 'points2d' | 'points3d' | 'lines' | 'heatmap';
const TRACES: Record<Kind, TraceKind[]> = {
  points2d: ['scatter'],
  points3d: ['scatter3d'],
  lines: ['scatter'],
  heatmap: ['heatmap'],
};

/**
 * The largest magnitude a plot draws. Plotly's axes and ticks break (with console errors)
 * on values near 1e300; beyond this a value is drawn at ±PLOT_LIMIT, and the plot says so.
 * ±∞ are left as they are: Plotly leaves them out.
 */
export const PLOT_LIMIT = 1e12;

/** The matrix with finite values beyond ±PLOT_LIMIT drawn at the limit, and whether any were. */
export function clampForPlot(m: Matrix): { matrix: Matrix; clamped: boolean } {
  let clamped = false;
  const matrix = map(m, (v) => {
    if (!Number.isFinite(v) || Math.abs(v) <= PLOT_LIMIT) return v;
    clamped = true;
    return Math.sign(v) * PLOT_LIMIT;
  });
  return { matrix, clamped };
}

/** A range around finite values with a fifth of their span (at least 0.2) free on each side. */
function padded(values: number[]): [number, number] | undefined {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return undefined;
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const pad = 0.2 * (hi - lo) + 0.2;
  return [lo - pad, hi + pad];
}

export class PlotElement extends HTMLElement {
  private unwatch: (() => void) | null = null;
  private plotly: PlotlyApi | null = null;
  private drawn: CellState | null = null;
  private near = false;
  private dirty = false;
  private scheduled = false;
  private observer: IntersectionObserver | null = null;

  connectedCallback(): void {
    const nb = pageNotebook();
    const target = this.querySelector<HTMLElement>('.nb-plot-area');
    if (!nb || !target || this.unwatch) return;
    const kind = (this.dataset['kind'] ?? 'points2d') as Kind;
    // A redraw waits until the edit's numbers are painted, and until the plot is near; its
    // cell is computed only then, so the edit's frame does not pay for a curve off screen.
    const redraw = (): void => {
      if (!this.plotly) return;
      if (!this.near) {
        this.dirty = true;
        return;
      }
      if (this.scheduled) return;
      this.scheduled = true;
      // In idle time: after the frames that show the edit's numbers, and between the frames
      // of a slider being dragged, so the numbers keep up and the curve follows.
      whenIdle(() => {
        this.scheduled = false;
        this.dirty = false;
        this.draw(target, kind);
      }, 100);
    };
    this.unwatch = nb.onFlush(redraw);
    if (typeof IntersectionObserver !== 'undefined') {
      this.observer = new IntersectionObserver(
        (entries) => {
          this.near = entries.some((e) => e.isIntersecting);
          if (this.near && this.dirty) redraw();
        },
        { rootMargin: '50% 0px' },
      );
      this.observer.observe(this);
    } else this.near = true;
    // Projector mode changes the text size: the plot is drawn again at the new size.
    new MutationObserver(() => {
      if (!this.plotly) return;
      this.drawn = null;
      redraw();
    }).observe(document.documentElement, { attributes: true, attributeFilter: ['data-projector'] });
    whenNear(this, () => {
      this.dataset['state'] = 'loading';
      loadPlotly(TRACES[kind])
        .then((p) => {
          this.plotly = p;
          this.draw(target, kind);
        })
        .catch((e: unknown) => {
          this.dataset['state'] = 'error';
          target.textContent = `The plot could not be loaded (${e instanceof Error ? e.message : String(e)}); the numbers are in the matrices above.`;
        });
    });
  }

  disconnectedCallback(): void {
    this.unwatch?.();
    this.unwatch = null;
    this.observer?.disconnect();
    this.observer = null;
  }

  private labels(axis: 'rows' | 'cols', n: number): string[] {
    const nb = pageNotebook()!;
    const def = nb.cells.get(this.dataset['cell'] ?? '');
    const key = axis === 'rows' ? def?.rowLabels : def?.colLabels;
    const set = key ? nb.labels[key] : undefined;
    return Array.from({ length: n }, (_, i) => set?.[i] ?? String(i + 1));
  }

  private draw(target: HTMLElement, kind: Kind): void {
    const s = pageNotebook()!.state(this.dataset['cell'] ?? '');
    // Nothing to do when the cell has not changed since the last drawing.
    const same =
      s === this.drawn ||
      (s.status === 'ok' && this.drawn?.status === 'ok' && s.value === this.drawn.value);
    if (same && this.dataset['state'] === 'drawn') return;
    this.drawn = s;
    const message = this.querySelector<HTMLElement>('.nb-plot-message');
    if (!s || s.status === 'error' || typeof s.value === 'number') {
      if (message) message.textContent = s?.status === 'error' ? `Not drawn: ${s.error}` : '';
      return;
    }
    const { matrix: m, clamped } = clampForPlot(s.value);
    if (message)
      message.textContent = clamped
        ? 'Some values are too large to draw; they are drawn at ±1e12.'
        : '';
    const { data, layout } = this.figure(m, kind);
    const title = this.dataset['title'];
    // Labels, ticks and titles grow with the page's text (projector mode).
    const k = textScale();
    this.dataset['textScale'] = String(k);
    void this.plotly!.react(
      target,
      data,
      {
        margin: { l: 40 * k, r: 10 * k, t: (title ? 30 : 10) * k, b: 40 * k },
        title: title ? { text: title, font: { size: 14 * k } } : undefined,
        paper_bgcolor: 'rgba(0,0,0,0)',
        plot_bgcolor: 'rgba(0,0,0,0)',
        font: { family: 'system-ui, sans-serif', size: 13 * k, color: '#17181c' },
        showlegend: kind === 'lines',
        ...layout,
      },
      {
        displaylogo: false,
        responsive: true,
        modeBarButtonsToRemove: ['toImage', 'sendDataToCloud'],
      },
    ).then(() => (this.dataset['state'] = 'drawn'));
  }

  private figure(m: Matrix, kind: Kind): { data: object[]; layout: object } {
    const rows = this.labels('rows', m.rows);
    const cols = this.labels('cols', m.cols);
    const col = (j: number): number[] => Array.from({ length: m.rows }, (_, i) => m.get(i, j));
    const axisTitle = (j: number) => ({
      title: { text: this.dataset[`axis${j}`] ?? cols[j] ?? '' },
    });
    if (kind === 'heatmap') {
      return {
        data: [
          {
            type: 'heatmap',
            z: m.toArray(),
            x: cols,
            y: rows,
            // The grid's colours for the grid's range: a weight looks the same in both.
            colorscale: heatmapColours((v, r) => heatColour(v, r, 'diverging')),
            zmin: -(magnitude(m.toArray().flat()) || 1),
            zmax: magnitude(m.toArray().flat()) || 1,
            colorbar: { tickfont: { size: 13 * textScale() } },
          },
        ],
        layout: { yaxis: { autorange: 'reversed', automargin: true }, xaxis: { automargin: true } },
      };
    }
    if (kind === 'lines') {
      return {
        data: Array.from({ length: m.cols - 1 }, (_, k) => ({
          type: 'scatter',
          mode: 'lines',
          name: cols[k + 1],
          x: col(0),
          y: col(k + 1),
          line: { color: COLOURS[k % COLOURS.length], width: 3 },
        })),
        layout: {
          // Above the plot, not beside it, so a phone keeps the width for the curves.
          legend: { orientation: 'h', x: 0, xanchor: 'left', y: 1.02, yanchor: 'bottom' },
          xaxis: { ...axisTitle(0), automargin: true },
          yaxis: { title: { text: this.dataset['axis1'] ?? '' }, automargin: true },
        },
      };
    }
    const three = kind === 'points3d' && m.cols >= 3;
    const index = new Map(rows.map((r, i) => [r, i]));
    const arrows = (this.dataset['arrows'] ?? '')
      .split(',')
      .map((a) => a.split('>').map((w) => index.get(w.trim())))
      .filter(
        (p): p is [number, number] => p.length === 2 && p[0] !== undefined && p[1] !== undefined,
      );
    const marked = new Set((this.dataset['marked'] ?? '').split(',').map((w) => w.trim()));
    const pick = <T>(plain: T, set: T): T[] => rows.map((r) => (marked.has(r) ? set : plain));
    const point = (i: number) =>
      three ? [m.get(i, 0), m.get(i, 1), m.get(i, 2)] : [m.get(i, 0), m.get(i, 1)];
    const data: object[] = [
      three
        ? {
            type: 'scatter3d',
            mode: 'markers+text',
            x: col(0),
            y: col(1),
            z: col(2),
            text: rows,
            textposition: pick('top center', 'bottom center'),
            marker: {
              size: pick(5, 7),
              color: pick(COLOURS[0], COLOURS[4]),
              symbol: pick('circle', 'diamond'),
            },
          }
        : {
            type: 'scatter',
            mode: 'markers+text',
            x: col(0),
            y: col(1),
            text: rows,
            textposition: labelPositions(rows.map((_, i) => [m.get(i, 0), m.get(i, 1)] as const)),
            // A marked row stands apart; a point an arrow ends on (a word after it moved) takes its arrow's colour.
            marker: {
              size: pick(10, 12),
              color: rows.map((r, i) =>
                marked.has(r) ? COLOURS[4] : COLOURS[arrows.findIndex(([, b]) => b === i) + 1 || 0],
              ),
              symbol: pick('circle', 'diamond'),
            },
          },
    ];
    arrows.forEach(([a, b], k) => {
      const [pa, pb] = [point(a), point(b)];
      data.push({
        type: three ? 'scatter3d' : 'scatter',
        mode: 'lines',
        x: [pa[0], pb[0]],
        y: [pa[1], pb[1]],
        ...(three ? { z: [pa[2], pb[2]] } : {}),
        line: { color: COLOURS[(k + 1) % COLOURS.length], width: 4 },
        hoverinfo: 'skip',
      });
    });
    const eye = (this.dataset['camera'] ?? '').split(',').map(Number);
    const camera =
      eye.length === 3 && eye.every(Number.isFinite)
        ? { camera: { eye: { x: eye[0], y: eye[1], z: eye[2] } } }
        : {};
    // In 2-D each offset also gets an arrowhead, so a move reads as a direction.
    const annotations = arrows.map(([a, b], k) =>
      arrowAnnotation([m.get(a, 0), m.get(a, 1)], [m.get(b, 0), m.get(b, 1)], colour(k + 1)),
    );
    const layout = three
      ? {
          scene: {
            xaxis: axisTitle(0),
            yaxis: axisTitle(1),
            zaxis: axisTitle(2),
            aspectmode: 'cube',
            ...camera,
          },
        }
      : {
          // Room either side for the labels above the outermost points (Plotly pads for markers only).
          xaxis: { ...axisTitle(0), zeroline: true, range: padded(col(0)) },
          yaxis: { ...axisTitle(1), zeroline: true, scaleanchor: 'x' },
          annotations,
        };
    return { data, layout };
  }
}
