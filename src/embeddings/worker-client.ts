/**
 * Page side of the analogy worker: start an evaluation, follow its progress, cancel it.
 *
 *   const run = startAnalogyEvaluation({ n: 30000, ...defaultDataUrls(import.meta.env.BASE_URL),
 *                                        onProgress: (p) => bar.value = p.fraction });
 *   button.onclick = () => run.cancel();
 *   const { result } = await run.done;   // rejects with an AbortError when cancelled
 */
import { ASSET_FILE, QUESTIONS_FILE } from './asset.ts';
import type { EvaluationResult, Progress } from './evaluate.ts';
import type { WorkerReply, WorkerRequest } from './messages.ts';

export interface AnalogyRunOptions {
  readonly n: number;
  readonly assetUrl: string;
  readonly questionsUrl: string;
  readonly onProgress?: (p: Progress) => void;
  readonly onLoading?: (what: 'vectors' | 'questions') => void;
  /** A worker to reuse (it keeps the loaded vectors between runs); one is created otherwise. */
  readonly worker?: Worker;
}

export interface AnalogyRunOutcome {
  readonly result: EvaluationResult;
  /** Words in the asset and how its numbers are stored. */
  readonly vocabulary: number;
  readonly precision: string;
}

export interface AnalogyRun {
  readonly done: Promise<AnalogyRunOutcome>;
  cancel(): void;
}

/** The URLs of the asset and the questions under the site's base path. */
export function defaultDataUrls(base = '/'): { assetUrl: string; questionsUrl: string } {
  const b = base.endsWith('/') ? base : `${base}/`;
  return { assetUrl: `${b}${ASSET_FILE}`, questionsUrl: `${b}${QUESTIONS_FILE}` };
}

/** A new module worker running src/embeddings/analogy.worker.ts (bundled by Vite). */
export function createAnalogyWorker(): Worker {
  return new Worker(new URL('./analogy.worker.ts', import.meta.url), {
    type: 'module',
    name: 'analogies',
  });
}

let nextId = 1;

export function startAnalogyEvaluation(options: AnalogyRunOptions): AnalogyRun {
  const worker = options.worker ?? createAnalogyWorker();
  const own = options.worker === undefined;
  const id = nextId++;
  let settled = false;
  let listener: (e: MessageEvent<WorkerReply>) => void = () => {};
  let rejectRun: (e: Error) => void = () => {};
  const cancelled = (): Error => {
    const err = new Error('evaluation cancelled');
    err.name = 'AbortError';
    return err;
  };
  const finish = (): void => {
    settled = true;
    worker.removeEventListener('message', listener);
    if (own) worker.terminate();
  };
  const done = new Promise<AnalogyRunOutcome>((resolve, reject) => {
    rejectRun = reject;
    listener = (e) => {
      const msg = e.data;
      if (msg.id !== id || settled) return;
      switch (msg.type) {
        case 'loading':
          options.onLoading?.(msg.what);
          break;
        case 'progress':
          options.onProgress?.({
            fraction: msg.fraction,
            questionsDone: msg.questionsDone,
            questionsCovered: msg.questionsCovered,
          });
          break;
        case 'result':
          finish();
          resolve({ result: msg.result, vocabulary: msg.vocabulary, precision: msg.precision });
          break;
        case 'cancelled':
          finish();
          reject(cancelled());
          break;
        case 'error':
          finish();
          reject(new Error(msg.message));
          break;
      }
    };
    worker.addEventListener('message', listener);
  });
  const request: WorkerRequest = {
    type: 'run',
    id,
    n: options.n,
    assetUrl: options.assetUrl,
    questionsUrl: options.questionsUrl,
  };
  worker.postMessage(request);
  return {
    done,
    cancel: () => {
      if (settled) return;
      if (own) {
        // Our own worker: stop it outright, even in the middle of a download.
        finish();
        rejectRun(cancelled());
        return;
      }
      const msg: WorkerRequest = { type: 'cancel', id };
      worker.postMessage(msg);
    },
  };
}
