// Porte-Voix service worker. `cargo xtask frontend` writes the version and the file list.
// It precaches the app shell so the app opens with no network; it never touches /api.
const VERSION = '__PV_VERSION__';
const CACHE = 'pv-shell-' + VERSION;
const SHELL = ["__PV_ASSETS__"];
// The staff bundle (coordinators and councils): cached on first use, never precached on phones.
const LAZY = ["__PV_LAZY__"];
const RECEIPT_QR = '/recu/qr.svg';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache
        .addAll(SHELL.map((url) => new Request(url, { cache: 'reload' })))
        // The residents' page QR code on the receipt screen: kept when the server has it.
        .then(() => cache.add(new Request(RECEIPT_QR, { cache: 'reload' })).catch(() => {}))
    )
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('pv-shell-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

// The page asks for this once the volunteer accepted the update.
self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  // API answers and health checks always go to the network and are never stored here.
  if (url.pathname.startsWith('/api/') || url.pathname === '/healthz') return;
  // The residents' pages are the server's, not the app's: their receipt page, and each
  // quartier's public page (a volunteer's phone may open it from the poster's QR code).
  if (url.pathname === '/recu' || url.pathname.startsWith('/quartier/')) return;
  if (request.mode === 'navigate') {
    event.respondWith(
      caches.open(CACHE).then((cache) => cache.match('/index.html')).then((hit) => hit || fetch(request))
    );
    return;
  }
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(url.pathname).then((hit) => {
        if (hit) return hit;
        return fetch(request).then((response) => {
          if (response.ok && LAZY.includes(url.pathname)) cache.put(url.pathname, response.clone());
          return response;
        });
      })
    )
  );
});
