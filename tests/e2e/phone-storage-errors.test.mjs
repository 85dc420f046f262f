// Issue 12: at start the phone reads what waits to be sent from IndexedDB. A read that fails is
// said on the screen with « Réessayer », never read as "nothing waiting".

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, appReady, swControls, until, serverOnOwnDatabase, stopAll } from './lib/harness.mjs';
import { setupWorld, signIn, goOffline, recordTestimonies, pendingNumber } from './lib/app.mjs';

let server;
let db;

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-phone-storage-'));
  await setupWorld(server);
});

after(() => stopAll({ server, db }));

const text = async (locator) => ((await locator.textContent()) ?? '').trim();

test('an outbox IndexedDB cannot read at start is said, and « Réessayer » reads it again', async () => {
  const phone = await launchBrowser();
  try {
    const first = await phone.context.newPage();
    await signIn(first, server.url);
    await swControls(first);
    await goOffline(phone.context, first);
    await recordTestimonies(first, 1);
    assert.equal(await pendingNumber(first), 1);
    await first.close();

    const page = await phone.context.newPage();
    // IndexedDB refuses to read the outbox (a storage fault) while the flag is up.
    await page.addInitScript(() => {
      window.pvFailOutbox = true;
      window.pvOutboxReads = 0;
      const getAll = IDBObjectStore.prototype.getAll;
      IDBObjectStore.prototype.getAll = function (...args) {
        if (this.name === 'outbox') window.pvOutboxReads += 1;
        if (this.name === 'outbox' && window.pvFailOutbox) throw new DOMException('disk read failed', 'UnknownError');
        return getAll.apply(this, args);
      };
    });
    await page.goto(server.url + '/');
    await appReady(page);
    const banner = page.getByTestId('local-unreadable');
    await banner.waitFor();
    assert.equal(
      await text(banner),
      "Les saisies en attente et la sortie en cours n'ont pas pu être lues sur ce téléphone. Elles ne sont pas perdues : réessayez, ou rechargez la page.",
    );
    assert.equal(await banner.getAttribute('role'), 'alert');
    // The count of items waiting is unknown while the outbox cannot be read: not shown as 0.
    assert.equal(await page.getByTestId('pending-number').textContent(), '?');

    // Still unreadable: « Réessayer » keeps saying so.
    const retry = banner.locator('xpath=..').getByTestId('retry');
    const reads = () => page.evaluate(() => window.pvOutboxReads);
    const before = await reads();
    await retry.click();
    await until(async () => (await reads()) > before, 'read again');
    assert.equal(await banner.count(), 1);

    await page.evaluate(() => {
      window.pvFailOutbox = false;
    });
    await retry.click();
    await until(async () => (await banner.count()) === 0, 'banner gone once read');
    assert.equal(await pendingNumber(page), 1);
    await page.close();
  } finally {
    await phone.context.setOffline(false).catch(() => {});
    await phone.close();
  }
});
