/**
 * <wv-benchmark>: the Google analogy test run in the page, in a web worker
 * (src/embeddings/analogy.worker.ts), with a progress bar and a cancel button. The
 * table the build rendered (the same evaluation, run in Node) is replaced by the
 * browser's own when a run finishes; a cancelled or failed run leaves it as it was.
 */
import { startAnalogyEvaluation, type AnalogyRun } from '../embeddings/worker-client.ts';
import { benchmarkHtml } from './word-render.ts';
import { dataUrls } from './word-vectors.ts';

export class AnalogyBenchmarkElement extends HTMLElement {
  private run: AnalogyRun | null = null;
  private hydrated = false;

  connectedCallback(): void {
    if (this.hydrated) return;
    this.hydrated = true;
    this.querySelectorAll<HTMLElement>('[data-needs-js]').forEach((el) => (el.hidden = false));
    this.dataset['hydrated'] = 'true';
    this.button('run')?.addEventListener('click', () => this.start());
    this.button('cancel')?.addEventListener('click', () => this.run?.cancel());
  }

  disconnectedCallback(): void {
    this.run?.cancel();
  }

  private button(action: string): HTMLButtonElement | null {
    return this.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`);
  }

  private status(text: string): void {
    const el = this.querySelector<HTMLElement>('.wv-bench-status');
    if (el) el.textContent = text;
  }

  private start(): void {
    if (this.run) return;
    const select = this.querySelector<HTMLSelectElement>('select[name="n"]');
    const n = Number(select?.value ?? 30000);
    const bar = this.querySelector<HTMLProgressElement>('progress');
    const runButton = this.button('run');
    const cancelButton = this.button('cancel');
    if (bar) {
      bar.hidden = false;
      bar.value = 0;
    }
    if (runButton) runButton.disabled = true;
    if (select) select.disabled = true;
    if (cancelButton) {
      cancelButton.disabled = false;
      cancelButton.focus();
    }
    this.dataset['state'] = 'running';
    this.status('Starting…');
    const words = n.toLocaleString('en-GB');
    const run = startAnalogyEvaluation({
      n,
      ...dataUrls(),
      onLoading: (what) =>
        this.status(what === 'vectors' ? 'Loading the word vectors…' : 'Loading the questions…'),
      onProgress: (p) => {
        if (bar) bar.value = p.fraction;
        this.status(
          p.questionsDone === 0
            ? `Comparing the question words with the first ${words} words… ${Math.round(p.fraction * 100)} %`
            : `${p.questionsDone.toLocaleString('en-GB')} of ${p.questionsCovered.toLocaleString('en-GB')} questions answered… ${Math.round(p.fraction * 100)} %`,
        );
      },
    });
    this.run = run;
    const t0 = performance.now();
    run.done
      .then(({ result, precision }) => {
        const secs = ((performance.now() - t0) / 1000).toFixed(1);
        const table = this.querySelector<HTMLElement>('.wv-bench-result');
        if (table)
          table.innerHTML = benchmarkHtml(
            result,
            `Computed in your browser just now: the first ${words} words (${precision}), ${secs} s`,
          );
        this.dataset['state'] = 'done';
        this.dataset['n'] = String(n);
        this.status(
          `Done: ${result.overall.covered.toLocaleString('en-GB')} questions in ${secs} s.`,
        );
      })
      .catch((e: unknown) => {
        const cancelled = e instanceof Error && e.name === 'AbortError';
        this.dataset['state'] = cancelled ? 'cancelled' : 'error';
        this.status(
          cancelled
            ? 'Cancelled. The table still shows the last complete run.'
            : `The run failed (${e instanceof Error ? e.message : String(e)}). The table still shows the last complete run.`,
        );
      })
      .finally(() => {
        this.run = null;
        if (bar) bar.hidden = true;
        if (runButton) runButton.disabled = false;
        if (select) select.disabled = false;
        if (cancelButton) cancelButton.disabled = true;
        if (cancelButton && document.activeElement === cancelButton) runButton?.focus();
      });
  }
}
