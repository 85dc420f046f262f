// The app shell in index.html: its heading and text are on screen before the wasm has arrived
// (what makes the first visit's largest paint early on a slow network), and the app replaces it
// when it mounts: one header, one main, one h1.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, watchPage, appReady, serverOnOwnDatabase, stopAll } from './lib/harness.mjs';

let server;
let browser;
let db;

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-shell-'));
  browser = await launchBrowser();
});

after(() => stopAll({ browsers: [browser], server, db }));

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

test('the build\'s hashed files are cached for good, the page and its worker are asked again, robots are kept out', async () => {
  const page = await browser.context.newPage();
  const seen = new Map();
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (url.origin === new URL(server.url).origin) seen.set(url.pathname, response.headers()['cache-control']);
  });
  await page.goto(server.url + '/');
  await appReady(page);
  const hashed = [...seen.keys()].filter((path) => /^\/[a-z-]+-[0-9a-f]{10}(\.js|\.css|_bg\.wasm)$/.test(path));
  // The volunteers' glue, wasm, boot script and style sheet, each under its content hash.
  assert.ok(hashed.some((p) => p.endsWith('_bg.wasm')), [...seen.keys()].join(' '));
  assert.ok(hashed.some((p) => p.startsWith('/boot-')), [...seen.keys()].join(' '));
  assert.ok(hashed.some((p) => p.startsWith('/styles-')), [...seen.keys()].join(' '));
  for (const path of hashed) assert.equal(seen.get(path), 'public, max-age=31536000, immutable', path);
  assert.equal(seen.get('/'), 'no-cache');
  for (const path of ['/sw.js', '/manifest.webmanifest', '/index.html', '/enrol']) {
    const response = await page.request.get(server.url + path);
    assert.equal(response.status(), 200, path);
    assert.equal(response.headers()['cache-control'], 'no-cache', path);
  }
  const api = await page.request.get(server.url + '/api/v1/quartiers');
  assert.equal(api.headers()['cache-control'], 'no-store');

  const robots = await page.request.get(server.url + '/robots.txt');
  assert.equal(robots.status(), 200);
  assert.match(robots.headers()['content-type'], /^text\/plain/);
  assert.equal(await robots.text(), 'User-agent: *\nDisallow: /\n');
  await page.close();
});
