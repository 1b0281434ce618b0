/**
 * Web worker for <nb-cost-bench>: times the engine's attention for growing n off the
 * page's main thread, so the page stays responsive however long a size takes. It posts
 * `ready` once loaded, then every step of the walk through the sizes (src/widgets/
 * cost-measure.ts, `runSizes`) as it happens. The page cancels a run by ending the worker.
 */
import { measureForWalk, runSizes, type CostReply, type CostRequest } from './cost-measure.ts';

interface WorkerScope {
  postMessage(message: CostReply): void;
  addEventListener(type: 'message', listener: (e: MessageEvent<CostRequest>) => void): void;
}
const scope = self as unknown as WorkerScope;

async function run(req: CostRequest): Promise<void> {
  try {
    for await (const event of runSizes(
      req.sizes,
      req.d,
      req.budgetMs,
      measureForWalk(req.budgetMs),
    ))
      scope.postMessage(event);
  } catch (e) {
    scope.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

scope.addEventListener('message', (e) => {
  if (e.data?.type === 'run') void run(e.data);
});
scope.postMessage({ type: 'ready' });
