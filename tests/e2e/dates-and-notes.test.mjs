// Issue 15 §2: a date question and a note. The volunteer types the day key by key in the phone's
// own date field (day, month, year in French order); an incomplete date is no answer; the phone
// saves `YYYY-MM-DD` and the server stores and exports that day. The note between two questions
// is read (focus on its text), answers nothing and has no column in the export. axe on both.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, watchPage, until, serverOnOwnDatabase, stopAll } from './lib/harness.mjs';
import { setupWorld, signIn, home, drained, outboxEntries, present, exportedResponses } from './lib/app.mjs';
import { checkA11y } from './lib/axe.mjs';

const DATES = {
  title: 'Arrivées dans le quartier',
  questions: [
    { code: 'arrivee', label: 'Depuis quand habitez-vous ici ?', type: 'date', required: true,
      hint: 'Le jour approximatif suffit.' },
    { code: 'bienvenue', label: 'Merci !\nLa dernière question porte sur l\'accueil.', type: 'note' },
    { code: 'idee', label: 'Une idée pour les nouveaux arrivants ?', type: 'short_text' },
  ],
};

let server;
let browser;
let world;
let db;
let surveyId;

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-dates-'));
  world = await setupWorld(server);
  const survey = await world.admin.call('POST', '/api/v1/surveys', DATES);
  surveyId = survey.id;
  await world.admin.call('POST', `/api/v1/surveys/${surveyId}/publish`);
  await world.admin.call('PUT', `/api/v1/surveys/${surveyId}/quartiers`, { quartier_ids: [world.quartier.id] });
  await world.admin.call('POST', `/api/v1/surveys/${surveyId}/open`);
  // Chromium in French (chromium-l10n): the date field reads day, month, year.
  browser = await launchBrowser({ uiLanguage: 'fr_FR' });
});

after(() => stopAll({ browsers: [browser], server, db }));

const errorText = async (page) => (await page.getByTestId('form-error').textContent()).trim();

test('a date typed key by key is saved, synced and exported as that day', async () => {
  const page = await browser.context.newPage();
  const problems = watchPage(page);
  await signIn(page, server.url);
  await page.getByTestId('open-survey').filter({ hasText: DATES.title }).click();
  await page.getByTestId('informed').check();
  await page.getByTestId('begin').click();

  const field = page.locator('#q-arrivee');
  assert.equal(await field.getAttribute('type'), 'date');
  assert.equal((await page.locator('#qhint-arrivee').textContent()).trim(), 'Le jour approximatif suffit.');
  await checkA11y(page, 'date question');

  // Day and month only: the field holds no date yet, so the question is unanswered.
  await field.focus();
  await field.pressSequentially('0209');
  assert.equal(await field.inputValue(), '');
  await page.getByTestId('next').click();
  await until(async () => (await errorText(page)) === 'Réponse obligatoire.', 'required message', 5_000);

  // Back to the field's year (Tab moves between its day, month and year); the year completes it
  // and the message goes.
  await field.focus();
  await field.press('Tab');
  await field.press('Tab');
  await field.pressSequentially('2019');
  assert.equal(await field.inputValue(), '2019-09-02');
  await until(async () => (await errorText(page)) === '', 'message cleared', 5_000);
  await page.getByTestId('next').click();

  // The note: its text, taking the focus; nothing to answer.
  const note = page.locator('[data-question=bienvenue]');
  await note.waitFor();
  assert.equal((await note.locator('.note-text').innerText()).trim(), "Merci !\nLa dernière question porte sur l'accueil.");
  assert.equal(await note.locator('input, textarea, select').count(), 0);
  await until(async () => page.evaluate(() => document.activeElement?.classList.contains('note-text')), 'focus on the note');
  await checkA11y(page, 'note between questions');
  await page.getByTestId('next').click();

  // Going back shows the day.
  await page.locator('#q-idee').waitFor();
  await page.getByRole('button', { name: 'Précédent' }).click();
  await note.waitFor();
  await page.getByRole('button', { name: 'Précédent' }).click();
  assert.equal(await page.locator('#q-arrivee').inputValue(), '2019-09-02');
  await page.getByTestId('next').click();
  await page.getByTestId('next').click();
  await page.getByTestId('next').click();
  await page.getByTestId('save').waitFor();
  await page.locator('#survey-quartier').selectOption({ index: 1 });
  await page.locator('#survey-place').pressSequentially('Place Mendès-France');
  await page.getByTestId('save').click();
  await page.getByTestId('receipt-code').waitFor();
  await home(page);
  await drained(page);

  const [entry] = (await outboxEntries(page)).filter((e) => e.kind === 'response');
  assert.deepEqual(entry.item.item.answers, { arrivee: '2019-09-02' });
  assert.equal((await present(world.volunteer, [entry.id])).size, 1);

  const rows = await exportedResponses(server.url, world.admin.token, surveyId);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].arrivee, '2019-09-02');
  assert.equal('bienvenue' in rows[0], false, 'a note has no column');
  assert.deepEqual(problems, []);
  await page.close();
});
