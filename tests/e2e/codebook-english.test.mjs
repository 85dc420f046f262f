// Issue 12 §5: a coordinator sets a theme's English label in the codebook editor; the server
// keeps it (and the phones pull it, see tests/api/enrolment.rs).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, until, serverOnOwnDatabase, stopAll } from './lib/harness.mjs';
import { setupStaffWorld, signInAs, COORDINATOR } from './lib/staff.mjs';

let server;
let db;
let world;

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-codebook-en-'));
  world = await setupStaffWorld(server);
});

after(() => stopAll({ server, db }));

const english = async (code) =>
  (await world.admin.call('GET', '/api/v1/themes')).find((t) => t.code === code)?.label_en;

test('a coordinator gives a theme its English label in the codebook editor', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInAs(page, server.url, COORDINATOR, '/coordination');
    await page.getByRole('link', { name: 'Thèmes' }).first().click();
    const row = page.locator('[data-testid=theme-row][data-code=logement]');
    const field = row.getByLabel('Libellé en anglais (facultatif)');
    await until(async () => (await field.inputValue()) === 'Housing', 'the English label shown');
    await field.clear();
    await field.pressSequentially('Housing and homes');
    await row.getByRole('button', { name: 'Enregistrer' }).click();
    await until(async () => (await english('logement')) === 'Housing and homes', 'English label saved');
    // The French label did not change.
    const logement = (await world.admin.call('GET', '/api/v1/themes')).find((t) => t.code === 'logement');
    assert.equal(logement.label, await row.getByLabel('Libellé', { exact: true }).inputValue());
    await page.close();
  } finally {
    await browser.close();
  }
});
