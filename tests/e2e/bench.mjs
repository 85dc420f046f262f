// `cargo xtask bench pwa` runs this after building the release PWA. It measures, in headless
// Chromium against a spawned `portevoix`:
// - cold offline start: browser process started anew on an existing profile, network cut, time
//   from navigation start to the app being interactive (`pv-ready` mark), median of 5;
// - outbox save: time to write one captured testimony to IndexedDB (strict durability), median
//   of 20 saves, as recorded by the app itself (from the start of `outbox::add`, in the tap's
//   handler, to the transaction's `complete` event); beside it, its baseline in the same
//   browser: a bare strict write of a value of the same size in a scratch database, median of
//   20; and the same 20 saves once more in a browser started with Chromium's
//   DeferRendererTasksAfterInput off. Chromium holds a page's tasks (the IndexedDB `complete`
//   event among them) from a tap until the frame that follows it; without that hold, what is
//   left is the app's work and the browser's storage work (its disk flush included).
// - LCP: first visit on a fresh profile, throttled through CDP like Lighthouse's mobile profile
//   (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up, CPU ×4), largest contentful paint as the page's
//   own PerformanceObserver saw it, median of 3; with the time the app became interactive and
//   the time the sign-in form could be used (its screen is in the module loaded on first use).
// Last line: `bench: cold_ms=T save_ms=S lcp_ms=L save_undeferred_ms=U floor_ms=F`.

import { chromium } from 'playwright-core';
import { startServer, tempDir, testDatabase, CHROMIUM, appReady, swControls, launchBrowser } from './lib/harness.mjs';
import { setupWorld, signIn, recordTestimonies, goOffline } from './lib/app.mjs';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

const launch = (dir, extraArgs = []) =>
  chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...ARGS, ...extraArgs],
    viewport: { width: 412, height: 860 },
    locale: 'fr-FR',
  });

// Lighthouse's mobile profile ("slow 4G", mid-range phone), applied by the DevTools protocol.
const SLOW_4G = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1000 * 1000) / 8,
  uploadThroughput: (750 * 1000) / 8,
};
const CPU_SLOWDOWN = 4;

/** One first visit, throttled: the LCP (time, element) and when the app became interactive. */
async function firstVisitLcp(url) {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    await page.goto(url + '/');
    await appReady(page);
    // A first visit ends on the sign-in screen. Its paint is reported once the frame has been
    // presented: wait for its heading, then a few frames, so a later, larger paint is counted.
    await page.waitForSelector('main h1', { state: 'visible' });
    // When the sign-in form can be used: its screen is in the module loaded on first use
    // (frontend/src/screens.rs), fetched once the start module runs. Checked on every frame.
    const signInUsable = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const check = () => (document.querySelector('#email') ? resolve(performance.now()) : requestAnimationFrame(check));
          check();
        }),
    );
    const visit = await page.evaluate(
      () =>
        new Promise((resolve) => {
          const frame = () => new Promise((next) => requestAnimationFrame(() => setTimeout(next, 0)));
          frame().then(frame).then(frame).then(() => new PerformanceObserver((list, observer) => {
            const entries = list.getEntries();
            const last = entries[entries.length - 1];
            observer.disconnect();
            const el = last.element;
            resolve({
              lcp: last.startTime,
              element: el ? `${el.tagName.toLowerCase()} "${(el.textContent || '').trim().slice(0, 40)}"` : '(an element since removed)',
              ready: performance.getEntriesByName('pv-ready')[0].startTime,
            });
          }).observe({ type: 'largest-contentful-paint', buffered: true }));
        }),
    );
    return { ...visit, signInUsable };
  } finally {
    await browser.close();
  }
}

const db = testDatabase('pv-bench-');
const profile = tempDir('pv-bench-profile-');
const server = await startServer({ db });
let context;
try {
  await setupWorld(server);
  const visits = [];
  for (let i = 0; i < 3; i++) visits.push(await firstVisitLcp(server.url));
  for (const v of visits) {
    console.log(`first visit (slow 4G, CPU x${CPU_SLOWDOWN}): LCP ${v.lcp.toFixed(0)} ms on ${v.element}, app ready ${v.ready.toFixed(0)} ms, sign-in form usable ${v.signInUsable.toFixed(0)} ms`);
  }
  const lcp = median(visits.map((v) => v.lcp));
  context = await launch(profile.dir);
  const page = await context.newPage();
  await signIn(page, server.url);
  await swControls(page);

  await goOffline(context, page);
  await recordTestimonies(page, 20, 1000);
  const saves = await page.evaluate(() => document.documentElement.dataset.pvSaveMs.split(' ').map(Number));
  const save = median(saves.slice(-20));
  // Baseline, same browser and disk, same moment: a bare strict IndexedDB write of one value of
  // the same size in a scratch database, 20 times. What no app code can go under.
  const floor = await page.evaluate(async (bytes) => {
    const db = await new Promise((resolve, reject) => {
      const open = indexedDB.open('pv-bench-floor', 1);
      open.onupgradeneeded = () => open.result.createObjectStore('items', { keyPath: 'id' });
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const times = [];
    for (let i = 0; i < 20; i++) {
      const started = performance.now();
      await new Promise((resolve, reject) => {
        const tx = db.transaction(['items'], 'readwrite', { durability: 'strict' });
        tx.objectStore('items').put({ id: String(i), text: 'x'.repeat(bytes) });
        tx.oncomplete = resolve;
        tx.onerror = () => reject(tx.error);
        tx.commit();
      });
      times.push(performance.now() - started);
    }
    db.close();
    return times;
  }, 600);
  const saveFloor = median(floor);
  await context.close();

  // The same saves, the browser started without the hold after a tap (see the header): the
  // profile is still signed in, its 20 saves are pushed while online, then the network is cut.
  context = await launch(profile.dir, ['--disable-features=DeferRendererTasksAfterInput']);
  const unheld = context.pages()[0] || (await context.newPage());
  await unheld.goto(server.url + '/');
  await appReady(unheld);
  await unheld.getByTestId('new-testimony').waitFor();
  await goOffline(context, unheld);
  await recordTestimonies(unheld, 20, 2000);
  const undeferred = (await unheld.evaluate(() => document.documentElement.dataset.pvSaveMs.split(' ').map(Number))).slice(-20);
  const saveUndeferred = median(undeferred);
  await context.close();

  const starts = [];
  for (let i = 0; i < 5; i++) {
    context = await launch(profile.dir);
    await context.setOffline(true);
    const cold = context.pages()[0] || (await context.newPage());
    await cold.goto(server.url + '/');
    await appReady(cold);
    starts.push(await cold.evaluate(() => performance.getEntriesByName('pv-ready')[0].startTime));
    await context.close();
  }
  context = null;
  console.log(`cold offline starts (ms): ${starts.map((s) => s.toFixed(0)).join(', ')}`);
  console.log(`outbox saves (ms): ${saves.slice(-20).map((s) => s.toFixed(1)).join(', ')}`);
  console.log(`bare strict IndexedDB writes, same browser (ms): ${floor.map((s) => s.toFixed(1)).join(', ')}`);
  console.log(`outbox saves, Chromium's hold after a tap off (ms): ${undeferred.map((s) => s.toFixed(1)).join(', ')}`);
  console.log(`outbox save ${save.toFixed(2)} ms against a bare strict write ${saveFloor.toFixed(2)} ms (ratio ${(save / saveFloor).toFixed(2)})`);
  console.log(`outbox save with Chromium's hold after a tap off ${saveUndeferred.toFixed(2)} ms (ratio to the bare write ${(saveUndeferred / saveFloor).toFixed(2)})`);
  console.log(
    `bench: cold_ms=${median(starts).toFixed(0)} save_ms=${save.toFixed(2)} lcp_ms=${lcp.toFixed(0)} save_undeferred_ms=${saveUndeferred.toFixed(2)} floor_ms=${saveFloor.toFixed(2)}`,
  );
} finally {
  await context?.close().catch(() => {});
  await server.stop();
  db.cleanup();
  profile.cleanup();
}
