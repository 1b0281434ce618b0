/**
 * The toolbar's "Live session" button, and the little that decides whether a page joins a
 * session at load: a `?join=CODE` address, or a session this tab already takes part in.
 * Everything else (Yjs, the provider, the QR code) is loaded only then, from ./classroom/.
 */
import type { Notebook } from '../notebook/notebook.ts';
import type * as Live from './classroom/live.ts';

export const SESSION_KEY = 'attention-step-by-step:classroom';

const loadLive = (): Promise<typeof Live> => import('./classroom/live.ts');

function inSession(): boolean {
  try {
    return sessionStorage.getItem(SESSION_KEY) !== null;
  } catch {
    return false;
  }
}

export function setUpClassroom(button: HTMLButtonElement, nb: Notebook): void {
  button.addEventListener('click', () => {
    button.setAttribute('aria-busy', 'true');
    void loadLive()
      .then((live) => live.openSessionDialog(nb, button))
      .catch(() => {
        const status = button.closest('nb-toolbar')?.querySelector('[role="status"]');
        if (status)
          status.textContent =
            'The live session could not be loaded. Reload the page to try again.';
      })
      .finally(() => button.removeAttribute('aria-busy'));
  });
  const join = new URLSearchParams(location.search).get('join');
  if (join !== null || inSession()) void loadLive().then((live) => live.resume(nb, button, join));
}
