// Issue 4 §7: a rejected item shows the server's reason and, once fixed (same id and receipt
// code: the server never stored it), is accepted; an expired
// session while offline does not stop capture, and after signing in again everything is sent.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, appReady, swControls, screenshot, until, VOLUNTEER, serverOnOwnDatabase, stopAll } from './lib/harness.mjs';
import {
  setupWorld,
  goOffline,
  signIn,
  answerSurvey,
  recordTestimonies,
  outbox,
  drained,
  present,
  home,
} from './lib/app.mjs';

let server;
let browser;
let db;
let world;

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-correction-'));
  world = await setupWorld(server);
  browser = await launchBrowser();
});

after(() => stopAll({ browsers: [browser], server, db }));

test('a rejected item shows the reason; fixed and resent, it is accepted', async () => {
  const page = await browser.context.newPage();
  await signIn(page, server.url);
  await goOffline(browser.context, page);
  const [code] = await answerSurvey(page, 1, 7);
  const [captured] = await outbox(page);

  // Meanwhile the coordination moves the survey to another quartier: the answer no longer fits.
  await world.admin.call('PUT', `/api/v1/surveys/${world.surveyId}/quartiers`, { quartier_ids: [world.other.id] });
  await browser.context.setOffline(false);
  await until(async () => (await outbox(page))[0]?.state === 'rejected', 'item rejected');
  await page.getByTestId('open-outbox').click();
  const reason = page.getByTestId('reason');
  await reason.waitFor();
  assert.match(await reason.textContent(), /Raison : cette enquête n'est pas affectée à ce quartier/);
  await screenshot(page, '08-outbox-rejected');

  // The coordination puts it back; the volunteer fixes and resends (a new item, a new id).
  await world.admin.call('PUT', `/api/v1/surveys/${world.surveyId}/quartiers`, {
    quartier_ids: [world.quartier.id, world.other.id],
  });
  await page.getByTestId('sync-now').click();
  await until(async () => !(await page.getByTestId('sync-now').isDisabled()), 'pull done');
  await page.getByTestId('fix').click();
  await page.getByTestId('fix-message').waitFor();
  await page.getByTestId('informed').check();
  await page.getByTestId('begin').click();
  // Answers are pre-filled: walk through them to the save button.
  while ((await page.getByTestId('save').count()) === 0) await page.getByTestId('next').click();
  await page.getByTestId('save').click();
  // Never stored, so fixed in place: same id, and the resident's receipt code still works.
  assert.equal(await page.getByTestId('receipt-code').getAttribute('data-code'), code);
  await home(page);
  await drained(page);
  const entries = await outbox(page);
  assert.equal(entries.length, 1, 'the rejected entry was replaced');
  assert.equal(entries[0].id, captured.id);
  assert.equal(entries[0].state, 'sent');
  const held = await present(world.volunteer, [captured.id]);
  assert.deepEqual([...held], [captured.id]);
  await page.close();
});

test('an expired session while offline: capture works, sending resumes after signing in', async () => {
  // A phone of its own: no other tab holds a session here.
  await browser.close();
  browser = await launchBrowser();
  const page = await browser.context.newPage();
  await signIn(page, server.url);
  await swControls(page);
  await goOffline(browser.context, page);
  // The refresh cookie is gone (expired, revoked); the access token lived in memory only.
  await browser.context.clearCookies();
  await page.reload();
  await appReady(page);
  await recordTestimonies(page, 2, 300);
  const waiting = (await outbox(page)).filter((e) => e.state === 'waiting').map((e) => e.id);
  assert.equal(waiting.length, 2);

  await browser.context.setOffline(false);
  const banner = page.getByTestId('session-expired');
  await banner.waitFor();
  await screenshot(page, '09-session-expired');
  assert.equal((await outbox(page)).filter((e) => e.state === 'waiting').length, 2, 'nothing lost');

  await banner.getByRole('button').click();
  await page.fill('#email', VOLUNTEER.email);
  await page.fill('#password', VOLUNTEER.password);
  await page.click('[data-testid=login-form] button[type=submit]');
  await page.getByTestId('new-testimony').waitFor();
  await drained(page);
  assert.equal((await present(world.volunteer, waiting)).size, 2);
  await page.close();
});
