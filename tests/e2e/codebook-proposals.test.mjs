// Issue 14 §3: the keywords the coordinators' decisions propose are shown in the codebook editor
// and accepted with one click. Three testimonies about coypus were approved with a theme the
// analysis had missed; the editor proposes « ragondins » for it; one click adds the keyword, the
// proposal goes, and a testimony about coypus, not given that theme before, is given it after.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, until, serverOnOwnDatabase, stopAll } from './lib/harness.mjs';
import { setupStaffWorld, signInAs, push, testimonyItem, COORDINATOR } from './lib/staff.mjs';
import { checkA11y } from './lib/axe.mjs';

let server;
let db;
let world;

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-proposals-'));
  world = await setupStaffWorld(server);
});

after(() => stopAll({ server, db }));

const THEME = 'proprete_cadre_vie';

async function pushTestimony(text) {
  const item = testimonyItem(world.quartier.id, text);
  await push(world.volunteer, [item]);
  return item.item.id;
}

async function suggestedThemes(id) {
  const item = await world.admin.call('GET', `/api/v1/moderation/testimonies/${id}`);
  return item.themes.map((t) => t.code);
}

test('a proposed keyword is shown in the codebook editor and added in one click', async () => {
  for (const text of [
    'Des ragondins près du pont ce matin.',
    'Encore des ragondins vers la passerelle.',
    'Les enfants ont vu des ragondins à la sortie.',
  ]) {
    const id = await pushTestimony(text);
    assert.ok(!(await suggestedThemes(id)).includes(THEME));
    await world.admin.call('POST', `/api/v1/moderation/testimonies/${id}/decision`, {
      decision: 'approve',
      themes: [THEME],
      confirm_sensitive: true,
    });
  }

  // Until the proposal is accepted, the word alone suggests nothing.
  const before = await pushTestimony('Des ragondins dans la haie.');
  assert.ok(!(await suggestedThemes(before)).includes(THEME));

  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await signInAs(page, server.url, COORDINATOR, '/coordination');
    await page.getByRole('link', { name: 'Thèmes' }).first().click();
    const section = page.locator('[data-testid=proposals]');
    const proposals = section.locator('[data-testid=proposal]');
    await until(async () => (await proposals.count()) === 1, 'one proposal shown');
    // The theme by its label once the codebook is loaded, with the decisions behind it.
    await until(async () => /« ragondins » → Propreté/.test(await proposals.first().innerText()), 'the theme named');
    assert.match(await proposals.first().innerText(), /3 fois/);
    await checkA11y(page, 'codebook editor with a proposed keyword');

    await proposals.first().getByRole('button', { name: /Ajouter au thème/ }).click();
    await until(async () => (await section.locator('[data-testid=no-proposals]').count()) === 1, 'the proposal gone');
    const status = await page.locator('[data-testid=codebook-status]').innerText();
    assert.match(status, /Mot-clé ajouté : « ragondins »/);
    const row = page.locator(`[data-testid=theme-row][data-code=${THEME}]`);
    await until(async () => (await row.getByLabel('Mots-clés').inputValue()).includes('ragondins'), 'the keyword in the theme row');
    await page.close();
  } finally {
    await browser.close();
  }

  const theme = (await world.admin.call('GET', '/api/v1/themes')).find((t) => t.code === THEME);
  assert.ok(theme.keywords.includes('ragondins'));
  const next = await pushTestimony('Des ragondins dans la haie.');
  assert.ok((await suggestedThemes(next)).includes(THEME));
});
