// The built bundle runs under the server's Content-Security-Policy, the PWA shell is complete
// (manifest, icons, service worker), and after one online visit the app opens with no network.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, watchPage, appReady, swControls, screenshot, serverOnOwnDatabase, stopAll } from './lib/harness.mjs';

let server;
let browser;
let db;

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-smoke-'));
  browser = await launchBrowser();
});

after(() => stopAll({ browsers: [browser], server, db }));

test('the bundle starts under the CSP with no error', async () => {
  const page = await browser.context.newPage();
  const problems = watchPage(page);
  const response = await page.goto(server.url + '/');
  const csp = response.headers()['content-security-policy'] || '';
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /'unsafe-eval'/);
  assert.doesNotMatch(csp, /'unsafe-inline'/);
  await appReady(page);
  // Signed out: the sign-in screen, in French.
  await page.getByRole('heading', { name: 'Connexion' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'fr');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.pvBootError ?? null), null);
  await screenshot(page, '01-sign-in');
  assert.deepEqual(problems, []);
  await page.close();
});

test('manifest, icons and service worker are served', async () => {
  const manifest = await (await fetch(server.url + '/manifest.webmanifest')).json();
  assert.equal(manifest.display, 'standalone');
  const sizes = manifest.icons.map((i) => `${i.sizes}/${i.purpose}`);
  assert.ok(sizes.includes('192x192/any') && sizes.includes('512x512/any') && sizes.includes('512x512/maskable'));
  for (const icon of manifest.icons) {
    const res = await fetch(server.url + icon.src);
    assert.equal(res.status, 200);
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
    assert.equal(bytes.readUInt32BE(16), Number(icon.sizes.split('x')[0]));
  }
  const sw = await (await fetch(server.url + '/sw.js')).text();
  assert.match(sw, /const VERSION = '[0-9a-f]{12}'/);
  assert.doesNotMatch(sw, /__PV_/);
});

test('after one online visit the app opens offline from the service worker', async () => {
  const page = await browser.context.newPage();
  const problems = watchPage(page);
  await page.goto(server.url + '/');
  await appReady(page);
  await swControls(page);
  await browser.context.setOffline(true);
  try {
    await page.reload();
    await appReady(page);
    await page.getByRole('heading', { name: 'Connexion' }).waitFor();
    // A deep link opens too (navigation fallback to the cached index.html).
    await page.goto(server.url + '/enrol?code=ABCD-EFGH');
    await appReady(page);
    assert.equal((await page.getByTestId('activate-code').textContent()).trim(), 'ABCD-EFGH');
    await page.getByTestId('signin-otherwise').click();
    assert.equal(await page.locator('#enrol-code').inputValue(), 'ABCD-EFGH');
    // The API is never answered from the cache.
    const apiOffline = await page.evaluate(() =>
      fetch('/api/v1/auth/me').then(
        () => 'answered',
        () => 'network error',
      ),
    );
    assert.equal(apiOffline, 'network error');
  } finally {
    await browser.context.setOffline(false);
  }
  assert.deepEqual(problems.filter((p) => !/Failed to fetch|ERR_INTERNET_DISCONNECTED/.test(p)), []);
  await page.close();
});

test('English is one tap away', async () => {
  const page = await browser.context.newPage();
  await page.goto(server.url + '/');
  await appReady(page);
  await page.getByRole('button', { name: 'Switch to English' }).click();
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.getByRole('button', { name: 'Passer en français' }).click();
  await page.getByRole('heading', { name: 'Connexion' }).waitFor();
  await page.close();
});
