// Issue 19: the survey builder typed into as a person does, key by key and with Tab. A minimum
// typed then Tab used to rebuild the question's fields: the focus fell to the page and the
// maximum typed next was lost (a survey went out without its maximum); Tab from an option's
// label skipped its code.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, watchPage, until, serverOnOwnDatabase, stopAll } from './lib/harness.mjs';
import { setupStaffWorld, signInAs, COORDINATOR } from './lib/staff.mjs';

let server;
let db;
let world;
let browser;

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-builder-typing-'));
  world = await setupStaffWorld(server);
  browser = await launchBrowser();
});

after(() => stopAll({ browsers: [browser], server, db }));

test('typing and Tab in the builder keep every value: a number\'s bounds, an option\'s code', async () => {
  const page = await browser.context.newPage();
  const seen = watchPage(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  await signInAs(page, server.url, COORDINATOR, '/coordination');
  await page.getByRole('link', { name: 'Enquêtes flash' }).first().click();
  await page.getByRole('link', { name: 'Nouvelle enquête' }).click();
  // The checks name what to fix in words, not as a path in the definition.
  const problems = page.getByTestId('survey-problems');
  await problems.waitFor();
  assert.match(await problems.textContent(), /Titre : ne peut pas être vide/);
  await page.getByTestId('add-question').click();
  await until(async () => /Question 1 › Libellé : ne peut pas être vide/.test(await problems.textContent()), 'the question named');
  assert.doesNotMatch(await problems.textContent(), /title|questions\[|label/);
  await page.locator('#survey-title').pressSequentially('Âge des enfants');

  // A number question: minimum, Tab, maximum, each typed key by key.
  await page.locator('#q0-label').pressSequentially('Quel âge a votre enfant ?');
  await page.keyboard.press('Tab');
  await page.keyboard.type('age');
  await page.selectOption('#q0-kind', 'number');
  await page.locator('#q0-min').pressSequentially('0');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'q0-maxv', 'Tab goes to the maximum');
  await page.keyboard.type('17');
  await page.keyboard.press('Tab');
  assert.equal(await page.inputValue('#q0-min'), '0');
  assert.equal(await page.inputValue('#q0-maxv'), '17');

  // A choice question: an option's label, Tab, its code typed by hand.
  await page.getByTestId('add-question').click();
  await page.locator('#q1-label').pressSequentially('Où est son école ?');
  await page.keyboard.press('Tab');
  await page.keyboard.type('ecole');
  await page.selectOption('#q1-kind', 'single_choice');
  await page.locator('#q1-o0-label').pressSequentially('Dans le quartier');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'q1-o0-code', 'Tab goes to the code');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('ici');
  await page.locator('#q1-o1-label').pressSequentially('Ailleurs');
  await page.keyboard.press('Tab');
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('loin');

  await page.getByTestId('survey-valid').waitFor();
  await page.getByTestId('save-draft').click();
  await until(async () => /enregistr/i.test(await page.getByTestId('builder-status').textContent()), 'draft saved');
  const surveys = await world.admin.call('GET', '/api/v1/surveys');
  const saved = (surveys.items ?? surveys).find((s) => s.draft.title === 'Âge des enfants');
  assert.ok(saved, 'the survey is saved');
  const [age, school] = saved.draft.questions;
  assert.equal(age.label, 'Quel âge a votre enfant ?');
  assert.equal(age.code, 'age');
  assert.equal(age.type, 'number');
  assert.equal(age.min, 0);
  assert.equal(age.max, 17, 'the maximum typed after Tab is kept');
  assert.deepEqual(school.options, [{ code: 'ici', label: 'Dans le quartier' }, { code: 'loin', label: 'Ailleurs' }]);
  assert.deepEqual(seen, []);
  await page.close();
});
