// Issue 13, finding 14 (on the phone): a receipt code opens a resident's data, so it is drawn
// from Web Crypto only. A browser without it saves the item with no code and says so, instead
// of making a guessable one with Math.random; with it, the code is 8 characters of the
// unambiguous alphabet.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, watchPage, serverOnOwnDatabase, stopAll } from './lib/harness.mjs';
import { setupWorld, signIn, goOffline, outboxEntries } from './lib/app.mjs';

let server;
let db;

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-receipts-'));
  await setupWorld(server);
});

after(() => stopAll({ server, db }));

/** The testimonies saved in the outbox, with their content. */
async function savedTestimonies(page) {
  return (await outboxEntries(page)).filter((e) => e.kind === 'testimony').map((e) => e.item.item);
}

/** Types a short testimony and saves it offline (so the phone's copy can be read). */
async function saveTestimony(browser, page) {
  await signIn(page, server.url);
  await page.getByTestId('new-testimony').click();
  await page.locator('#testimony-text').pressSequentially('Le tram 2 passe trop rarement le soir.');
  await page.getByLabel('Comptée seulement, jamais citée').check();
  await page.locator('#testimony-quartier').selectOption({ index: 1 });
  const place = page.locator('#testimony-place');
  await place.clear();
  await place.pressSequentially('Marché de Bellevue');
  await goOffline(browser.context, page);
  await page.getByTestId('save').click();
}

test('without Web Crypto the phone makes no receipt code and says so', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.addInitScript(() => {
      Object.defineProperty(Crypto.prototype, 'getRandomValues', {
        value() {
          throw new Error('no Web Crypto in this browser');
        },
      });
    });
    const problems = watchPage(page);
    await saveTestimony(browser, page);
    await page.getByTestId('no-receipt').waitFor();
    assert.equal(await page.getByTestId('receipt-code').count(), 0, 'no code shown');
    const [saved] = await savedTestimonies(page);
    assert.ok(saved, 'the testimony is saved all the same');
    assert.equal(saved.receipt_code ?? null, null, 'saved without a receipt code');
    assert.deepEqual(
      problems.filter((p) => !/Failed to fetch|ERR_INTERNET_DISCONNECTED|net::/.test(p)),
      [],
      'no page error',
    );
  } finally {
    await browser.close();
  }
});

test('with Web Crypto the receipt code is 8 characters of the unambiguous alphabet', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await saveTestimony(browser, page);
    const shown = page.getByTestId('receipt-code');
    await shown.waitFor();
    const code = await shown.getAttribute('data-code');
    assert.match(code, /^[A-HJKMNP-Z2-9]{8}$/);
    // Where the resident can look it up alone: this server's receipt page.
    assert.equal(await page.getByTestId('receipt-page').textContent(), `${new URL(server.url).host}/recu`);
    // Its QR code, drawn by the server and kept by the service worker: shown though offline.
    const qr = page.getByTestId('receipt-qr');
    await page.waitForFunction((img) => img.complete, await qr.elementHandle());
    assert.ok(await qr.evaluate((img) => img.naturalWidth > 0), 'the QR code shows offline');
    // On this phone, whose service worker serves the app for every page, `/recu` is still the
    // server's own page (a resident may be handed the volunteer's phone to look).
    await browser.context.setOffline(false);
    await page.goto(`${server.url}/recu`);
    await page.getByRole('heading', { name: 'Ce que vous nous avez dit' }).waitFor();
    const [saved] = await savedTestimonies(page);
    assert.equal(saved.receipt_code, code);
    assert.equal(await page.getByTestId('no-receipt').count(), 0);
  } finally {
    await browser.close();
  }
});
