// The app shell in index.html: its heading and text are on screen before the wasm has arrived
// (what makes the first visit's largest paint early on a slow network), and the app replaces it
// when it mounts: one header, one main, one h1.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, testDatabase, watchPage, appReady } from './lib/harness.mjs';

let server;
let browser;
let db;

before(async () => {
  db = testDatabase('pv-e2e-shell-');
  server = await startServer({ db });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  db?.cleanup();
});

test('the shell is painted before the wasm arrives and replaced when the app mounts', async () => {
  const page = await browser.context.newPage();
  const problems = watchPage(page);
  // Hold the wasm download until the shell has been checked.
  let release;
  const held = new Promise((resolve) => (release = resolve));
  let asked;
  const wasmAsked = new Promise((resolve) => (asked = resolve));
  await page.route(/\.wasm$/, async (route) => {
    asked();
    await held;
    await route.continue();
  });
  await page.goto(server.url + '/');
  await wasmAsked;
  await page.getByRole('heading', { level: 1, name: 'Porte-Voix' }).waitFor();
  assert.equal(await page.getByRole('main').count(), 1);
  assert.match(await page.getByRole('status').first().innerText(), /Chargement… Loading…/);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.pvReady ?? null), null);

  release();
  await appReady(page);
  await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
  assert.equal(await page.locator('#pv-shell').count(), 0);
  assert.equal(await page.locator('main').count(), 1);
  assert.equal(await page.locator('h1').count(), 1);
  assert.equal(await page.locator('header.topbar').count(), 1);
  assert.deepEqual(problems, []);
  await page.close();
});
