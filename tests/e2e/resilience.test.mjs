// Issue 4 §7: the server killed in the middle of a sync and restarted (nothing lost, nothing
// duplicated), and two tabs open at once (no item sent twice).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, appReady, swControls, until, serverOnOwnDatabase, stopAll } from './lib/harness.mjs';
import { startProxy } from './lib/proxy.mjs';
import { setupWorld, goOffline, signIn, recordTestimonies, answerSurvey, outbox, drained, present, countRows } from './lib/app.mjs';

let server;
let browser;
let db;
let world;
let proxy;

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-resilience-'));
  world = await setupWorld(server);
  proxy = await startProxy(server.url);
  browser = await launchBrowser();
});

after(() => stopAll({ browsers: [browser], proxies: [proxy], server, db }));

test('server killed while a push is in flight, then restarted: nothing lost, nothing duplicated', async () => {
  const page = await browser.context.newPage();
  await signIn(page, proxy.url);
  await swControls(page);
  await goOffline(browser.context, page);
  await recordTestimonies(page, 6, 100);
  await answerSurvey(page, 4, 100);
  const captured = (await outbox(page)).filter((e) => e.state === 'waiting').map((e) => e.id);
  assert.equal(captured.length, 10);

  // The first push reaches the server and is committed there; the server then dies before its
  // answer reaches the phone (the worst case: the phone cannot know what was stored).
  let killed = false;
  proxy.hook = async (req, upstream) => {
    if (req.url !== '/api/v1/sync/push' || killed) return undefined;
    assert.equal(upstream.statusCode, 200);
    await server.kill();
    killed = true;
    return 'drop';
  };
  await browser.context.setOffline(false);
  await until(() => killed, 'the push to reach the server');
  await until(async () => (await page.getByTestId('sync-status').textContent()).includes('Échec'), 'sync failure shown');
  const afterCrash = await outbox(page);
  assert.ok(afterCrash.filter((e) => e.state === 'waiting').length === 10, 'nothing leaves the outbox unacknowledged');

  // Same database; the proxy keeps the origin (and so the app's data) the same.
  server = await startServer({ db });
  proxy.target = server.url;
  world.volunteer.base = server.url;
  world.admin.base = server.url;
  proxy.hook = null;
  await page.getByTestId('sync-now').click();
  await drained(page);

  const held = await present(world.volunteer, captured);
  assert.equal(held.size, 10, 'every item is on the server');
  assert.equal(countRows(db, 'testimonies'), 6, 'testimonies stored once');
  assert.equal(countRows(db, 'responses'), 4, 'answer sets stored once');
  const sent = await outbox(page);
  assert.deepEqual(sent.map((e) => e.id).sort(), [...captured].sort(), 'the outbox holds the captured items');
  assert.ok(sent.every((e) => e.state === 'sent'), 'each of them acknowledged');
  await page.close();
});

test('two tabs open at once: no item is sent twice', async () => {
  const first = await browser.context.newPage();
  await first.goto(proxy.url + '/');
  await appReady(first);
  await first.getByTestId('new-testimony').waitFor();
  await goOffline(browser.context, first);
  await recordTestimonies(first, 8, 200);
  const second = await browser.context.newPage();
  await second.goto(proxy.url + '/');
  await appReady(second);
  await until(async () => (await outbox(second)).filter((e) => e.state === 'waiting').length === 8, 'both tabs see 8');

  const seen = proxy.requests.length;
  const before = countRows(db, 'testimonies');
  // Both tabs hear `online` at once and both try to sync; the Web Lock lets one through.
  await browser.context.setOffline(false);
  await drained(first);
  await drained(second);
  // Both tabs also press the button; whatever is already acknowledged is not sent again.
  await Promise.all([first.getByTestId('sync-now').click(), second.getByTestId('sync-now').click()]);
  await until(async () => !(await first.getByTestId('sync-now').isDisabled()), 'first tab idle');
  await until(async () => !(await second.getByTestId('sync-now').isDisabled()), 'second tab idle');
  const sent = new Map();
  for (const request of proxy.requests.slice(seen)) {
    if (request.url !== '/api/v1/sync/push') continue;
    for (const { item } of JSON.parse(request.body).items) sent.set(item.id, (sent.get(item.id) || 0) + 1);
  }

  assert.equal(sent.size, 8, 'each item was pushed');
  assert.deepEqual([...sent.values()].filter((n) => n > 1), [], 'no item pushed twice');
  assert.equal(countRows(db, 'testimonies') - before, 8);
  await until(async () => (await second.getByTestId('pending-number').textContent()) === '0', 'other tab updated');
  await first.close();
  await second.close();
});
