// What a volunteer does in the app, and the server-side set-up the scenarios need.

import assert from 'node:assert/strict';
import { Api, ADMIN, VOLUNTEER, appReady, until } from './harness.mjs';

/** The flash survey of the scenarios: a choice, a yes/no, and a text shown only after "yes". */
export const SURVEY = {
  title: 'Se déplacer dans le quartier',
  intro: 'Deux minutes sur les transports.',
  questions: [
    {
      code: 'mode',
      label: 'Comment venez-vous au marché ?',
      type: 'single_choice',
      options: [
        { code: 'tram', label: 'En tram' },
        { code: 'bus', label: 'En bus' },
        { code: 'pied', label: 'À pied' },
      ],
      required: true,
    },
    { code: 'souci', label: 'Un souci de transport ?', type: 'yes_no', required: true },
    {
      code: 'lequel',
      label: 'Lequel ?',
      type: 'short_text',
      required: true,
      show_if: { question: 'souci', any_of: ['yes'] },
    },
    { code: 'note', label: 'Votre satisfaction', type: 'scale', smiley: true },
  ],
};

/** Admin signed in, a volunteer account, an open survey assigned to the first quartier. */
export async function setupWorld(server) {
  const admin = new Api(server.url);
  await admin.login(ADMIN.email, ADMIN.password);
  await admin.call('POST', '/api/v1/users', {
    email: VOLUNTEER.email,
    display_name: 'Camille Volontaire',
    role: 'volunteer',
    password: VOLUNTEER.password,
  });
  const quartiers = await admin.call('GET', '/api/v1/quartiers');
  const quartier = quartiers[0];
  const other = quartiers[1];
  const survey = await admin.call('POST', '/api/v1/surveys', SURVEY);
  await admin.call('POST', `/api/v1/surveys/${survey.id}/publish`);
  await admin.call('PUT', `/api/v1/surveys/${survey.id}/quartiers`, { quartier_ids: [quartier.id] });
  await admin.call('POST', `/api/v1/surveys/${survey.id}/open`);
  const volunteer = new Api(server.url);
  await volunteer.login(VOLUNTEER.email, VOLUNTEER.password);
  return { admin, volunteer, quartier, other, surveyId: survey.id };
}

/** Rows of a table in the test's database (see `testDatabase`). */
export function countRows(db, table) {
  return db.count(table);
}

export async function signIn(page, base) {
  await page.goto(base + '/connexion');
  await appReady(page);
  await page.fill('#email', VOLUNTEER.email);
  await page.fill('#password', VOLUNTEER.password);
  await page.click('[data-testid=login-form] button[type=submit]');
  await page.getByTestId('new-testimony').waitFor();
  // The first pull brought the survey.
  await page.getByTestId('open-survey').first().waitFor();
}

export async function home(page) {
  await page.click('.topbar .brand');
  await page.getByTestId('new-testimony').waitFor();
}

export async function startOuting(page, quartierName, place) {
  await page.getByTestId('start-outing').click();
  await page.selectOption('#outing-quartier', { label: quartierName });
  await page.fill('#outing-place', place);
  await page.getByTestId('outing-start').click();
  await page.getByTestId('approached-plus').waitFor();
}

/** Without an outing in progress, the forms ask for the quartier and the place. */
async function fillWhere(page, form) {
  const select = page.locator(`#${form}-quartier`);
  if ((await select.count()) === 0 || (await select.inputValue()) !== '') return;
  await select.selectOption({ index: 1 });
  await page.fill(`#${form}-place`, 'Devant la médiathèque');
}

/** Answers the survey once (the page is on the survey's notice) and returns the receipt code. */
export async function answerOnce(page, i) {
  await page.getByTestId('informed').check();
  await page.getByTestId('begin').click();
  const mode = ['En tram', 'En bus', 'À pied'][i % 3];
  await page.getByLabel(mode).check();
  await page.getByTestId('next').click();
  const trouble = i % 2 === 0;
  await page.locator(`.yesno [data-value="${trouble}"]`).click();
  await page.getByTestId('next').click();
  if (trouble) {
    await page.fill('#q-lequel', `Tram plein, fois ${i}`);
    await page.getByTestId('next').click();
  }
  await page.locator(`.scale-step[data-value="${(i % 5) + 1}"]`).click();
  await page.getByTestId('next').click();
  await fillWhere(page, 'survey');
  await page.getByTestId('save').click();
  const code = await page.getByTestId('receipt-code').getAttribute('data-code');
  await page.getByTestId('again').click();
  return code;
}

export async function answerSurvey(page, count, start = 0) {
  await page.getByTestId('open-survey').first().click();
  const codes = [];
  for (let i = start; i < start + count; i++) codes.push(await answerOnce(page, i));
  await home(page);
  return codes;
}

export async function recordTestimonies(page, count, start = 0) {
  await page.getByTestId('new-testimony').click();
  for (let i = start; i < start + count; i++) {
    await page.fill('#testimony-text', `Le bus 23 passe trop rarement le soir, témoignage ${i}.`);
    await page.getByLabel(i % 2 ? 'Comptée seulement, jamais citée' : 'Peut être citée (anonymement)').check();
    await fillWhere(page, 'testimony');
    await page.getByTestId('save').click();
    await page.getByTestId('receipt-code').waitFor();
    await page.getByTestId('again').click();
  }
  await home(page);
}

/** Cuts the network and waits until every page has noticed (the app's offline badge). */
export async function goOffline(context, ...pages) {
  await context.setOffline(true);
  for (const page of pages) {
    await until(async () => (await page.locator('.net.off').count()) === 1, 'offline badge');
  }
}

/** The outbox entries as stored in IndexedDB, content included (`entry.item.item` is the item). */
export async function outboxEntries(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('porte-voix');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const get = db.transaction('outbox').objectStore('outbox').getAll();
          get.onsuccess = () => {
            db.close();
            resolve(get.result);
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );
}

/** The outbox as stored in IndexedDB: `[{id, kind, state, reason}]`. */
export async function outbox(page) {
  return (await outboxEntries(page)).map((e) => ({ id: e.id, kind: e.kind, state: e.state, reason: e.reason }));
}

export async function pendingNumber(page) {
  return Number(await page.getByTestId('pending-number').first().textContent());
}

/** The keys of the drafts kept in IndexedDB (`draft:testimony`, `draft:survey:3`, …). */
export async function draftKeys(page) {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('porte-voix');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const keys = db.transaction('meta').objectStore('meta').getAllKeys();
          keys.onsuccess = () => {
            db.close();
            resolve(keys.result.map(String).filter((k) => k.startsWith('draft:')));
          };
          keys.onerror = () => reject(keys.error);
        };
      }),
  );
}

/** Waits until the phone keeps no draft (a discarded one is deleted asynchronously: closing the
 * page before that would leave it for the next test). */
export async function noDraftLeft(page) {
  await until(async () => (await draftKeys(page)).length === 0, 'no draft left');
}

/** Waits until nothing is waiting in the outbox. */
export async function drained(page, timeout = 30_000) {
  await until(async () => (await outbox(page)).every((e) => e.state !== 'waiting'), 'outbox drained', timeout);
}

/** Asks the server which ids it holds (as the volunteer). */
export async function present(api, ids) {
  const { present: held } = await api.call('POST', '/api/v1/sync/check', { ids });
  return new Set(held);
}

/**
 * The answer sets of a survey as the server exports them (JSON lines, read with `token`): one
 * object per response, without the first line that describes the codes.
 */
export async function exportedResponses(baseUrl, token, surveyId) {
  const response = await fetch(`${baseUrl}/api/v1/exports/responses?survey_id=${surveyId}&format=jsonl`, {
    headers: { authorization: `Bearer ${token}` },
  });
  assert.equal(response.status, 200, 'the JSON-lines export answers');
  return (await response.text())
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line))
    .filter((row) => row.response_id);
}
