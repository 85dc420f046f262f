// Issue 4 §7: a coordinator's "à corriger" request reaches the phone with its message; the
// volunteer fixes the testimony and the corrected item is accepted.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, testDatabase, screenshot, until } from './lib/harness.mjs';
import { setupWorld, signIn, recordTestimonies, outbox, drained, present, home } from './lib/app.mjs';

let server;
let browser;
let db;
let world;

before(async () => {
  db = testDatabase('pv-e2e-needs-correction-');
  server = await startServer({ db });
  world = await setupWorld(server);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.stop();
  db?.cleanup();
});

test('"à corriger" reaches the phone and the corrected testimony is accepted', async () => {
  const page = await browser.context.newPage();
  await signIn(page, server.url);
  await recordTestimonies(page, 1, 400);
  await drained(page);
  const [sent] = await outbox(page);

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

  await page.getByTestId('fix').click();
  assert.match(await page.getByTestId('fix-message').textContent(), /Merci de retirer/);
  const text = page.locator('#testimony-text');
  assert.match(await text.inputValue(), /Le bus 23 passe trop rarement/);
  await text.fill('Le bus passe trop rarement le soir.');
  await page.getByTestId('save').click();
  await page.getByTestId('receipt-code').waitFor();
  await home(page);
  await drained(page);
  const entries = await outbox(page);
  assert.equal(entries.length, 1, 'the entry sent back was replaced by its correction');
  assert.notEqual(entries[0].id, sent.id);
  assert.ok((await present(world.volunteer, [entries[0].id])).has(entries[0].id));
  await page.close();
});
