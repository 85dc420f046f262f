// Starts the app and looks after the service worker. No inline script: the page's CSP forbids it.
//
// Three builds of the same app: the volunteers' bundle (small, precached for offline use), the
// councils' and the coordinators' (their screens as well, cached on first use). The path says
// which screens are wanted; the account that signed in on this browser (`pv-staff`, set by the
// app: `staff` or `council`) says which bundle it needs.
const BUNDLES = {
  volunteer: ['/__PV_GLUE__', '/__PV_WASM__'],
  council: ['/__PV_COUNCIL_GLUE__', '/__PV_COUNCIL_WASM__'],
  staff: ['/__PV_STAFF_GLUE__', '/__PV_STAFF_WASM__'],
};

function hint() {
  try {
    const value = window.localStorage.getItem('pv-staff');
    return value === 'council' ? 'council' : value ? 'staff' : null;
  } catch (_) {
    return null;
  }
}

function pick() {
  const path = window.location.pathname;
  const signedIn = hint();
  if (/^\/coordination(\/|$)/.test(path)) return 'staff';
  if (/^\/conseil(\/|$)/.test(path)) return signedIn === 'staff' ? 'staff' : 'council';
  return signedIn || 'volunteer';
}

const shell = document.getElementById('pv-shell');
const status = document.getElementById('pv-boot');
const bundle = pick();
const [glue, wasm] = BUNDLES[bundle];
document.documentElement.dataset.pvBundle = bundle;

import(glue)
  .then((module) => module.default({ module_or_path: wasm }))
  // The app has mounted its own header and main (in the same task: nothing painted between).
  .then(() => shell && shell.remove())
  .catch((error) => {
    document.documentElement.dataset.pvBootError = String(error);
    if (status) status.textContent = 'Porte-Voix n\u2019a pas pu d\u00e9marrer : ' + error;
  });

// The app listens for `pv-update-ready` and calls `pvApplyUpdate()` when the volunteer agrees.
// Nothing is lost: the outbox lives in IndexedDB, which a new version keeps as it is.
let reloadOnChange = false;
window.pvUpdateReady = false;
window.pvApplyUpdate = () => {};

function announce(registration) {
  window.pvUpdateReady = true;
  window.pvApplyUpdate = () => {
    reloadOnChange = true;
    if (registration.waiting) registration.waiting.postMessage('skip-waiting');
  };
  window.dispatchEvent(new Event('pv-update-ready'));
}

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloadOnChange) window.location.reload();
  });
  navigator.serviceWorker
    .register('/sw.js', { scope: '/', updateViaCache: 'none' })
    .then((registration) => {
      const watch = (worker) => {
        if (!worker) return;
        worker.addEventListener('statechange', () => {
          if (worker.state === 'installed' && navigator.serviceWorker.controller) announce(registration);
        });
      };
      if (registration.waiting && navigator.serviceWorker.controller) announce(registration);
      // An update may already be installing (the browser checks on every navigation).
      watch(registration.installing);
      registration.addEventListener('updatefound', () => watch(registration.installing));
      // Long outings: look for a new version now and then, not only at navigation.
      setInterval(() => registration.update().catch(() => {}), 30 * 60 * 1000);
    })
    .catch((error) => {
      document.documentElement.dataset.pvSwError = String(error);
    });
}
