/**
 * The one notebook of a chapter page, built from the JSON the build embedded, with the
 * reader's numbers restored (share link first, then this browser's last visit) and kept
 * as they change.
 */
import { Notebook } from '../notebook/notebook.ts';
import { deserialise } from '../notebook/serialise.ts';
import { applyState, decodeState, encodeState, storageKey } from '../notebook/state.ts';
import { frameScheduler } from './scheduler.ts';

let instance: Notebook | null = null;
const HASH_KEY = 'cells=';

export function pageNotebook(): Notebook | null {
  if (instance) return instance;
  const data = document.getElementById('nb-data');
  if (!data?.textContent) return null;
  const nb = new Notebook(deserialise(data.textContent), { schedule: frameScheduler() });
  instance = nb;
  restore(nb);
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  nb.onFlush(() => {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => persist(nb), 250);
  });
  return nb;
}

/** Shows a message for the whole page (a refused link, a storage problem). */
export function pageMessage(text: string, tone: 'error' | 'note' = 'note'): void {
  const el = document.getElementById('nb-banner');
  if (!el) return;
  el.textContent = text;
  el.dataset['tone'] = tone;
}

function restore(nb: Notebook): void {
  const hash = location.hash.startsWith(`#${HASH_KEY}`)
    ? location.hash.slice(HASH_KEY.length + 1)
    : '';
  if (hash) {
    const r = decodeState(nb, hash);
    if (r.ok) {
      applyState(nb, r.values);
      pageMessage(
        'These are the numbers from the link you followed. “Reset” brings back the chapter’s own.',
      );
      return;
    }
    pageMessage(
      `That link could not be used: ${r.error}. Showing the chapter’s own numbers.`,
      'error',
    );
    return;
  }
  let saved: string | null = null;
  try {
    saved = localStorage.getItem(storageKey(nb.id));
  } catch {
    return;
  }
  if (!saved) return;
  const r = decodeState(nb, saved);
  if (r.ok) applyState(nb, r.values);
  else localStorage.removeItem(storageKey(nb.id));
}

function persist(nb: Notebook): void {
  const encoded = encodeState(nb);
  try {
    if (encoded) localStorage.setItem(storageKey(nb.id), encoded);
    else localStorage.removeItem(storageKey(nb.id));
  } catch {
    // Storage full or blocked: the share link still carries the numbers.
  }
  const url = new URL(location.href);
  url.hash = encoded ? `${HASH_KEY}${encoded}` : '';
  history.replaceState(history.state, '', url.href.replace(/#$/, ''));
}

/** A link that opens this chapter with the current numbers. */
export function shareLink(nb: Notebook): string {
  const url = new URL(location.href);
  const encoded = encodeState(nb);
  url.hash = encoded ? `${HASH_KEY}${encoded}` : '';
  return url.href.replace(/#$/, '');
}
