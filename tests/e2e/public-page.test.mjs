// Issue 16 §4 (first part): a quartier's public page, `/quartier/{slug}`, no sign-in, on a 360 px
// phone, and its A4 poster with a QR code: what residents said as published to their council (themes with counts, quotes of
// people who agreed); a resident who stops being quoted on `/recu` leaves it. axe (WCAG 2.1
// A/AA); at 200 % text on a 320 px screen nothing scrolls sideways.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, serverOnOwnDatabase, stopAll, until } from './lib/harness.mjs';
import { setupStaffWorld, signInAs, push, publishFor, testimonyItem, COORDINATOR, COUNCILLOR } from './lib/staff.mjs';
import { checkA11y, checkReflow } from './lib/axe.mjs';

const CODE = 'P4GE7QX2';
const WORDS = 'Le bus 11 ne passe plus le soir après vingt heures.';

let server;
let db;
let world;

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-public-page-'));
  world = await setupStaffWorld(server);
  const items = [];
  for (let i = 0; i < 11; i++) items.push(testimonyItem(world.quartier.id, `Les bus sont trop rares le soir, parole ${i}.`, i % 2 ? 'quote' : 'count_only'));
  const mine = testimonyItem(world.quartier.id, WORDS, 'quote');
  mine.item.receipt_code = CODE;
  items.push(mine);
  const pushed = await push(world.volunteer, items);
  for (const result of pushed.results) {
    await world.admin.call('POST', `/api/v1/moderation/testimonies/${result.id}/decision`, {
      decision: 'approve', themes: ['mobilite'], confirm_sensitive: true,
    });
  }
  await publishFor(world.admin, [world.quartier.id]);
});

after(() => stopAll({ server, db }));

test('a resident reads their quartier\'s page on a phone, then stops being quoted and leaves it', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 360, height: 780 });
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const url = `${server.url}/quartier/${world.quartier.slug}`;
    await page.goto(url);
    await page.getByRole('heading', { level: 1, name: `${world.quartier.name} : ce que vous avez dit` }).waitFor();
    assert.match(await page.locator('.themes').textContent(), /Mobilité.*: 12 personnes en ont parlé\./);
    await page.getByText(WORDS).waitFor();
    // Only quotes of people who agreed: six asked not to be quoted.
    assert.equal(await page.locator('blockquote').count(), 6);
    await checkA11y(page, 'public quartier page');
    await checkReflow(page, 'public quartier page');

    // The resident, on their receipt page, asks not to be quoted any more.
    await page.goto(`${server.url}/recu`);
    await page.locator('#code').pressSequentially('p4ge-7qx2');
    await page.getByRole('button', { name: 'Voir' }).click();
    await page.getByRole('button', { name: 'Ne plus me citer' }).click();
    await page.getByText('vos paroles ne seront plus citées').waitFor();
    // The page is cached five minutes by browsers: a resident reloading sees the change.
    await page.goto(url, { waitUntil: 'load' });
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await page.getByText(WORDS).count(), 0, 'their words left the page');
    assert.match(await page.locator('.themes').textContent(), /12 personnes/, 'still counted');

    // The poster for the building's hall: the themes, the address and its QR code, on A4.
    await page.goto(`${url}/affiche`);
    await page.getByRole('heading', { level: 1, name: `${world.quartier.name} : vous avez parlé, voici ce qu'on a entendu` }).waitFor();
    const qr = page.getByRole('img', { name: 'QR code vers la page du quartier' });
    await page.waitForFunction(() => document.querySelector('img')?.complete && document.querySelector('img').naturalWidth > 0);
    assert.ok(await qr.isVisible());
    assert.match(await page.locator('.address').textContent(), new RegExp(`/quartier/${world.quartier.slug}$`));
    await checkA11y(page, 'poster');
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('header').isVisible(), false, 'no site header on paper');
    // Printed for real: one A4 page.
    const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
    assert.equal((pdf.match(/\/Type\s*\/Page[^s]/g) || []).length, 1, 'the poster fits on one page');
    assert.match(pdf, /\/MediaBox\s*\[\s*0 0 59[45]\.\d+ 841\.\d+/, 'A4');
    await page.emulateMedia({ media: 'screen' });

    const missing = await page.goto(`${server.url}/quartier/atlantide`);
    assert.equal(missing.status(), 404);
    await page.getByRole('heading', { name: 'Quartier introuvable' }).waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('at 200 % text on a 320 px screen the public page does not scroll sideways', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 320, height: 640 });
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Page.enable');
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
    await page.goto(`${server.url}/quartier/${world.quartier.slug}`);
    await page.locator('blockquote').first().waitFor();
    await checkReflow(page, 'public quartier page at 200 % text');
  } finally {
    await browser.close();
  }
});

test('the council answers a theme, the coordinator publishes it, the public page shows it', async () => {
  const ANSWER = 'Nous avons demandé à la TAN un bus de plus après 20 h.';
  const CHANGED = 'Depuis novembre, la ligne 11 passe jusqu’à 22 h.';
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await signInAs(page, server.url, COUNCILLOR, '/conseil');
    const form = page.getByTestId('answer-form');
    await form.waitFor();
    // The council finds its public page and its poster from its own page.
    const posterHref = await page.getByTestId('poster-link').getAttribute('href');
    assert.equal(posterHref, `/quartier/${world.quartier.slug}/affiche`);
    assert.equal((await fetch(server.url + posterHref)).status, 200);
    await page.selectOption('#ans-theme', 'mobilite');
    await page.locator('#ans-answer').pressSequentially(ANSWER);
    await page.locator('#ans-changed').pressSequentially(CHANGED);
    await form.getByRole('button', { name: 'Envoyer à la coordination' }).click();
    await page.getByTestId('answer-status').filter({ hasText: 'Envoyé' }).waitFor();
    await page.getByTestId('council-answer').filter({ hasText: 'En attente de la coordination' }).waitFor();
    // Not on the public page before the coordination approved it.
    const before = await (await fetch(`${server.url}/quartier/${world.quartier.slug}`)).text();
    assert.ok(!before.includes(ANSWER));
    await page.getByTestId('signout').click();

    await signInAs(page, server.url, COORDINATOR, '/coordination');
    await page.locator('.staff-nav').getByRole('link', { name: 'Publier aux conseils', exact: true }).click();
    const pending = page.getByTestId('pending-answer').filter({ hasText: ANSWER });
    await pending.waitFor();
    await pending.getByTestId('approve-answer').focus();
    await page.keyboard.press('Enter');
    await until(async () => (await page.getByTestId('pending-answer').count()) === 0, 'answer published');

    const response = await page.goto(`${server.url}/quartier/${world.quartier.slug}`);
    await response.finished();
    await page.reload();
    const section = page.locator('section.item').filter({ hasText: 'Le conseil répond…' });
    await section.waitFor();
    assert.match(await section.textContent(), new RegExp(`Vous avez dit….*12 personnes en ont parlé\\..*Le conseil répond… ${ANSWER}.*Ce qui a changé… ${CHANGED}`, 's'));
    await checkA11y(page, 'public quartier page with the council\'s answer');
    await checkReflow(page, 'public quartier page with the council\'s answer');

    // The coordination takes it down again: it leaves the public page.
    await page.goto(`${server.url}/coordination/publications`);
    const online = page.getByTestId('online-answer').filter({ hasText: ANSWER });
    await online.waitFor();
    await checkA11y(page, 'publications: an answer online');
    await online.getByTestId('withdraw-answer').click();
    await until(async () => (await page.getByTestId('online-answer').count()) === 0, 'answer taken down');
    const after = await (await fetch(`${server.url}/quartier/${world.quartier.slug}`)).text();
    assert.ok(!after.includes(ANSWER), 'answer off the public page');
  } finally {
    await browser.close();
  }
});
