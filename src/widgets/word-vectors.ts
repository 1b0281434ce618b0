/**
 * The word-vector asset in the page: fetched once, on demand (a widget asks when the
 * reader first uses it), with its download progress shared by every widget that waits
 * for it. Pages without word-vector widgets never call this.
 */
import { decodeAsset, type DecodedAsset } from '../embeddings/asset.ts';
import { defaultDataUrls } from '../embeddings/worker-client.ts';

export type LoadState =
  | { readonly phase: 'idle' }
  | { readonly phase: 'loading'; readonly loaded: number; readonly total: number }
  | { readonly phase: 'ready'; readonly asset: DecodedAsset }
  | { readonly phase: 'error'; readonly message: string };

let state: LoadState = { phase: 'idle' };
let pending: Promise<DecodedAsset> | null = null;
const listeners = new Set<(s: LoadState) => void>();

function set(s: LoadState): void {
  state = s;
  for (const l of listeners) l(s);
}

/** Calls `listener` now and on every change; returns the unsubscribe function. */
export function watchWordVectors(listener: (s: LoadState) => void): () => void {
  listeners.add(listener);
  listener(state);
  return () => listeners.delete(listener);
}

export function dataUrls(): { assetUrl: string; questionsUrl: string } {
  return defaultDataUrls(import.meta.env.BASE_URL);
}

async function download(url: string): Promise<DecodedAsset> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
  const total = Number(res.headers.get('content-length')) || 0;
  set({ phase: 'loading', loaded: 0, total });
  if (!res.body) return decodeAsset(await res.arrayBuffer());
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    set({ phase: 'loading', loaded, total });
  }
  const bytes = new Uint8Array(loaded);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return decodeAsset(bytes);
}

/** Starts the download if it has not started (or failed before); resolves when decoded. */
export function loadWordVectors(): Promise<DecodedAsset> {
  if (pending) return pending;
  set({ phase: 'loading', loaded: 0, total: 0 });
  pending = download(dataUrls().assetUrl).then(
    (asset) => {
      set({ phase: 'ready', asset });
      return asset;
    },
    (e: unknown) => {
      pending = null;
      set({ phase: 'error', message: e instanceof Error ? e.message : String(e) });
      throw e;
    },
  );
  return pending;
}

/** A line for a status area: what is happening with the word vectors (`idle`: before any download). */
export function loadStateText(s: LoadState, idle = ''): string {
  switch (s.phase) {
    case 'idle':
      return idle;
    case 'loading':
      return s.total > 0
        ? `Loading the word vectors: ${(s.loaded / 1e6).toFixed(1)} of ${(s.total / 1e6).toFixed(1)} MB…`
        : 'Loading the word vectors…';
    case 'ready':
      return '';
    case 'error':
      return `The word vectors could not be loaded (${s.message}). The results shown were computed when the page was built.`;
  }
}

/**
 * Paints the loading state into a widget's `.wv-loading` (a progress bar and a line). A
 * box marked `data-keep-place` (WordVectorsLoading.astro with an `idle` text) keeps its
 * line on the page in every phase, showing the built text until the download starts, so
 * the widget below it never moves when the download starts or ends; any other box is
 * hidden once the vectors are ready.
 */
export function paintLoadState(root: HTMLElement, s: LoadState): void {
  const box = root.querySelector<HTMLElement>('.wv-loading');
  if (!box) return;
  const bar = box.querySelector('progress');
  const line = box.querySelector<HTMLElement>('.wv-loading-text');
  const keep = box.hasAttribute('data-keep-place');
  if (keep && line) box.dataset['idle'] ??= line.textContent ?? '';
  box.hidden = !keep && s.phase === 'ready';
  box.dataset['phase'] = s.phase;
  if (bar) {
    bar.hidden = s.phase !== 'loading';
    if (s.phase === 'loading' && s.total > 0) bar.value = s.loaded / s.total;
    else bar.removeAttribute('value');
  }
  const text = loadStateText(s, box.dataset['idle']);
  if (line && line.textContent !== text) line.textContent = text;
  root.dataset['vectors'] = s.phase;
}
