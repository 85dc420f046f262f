// Issue 4 §7: a coordinator's "à corriger" request reaches the phone with its message; the
// volunteer fixes the testimony and the corrected item is accepted. Issue 12 §2: the fix goes
// through the correction endpoint (same id, receipt code and capture time, one row on the
// server), and the copy sent back leaves every phone of the volunteer; a phone that never had
// the text gets it from the server.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, screenshot, until, serverOnOwnDatabase, stopAll } from './lib/harness.mjs';
import { setupWorld, signIn, outbox, drained, present, home, countRows } from './lib/app.mjs';

/** The outbox entries with their content, as stored in IndexedDB. */
async function entries(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('porte-voix');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('outbox').objectStore('outbox').getAll();
          get.onsuccess = () => resolve(get.result);
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

let server;
let browser;
let db;
let world;

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-needs-correction-'));
  world = await setupWorld(server);
  browser = await launchBrowser();
});

after(() => stopAll({ browsers: [browser], server, db }));

test('"à corriger" reaches the phone and the corrected testimony is accepted', async () => {
  const page = await browser.context.newPage();
  await signIn(page, server.url);
  await page.getByTestId('new-testimony').click();
  await page.locator('#testimony-text').pressSequentially('Le bus 23 passe trop rarement le soir, témoignage 400.');
  await page.getByLabel('Peut être citée (anonymement)').check();
  await page.locator('#testimony-quartier').selectOption({ index: 1 });
  await page.locator('#testimony-place').pressSequentially('Devant la médiathèque');
  await page.getByTestId('save').click();
  const receipt = await page.getByTestId('receipt-code').getAttribute('data-code');
  await home(page);
  await drained(page);
  const [sent] = await outbox(page);
  // Sent and acknowledged: the phone no longer keeps the text (a lost phone must not show it).
  await until(async () => (await entries(page))[0].item === null, 'copy of the text dropped');

  const message = 'Merci de retirer le numéro de bus, il identifie la personne.';
  await world.admin.call('POST', `/api/v1/moderation/testimonies/${sent.id}/decision`, {
    decision: 'needs_correction',
    message,
  });
  await page.getByTestId('sync-now').click();
  await until(async () => (await outbox(page))[0]?.state === 'needs_correction', 'correction request pulled');
  await page.getByTestId('attention-count').waitFor();
  await page.getByTestId('open-outbox').click();
  assert.match(await page.getByTestId('reason').textContent(), new RegExp(`Message de la coordination : ${message}`));
  await screenshot(page, '11-outbox-needs-correction');

  const before = await world.admin.call('GET', `/api/v1/moderation/testimonies/${sent.id}`);

  await page.getByTestId('fix').click();
  assert.match(await page.getByTestId('fix-message').textContent(), /Merci de retirer/);
  // The text comes back from the server.
  const text = page.locator('#testimony-text');
  await until(async () => /Le bus 23 passe trop rarement/.test(await text.inputValue()), 'text from the server');
  await text.clear();
  await text.pressSequentially('Le bus passe trop rarement le soir.');
  await page.getByTestId('save').click();
  await page.getByTestId('correction-saved').waitFor();
  await home(page);
  await drained(page);
  const after = await entries(page);
  assert.equal(after.length, 1, 'the entry sent back was replaced by its correction');
  assert.equal(after[0].id, sent.id, 'same id');
  assert.equal(after[0].state, 'sent');
  assert.ok((await present(world.volunteer, [sent.id])).has(sent.id));
  const corrected = await world.admin.call('GET', `/api/v1/moderation/testimonies/${sent.id}`);
  assert.equal(corrected.text, 'Le bus passe trop rarement le soir.');
  assert.equal(corrected.status, 'pending');
  assert.equal(corrected.captured_at, before.captured_at, 'capture time kept');
  assert.equal(countRows(db, 'testimonies'), 1, 'no second testimony');
  // The resident's receipt code still finds it (an erasure would reach the corrected text).
  const lookup = await world.admin.call('GET', `/api/v1/receipts/${receipt}`);
  assert.ok(JSON.stringify(lookup.items).includes(sent.id), `receipt ${receipt} finds the testimony`);
  await page.close();
});

test('a phone that never had the text fixes it from the server; the other phone drops its copy', async () => {
  const phoneA = await browser.context.newPage();
  await phoneA.goto(server.url + '/');
  await phoneA.getByTestId('new-testimony').waitFor();
  await phoneA.getByTestId('new-testimony').click();
  await phoneA.locator('#testimony-text').pressSequentially('Mon voisin Jean Martin au 06 12 34 56 78 dit que le parc ferme trop tôt.');
  await phoneA.getByLabel('Peut être citée (anonymement)').check();
  await phoneA.locator('#testimony-quartier').selectOption({ index: 1 });
  await phoneA.locator('#testimony-place').pressSequentially('Parc');
  await phoneA.getByTestId('save').click();
  await phoneA.getByTestId('receipt-code').waitFor();
  await home(phoneA);
  await drained(phoneA);
  const sent = (await entries(phoneA)).sort((a, b) => b.created_ms - a.created_ms)[0];
  await world.admin.call('POST', `/api/v1/moderation/testimonies/${sent.id}/decision`, {
    decision: 'needs_correction',
    message: 'Retirez le nom et le numéro.',
  });
  await phoneA.getByTestId('sync-now').click();
  await until(async () => (await entries(phoneA)).find((e) => e.id === sent.id)?.state === 'needs_correction', 'request pulled on phone A');

  // The volunteer's other phone: signed in afresh, it learns of the request from its first pull.
  const other = await launchBrowser();
  try {
    const phoneB = await other.context.newPage();
    await signIn(phoneB, server.url);
    await until(async () => (await entries(phoneB)).some((e) => e.id === sent.id && e.state === 'needs_correction'), 'request pulled on phone B');
    await phoneB.getByTestId('open-outbox').click();
    await phoneB.locator(`[data-id="${sent.id}"]`).getByTestId('fix').click();
    const text = phoneB.locator('#testimony-text');
    await until(async () => /parc ferme trop tôt/.test(await text.inputValue()), 'text fetched from the server');
    await text.clear();
    await text.pressSequentially('Un voisin dit que le parc ferme trop tôt.');
    await phoneB.getByTestId('save').click();
    await phoneB.getByTestId('correction-saved').waitFor();
    await home(phoneB);
    await drained(phoneB);
    const fixed = await world.admin.call('GET', `/api/v1/moderation/testimonies/${sent.id}`);
    assert.equal(fixed.text, 'Un voisin dit que le parc ferme trop tôt.');
    assert.equal(fixed.status, 'pending');
    assert.equal(countRows(db, 'testimonies'), 2, 'still one row per testimony');
  } finally {
    await other.close();
  }

  // Phone A hears of it at its next sync: nothing left to correct, and no copy of the text
  // with the name and number.
  await phoneA.getByTestId('sync-now').click();
  await until(async () => (await entries(phoneA)).find((e) => e.id === sent.id)?.state === 'sent', 'phone A updated');
  assert.doesNotMatch(JSON.stringify(await entries(phoneA)), /Jean Martin|06 12/);
  await until(async () => (await phoneA.getByTestId('attention-count').count()) === 0, 'nothing left to correct');
  await phoneA.close();
});

test('a testimony rejected by the coordination, no longer on the phone, is typed again as a new one', async () => {
  const page = await browser.context.newPage();
  await page.goto(server.url + '/');
  await page.getByTestId('new-testimony').waitFor();
  await page.getByTestId('new-testimony').click();
  await page.locator('#testimony-text').pressSequentially('Il y a trop de voitures garées sur le trottoir.');
  await page.getByLabel('Peut être citée (anonymement)').check();
  await page.locator('#testimony-quartier').selectOption({ index: 1 });
  await page.locator('#testimony-place').pressSequentially('Rue principale');
  await page.getByTestId('save').click();
  const firstCode = await page.getByTestId('receipt-code').getAttribute('data-code');
  await home(page);
  await drained(page);
  const rejected = (await entries(page)).sort((a, b) => b.created_ms - a.created_ms)[0];
  await until(async () => (await entries(page)).find((e) => e.id === rejected.id).item === null, 'copy dropped');
  await world.admin.call('POST', `/api/v1/moderation/testimonies/${rejected.id}/decision`, {
    decision: 'reject',
    message: 'Hors sujet pour le conseil citoyen.',
  });
  await page.getByTestId('sync-now').click();
  await until(async () => (await entries(page)).find((e) => e.id === rejected.id)?.state === 'rejected', 'rejection pulled');
  await page.getByTestId('open-outbox').click();
  await page.locator(`[data-id="${rejected.id}"]`).getByTestId('fix').click();
  assert.match(await page.getByTestId('fix-message').textContent(), /Hors sujet/);
  const text = page.locator('#testimony-text');
  assert.equal(await text.inputValue(), '', 'nothing left on the phone: an empty form');
  await text.pressSequentially('Les voitures garées sur le trottoir gênent les poussettes.');
  await page.getByLabel('Peut être citée (anonymement)').check();
  await page.locator('#testimony-quartier').selectOption({ index: 1 });
  await page.locator('#testimony-place').pressSequentially('Rue principale');
  await page.getByTestId('save').click();
  const newCode = await page.getByTestId('receipt-code').getAttribute('data-code');
  assert.notEqual(newCode, firstCode, 'a new testimony: a new code for the person');
  await home(page);
  await drained(page);
  const now = await entries(page);
  assert.ok(!now.some((e) => e.id === rejected.id), 'the rejected entry left the phone');
  const fresh = now.sort((a, b) => b.created_ms - a.created_ms)[0];
  assert.notEqual(fresh.id, rejected.id);
  assert.ok((await present(world.volunteer, [fresh.id])).has(fresh.id));
  const old = await world.admin.call('GET', `/api/v1/moderation/testimonies/${rejected.id}`);
  assert.equal(old.status, 'rejected', "the coordination's decision stands");
  await page.close();
});
