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

test('a closed survey says so, cannot be saved over, is duplicated into a new draft, and reopens', async () => {
  const { admin, quartier } = world;
  const closed = await admin.call('POST', '/api/v1/surveys', {
    title: 'Marché de Noël',
    questions: [{ code: 'venu', label: 'Êtes-vous venu·e ?', type: 'yes_no', required: true }],
  });
  await admin.call('POST', `/api/v1/surveys/${closed.id}/publish`);
  await admin.call('PUT', `/api/v1/surveys/${closed.id}/quartiers`, { quartier_ids: [quartier.id] });
  await admin.call('POST', `/api/v1/surveys/${closed.id}/open`);
  await admin.call('POST', `/api/v1/surveys/${closed.id}/close`);

  const page = await browser.context.newPage();
  const seen = watchPage(page);
  await page.setViewportSize({ width: 1366, height: 768 });
  await signInAs(page, server.url, COORDINATOR, '/coordination');
  await page.goto(`${server.url}/coordination/enquetes/${closed.id}`);
  await page.getByTestId('closed-survey').waitFor();
  assert.ok(await page.getByTestId('save-draft').isDisabled(), 'nothing to save on a closed survey');
  assert.ok(await page.getByTestId('publish').isDisabled());

  await page.getByTestId('duplicate').click();
  await until(() => !new URL(page.url()).pathname.endsWith(`/${closed.id}`), 'on the copy');
  const copyId = Number(new URL(page.url()).pathname.split('/').pop());
  await until(async () => (await page.inputValue('#survey-title')) === 'Marché de Noël (copie)', 'the copy loaded');
  const copy = await admin.call('GET', `/api/v1/surveys/${copyId}`);
  assert.equal(copy.status, 'draft');
  assert.deepEqual(copy.draft.questions.map((q) => q.code), ['venu']);
  assert.equal(await page.getByTestId('closed-survey').count(), 0, 'the copy is an ordinary draft');

  // The closed one reopens as it is, without a save refused on the way.
  await page.goto(`${server.url}/coordination/enquetes/${closed.id}`);
  await page.getByTestId('closed-survey').waitFor();
  await page.getByTestId('open').click();
  await until(async () => /Enquête ouverte/.test(await page.getByTestId('builder-status').textContent()), 'reopened');
  assert.equal((await admin.call('GET', `/api/v1/surveys/${closed.id}`)).status, 'open');
  assert.equal(await page.getByTestId('builder-error').textContent(), '');
  assert.deepEqual(seen.filter((p) => !/status of 4\d\d/.test(p)), []);
});
