// Issue 16 §5: a resident's own receipt page, `/recu`, on a 360 px phone with no account and no
// script: the resident types the code key by key, sees what was recorded (words masked), stops
// being quoted — the quote leaves the council's pages — then erases everything after a
// confirmation. axe (WCAG 2.1 A/AA) on each state; at 200 % text nothing scrolls sideways.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, serverOnOwnDatabase, stopAll } from './lib/harness.mjs';
import { setupStaffWorld, push, testimonyItem } from './lib/staff.mjs';
import { checkA11y, checkReflow } from './lib/axe.mjs';

const CODE = 'K7QX2M9D';
const WORDS = 'Le bus 11 ne passe plus le soir, appelez-moi au 06 12 34 56 78.';

let server;
let db;
let world;
let testimonyId;

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-receipt-page-'));
  world = await setupStaffWorld(server);
  const item = testimonyItem(world.quartier.id, WORDS, 'quote');
  item.item.receipt_code = CODE;
  testimonyId = item.item.id;
  await push(world.volunteer, [item]);
  await world.admin.call('POST', `/api/v1/moderation/testimonies/${testimonyId}/decision`, {
    decision: 'approve', themes: ['mobilite'], confirm_sensitive: true,
  });
});

after(() => stopAll({ server, db }));

/** What the server holds for the code, through the residents' API. */
async function recorded() {
  const response = await fetch(`${server.url}/api/v1/resident/receipt`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: CODE }),
  });
  return { status: response.status, body: response.status === 200 ? await response.json() : null };
}

test('a resident reads, stops being quoted and erases, by receipt code, on a phone', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 360, height: 780 });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.url}/recu`);
    await checkA11y(page, 'receipt page, empty');
    await checkReflow(page, 'receipt page, empty');

    // A wrong code first, typed as read from a crumpled receipt.
    await page.locator('#code').pressSequentially('k7qx-2m9z');
    await page.getByRole('button', { name: 'Voir' }).click();
    await page.getByText("Rien n'est noté avec ce code").waitFor();
    await checkA11y(page, 'receipt page, unknown code');

    const field = page.locator('#code');
    await field.clear();
    await field.pressSequentially('k7qx-2m9d');
    await field.press('Enter');
    await page.getByRole('heading', { name: 'Ce qui a été noté' }).waitFor();
    const said = await page.locator('blockquote').textContent();
    assert.match(said, /Le bus 11 ne passe plus le soir/);
    assert.doesNotMatch(said, /06 12 34 56 78/, 'the phone number is masked');
    await page.getByText('Le conseil citoyen peut la lire').waitFor();
    await checkA11y(page, 'receipt page, record');
    await checkReflow(page, 'receipt page, record');

    await page.getByRole('button', { name: 'Ne plus me citer' }).click();
    await page.getByText('vos paroles ne seront plus citées').waitFor();
    const after = await recorded();
    assert.equal(after.body.items[0].quoted, false);
    assert.equal(after.body.items[0].consent, 'count_only');
    await page.getByText("Elle compte dans les thèmes, mais n'est jamais citée").waitFor();
    assert.equal(await page.getByRole('button', { name: 'Ne plus me citer' }).count(), 0);

    // Erasing asks first; "Non, revenir" keeps everything.
    await page.getByRole('button', { name: 'Tout effacer' }).click();
    await page.getByRole('heading', { name: 'Tout effacer ?' }).waitFor();
    await checkA11y(page, 'receipt page, confirm erasure');
    await page.getByRole('button', { name: 'Non, revenir' }).click();
    await page.getByRole('heading', { name: 'Ce qui a été noté' }).waitFor();
    assert.equal((await recorded()).status, 200, 'nothing erased by going back');
    await page.getByRole('button', { name: 'Tout effacer' }).click();
    await page.getByRole('button', { name: 'Oui, tout effacer' }).click();
    await page.getByRole('heading', { name: "C'est effacé" }).waitFor();
    assert.match(await page.locator('[role=status]').textContent(), /1 parole/);
    assert.equal((await recorded()).status, 404, 'gone from the server');
    await checkA11y(page, 'receipt page, erased');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('at 200 % text on a 320 px screen the receipt page does not scroll sideways', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 320, height: 640 });
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Page.enable');
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
    await page.goto(`${server.url}/recu`);
    assert.equal(await page.evaluate(() => getComputedStyle(document.body).fontSize), '36.8px', '1.15 × 32 px');
    await checkReflow(page, 'receipt page at 200 % text');
    await page.locator('#code').pressSequentially('ZZZZ-ZZZZ');
    await page.getByRole('button', { name: 'Voir' }).click();
    await page.getByText("Rien n'est noté avec ce code").waitFor();
    await checkReflow(page, 'receipt page at 200 % text, with its error');
    // A record with long words in it.
    const item = testimonyItem(world.quartier.id, 'Les trottinettes-électriques-partagées encombrent le trottoir devant la médiathèque.', 'quote');
    item.item.receipt_code = 'M3NP4QR7';
    await push(world.volunteer, [item]);
    const field = page.locator('#code');
    await field.clear();
    await field.pressSequentially('M3NP-4QR7');
    await field.press('Enter');
    await page.getByRole('heading', { name: 'Ce qui a été noté' }).waitFor();
    await page.getByText("Pas encore relue par l'équipe").waitFor();
    await checkReflow(page, 'receipt page at 200 % text, a record');
  } finally {
    await browser.close();
  }
});
