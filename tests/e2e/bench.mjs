// `cargo xtask bench pwa` runs this after building the release PWA. It measures, in headless
// Chromium against a spawned `portevoix`:
// - cold offline start: browser process started anew on an existing profile, network cut, time
//   from navigation start to the app being interactive (`pv-ready` mark), median of 5;
// - outbox save: time to write one captured testimony to IndexedDB (strict durability), median
//   of 20 saves, as recorded by the app itself.
// Last line: `bench: cold_ms=T save_ms=S`.

import { chromium } from 'playwright-core';
import { startServer, tempDir, testDatabase, CHROMIUM, appReady, swControls } from './lib/harness.mjs';
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

const launch = (dir) =>
  chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 412, height: 860 },
    locale: 'fr-FR',
  });

const db = testDatabase('pv-bench-');
const profile = tempDir('pv-bench-profile-');
const server = await startServer({ db });
let context;
try {
  await setupWorld(server);
  context = await launch(profile.dir);
  const page = await context.newPage();
  await signIn(page, server.url);
  await swControls(page);

  await goOffline(context, page);
  await recordTestimonies(page, 20, 1000);
  const saves = await page.evaluate(() => document.documentElement.dataset.pvSaveMs.split(' ').map(Number));
  const save = median(saves.slice(-20));
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
  console.log(`bench: cold_ms=${median(starts).toFixed(0)} save_ms=${save.toFixed(2)}`);
} finally {
  await context?.close().catch(() => {});
  await server.stop();
  db.cleanup();
  profile.cleanup();
}
