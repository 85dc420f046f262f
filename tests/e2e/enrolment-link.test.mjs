// Issue 19: enrolment as the volunteers' guide promises it. The coordinator gets the one-time
// code as text, as a link and as a QR code drawn in the page (no network); the link opens a
// one-button « Activer ce téléphone » screen on the phone, and that button signs the phone in.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, watchPage, appReady, until, serverOnOwnDatabase, stopAll } from './lib/harness.mjs';
import { setupStaffWorld, signInAs, COORDINATOR } from './lib/staff.mjs';
import { checkA11y, checkReflow } from './lib/axe.mjs';

let server;
let db;

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-enrolment-link-'));
  await setupStaffWorld(server);
});

after(() => stopAll({ server, db }));

test('the code comes as a QR code and a link, and the link activates the phone in one tap', async () => {
  const office = await launchBrowser();
  const phone = await launchBrowser();
  try {
    const page = await office.context.newPage();
    const seen = watchPage(page);
    await page.setViewportSize({ width: 1366, height: 768 });
    await signInAs(page, server.url, COORDINATOR, '/coordination');
    await page.getByRole('link', { name: 'Comptes et téléphones' }).first().click();
    await page.getByTestId('user-row').filter({ hasText: 'Camille Volontaire' })
      .getByRole('button', { name: 'Enrôler un téléphone' }).click();
    const code = (await page.getByTestId('enrolment-code').textContent()).trim();
    const link = await page.getByTestId('enrolment-link').getAttribute('href');
    assert.ok(link.endsWith(`/enrol?code=${code}`), link);
    const qr = page.getByTestId('enrolment-qr');
    assert.equal(await qr.getAttribute('role'), 'img');
    assert.equal(await qr.getAttribute('aria-label'), `QR code du lien : ${link}`);
    const box = await qr.locator('svg').boundingBox();
    assert.ok(box && box.width >= 150 && Math.abs(box.width - box.height) < 1, `a square QR code: ${JSON.stringify(box)}`);
    assert.ok((await qr.locator('svg path, svg rect').count()) > 0, 'drawn modules');
    await checkA11y(page, 'accounts with an enrolment code and its QR code');
    assert.deepEqual(seen, []);

    // On the volunteer's phone: the link opens the activation screen, one button.
    const mobile = await phone.context.newPage();
    const phoneSeen = watchPage(mobile);
    await mobile.setViewportSize({ width: 390, height: 844 });
    await mobile.goto(link);
    await appReady(mobile);
    await mobile.getByRole('heading', { level: 1, name: 'Activer ce téléphone' }).waitFor();
    assert.equal((await mobile.getByTestId('activate-code').textContent()).trim(), code);
    assert.equal(await mobile.locator('#email').count(), 0, 'no e-mail form to fill on this screen');
    await checkA11y(mobile, 'activation screen [fr]');
    await checkReflow(mobile, 'activation screen at 390 px');
    await mobile.locator('.topbar .lang').click();
    await mobile.getByRole('heading', { level: 1, name: 'Activate this phone' }).waitFor();
    await checkA11y(mobile, 'activation screen [en]');
    await mobile.locator('.topbar .lang').click();
    await mobile.getByRole('heading', { level: 1, name: 'Activer ce téléphone' }).waitFor();
    await mobile.getByRole('button', { name: 'Activer ce téléphone' }).click();
    await until(async () => new URL(mobile.url()).pathname === '/', 'home after activation');
    await mobile.getByTestId('sync-now').waitFor();
    assert.deepEqual(phoneSeen, []);
  } finally {
    await office.close();
    await phone.close();
  }
});
