// Starts the app and looks after the service worker. No inline script: the page's CSP forbids it.
import init from '/__PV_GLUE__';

const status = document.getElementById('pv-boot');

init({ module_or_path: '/__PV_WASM__' })
  .then(() => status && status.remove())
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
