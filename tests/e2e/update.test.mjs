// A new version deployed while the app is open: the volunteer is told, accepts, the new service
// worker takes over, the old shell cache is deleted, and nothing in the outbox is lost.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, appReady, swControls, screenshot, serverOnOwnDatabase, stopAll } from './lib/harness.mjs';
import { startProxy } from './lib/proxy.mjs';
import { setupWorld, signIn, goOffline, recordTestimonies, outbox } from './lib/app.mjs';

let server;
let browser;
let db;
let proxy;

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-update-'));
  await setupWorld(server);
  proxy = await startProxy(server.url);
  browser = await launchBrowser();
});

after(() => stopAll({ browsers: [browser], proxies: [proxy], server, db }));

test('a new deploy is announced and applied without losing the outbox', async () => {
  const page = await browser.context.newPage();
  await signIn(page, proxy.url);
  await swControls(page);
  const oldCaches = await page.evaluate(() => caches.keys());
  assert.equal(oldCaches.length, 1);
  await goOffline(browser.context, page);
  await recordTestimonies(page, 1, 500);
  const [entry] = await outbox(page);

  // "Deploy": the server now answers a service worker with another version.
  proxy.hook = async (req, _up, body) => {
    if (req.url !== '/sw.js') return undefined;
    return Buffer.from(String(body).replace(/const VERSION = '([0-9a-f]+)'/, "const VERSION = '$1next'"));
  };
  await browser.context.setOffline(false);
  await page.reload();
  await appReady(page);
  const banner = page.getByTestId('update-ready');
  await banner.waitFor();
  await screenshot(page, '10-update-ready');
  await Promise.all([page.waitForEvent('load'), banner.getByRole('button').click()]);
  await appReady(page);
  const shellCaches = await page.evaluate(() => caches.keys());
  assert.deepEqual(shellCaches, [oldCaches[0] + 'next'], 'old shell cache deleted, new one in use');
  const ids = (await outbox(page)).map((e) => e.id);
  assert.ok(ids.includes(entry.id), 'the outbox survived the update');
  assert.equal(await page.getByTestId('update-ready').count(), 0);
  await page.close();
});
