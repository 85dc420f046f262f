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
  await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
  const hashed = [...seen.keys()].filter((path) => /^\/[a-z0-9-]+-[0-9a-f]{10}(\.js|\.css|_bg\.wasm|\.wasm)$/.test(path));
  // The volunteers' glue, wasm, boot script and style sheet, each under its content hash, and
  // the module of the screens loaded on first use (the sign-in screen is one).
  assert.ok(hashed.some((p) => p.endsWith('_bg.wasm')), [...seen.keys()].join(' '));
  assert.ok(hashed.some((p) => p.startsWith('/lazy-portevoix-')), [...seen.keys()].join(' '));
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

test('a screen whose code cannot be loaded says so, and « Réessayer » loads it', async () => {
  // A fresh browser: no service worker has cached the screens' module yet.
  const fresh = await launchBrowser();
  try {
    let refused = 0;
    const refuse = (route) => {
      refused += 1;
      return route.abort('internetdisconnected');
    };
    await fresh.context.route(/\/lazy-portevoix-[^/]*\.wasm$/, refuse);
    const page = await fresh.context.newPage();
    await page.goto(server.url + '/connexion');
    await appReady(page);
    // The start module is running (the top bar is there); the sign-in screen's module is not.
    await page.getByTestId('screen-load-error').waitFor();
    assert.match(await page.getByTestId('screen-load-error').innerText(), /Cet écran n'a pas pu être chargé/);
    assert.ok(refused >= 1);
    assert.equal(await page.locator('#email').count(), 0);
    assert.equal(await page.locator('header.topbar').count(), 1);

    await fresh.context.unroute(/\/lazy-portevoix-[^/]*\.wasm$/, refuse);
    await page.getByTestId('retry').click();
    await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
    await page.locator('#email').waitFor();
    assert.equal(await page.getByTestId('screen-load-error').count(), 0);
    await page.close();
  } finally {
    await fresh.close();
  }
});
