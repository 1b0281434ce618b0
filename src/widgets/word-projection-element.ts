/**
 * <wv-projection>: pairs of words (man > woman, king > queen...) drawn on the first two
 * principal axes of their GloVe vectors, each pair an arrow, with a table of how
 * parallel the offsets are in all 100 numbers and in the picture. The build renders the
 * tables; Plotly draws the picture when it comes near.
 */
import { parsePairs, projectPairs, type ProjectionModel } from '../embeddings/projection.ts';
import type { WordSpace } from '../embeddings/query.ts';
import { escapeHtml } from './format.ts';
import { COLOURS, arrowAnnotation, colour, labelPositions } from './plot-style.ts';
import { loadPlotly, whenNear, type PlotlyApi } from './plotly-loader.ts';
import { outcomeHtml, projectionTablesHtml } from './word-render.ts';
import { loadWordVectors, paintLoadState, watchWordVectors } from './word-vectors.ts';

export class WordProjectionElement extends HTMLElement {
  private input: HTMLInputElement | null = null;
  private real: WordSpace | null = null;
  private plotly: PlotlyApi | null = null;
  private model: ProjectionModel | null = null;
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
    this.cleanup.push(
      watchWordVectors((s) => {
        paintLoadState(this, s);
        if (s.phase === 'ready' && !this.real) {
          this.real = { ...s.asset, unit: s.asset.vectors };
          this.run();
        }
      }),
    );
    const load = (): void => void loadWordVectors().catch(() => {});
    this.input.addEventListener('focus', load, { once: true });
    whenNear(this, () => {
      load();
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
    if (!this.input || !this.real) return;
    const parsed = parsePairs(this.input.value);
    if (!parsed.ok) {
      this.message(`${escapeHtml(parsed.message)} The picture shows the last pairs that worked.`);
      return;
    }
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
    this.model = r.model;
    const tables = this.querySelector<HTMLElement>('.wv-tables');
    if (tables) tables.innerHTML = projectionTablesHtml(r.model);
    this.dataset['resultFor'] = this.input.value;
    this.draw();
  }

  private draw(): void {
    const area = this.querySelector<HTMLElement>('.nb-plot-area');
    const m = this.model;
    if (!this.plotly || !area || !m) return;
    const xs = m.projection.points.map((p) => p[0]);
    const ys = m.projection.points.map((p) => p[1]);
    const at = (w: string) => m.projection.points[m.words.indexOf(w)]!;
    const annotations = m.pairs.map((p, k) =>
      arrowAnnotation(
        [at(p.from)[0]!, at(p.from)[1]!],
        [at(p.to)[0]!, at(p.to)[1]!],
        colour(k + 1),
        {
          width: 2.5,
          size: 1.2,
        },
      ),
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
            textposition: labelPositions(m.projection.points.map((p) => [p[0]!, p[1]!] as const)),
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
