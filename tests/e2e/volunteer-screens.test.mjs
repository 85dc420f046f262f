// Issue 12, the volunteers' screens: a failed load is said with « Réessayer » (never dropped
// silently); personal data typed into a testimony is named in a polite warning, offline too;
// « Envois » shows a testimony only redacted; theme labels follow the language; each refused
// enrolment code says why, beside the enrol button.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { launchBrowser, watchPage, appReady, swControls, until, DB_KIND, VOLUNTEER, serverOnOwnDatabase, stopAll } from './lib/harness.mjs';
import { setupWorld, signIn, home, goOffline, outboxEntries, drained } from './lib/app.mjs';
import { checkA11y } from './lib/axe.mjs';

let server;
let browser;
let db;
let world;

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-volunteer-screens-'));
  world = await setupWorld(server);
  browser = await launchBrowser();
});

after(() => stopAll({ browsers: [browser], server, db }));

const text = async (locator) => ((await locator.textContent()) ?? '').trim();

/** Waits until `locator` reads `expected` (the screen updates just after the event). */
async function says(locator, expected, timeout = 5_000) {
  await until(async () => (await text(locator)) === expected, `"${expected}" on screen`, timeout);
}

/** Runs one SQL statement on the test's database (time passing, without sleeping). */
function sql(statement) {
  if (DB_KIND === 'sqlite') {
    const file = db.url.replace(/^sqlite:\/\//, '');
    const script = 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()';
    execFileSync('python3', ['-c', script, file, statement]);
  } else {
    execFileSync('psql', ['-tA', '-v', 'ON_ERROR_STOP=1', db.url, '-c', statement]);
  }
}

/** Picks the first quartier and types a place, as a volunteer without an outing does. */
async function where(page) {
  await page.locator('#testimony-quartier').selectOption({ index: 1 });
  await page.locator('#testimony-place').pressSequentially('Marché');
}

test('a first load that fails is said on the home screen, and « Réessayer » loads', async () => {
  const phone = await launchBrowser();
  try {
    let failing = true;
    let pulls = 0;
    await phone.context.route('**/api/v1/sync/pull**', (route) => {
      pulls += 1;
      return failing ? route.abort('connectionreset') : route.continue();
    });
    const page = await phone.context.newPage();
    const problems = watchPage(page);
    await page.goto(server.url + '/connexion');
    await appReady(page);
    await page.locator('#email').pressSequentially(VOLUNTEER.email);
    await page.locator('#password').pressSequentially(VOLUNTEER.password);
    await page.getByTestId('login-form').getByRole('button').click();
    const error = page.getByTestId('load-error');
    await error.waitFor();
    assert.match(await text(error), /^Les enquêtes et quartiers n'ont pas pu être chargés \(.+\)$/);
    assert.equal(await error.getAttribute('role'), 'alert');
    assert.equal(await page.getByTestId('open-survey').count(), 0);
    await checkA11y(page, 'home with a failed load');
    // Said in the volunteer's language too.
    await page.locator('.topbar .lang').click();
    await until(async () => /^Surveys and quartiers could not be loaded/.test(await text(error)), 'English load error');
    await page.locator('.topbar .lang').click();
    const retry = page.getByTestId('retry');
    await says(retry, 'Réessayer');
    failing = false;
    const before = pulls;
    await retry.click();
    await page.getByTestId('open-survey').first().waitFor();
    assert.ok(pulls > before, 'the retry pulled');
    await until(async () => (await error.count()) === 0, 'error gone once loaded');
    // Only the aborted requests' own console lines; the app itself raised nothing.
    assert.deepEqual(problems.filter((p) => !/ERR_CONNECTION_RESET|Failed to load resource/.test(p)), []);
    await page.close();
  } finally {
    await phone.close();
  }
});

test('a cached catalogue that cannot be read is said, not dropped, and « Réessayer » reads it again', async () => {
  // Signed in online first, so the catalogue is cached, and the app shell too (it opens offline).
  const first = await browser.context.newPage();
  await signIn(first, server.url);
  await swControls(first);
  await first.close();
  const page = await browser.context.newPage();
  // IndexedDB refuses to read the catalogue (a storage fault) while the flag is up.
  await page.addInitScript(() => {
    window.pvFailCatalogue = true;
    const get = IDBObjectStore.prototype.get;
    IDBObjectStore.prototype.get = function (key) {
      if (key === 'catalogue' && window.pvFailCatalogue) throw new DOMException('disk read failed', 'UnknownError');
      return get.call(this, key);
    };
  });
  await goOffline(browser.context);
  try {
    await page.goto(server.url + '/');
    await appReady(page);
    const error = page.getByTestId('load-error');
    await says(error, "Les enquêtes et quartiers n'ont pas pu être chargés");
    assert.equal(await page.getByTestId('open-survey').count(), 0);
    await page.evaluate(() => {
      window.pvFailCatalogue = false;
    });
    await page.getByTestId('retry').click();
    await page.getByTestId('open-survey').first().waitFor();
    await until(async () => (await error.count()) === 0, 'error gone once read');
  } finally {
    await browser.context.setOffline(false);
    await page.close();
  }
});

test('a phone number typed key by key is named in a polite warning, offline, and goes when removed', async () => {
  const page = await browser.context.newPage();
  const problems = watchPage(page);
  await signIn(page, server.url);
  await goOffline(browser.context, page);
  await page.getByTestId('new-testimony').click();
  const field = page.locator('#testimony-text');
  const warning = page.getByTestId('pii-warning');
  assert.equal(await warning.getAttribute('aria-live'), 'polite');
  await field.pressSequentially('Le tram passe jamais, ');
  await page.getByLabel('Peut être citée (anonymement)').check();
  assert.equal(await text(warning), '');
  await field.pressSequentially('appelez-moi au 06 39 98 55 10');
  await says(
    warning,
    "Attention, ce texte semble contenir un numéro de téléphone. Ce sera masqué à la relecture, mais mieux vaut ne pas l'écrire.",
  );
  await checkA11y(page, 'testimony with a personal-data warning');
  // Not blocking: the form can still be filled in, and the warning speaks English in English.
  await page.locator('.topbar .lang').click();
  await says(warning, 'Careful, this text seems to contain a phone number. It will be masked for review, but better not to write it.');
  await page.locator('.topbar .lang').click();
  await field.press('End');
  for (let i = 0; i < '06 39 98 55 10'.length; i++) await field.press('Backspace');
  await says(warning, '');
  await field.pressSequentially('Mme Girard');
  await says(
    warning,
    "Attention, ce texte semble contenir un nom. Ce sera masqué à la relecture, mais mieux vaut ne pas l'écrire.",
  );
  await field.clear();
  await says(warning, '');
  await browser.context.setOffline(false);
  await home(page);
  assert.deepEqual(problems, []);
  await page.close();
});

test('« Envois » shows a testimony redacted, never the phone number, before and after sending', async () => {
  const page = await browser.context.newPage();
  await page.goto(server.url + '/');
  await appReady(page);
  await page.getByTestId('new-testimony').waitFor();
  await goOffline(browser.context, page);
  await page.getByTestId('new-testimony').click();
  await page.locator('#testimony-text').pressSequentially('Appelez-moi au 06 39 98 55 10, le tram passe jamais le soir.');
  await page.getByLabel('Comptée seulement, jamais citée').check();
  await where(page);
  await page.getByTestId('save').click();
  await page.getByTestId('receipt-code').waitFor();
  await home(page);
  await page.getByTestId('open-outbox').click();
  const summary = page.getByTestId('summary').first();
  await says(summary, 'Appelez-moi au [téléphone], le tram passe jamais le soir.');
  const number = /06 ?39 ?98 ?55 ?10|55 ?10/;
  assert.doesNotMatch(await page.locator('main').textContent(), number);
  // What the phone keeps to show (the summary) is redacted too, not only what is drawn.
  const entries = await outboxEntries(page);
  assert.ok(entries.length > 0);
  for (const entry of entries) assert.doesNotMatch(entry.summary ?? '', number);
  await browser.context.setOffline(false);
  await drained(page);
  assert.doesNotMatch(await page.locator('main').textContent(), number);
  await page.close();
});

test('theme labels come from the codebook in the interface language', async () => {
  const page = await browser.context.newPage();
  await page.goto(server.url + '/parole');
  await page.locator('#testimony-text').waitFor();
  const housing = page.locator('.chip[data-theme="logement"]');
  await until(async () => (await text(housing)).startsWith('Logement'), 'French label');
  await page.locator('.topbar .lang').click();
  await until(async () => (await text(housing)).startsWith('Housing'), 'English label');
  const mobility = page.locator('.chip[data-theme="mobilite"]');
  await page.locator('#testimony-text').pressSequentially('Le tram est toujours plein.');
  await until(async () => (await text(mobility)) === 'Transport and getting aroundSuggested: tram', 'English suggested chip');
  assert.doesNotMatch(await page.locator('.chips').textContent(), /Logement|Mobilités/);
  await page.locator('#testimony-text').clear();
  await page.locator('.topbar .lang').click();
  await until(async () => (await text(housing)).startsWith('Logement'), 'French again');
  await page.close();
});

test('each refused enrolment code says why, beside the enrol button', async () => {
  const users = await world.admin.call('GET', '/api/v1/users');
  const volunteer = (users.items ?? users).find((u) => u.email === VOLUNTEER.email);
  const newCode = async () =>
    (await world.admin.call('POST', '/api/v1/devices/enrolments', { user_id: volunteer.id })).code;
  const enrolWith = async (page, code) => {
    await page.goto(server.url + '/connexion');
    await appReady(page);
    await page.locator('#enrol-code').pressSequentially(code);
    await page.getByTestId('enrol-form').getByRole('button').click();
  };
  const phone = await launchBrowser();
  try {
    const page = await phone.context.newPage();
    const beside = page.getByTestId('enrol-form').getByTestId('enrol-error');

    await enrolWith(page, 'ZZZZ-ZZZZ');
    await says(beside, 'Code inconnu : vérifiez les 8 caractères (par exemple K7QX-2M9D) ou demandez un nouveau code à la coordination.');
    await says(page.getByTestId('signin-error'), '');

    const code = await newCode();
    await enrolWith(page, code);
    await page.getByTestId('new-testimony').waitFor();
    await enrolWith(page, code);
    await says(beside, 'Ce code a déjà servi : chaque code n\'enregistre qu\'un téléphone. Demandez un nouveau code à la coordination.');
    await page.locator('.topbar .lang').click();
    await says(beside, 'This code has already been used: each code enrols one phone only. Ask your coordinator for a new code.');
    await page.locator('.topbar .lang').click();

    const late = await newCode();
    sql('UPDATE enrolments SET expires_at = 1 WHERE used_at IS NULL');
    await enrolWith(page, late);
    await says(beside, 'Ce code a expiré : demandez un nouveau code à la coordination.');
    await page.close();
  } finally {
    await phone.close();
  }
});
