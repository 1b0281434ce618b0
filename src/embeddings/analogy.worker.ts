/**
 * Web worker: loads the word-vector asset and the analogy questions (fetched once,
 * then kept), runs the evaluation of src/embeddings/evaluate.ts and posts progress,
 * then the result. A `cancel` message stops the run at its next yield (within ~30 ms).
 * Start it through src/embeddings/worker-client.ts.
 */
import { loadAsset, type DecodedAsset } from './asset.ts';
import { evaluateAnalogies } from './evaluate.ts';
import type { WorkerReply, WorkerRequest } from './messages.ts';
import { parseQuestions, type Section } from './questions.ts';

interface WorkerScope {
  postMessage(message: WorkerReply, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<WorkerRequest>) => void): void;
}
const scope = self as unknown as WorkerScope;

const assets = new Map<string, Promise<DecodedAsset>>();
const questionSets = new Map<string, Promise<Section[]>>();
const running = new Map<number, AbortController>();

function cached<T>(
  cache: Map<string, Promise<T>>,
  key: string,
  load: () => Promise<T>,
): Promise<T> {
  let p = cache.get(key);
  if (p === undefined) {
    p = load();
    cache.set(key, p);
    // A failed load is not kept, so a retry fetches again.
    p.catch(() => cache.delete(key));
  }
  return p;
}

async function run(req: Extract<WorkerRequest, { type: 'run' }>): Promise<void> {
  const controller = new AbortController();
  running.set(req.id, controller);
  try {
    scope.postMessage({ type: 'loading', id: req.id, what: 'vectors' });
    const emb = await cached(assets, req.assetUrl, () => loadAsset(req.assetUrl));
    scope.postMessage({ type: 'loading', id: req.id, what: 'questions' });
    const sections = await cached(questionSets, req.questionsUrl, async () => {
      const res = await fetch(req.questionsUrl);
      if (!res.ok) throw new Error(`analogy questions: ${res.status} ${res.statusText}`);
      return parseQuestions(await res.text());
    });
    const result = await evaluateAnalogies(emb, sections, {
      n: req.n,
      signal: controller.signal,
      onProgress: (p) => scope.postMessage({ type: 'progress', id: req.id, ...p }),
    });
    scope.postMessage(
      {
        type: 'result',
        id: req.id,
        result,
        vocabulary: emb.words.length,
        precision: emb.precision,
      },
      [result.predictions.buffer],
    );
  } catch (e) {
    if (controller.signal.aborted || (e instanceof Error && e.name === 'AbortError')) {
      scope.postMessage({ type: 'cancelled', id: req.id });
    } else {
      scope.postMessage({
        type: 'error',
        id: req.id,
        message: e instanceof Error ? e.message : String(e),
      });
    }
  } finally {
    running.delete(req.id);
  }
}

scope.addEventListener('message', (e) => {
  const msg = e.data;
  if (msg.type === 'run') void run(msg);
  else if (msg.type === 'cancel') running.get(msg.id)?.abort();
});
