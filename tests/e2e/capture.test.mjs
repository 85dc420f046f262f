// Issue 4 §7, first scenario: sign in, go offline, capture 20 survey answers and 5 testimonies,
// reload while offline (the app opens from the service worker, the outbox is intact), go online,
// and check through the API that every item arrived exactly once.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, watchPage, appReady, swControls, screenshot, until, serverOnOwnDatabase, stopAll } from './lib/harness.mjs';
import {
  setupWorld,
  signIn,
  startOuting,
  answerSurvey,
  recordTestimonies,
  outbox,
  pendingNumber,
  drained,
  present,
  countRows,
  home,
} from './lib/app.mjs';

let server;
let browser;
let db;
let world;

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-capture-'));
  world = await setupWorld(server);
  browser = await launchBrowser();
});

after(() => stopAll({ browsers: [browser], server, db }));

test('offline capture survives a reload and arrives exactly once', async () => {
  const page = await browser.context.newPage();
  const problems = watchPage(page);
  await signIn(page, server.url);
  await swControls(page);
  await screenshot(page, '02-home');

  await browser.context.setOffline(true);
  await until(async () => (await page.locator('.net.off').count()) === 1, 'offline badge');

  await page.getByTestId('start-outing').click();
  await screenshot(page, '03-outing-start');
  await page.click('.topbar .brand');
  await startOuting(page, world.quartier.name, 'Marché du jeudi');
  for (let i = 0; i < 3; i++) await page.getByTestId('approached-plus').click();
  await page.getByTestId('answered-plus').click();
  await until(async () => (await page.getByTestId('approached').textContent()) === '3', 'approached count');
  await screenshot(page, '04-outing-counters');
  await home(page);

  await page.getByTestId('open-survey').first().click();
  await screenshot(page, '05-survey-notice');
  await home(page);
  const receipts = await answerSurvey(page, 20);
  assert.equal(new Set(receipts).size, 20, 'receipt codes are distinct');
  for (const code of receipts) assert.match(code, /^[ABCDEFGHJKMNPQRSTUVWXYZ2-9]{8}$/);
  await recordTestimonies(page, 5);

  assert.equal(await pendingNumber(page), 25);
  const before = await outbox(page);
  assert.equal(before.length, 25);
  assert.ok(before.every((e) => e.state === 'waiting'));
  await screenshot(page, '06-home-pending');

  // Reload with no network: the service worker serves the shell, IndexedDB keeps the outbox.
  await page.reload();
  await appReady(page);
  await page.getByTestId('pending-number').waitFor();
  assert.equal(await pendingNumber(page), 25);
  assert.deepEqual((await outbox(page)).map((e) => e.id).sort(), before.map((e) => e.id).sort());
  // The outing in progress survived too.
  await page.getByTestId('outing-line').waitFor();

  await browser.context.setOffline(false);
  await drained(page);
  await until(async () => (await pendingNumber(page)) === 0, 'pending count back to 0');
  await page.getByTestId('open-outbox').click();
  await page.getByTestId('entry').first().waitFor();
  await screenshot(page, '07-outbox-sent');

  const held = await present(world.volunteer, before.map((e) => e.id));
  assert.equal(held.size, 25, 'the server holds every captured item');
  assert.equal(countRows(db, 'responses'), 20, 'each answer set stored once');
  assert.equal(countRows(db, 'testimonies'), 5, 'each testimony stored once');

  // Ending the outing queues it; it is sent like any item.
  await home(page);
  await page.click('[data-testid=outing-line] ~ button');
  await page.getByTestId('outing-end').click();
  await page.getByTestId('outing-end-yes').click();
  await page.getByTestId('start-outing').waitFor();
  await drained(page);
  assert.equal(countRows(db, 'outings'), 1);

  assert.deepEqual(
    problems.filter((p) => !/Failed to fetch|ERR_INTERNET_DISCONNECTED|net::/.test(p)),
    [],
  );
  await page.close();
});
