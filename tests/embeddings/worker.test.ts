/**
 * The analogy worker and its client, wired together in Node through a stand-in for the
 * worker's global scope (message events both ways) and a stubbed fetch serving the
 * fixture as an asset.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeAsset } from '../../src/embeddings/asset.ts';
import type { WorkerReply, WorkerRequest } from '../../src/embeddings/messages.ts';
import { startAnalogyEvaluation, defaultDataUrls } from '../../src/embeddings/worker-client.ts';
import { fixtureEmbeddings, fixturePath } from './helpers.ts';

const toWorker = new EventTarget();
const toPage = new EventTarget();
const replies: WorkerReply[] = [];

/** What the page holds: a Worker-like object posting into the stand-in scope. */
const fakeWorker = {
  postMessage(msg: WorkerRequest) {
    setTimeout(() => toWorker.dispatchEvent(new MessageEvent('message', { data: msg })), 0);
  },
  addEventListener: toPage.addEventListener.bind(toPage),
  removeEventListener: toPage.removeEventListener.bind(toPage),
  terminate() {},
} as unknown as Worker;

beforeAll(async () => {
  const emb = fixtureEmbeddings();
  const asset = encodeAsset(emb.words, emb.dims, emb.vectors);
  const questions = readFileSync(fixturePath('embeddings-questions.txt'), 'utf8');
  vi.stubGlobal('fetch', async (url: string) => {
    if (url.endsWith('.bin')) return new Response(asset.slice());
    if (url.endsWith('.txt')) return new Response(questions);
    return new Response('not found', { status: 404, statusText: 'Not Found' });
  });
  vi.stubGlobal('self', {
    addEventListener: toWorker.addEventListener.bind(toWorker),
    postMessage(msg: WorkerReply) {
      replies.push(msg);
      setTimeout(() => toPage.dispatchEvent(new MessageEvent('message', { data: msg })), 0);
    },
  });
  await import('../../src/embeddings/analogy.worker.ts');
});

afterAll(() => {
  vi.unstubAllGlobals();
});

describe('analogy worker', () => {
  const urls = defaultDataUrls('/base');

  it('builds the data URLs under the base path', () => {
    expect(urls).toEqual({
      assetUrl: '/base/data/glove-100d-30k.bin',
      questionsUrl: '/base/data/questions-words.txt',
    });
  });

  it('loads the asset, reports progress and posts the result', async () => {
    const progress: number[] = [];
    const loading: string[] = [];
    const run = startAnalogyEvaluation({
      n: 60,
      ...urls,
      worker: fakeWorker,
      onProgress: (p) => progress.push(p.fraction),
      onLoading: (w) => loading.push(w),
    });
    const { result, vocabulary, precision } = await run.done;
    expect(vocabulary).toBe(60);
    expect(precision).toMatch(/int8/);
    expect(result.overall.total).toBe(23);
    expect(result.overall.covered).toBe(22);
    expect(loading).toEqual(['vectors', 'questions']);
    expect(progress.at(-1)).toBe(1);
  });

  it('cancels a run', async () => {
    const run = startAnalogyEvaluation({ n: 60, ...urls, worker: fakeWorker });
    run.cancel();
    await expect(run.done).rejects.toMatchObject({ name: 'AbortError' });
    expect(replies.some((r) => r.type === 'cancelled')).toBe(true);
  });

  it('reports a missing file as an error', async () => {
    const run = startAnalogyEvaluation({
      n: 60,
      assetUrl: '/nowhere.bin.gz',
      questionsUrl: urls.questionsUrl,
      worker: fakeWorker,
    });
    await expect(run.done).rejects.toThrow(/404/);
  });
});
