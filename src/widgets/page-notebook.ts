/**
 * The one notebook of a chapter page, built from the JSON the build embedded, with the
 * reader's numbers restored and kept as they change.
 *
 * What is kept, and when (the reader is told in the banner under the toolbar):
 * - Without a link, this browser's saved numbers for the chapter come back. Saved numbers
 *   that cannot be read are left alone and the chapter's own are shown, with a note.
 * - A followed link shows the link's numbers but saves nothing yet: the reader's saved
 *   numbers are replaced only when they edit a number or choose "Keep the link's numbers";
 *   "Back to my saved numbers" brings theirs back. Once the link's numbers are taken, "Bring
 *   back my earlier numbers" in the banner undoes it.
 * - A refused link says why, and shows the reader's saved numbers (or the chapter's).
 * - A save that fails (storage full or turned off) says so once, and points to the link.
 */
import { Notebook } from '../notebook/notebook.ts';
import { deserialise } from '../notebook/serialise.ts';
import {
  applyState,
  decodeState,
  encodeState,
  storageKey,
  type DecodeResult,
} from '../notebook/state.ts';
import { frameScheduler } from './scheduler.ts';
import { cellRef, withSymbols } from './symbols.ts';

let instance: Notebook | null = null;
const HASH_KEY = 'cells=';

/** A followed link whose numbers are shown but not yet saved. */
let linkPending = false;
/** The reader's saved numbers from before they followed a link: an adopted link can be undone. */
let earlier: ReadonlyMap<string, number | number[][]> | null = null;
/** The last save failed and the reader has been told. */
let saveFailed = false;
/** A live session is on: its numbers are shown but never saved over the reader's own. */
let sessionHold = false;

/**
 * While a live session is followed (or explored from), nothing is saved in this browser
 * and the address keeps no numbers: like a followed link, the session's numbers are not
 * the reader's. Turned off when the reader leaves the session; their next edit saves.
 */
export function holdSaving(on: boolean): void {
  sessionHold = on;
}

export function pageNotebook(): Notebook | null {
  if (instance) return instance;
  const data = document.getElementById('nb-data');
  if (!data?.textContent) return null;
  const nb = new Notebook(deserialise(data.textContent), { schedule: frameScheduler() });
  instance = nb;
  restore(nb);
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  nb.onFlush(() => {
    // Every flush from here on is the reader's doing: an edit, an example, a reset.
    if (linkPending) adoptLink(nb, 'edit');
    clearTimeout(saveTimer);
    saveTimer = setTimeout(() => persist(nb), 250);
    updateProseNote(nb);
  });
  return nb;
}

export interface BannerAction {
  readonly label: string;
  readonly run: () => void;
}

/** Shows a message for the whole page (a link, a storage problem), with optional buttons. */
export function pageMessage(
  text: string,
  tone: 'error' | 'note' = 'note',
  actions: readonly BannerAction[] = [],
): void {
  const el = document.getElementById('nb-banner');
  if (!el) return;
  // A cell named in the message (cellRef) shows as the page writes it.
  if (instance) el.replaceChildren(...withSymbols(instance, text));
  else el.textContent = text;
  el.dataset['tone'] = tone;
  for (const a of actions) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'nb-banner-action';
    button.textContent = a.label;
    button.addEventListener('click', a.run);
    el.append(' ', button);
  }
}

/**
 * Tells every widget that the whole set of numbers was replaced (reset, an example, the
 * saved numbers back), so an entry still showing rejected text takes the new value.
 */
export function numbersReplaced(): void {
  document.dispatchEvent(new Event('nb-numbers-replaced'));
}

let proseNote: { el: HTMLElement } | null = null;

/**
 * A notice under the toolbar that the prose describes the chapter's own numbers, not the
 * ones shown (a random example, a preset). It stays until the chapter's numbers return.
 */
export function showProseNote(text: string): void {
  const banner = document.getElementById('nb-banner');
  if (!banner) return;
  if (!proseNote) {
    const el = document.createElement('p');
    el.className = 'banner nb-prose-note';
    el.setAttribute('role', 'status');
    el.dataset['tone'] = 'note';
    banner.after(el);
    proseNote = { el };
  }
  proseNote.el.textContent = text;
}

function updateProseNote(nb: Notebook): void {
  if (proseNote && proseNote.el.textContent && encodeState(nb) === '')
    proseNote.el.textContent = '';
}

function readSaved(nb: Notebook): { text: string | null; error?: string } {
  try {
    return { text: localStorage.getItem(storageKey(nb.id)) };
  } catch {
    return { text: null, error: 'unavailable' };
  }
}

function restore(nb: Notebook): void {
  const hash = location.hash.startsWith(`#${HASH_KEY}`)
    ? location.hash.slice(HASH_KEY.length + 1)
    : '';
  const saved = readSaved(nb);
  const fromStorage: DecodeResult | null = saved.text ? decodeState(nb, saved.text) : null;
  const savedValues = fromStorage?.ok && fromStorage.values.size > 0 ? fromStorage.values : null;
  const unreadable = fromStorage !== null && !fromStorage.ok;

  if (hash) {
    const r = decodeState(nb, hash, cellRef);
    if (r.ok && r.values.size > 0) {
      applyState(nb, r.values);
      // Applied now, before anything listens, so the link's numbers are not saved yet.
      nb.flush();
      // The reader's own address (a reload keeps the fragment): their numbers, nothing to ask.
      if (saved.text !== null && encodeState(nb) === saved.text) return;
      linkPending = true;
      if (savedValues) {
        earlier = savedValues;
        pageMessage(
          'These are the numbers from the link you followed. Your own saved numbers are kept until you edit a number or choose:',
          'note',
          [
            { label: 'Keep the link’s numbers', run: () => adoptLink(nb, 'choice') },
            {
              label: 'Back to my saved numbers',
              run: () => {
                linkPending = false;
                earlier = null;
                nb.reset();
                applyState(nb, savedValues);
                numbersReplaced();
                nb.flush();
                pageMessage('Back to your saved numbers.');
              },
            },
          ],
        );
      } else
        pageMessage(
          'These are the numbers from the link you followed. “Reset numbers” brings back the chapter’s own.',
        );
      return;
    }
    // A refused link (or one that sets nothing) leaves the address; the reader's numbers stay.
    history.replaceState(history.state, '', location.href.replace(/#.*$/, ''));
    if (savedValues) {
      applyState(nb, savedValues);
      nb.flush();
    }
    if (!r.ok)
      pageMessage(
        `That link could not be used: ${r.error}. Showing ${savedValues ? 'your saved numbers' : 'the chapter’s own numbers'}.`,
        'error',
      );
    return;
  }
  if (savedValues) {
    applyState(nb, savedValues);
    nb.flush();
  } else if (unreadable)
    pageMessage(
      'Your saved numbers for this chapter could not be read (they are damaged, or from another version of the chapter), so the chapter’s own numbers are shown. Editing a number saves over them.',
      'error',
    );
}

/** The reader takes the link's numbers as theirs: by choice, or by editing one. */
function adoptLink(nb: Notebook, how: 'choice' | 'edit'): void {
  if (!linkPending) return;
  linkPending = false;
  const banner = document.getElementById('nb-banner');
  const offered = banner?.querySelector('.nb-banner-action') !== null;
  // Until the reader goes on, their earlier numbers are one button away.
  const undo: BannerAction[] = earlier
    ? [{ label: 'Bring back my earlier numbers', run: () => bringBackEarlier(nb) }]
    : [];
  if (how === 'choice') {
    persist(nb);
    if (!saveFailed)
      pageMessage('The link’s numbers are now your saved numbers for this chapter.', 'note', undo);
  } else if (offered)
    pageMessage(
      'You edited the link’s numbers, so they are now your saved numbers for this chapter, in place of your earlier ones.',
      'note',
      undo,
    );
}

/** Undoes adopting a link: the reader's numbers from before it, saved again. */
function bringBackEarlier(nb: Notebook): void {
  if (!earlier) return;
  const values = earlier;
  earlier = null;
  nb.reset();
  applyState(nb, values);
  numbersReplaced();
  nb.flush();
  persist(nb);
  if (!saveFailed) pageMessage('Your earlier numbers are back, and saved again.');
}

function isQuota(e: unknown): boolean {
  return (
    e instanceof DOMException &&
    (e.name === 'QuotaExceededError' || e.name === 'NS_ERROR_DOM_QUOTA_REACHED')
  );
}

function persist(nb: Notebook): void {
  if (sessionHold) return;
  const encoded = encodeState(nb);
  if (!linkPending) {
    try {
      if (encoded) localStorage.setItem(storageKey(nb.id), encoded);
      else localStorage.removeItem(storageKey(nb.id));
      if (saveFailed) {
        saveFailed = false;
        pageMessage('Your numbers are being saved in this browser again.');
      }
    } catch (e) {
      if (!saveFailed) {
        saveFailed = true;
        pageMessage(
          `Your numbers could not be saved in this browser (${isQuota(e) ? 'its storage is full' : 'storage is turned off or unavailable'}), so a reload would lose them. “Copy link to these numbers” keeps them.`,
          'error',
        );
      }
    }
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
