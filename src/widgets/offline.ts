/**
 * Registers the site's service worker (src/build/offline.ts writes it at build time), so
 * the pages a reader has opened, with their scripts, styles, fonts and the word vectors
 * once used, keep working without a network. The page that registers it was loaded
 * before the worker was there: it tells the worker which files it used (and goes on
 * telling it, as plots or the vectors load later), so they are kept too.
 */
const WORKER = 'sw.js';

export function registerOffline(): void {
  // Not in development (no worker is built, and it would hold on to stale modules).
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const base = import.meta.env.BASE_URL.endsWith('/')
    ? import.meta.env.BASE_URL
    : `${import.meta.env.BASE_URL}/`;
  navigator.serviceWorker
    .register(`${base}${WORKER}`, { scope: base, type: 'classic' })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => {
      const worker = registration.active;
      if (!worker) return;
      const send = (urls: string[]): void => {
        const own = urls.filter((u) => u.startsWith(location.origin));
        if (own.length > 0) worker.postMessage({ type: 'keep', urls: own });
      };
      send([location.href]);
      // What the page fetched so far, and what it fetches from now on.
      new PerformanceObserver((list) => send(list.getEntries().map((e) => e.name))).observe({
        type: 'resource',
        buffered: true,
      });
    })
    .catch(() => {
      // No worker (a private window, a host without HTTPS): the site works online as before.
    });
}
