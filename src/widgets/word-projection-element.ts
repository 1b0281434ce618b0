/**
 * <wv-projection>: pairs of words (man > woman, king > queen...) drawn on the first two
 * principal axes of their GloVe vectors, each pair an arrow, with a table of how
 * parallel the offsets are in all 100 numbers and in the picture. The build renders the
 * tables and hands the page the picture's points (`data-figure`), so Plotly draws it when
 * it comes near without the vectors; the 3 MB of vectors load only when the reader
 * first uses the pairs box (focus or typing), to draw pairs of their own.
 */
import {
  figureOf,
  parsePairs,
  projectPairs,
  type ProjectionFigure,
} from '../embeddings/projection.ts';
import type { WordSpace } from '../embeddings/query.ts';
import { escapeHtml } from './format.ts';
import { COLOURS, arrowAnnotation, colour, labelPositions } from './plot-style.ts';
import { loadPlotly, whenNear, type PlotlyApi } from './plotly-loader.ts';
import { outcomeHtml, projectionTablesHtml } from './word-render.ts';
import { loadWordVectors, paintLoadState, watchWordVectors } from './word-vectors.ts';

/** The figure the build wrote into `data-figure`, or null when it is missing or damaged. */
function builtFigure(json: string | undefined): ProjectionFigure | null {
  try {
    const f = JSON.parse(json ?? 'null') as ProjectionFigure | null;
    const fine =
      f !== null &&
      Array.isArray(f.words) &&
      Array.isArray(f.points) &&
      Array.isArray(f.pairs) &&
      f.points.length === f.words.length &&
      f.points.every((p) => Array.isArray(p) && p.every(Number.isFinite)) &&
      f.pairs.every((p) => f.words.includes(p.from) && f.words.includes(p.to));
    return fine ? f : null;
  } catch {
    return null;
  }
}

export class WordProjectionElement extends HTMLElement {
  private input: HTMLInputElement | null = null;
  private real: WordSpace | null = null;
  private plotly: PlotlyApi | null = null;
  private figure: ProjectionFigure | null = null;
  private cleanup: (() => void)[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  connectedCallback(): void {
    if (this.cleanup.length > 0) return;
    this.input = this.querySelector<HTMLInputElement>('input[name="pairs"]');
    const form = this.querySelector('form');
    if (!this.input || !form) return;
    this.input.readOnly = false;
    this.querySelectorAll<HTMLElement>('[data-needs-js]').forEach((el) => (el.hidden = false));
    this.dataset['hydrated'] = 'true';
    this.figure = builtFigure(this.dataset['figure']);
    this.cleanup.push(
      watchWordVectors((s) => {
        paintLoadState(this, s);
        if (s.phase === 'ready' && !this.real) {
          this.real = { ...s.asset, unit: s.asset.vectors };
          // The built tables and picture answer the built pairs: only the reader's own need the vectors.
          if (this.input?.value !== this.input?.defaultValue || !this.figure) this.run();
        }
      }),
    );
    const load = (): void => void loadWordVectors().catch(() => {});
    form.addEventListener('focusin', load);
    this.cleanup.push(() => form.removeEventListener('focusin', load));
    whenNear(this, () => {
      this.dataset['plot'] = 'loading';
      loadPlotly(['scatter'])
        .then((p) => {
          this.plotly = p;
          this.draw();
        })
        .catch((e: unknown) => {
          this.dataset['plot'] = 'error';
          const area = this.querySelector<HTMLElement>('.nb-plot-area');
          if (area)
            area.textContent = `The picture could not be loaded (${e instanceof Error ? e.message : String(e)}); its numbers are in the tables below.`;
        });
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.run();
    });
    this.input.addEventListener('input', () => {
      load();
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.run(), 400);
    });
    this.addEventListener('click', (e) => {
      const b = (e.target as HTMLElement).closest<HTMLButtonElement>('button.wv-suggestion');
      if (!b || !this.input) return;
      const word = b.dataset['replace'] ?? '';
      this.input.value = this.input.value.replace(
        new RegExp(
          `(^|[\\s,>→-])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[\\s,>→-])`,
          'giu',
        ),
        (_m, pre: string) => `${pre}${b.dataset['with'] ?? ''}`,
      );
      this.input.focus();
      this.run();
    });
  }

  disconnectedCallback(): void {
    this.cleanup.forEach((f) => f());
    this.cleanup = [];
    clearTimeout(this.timer);
  }

  private message(html: string): void {
    const el = this.querySelector<HTMLElement>('.wv-message');
    if (!el) return;
    el.innerHTML = html;
    el.dataset['tone'] = html ? 'error' : '';
    this.querySelector('.wv-tables')?.toggleAttribute('data-stale', html !== '');
  }

  private run(): void {
    clearTimeout(this.timer);
    if (!this.input) return;
    const parsed = parsePairs(this.input.value);
    if (!parsed.ok) {
      this.message(`${escapeHtml(parsed.message)} The picture shows the last pairs that worked.`);
      return;
    }
    // Without the vectors yet: the download is under way, and this runs again when it ends.
    if (!this.real) return;
    const r = projectPairs(this.real, parsed.pairs);
    if (!r.ok) {
      const shown = outcomeHtml(
        this.real,
        { status: 'unknown', terms: [], unknown: r.unknown },
        {
          vocabulary: `the ${this.real.words.length.toLocaleString('en-GB')} words`,
          buttons: true,
        },
      );
      this.message(`${shown.html} The picture shows the last pairs that worked.`);
      return;
    }
    this.message('');
    this.figure = figureOf(r.model);
    const tables = this.querySelector<HTMLElement>('.wv-tables');
    if (tables) tables.innerHTML = projectionTablesHtml(r.model);
    this.dataset['resultFor'] = this.input.value;
    this.draw();
  }

  private draw(): void {
    const area = this.querySelector<HTMLElement>('.nb-plot-area');
    const m = this.figure;
    if (!this.plotly || !area || !m) return;
    const xs = m.points.map((p) => p[0]);
    const ys = m.points.map((p) => p[1]);
    const at = (w: string) => m.points[m.words.indexOf(w)]!;
    const annotations = m.pairs.map((p, k) =>
      arrowAnnotation([at(p.from)[0], at(p.from)[1]], [at(p.to)[0], at(p.to)[1]], colour(k + 1), {
        width: 2.5,
        size: 1.2,
      }),
    );
    void this.plotly
      .react(
        area,
        [
          {
            type: 'scatter',
            mode: 'markers+text',
            x: xs,
            y: ys,
            text: m.words,
            textposition: labelPositions(m.points),
            marker: { size: 9, color: COLOURS[0] },
            hovertemplate: '%{text}: (%{x:.3f}, %{y:.3f})<extra></extra>',
          },
        ],
        {
          margin: { l: 44, r: 12, t: 12, b: 40 },
          paper_bgcolor: 'rgba(0,0,0,0)',
          plot_bgcolor: 'rgba(0,0,0,0)',
          font: { family: 'system-ui, sans-serif', size: 13, color: '#17181c' },
          showlegend: false,
          annotations,
          xaxis: { title: { text: 'axis 1' }, zeroline: false },
          yaxis: { title: { text: 'axis 2' }, zeroline: false, scaleanchor: 'x' },
        },
        // No mode bar: its buttons would be tab stops inside the figure; the numbers are in the tables.
        { displayModeBar: false, responsive: true },
      )
      .then(() => (this.dataset['plot'] = 'drawn'));
  }
}
