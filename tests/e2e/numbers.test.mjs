// Issue 12 §1: number answers typed key by key are kept as typed (`2.5` never becomes `52`,
// `-3` never `3`), `.` and `,` both mean a decimal point, min/max/integer are enforced on the
// phone with a clear message that goes once the answer is right, and the values the server
// stores are the ones typed. The server refuses out-of-range numbers too.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { launchBrowser, watchPage, screenshot, until, serverOnOwnDatabase, stopAll } from './lib/harness.mjs';
import { setupWorld, signIn, home, drained, present, exportedResponses } from './lib/app.mjs';

const NUMBERS = {
  title: 'Budget et trajets',
  questions: [
    { code: 'ticket', label: 'Prix du ticket (euros) ?', type: 'number', min: 0, max: 100, required: true },
    { code: 'distance', label: "Distance jusqu'au tram (km) ?", type: 'number', min: 0 },
    { code: 'ressenti', label: 'Température ressentie ?', type: 'number', min: -20, max: 50, required: true },
    { code: 'enfants', label: "Nombre d'enfants ?", type: 'number', min: 0, max: 10, integer: true, required: true },
  ],
};

let server;
let browser;
let db;
let world;
let surveyId;

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-numbers-'));
  world = await setupWorld(server);
  const survey = await world.admin.call('POST', '/api/v1/surveys', NUMBERS);
  surveyId = survey.id;
  await world.admin.call('POST', `/api/v1/surveys/${surveyId}/publish`);
  await world.admin.call('PUT', `/api/v1/surveys/${surveyId}/quartiers`, { quartier_ids: [world.quartier.id] });
  await world.admin.call('POST', `/api/v1/surveys/${surveyId}/open`);
  browser = await launchBrowser();
});

after(() => stopAll({ browsers: [browser], server, db }));

/** Types `text` one key at a time, checking after each key that the field shows what was typed. */
async function typeKeys(field, text) {
  const before = await field.inputValue();
  // The person taps at the end of what is already there.
  await field.click();
  await field.press('End');
  let typed = '';
  for (const key of text) {
    await field.pressSequentially(key);
    typed += key;
    assert.equal(await field.inputValue(), before + typed, `after typing ${JSON.stringify(before + typed)}`);
  }
}

/** Empties a field with the keyboard, as a person does. */
async function erase(field) {
  await field.focus();
  await field.press('Control+A');
  await field.press('Backspace');
  assert.equal(await field.inputValue(), '');
}

const errorText = async (page) => (await page.getByTestId('form-error').textContent()).trim();

/** Waits until the form's message reads `expected` (the screen updates just after the event). */
async function says(page, expected) {
  await until(async () => (await errorText(page)) === expected, `message "${expected}"`, 5_000);
}

/** A UUIDv7 (what phones use as ids) for a push made by hand. */
function uuidv7() {
  const hex = Date.now().toString(16).padStart(12, '0') + randomBytes(10).toString('hex');
  const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

test('numbers typed key by key are saved and synced as typed; bounds and integers checked on the phone', async () => {
  const page = await browser.context.newPage();
  const problems = watchPage(page);
  await signIn(page, server.url);
  await page.getByTestId('open-survey').filter({ hasText: NUMBERS.title }).click();
  await page.getByTestId('informed').check();
  await page.getByTestId('begin').click();

  // A decimal with a point; the rule is said under the field.
  const ticket = page.locator('#q-ticket');
  assert.equal((await page.locator('#hint-ticket').textContent()).trim(), 'Un nombre entre 0 et 100.');
  await typeKeys(ticket, '2.5');
  await page.getByTestId('next').click();

  // Out of range (below the minimum), then a decimal with a comma.
  const distance = page.locator('#q-distance');
  await typeKeys(distance, '-1');
  await page.getByTestId('next').click();
  await says(page, 'Un nombre supérieur ou égal à 0.');
  await erase(distance);
  await says(page, '');
  await typeKeys(distance, '0,5');
  await page.getByTestId('next').click();

  // A lone minus is not a number yet; the negative number is.
  const ressenti = page.locator('#q-ressenti');
  await typeKeys(ressenti, '-');
  await page.getByTestId('next').click();
  await says(page, 'Écrivez un nombre, par exemple 2,5 ou -3.');
  await typeKeys(ressenti, '3');
  await says(page, '');
  await page.getByTestId('next').click();

  // Integer between 0 and 10: too many, then not whole, then right.
  const enfants = page.locator('#q-enfants');
  await typeKeys(enfants, '12');
  await page.getByTestId('next').click();
  await says(page, 'Un nombre entier entre 0 et 10.');
  await screenshot(page, '33-number-out-of-range');
  await erase(enfants);
  await typeKeys(enfants, '2,5');
  await says(page, 'Un nombre entier entre 0 et 10.');
  await erase(enfants);
  await typeKeys(enfants, '3');
  await says(page, '');
  await page.getByTestId('next').click();

  // Going back shows the number as typed.
  await page.getByTestId('save').waitFor();
  await page.getByRole('button', { name: 'Précédent' }).click();
  assert.equal(await page.locator('#q-enfants').inputValue(), '3');
  await page.getByTestId('next').click();
  await page.getByTestId('save').waitFor();
  await page.locator('#survey-quartier').selectOption({ index: 1 });
  await page.locator('#survey-place').pressSequentially('Arrêt Bellevue');
  await page.getByTestId('save').click();
  await page.getByTestId('receipt-code').waitFor();
  await home(page);
  await drained(page);

  const [entry] = await page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('porte-voix');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const get = open.result.transaction('outbox').objectStore('outbox').getAll();
          get.onsuccess = () => resolve(get.result.filter((e) => e.kind === 'response'));
          get.onerror = () => reject(get.error);
        };
      }),
  );
  assert.deepEqual(entry.item.item.answers, { ticket: 2.5, distance: 0.5, ressenti: -3, enfants: 3 });
  assert.equal((await present(world.volunteer, [entry.id])).size, 1);

  // What the server stores (its JSON-lines export).
  const rows = await exportedResponses(server.url, world.admin.token, surveyId);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].ticket, 2.5);
  assert.equal(rows[0].distance, 0.5);
  assert.equal(rows[0].ressenti, -3);
  assert.equal(rows[0].enfants, 3);

  // The server applies the same bounds: an out-of-range number pushed by hand is refused.
  const forged = { ...entry.item.item, id: uuidv7(), receipt_code: null, answers: { ticket: 2.5, ressenti: -3, enfants: 12 } };
  const pushed = await world.volunteer.call('POST', '/api/v1/sync/push', {
    device_id: null,
    items: [{ kind: 'response', item: forged }],
  });
  assert.equal(pushed.results[0].status, 'rejected');
  assert.equal(pushed.results[0].code, 'invalid_answer');
  assert.deepEqual(problems, []);
  await page.close();
});

test('in English the rule and the messages are English, with a decimal point', async () => {
  const page = await browser.context.newPage();
  await page.goto(server.url + '/');
  await until(async () => (await page.getByTestId('open-survey').count()) > 0, 'home');
  await page.locator('.topbar .lang').click();
  await page.getByTestId('open-survey').filter({ hasText: NUMBERS.title }).click();
  await page.getByTestId('informed').check();
  await page.getByTestId('begin').click();
  assert.equal((await page.locator('#hint-ticket').textContent()).trim(), 'A number between 0 and 100.');
  // The survey's own words are French in the English interface, and marked so (WCAG 3.1.2).
  assert.equal(await page.locator('h1').getAttribute('lang'), 'fr');
  assert.equal(await page.locator('#legend-ticket span[lang="fr"]').count(), 1);
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  await page.getByTestId('next').click();
  await says(page, 'An answer is required.');
  await typeKeys(page.locator('#q-ticket'), '150');
  await says(page, 'A number between 0 and 100.');
  await erase(page.locator('#q-ticket'));
  await typeKeys(page.locator('#q-ticket'), '99.5');
  await says(page, '');
  await page.locator('.topbar .lang').click();
  await page.close();
});
