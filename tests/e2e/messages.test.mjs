// Issue 12 §5: messages a volunteer can act on. A bad enrolment code is said beside the enrol
// button (not as a wrong password); "required" messages go once the answer is given; offline,
// "Envoyer maintenant" says why it is greyed; in English every message the phone builds is
// English (validation, the server's refusals translated from their code, units).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, watchPage, until, serverOnOwnDatabase, stopAll } from './lib/harness.mjs';
import { setupWorld, signIn, home, goOffline, answerSurvey, outbox, noDraftLeft } from './lib/app.mjs';

let server;
let browser;
let db;
let world;

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-messages-'));
  world = await setupWorld(server);
  browser = await launchBrowser();
});

after(() => stopAll({ browsers: [browser], server, db }));

const text = async (locator) => ((await locator.textContent()) ?? '').trim();

/**
 * Switches the interface back to French and waits until the choice is saved (the next page of
 * this browser opens in French).
 */
async function backToFrench(page) {
  await page.locator('.topbar .lang').click();
  await until(
    () =>
      page.evaluate(
        () =>
          new Promise((resolve, reject) => {
            const open = indexedDB.open('porte-voix');
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const get = open.result.transaction('meta').objectStore('meta').get('prefs');
              get.onsuccess = () => resolve(get.result?.lang === 'Fr');
              get.onerror = () => reject(get.error);
            };
          }),
      ),
    'French saved',
    5_000,
  );
}

/** Waits until `locator` reads `expected` (the screen updates just after the event). */
async function says(locator, expected, what = expected) {
  await until(async () => (await text(locator)) === expected, `"${what}" on screen`, 5_000);
}

test('a bad enrolment code is said beside the enrol button, in the chosen language', async () => {
  const page = await browser.context.newPage();
  await page.goto(server.url + '/connexion');
  await page.getByTestId('enrol-form').waitFor();
  await page.locator('#enrol-code').pressSequentially('ABCD-EFGH');
  await page.getByTestId('enrol-form').getByRole('button').click();
  const beside = page.getByTestId('enrol-form').getByTestId('enrol-error');
  await until(async () => (await text(beside)) !== '', 'enrolment error');
  assert.equal(
    await text(beside),
    'Code inconnu : vérifiez les 8 caractères (par exemple K7QX-2M9D) ou demandez un nouveau code à la coordination.',
  );
  await says(page.getByTestId('signin-error'), '');
  await page.locator('.topbar .lang').click();
  await says(beside, 'Unknown code: check the 8 characters (for example K7QX-2M9D) or ask your coordinator for a new code.');
  await backToFrench(page);
  // Typing again clears it.
  await page.locator('#enrol-code').press('End');
  await page.locator('#enrol-code').press('Backspace');
  await until(async () => (await text(beside)) === '', 'error cleared while typing');
  await page.close();
});

test('"required" messages go as soon as the answer is given', async () => {
  const page = await browser.context.newPage();
  const problems = watchPage(page);
  await signIn(page, server.url);

  await page.getByTestId('new-testimony').click();
  // The quartier list is `required`: the browser itself asks for it first.
  await page.locator('#testimony-quartier').selectOption({ index: 1 });
  await page.locator('#testimony-place').pressSequentially('Marché');
  const error = page.getByTestId('form-error');
  await page.getByTestId('save').click();
  await says(error, 'Le texte est obligatoire.');
  await page.locator('#testimony-text').pressSequentially('Le tram est toujours plein.');
  await says(error, '');
  await page.getByTestId('save').click();
  await says(error, "Choisissez l'accord de la personne.");
  await page.getByLabel('Peut être citée (anonymement)').check();
  await says(error, '');
  // The form kept a draft: reopened, it is offered back, and can be discarded.
  await home(page);
  await page.getByTestId('new-testimony').click();
  await page.getByTestId('draft-restored').waitFor();
  assert.equal(await page.locator('#testimony-text').inputValue(), 'Le tram est toujours plein.');
  await page.getByTestId('draft-discard').click();
  assert.equal(await page.locator('#testimony-text').inputValue(), '');
  assert.equal(await page.getByTestId('draft-restored').count(), 0);
  await home(page);

  await page.getByTestId('open-survey').first().click();
  await page.getByTestId('informed').check();
  await page.getByTestId('begin').click();
  await page.getByTestId('next').click();
  await says(error, 'Réponse obligatoire.');
  await page.getByLabel('En tram').check();
  await says(error, '');
  await page.locator('.topbar .lang').click();
  await page.getByTestId('next').click();
  await page.getByTestId('next').click();
  await says(error, 'An answer is required.');
  await backToFrench(page);
  await home(page);
  await page.getByTestId('open-survey').first().click();
  await page.getByTestId('draft-restored').waitFor();
  await page.getByTestId('draft-discard').click();
  await page.getByTestId('informed').waitFor();
  await noDraftLeft(page);
  assert.deepEqual(problems, []);
  await page.close();
});

test('in English, suggestions read "Suggested: " and storage is in MB', async () => {
  const page = await browser.context.newPage();
  await page.goto(server.url + '/parole');
  await page.locator('#testimony-text').waitFor();
  await page.locator('.topbar .lang').click();
  const field = page.locator('#testimony-text');
  await field.clear();
  await field.pressSequentially('Le bus 23 passe trop rarement le soir.');
  const tag = page.locator('.chip.suggested .tag').first();
  await tag.waitFor();
  assert.match(await text(tag), /^Suggested: \S/);
  await field.clear();
  await page.goto(server.url + '/envois');
  await page.getByTestId('sync-now').waitFor();
  await until(async () => /MB \//.test(await page.locator('main').textContent()), 'storage in MB');
  assert.doesNotMatch(await page.locator('main').textContent(), /Mo\b/);
  await backToFrench(page);
  await page.close();
});

test('offline, "Envoyer maintenant" says why it is greyed', async () => {
  const page = await browser.context.newPage();
  await page.goto(server.url + '/');
  await page.getByTestId('sync-now').waitFor();
  assert.equal(await page.getByTestId('sync-offline').count(), 0, 'online: nothing to explain');
  await goOffline(browser.context, page);
  const button = page.getByTestId('sync-now');
  assert.ok(await button.isDisabled());
  const why = page.getByTestId('sync-offline');
  assert.equal(
    await text(why),
    "Pas de réseau : l'envoi se fera tout seul quand le réseau reviendra. Vos saisies restent sur le téléphone.",
  );
  assert.equal(await button.getAttribute('aria-describedby'), 'sync-offline');
  await browser.context.setOffline(false);
  await until(async () => (await page.getByTestId('sync-offline').count()) === 0, 'online again');
  await page.close();
});

test("a server's refusal is told in the volunteer's language, from its code", async () => {
  const page = await browser.context.newPage();
  await page.goto(server.url + '/');
  await page.getByTestId('open-survey').first().waitFor();
  await goOffline(browser.context, page);
  await answerSurvey(page, 1, 3);
  // Meanwhile the survey is moved to another quartier: the answer no longer fits.
  await world.admin.call('PUT', `/api/v1/surveys/${world.surveyId}/quartiers`, { quartier_ids: [world.other.id] });
  await browser.context.setOffline(false);
  await until(async () => (await outbox(page)).some((e) => e.state === 'rejected'), 'item rejected');
  await page.getByTestId('open-outbox').click();
  const reason = page.getByTestId('reason');
  await reason.waitFor();
  await says(reason, "Raison : cette enquête n'est pas affectée à ce quartier");
  await page.locator('.topbar .lang').click();
  await until(async () => (await text(page.getByTestId('reason'))) === 'Reason: this survey is not assigned to this quartier', 'English reason');
  await backToFrench(page);
  await world.admin.call('PUT', `/api/v1/surveys/${world.surveyId}/quartiers`, { quartier_ids: [world.quartier.id] });
  await page.close();
});

test('a new screen or question takes the focus: its heading or the question is read', async () => {
  const page = await browser.context.newPage();
  await page.goto(server.url + '/');
  await page.getByTestId('new-testimony').waitFor();
  const focused = () => page.evaluate(() => [document.activeElement.tagName, document.activeElement.textContent.trim()]);
  await page.getByTestId('new-testimony').click();
  await until(async () => (await focused())[0] === 'H1', 'testimony heading focused', 5_000);
  assert.deepEqual(await focused(), ['H1', "Parole d'habitant·e"]);
  await home(page);
  await page.getByTestId('open-survey').first().click();
  await until(async () => (await focused())[0] === 'H1', 'survey title focused', 5_000);
  await page.getByTestId('informed').check();
  await page.getByTestId('begin').click();
  await until(async () => (await focused())[0] === 'LEGEND', 'question focused', 5_000);
  assert.deepEqual(await focused(), ['LEGEND', 'Comment venez-vous au marché ?']);
  await page.getByLabel('En tram').check();
  await page.getByTestId('next').click();
  await until(async () => (await focused())[1] === 'Un souci de transport ?', 'next question focused', 5_000);
  await page.getByTestId('previous').click();
  await page.getByTestId('previous').click();
  await until(async () => (await focused())[0] === 'H2', 'notice heading focused', 5_000);
  await home(page);
  // Leave no draft behind for the other tests.
  await page.getByTestId('open-survey').first().click();
  await page.getByTestId('draft-restored').waitFor();
  await page.getByTestId('draft-discard').click();
  await page.close();
});
