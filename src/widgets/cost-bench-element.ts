/**
 * <nb-cost-bench data-sizes="64,128,…" data-d="64" data-budget-ms="500">: times the
 * engine's attention for growing n in the reader's own browser, when they press Measure
 * (never on load), and plots the time and the memory of the score matrix against n with
 * the n² curve fitted through the points. Plotly loads only with the first result.
 *
 * The page never freezes: the sizes run one at a time with the browser free to paint and
 * handle input between them (and between the repeated runs of a small size), and a size
 * is not started when the last one's time, scaled by n², says one run would take longer
 * than the budget; a size whose run did take longer ends the measurement.
 */
import {
  costTableHtml,
  fitQuadratic,
  measureAttention,
  msText,
  type Measurement,
} from './cost-measure.ts';
import { COLOURS } from './plot-style.ts';
import { loadPlotly, type PlotlyApi } from './plotly-loader.ts';
import { setHtml } from './safe-html.ts';

/** Lets the browser paint and run input handlers: a frame, then a task. */
const breathe = (): Promise<void> =>
  new Promise((ok) => {
    if (typeof requestAnimationFrame === 'function' && document.visibilityState === 'visible')
      requestAnimationFrame(() => setTimeout(ok, 0));
    else setTimeout(ok, 0);
  });

export class CostBenchElement extends HTMLElement {
  private hydrated = false;
  private running = false;
  private stopAsked = false;
  private plotly: PlotlyApi | null = null;

  connectedCallback(): void {
    if (this.hydrated) return;
    this.hydrated = true;
    this.dataset['hydrated'] = 'true';
    this.querySelectorAll<HTMLElement>('[data-needs-js]').forEach((el) => (el.hidden = false));
    const measure = this.button('measure');
    if (measure) {
      measure.disabled = false;
      measure.addEventListener('click', () => void this.start());
    }
    this.button('stop')?.addEventListener('click', () => {
      this.stopAsked = true;
      this.status('Stopping after this size…');
    });
  }

  disconnectedCallback(): void {
    this.stopAsked = true;
  }

  private button(action: string): HTMLButtonElement | null {
    return this.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`);
  }

  private status(text: string): void {
    const el = this.querySelector<HTMLElement>('.nb-cost-status');
    if (el) el.textContent = text;
  }

  private async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.stopAsked = false;
    const select = this.querySelector<HTMLSelectElement>('select[name="max-n"]');
    const largest = Number(select?.value ?? Infinity);
    const sizes = (this.dataset['sizes'] ?? '')
      .split(',')
      .map(Number)
      .filter((n) => Number.isInteger(n) && n > 0 && n <= largest);
    const d = Number(this.dataset['d'] ?? 64);
    const budget = Number(this.dataset['budgetMs'] ?? 500);
    const measure = this.button('measure');
    const stop = this.button('stop');
    if (measure) measure.disabled = true;
    if (select) select.disabled = true;
    if (stop) {
      stop.hidden = false;
      stop.disabled = false;
      stop.focus();
    }
    this.dataset['state'] = 'running';
    const results: Measurement[] = [];
    let ending = '';
    try {
      for (const n of sizes) {
        await breathe();
        if (this.stopAsked) {
          ending = `Stopped at your request before n = ${n.toLocaleString('en-US')}.`;
          break;
        }
        const last = results.at(-1);
        if (last) {
          const expected = last.ms * (n / last.n) ** 2;
          if (expected > budget) {
            ending = `n = ${n.toLocaleString('en-US')} was not run: at this browser's pace one run would take about ${msText(expected)}, over the budget of ${msText(budget)}.`;
            break;
          }
        }
        this.status(`Measuring n = ${n.toLocaleString('en-US')}…`);
        const m = await measureAttention(n, d, { pause: breathe, minRuns: 3, budgetMs: budget });
        results.push(m);
        this.show(results, false);
        if (m.ms > budget) {
          ending = `Stopped after n = ${n.toLocaleString('en-US')}: one run took ${msText(m.ms)}, over the budget of ${msText(budget)}.`;
          break;
        }
      }
      this.show(results, true);
      this.dataset['state'] = 'done';
      this.dataset['measured'] = results.map((r) => r.n).join(',');
      this.status(this.summary(results, ending));
    } catch (e) {
      this.dataset['state'] = 'error';
      this.status(
        `The measurement failed (${e instanceof Error ? e.message : String(e)}). The table shows the sizes measured before it.`,
      );
    } finally {
      this.running = false;
      if (measure) measure.disabled = false;
      if (select) select.disabled = false;
      if (stop) {
        const hadFocus = document.activeElement === stop;
        stop.hidden = true;
        if (hadFocus) measure?.focus();
      }
    }
  }

  private summary(results: readonly Measurement[], ending: string): string {
    if (results.length === 0) return ending || 'Nothing was measured.';
    const c = fitQuadratic(results.map((r) => ({ n: r.n, y: r.ms })));
    const last = results.at(-1)!;
    const prev = results.at(-2);
    const growth = prev
      ? ` From n = ${prev.n.toLocaleString('en-US')} to ${last.n.toLocaleString('en-US')} the time grew ×${(last.ms / prev.ms).toFixed(1)}; n² grew ×${((last.n / prev.n) ** 2).toFixed(0)}.`
      : '';
    return `Measured in this browser: n = ${results[0]!.n.toLocaleString('en-US')} to ${last.n.toLocaleString('en-US')}. The fitted curve is ${c.toExponential(2)} ms × n².${growth}${ending ? ` ${ending}` : ''}`;
  }

  /** The table now; the plots once Plotly has loaded (it loads with the first result). */
  private show(results: readonly Measurement[], final: boolean): void {
    const table = this.querySelector<HTMLElement>('.nb-cost-result');
    const d = Number(this.dataset['d'] ?? 64);
    if (table)
      setHtml(
        table,
        costTableHtml(
          results,
          `Measured in this browser just now (d = ${d}; the fastest of at least three runs)${final ? '' : ', still running'}`,
        ),
      );
    const plots = this.querySelector<HTMLElement>('.nb-cost-plots');
    if (!plots || results.length === 0) return;
    plots.hidden = false;
    const draw = (p: PlotlyApi): void => {
      this.plotly = p;
      void this.draw(results);
    };
    if (this.plotly) draw(this.plotly);
    else {
      plots.dataset['state'] = 'loading';
      loadPlotly(['scatter'])
        .then(draw)
        .catch((e: unknown) => {
          plots.dataset['state'] = 'error';
          this.status(
            `The plots could not be loaded (${e instanceof Error ? e.message : String(e)}); the numbers are in the table.`,
          );
        });
    }
  }

  private async draw(results: readonly Measurement[]): Promise<void> {
    const plots = this.querySelector<HTMLElement>('.nb-cost-plots');
    const timeArea = this.querySelector<HTMLElement>('.nb-cost-plot[data-plot="time"]');
    const memoryArea = this.querySelector<HTMLElement>('.nb-cost-plot[data-plot="memory"]');
    if (!plots || !timeArea || !memoryArea || !this.plotly) return;
    const ns = results.map((r) => r.n);
    const top = Math.max(...ns);
    const curveN = Array.from({ length: 41 }, (_, k) => (top * k) / 40);
    const MiB = 2 ** 20;
    const layout = (x: string, y: string) => ({
      margin: { l: 60, r: 10, t: 10, b: 50 },
      paper_bgcolor: 'rgba(0,0,0,0)',
      plot_bgcolor: 'rgba(0,0,0,0)',
      font: { family: 'system-ui, sans-serif', size: 13, color: '#17181c' },
      legend: { orientation: 'h', x: 0, xanchor: 'left', y: 1.02, yanchor: 'bottom' },
      xaxis: { title: { text: x }, rangemode: 'tozero', automargin: true },
      yaxis: { title: { text: y }, rangemode: 'tozero', automargin: true },
    });
    const config = {
      displaylogo: false,
      responsive: true,
      modeBarButtonsToRemove: ['toImage', 'sendDataToCloud'],
    };
    const fitted = (ys: number[], name: string, colour: string) => {
      const c = fitQuadratic(ns.map((n, k) => ({ n, y: ys[k]! })));
      return {
        type: 'scatter',
        mode: 'lines',
        name,
        x: curveN,
        y: curveN.map((n) => c * n * n),
        line: { color: colour, width: 2, dash: 'dot' },
      };
    };
    const times = results.map((r) => r.ms);
    const bytes = results.map((r) => r.scoreBytes / MiB);
    const memoryTraces: object[] = [
      {
        type: 'scatter',
        mode: 'markers',
        name: 'score matrix',
        x: ns,
        y: bytes,
        marker: { color: COLOURS[1], size: 9 },
      },
      fitted(bytes, 'c · n² fitted', COLOURS[1]),
    ];
    if (results.some((r) => r.heapBytes !== null))
      memoryTraces.push({
        type: 'scatter',
        mode: 'markers',
        name: 'heap growth',
        x: ns,
        y: results.map((r) => (r.heapBytes === null ? null : r.heapBytes / MiB)),
        marker: { color: COLOURS[2], size: 8, symbol: 'diamond' },
      });
    await Promise.all([
      this.plotly.react(
        timeArea,
        [
          {
            type: 'scatter',
            mode: 'markers',
            name: 'measured',
            x: ns,
            y: times,
            marker: { color: COLOURS[0], size: 9 },
          },
          fitted(times, 'c · n² fitted', COLOURS[0]),
        ],
        layout('n (tokens)', 'milliseconds per run'),
        config,
      ),
      this.plotly.react(memoryArea, memoryTraces, layout('n (tokens)', 'MiB'), config),
    ]);
    plots.dataset['state'] = 'drawn';
    plots.dataset['points'] = String(results.length);
  }
}
