/* The site's service worker; src/build/offline.ts fills in the four values below at build time. */
const VERSION = __VERSION__;
const PREFIX = __PREFIX__;
const BASE = __BASE__;
/** Every file the build made, as paths from the host's root: nothing else is kept. */
const FILES = new Set(__FILES__);

/** The key a request is kept under: its path (a page's ?step=7 or #cells=… does not matter). */
function keyOf(url) {
  const u = new URL(url, self.location.href);
  if (u.origin !== self.location.origin || !u.pathname.startsWith(BASE)) return null;
  const path =
    u.pathname.endsWith('/') || /\.[a-z0-9]+$/i.test(u.pathname) ? u.pathname : `${u.pathname}/`;
  return FILES.has(path) ? new URL(path, self.location.origin).href : null;
}

/** Hashed build files and data: they change only with a new build, so the cache answers first. */
const lasting = (key) =>
  key.startsWith(`${self.location.origin}${BASE}_astro/`) ||
  key.startsWith(`${self.location.origin}${BASE}data/`);

self.addEventListener('install', () => {
  self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys.filter((k) => k.startsWith(PREFIX) && k !== VERSION).map((k) => caches.delete(k)),
        ),
      ),
  );
});

async function keep(key, response) {
  if (!response || !response.ok || response.type !== 'basic') return;
  const cache = await caches.open(VERSION);
  await cache.put(key, response);
}

async function networkFirst(request, key) {
  try {
    const response = await fetch(request);
    if (response.ok) await keep(key, response.clone());
    return response;
  } catch (error) {
    const cached = await caches.match(key, { cacheName: VERSION });
    if (cached) return cached;
    if (request.mode === 'navigate')
      return new Response(
        '<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">' +
          '<title>Offline · Attention, Step by Step</title><main><h1>You are offline</h1>' +
          '<p>This page was not opened on this device before, so it is not kept for offline reading. ' +
          `The pages you have opened still work: go back, or to the <a href="${BASE}">contents</a>.</p></main></html>`,
        { status: 503, headers: { 'content-type': 'text/html; charset=utf-8' } },
      );
    throw error;
  }
}

async function cacheFirst(request, key) {
  const cached = await caches.match(key, { cacheName: VERSION });
  if (cached) return cached;
  const response = await fetch(request);
  // A range request (partial content) is not kept: the whole file is fetched on its own.
  if (response.status === 200) await keep(key, response.clone());
  return response;
}

self.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const key = keyOf(request.url);
  if (!key) return;
  event.respondWith(lasting(key) ? cacheFirst(request, key) : networkFirst(request, key));
});

/**
 * A page that this worker did not serve (the first one a reader opens, before the worker
 * was there) sends the files it used, so they are kept as well.
 */
self.addEventListener('message', (event) => {
  const urls =
    event.data && event.data.type === 'keep' && Array.isArray(event.data.urls)
      ? event.data.urls
      : [];
  event.waitUntil(
    (async () => {
      const cache = await caches.open(VERSION);
      for (const url of urls.slice(0, 500)) {
        const key = typeof url === 'string' ? keyOf(url) : null;
        if (!key || (await cache.match(key))) continue;
        try {
          const response = await fetch(key);
          if (response.ok) await cache.put(key, response);
        } catch {
          // Offline now: it is kept the next time it is fetched.
        }
      }
    })(),
  );
});
