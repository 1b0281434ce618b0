/**
 * <nb-cost-bench data-sizes="64,128,…" data-d="64" data-budget-ms="500">: times the
 * engine's attention for growing n in the reader's own browser, when they press Measure
 * (never on load), and plots the time and the memory of the score matrix against n with
 * the n² curve fitted through the points. Plotly loads only with the first result.
 *
 * The measuring runs in a Web Worker (src/widgets/cost-worker.ts), so the page stays
 * responsive whatever a size costs: each size reports when it starts and when it is done,
 * the table and the plots grow as the results arrive, and Stop ends the worker at once. A
 * size is not started when the last one's time, scaled by n², says one run would take
 * longer than the budget; a size whose run did take longer ends the measurement; a worker
 * that fails, or a size that takes far longer than the budget, ends it with a message.
 * Where no worker can run, the same walk runs on the page, one run at a time between
 * frames, and the status says so: then the page can pause for up to one run.
 */
import {
  costTableHtml,
  endingText,
  fitQuadratic,
  measureForWalk,
  msText,
  runSizes,
  sizesUpTo,
  type CostReply,
  type CostRequest,
  type Measurement,
  type RunEvent,
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

const int = (n: number): string => n.toLocaleString('en-US');

/** How a walk ended: every size (or a budget) ends it 'done'; Stop, 'stopped'; a failure, 'error'. */
interface Outcome {
  readonly state: 'done' | 'stopped' | 'error';
  readonly ending: string;
}

/** Where the walk reports to: a size started, a size measured. */
interface Sink {
  start(event: Extract<RunEvent, { type: 'start' }>): void;
  result(m: Measurement): void;
}

/** A worker that has not loaded after this long is given up, and the page measures. */
const LOAD_MS = 15_000;
/**
 * A size still running after this long (or 40 budgets, if more) ends the measurement;
 * `data-limit-ms` on the element sets it instead.
 */
const SIZE_MS = 20_000;

export class CostBenchElement extends HTMLElement {
  private hydrated = false;
  private running = false;
  private stopAsked = false;
  private plotly: PlotlyApi | null = null;
  /** Ends the run in progress: the worker at once, the page's walk after its size. */
  private cancelRun: (() => void) | null = null;
  /** Said after every status while the walk runs on the page (no worker). */
  private note = '';

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
    this.button('stop')?.addEventListener('click', () => this.cancelRun?.());
  }

  disconnectedCallback(): void {
    this.stopAsked = true;
    this.cancelRun?.();
  }

  private button(action: string): HTMLButtonElement | null {
    return this.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`);
  }

  private status(text: string): void {
    const el = this.querySelector<HTMLElement>('.nb-cost-status');
    if (el) el.textContent = this.note ? `${text} ${this.note}` : text;
  }

  private async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.stopAsked = false;
    this.note = '';
    const select = this.querySelector<HTMLSelectElement>('select[name="max-n"]');
    const sizes = sizesUpTo(this.dataset['sizes'] ?? '', Number(select?.value ?? Infinity));
    const d = Number(this.dataset['d'] ?? 64);
    const budgetMs = Number(this.dataset['budgetMs'] ?? 500);
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
    delete this.dataset['measured'];
    const results: Measurement[] = [];
    const sink: Sink = {
      start: ({ n, index, count }) => {
        this.dataset['measuring'] = String(n);
        this.status(
          `Measuring n = ${int(n)} (size ${index + 1} of ${count})${this.note ? '' : ' in the background: the page stays usable, and Stop ends it at once'}…`,
        );
      },
      result: (m) => {
        results.push(m);
        this.dataset['measured'] = results.map((r) => r.n).join(',');
        this.show(results, false);
      },
    };
    const request: CostRequest = { type: 'run', sizes, d, budgetMs };
    let outcome: Outcome;
    try {
      const inWorker = await this.runInWorker(request, sink);
      if (typeof inWorker === 'string') {
        this.note = `(${inWorker}, so it runs on this page, one run at a time between frames: the page may pause for up to one run, at most about ${msText(budgetMs)}.)`;
        this.dataset['where'] = 'page';
        outcome = await this.runOnPage(request, sink);
      } else outcome = inWorker;
    } catch (e) {
      outcome = {
        state: 'error',
        ending: `The measurement failed (${e instanceof Error ? e.message : String(e)}).`,
      };
    } finally {
      this.cancelRun = null;
      delete this.dataset['measuring'];
      this.running = false;
      if (measure) measure.disabled = false;
      if (select) select.disabled = false;
      if (stop) {
        const hadFocus = document.activeElement === stop;
        stop.hidden = true;
        if (hadFocus) measure?.focus();
      }
    }
    if (results.length > 0) this.show(results, true);
    this.dataset['state'] = outcome.state;
    this.status(
      outcome.state === 'error'
        ? `${outcome.ending} ${results.length > 0 ? 'The table and the plots show the sizes measured before it.' : 'Nothing was measured.'}`
        : this.summary(results, outcome.ending),
    );
  }

  /**
   * The walk in a worker. Resolves with how it ended, or with the reason no worker could
   * run (a string), before anything was measured, so the page can measure instead.
   */
  private runInWorker(request: CostRequest, sink: Sink): Promise<Outcome | string> {
    if (typeof Worker !== 'function') return Promise.resolve('This browser has no Web Workers');
    let worker: Worker;
    try {
      worker = new Worker(new URL('./cost-worker.ts', import.meta.url), {
        type: 'module',
        name: 'attention-cost',
      });
    } catch (e) {
      return Promise.resolve(
        `The background worker could not start (${e instanceof Error ? e.message : String(e)})`,
      );
    }
    this.dataset['where'] = 'worker';
    return new Promise((resolve) => {
      let ready = false;
      let measuring: number | null = null;
      let timer = 0;
      const finish = (outcome: Outcome | string): void => {
        window.clearTimeout(timer);
        worker.terminate();
        this.cancelRun = null;
        resolve(outcome);
      };
      const watch = (ms: number, then: () => void): void => {
        window.clearTimeout(timer);
        timer = window.setTimeout(then, ms);
      };
      watch(LOAD_MS, () => finish(`The background worker did not load within ${LOAD_MS / 1000} s`));
      this.cancelRun = () =>
        finish({
          state: 'stopped',
          ending:
            measuring === null
              ? 'Stopped at your request.'
              : `Stopped at your request while measuring n = ${int(measuring)}.`,
        });
      worker.addEventListener('message', (e: MessageEvent<CostReply>) => {
        const msg = e.data;
        switch (msg.type) {
          case 'ready':
            ready = true;
            window.clearTimeout(timer);
            break;
          case 'start': {
            measuring = msg.n;
            sink.start(msg);
            const limit =
              Number(this.dataset['limitMs']) || Math.max(SIZE_MS, 40 * request.budgetMs);
            watch(limit, () =>
              finish({
                state: 'error',
                ending: `n = ${int(msg.n)} was still running after ${msText(limit)}, far over the budget of ${msText(request.budgetMs)}, so the measurement was ended.`,
              }),
            );
            break;
          }
          case 'result':
            measuring = null;
            window.clearTimeout(timer);
            sink.result(msg.m);
            break;
          case 'end':
            finish({ state: 'done', ending: endingText(msg, request.budgetMs) });
            break;
          case 'error':
            finish({ state: 'error', ending: `The measurement failed (${msg.message}).` });
            break;
        }
      });
      worker.addEventListener('error', (e) => {
        // Handled here, with a message on the page: not an uncaught error.
        e.preventDefault();
        const detail = e.message || 'the worker stopped';
        finish(
          ready
            ? { state: 'error', ending: `The measurement failed (${detail}).` }
            : `The background worker could not load (${detail})`,
        );
      });
      worker.addEventListener('messageerror', () =>
        finish({ state: 'error', ending: 'The measurement failed (a result could not be read).' }),
      );
      worker.postMessage(request);
    });
  }

  /** The walk on the page, for a browser without workers: a frame between runs, Stop between sizes. */
  private async runOnPage(request: CostRequest, sink: Sink): Promise<Outcome> {
    this.cancelRun = () => {
      this.stopAsked = true;
      this.status('Stopping after this size…');
    };
    const { sizes, d, budgetMs } = request;
    for await (const event of runSizes(sizes, d, budgetMs, measureForWalk(budgetMs, breathe))) {
      if (event.type === 'start') {
        await breathe();
        if (this.stopAsked)
          return {
            state: 'stopped',
            ending: `Stopped at your request before n = ${int(event.n)}.`,
          };
        sink.start(event);
      } else if (event.type === 'result') sink.result(event.m);
      else return { state: 'done', ending: endingText(event, budgetMs) };
    }
    return { state: 'done', ending: '' };
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
