// Issue 15 §2: richer conditions. A question is shown when the resident lives here (`none_of`)
// and is 16 to 25 (bounds), and the next when the previous one was answered or the resident is
// 60 or more (`any`, `answered`). The phone asks or skips them as the domain's rules say, and
// the server, running the same code, accepts both answer sets (it refuses an answer to a
// hidden question). The coordinator sees the condition in words in the builder, and can remove
// it. A coordinator also composes one by hand, rule by rule (a nested condition replaced,
// bounds typed key by key, « et » / « ou »), and the draft keeps exactly what was written. axe on
// the builder with conditions.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, serverOnOwnDatabase, stopAll, until } from './lib/harness.mjs';
import { setupStaffWorld, signInAs, COORDINATOR } from './lib/staff.mjs';
import { signIn, home, drained, outboxEntries, present } from './lib/app.mjs';
import { checkA11y } from './lib/axe.mjs';

const YOUTH = {
  title: 'Jeunesse et quartier',
  questions: [
    { code: 'habite', label: 'Habitez-vous le quartier ?', type: 'yes_no', required: true },
    { code: 'age', label: 'Votre âge ?', type: 'number', min: 0, max: 120, integer: true, required: true },
    { code: 'etudes', label: 'Êtes-vous en études ?', type: 'yes_no',
      show_if: { all: [{ question: 'habite', none_of: ['no'] }, { question: 'age', at_least: 16, at_most: 25 }] } },
    { code: 'idee', label: 'Une idée pour les jeunes ?', type: 'short_text',
      show_if: { any: [{ question: 'etudes', answered: true }, { question: 'age', at_least: 60 }] } },
  ],
};

let server;
let db;
let world;
let surveyId;

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-conditions-'));
  world = await setupStaffWorld(server);
  const survey = await world.admin.call('POST', '/api/v1/surveys', YOUTH);
  surveyId = survey.id;
  await world.admin.call('POST', `/api/v1/surveys/${surveyId}/publish`);
  await world.admin.call('PUT', `/api/v1/surveys/${surveyId}/quartiers`, { quartier_ids: [world.quartier.id] });
  await world.admin.call('POST', `/api/v1/surveys/${surveyId}/open`);
});

after(() => stopAll({ server, db }));

/** Answers « habite » and « âge »; returns once the next screen is up. */
async function firstTwo(page, age) {
  await page.getByTestId('informed').check();
  await page.getByTestId('begin').click();
  await page.locator('.yesno [data-value="true"]').click();
  await page.getByTestId('next').click();
  await page.locator('#q-age').pressSequentially(String(age));
  await page.getByTestId('next').click();
}

async function save(page) {
  await page.getByTestId('save').waitFor();
  const select = page.locator('#survey-quartier');
  if ((await select.count()) > 0 && (await select.inputValue()) === '') {
    await select.selectOption({ index: 1 });
    await page.locator('#survey-place').pressSequentially('Square des Dervallières');
  }
  await page.getByTestId('save').click();
  await page.getByTestId('receipt-code').waitFor();
}

test('the phone asks and skips by the conditions, and the server agrees', async () => {
  const phone = await launchBrowser();
  try {
    const page = await phone.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await signIn(page, server.url);
    await page.getByTestId('open-survey').filter({ hasText: YOUTH.title }).click();

    // 40 years old: neither « études » (16–25) nor « idée » (études unanswered, under 60).
    await firstTwo(page, 40);
    await save(page);
    await page.getByTestId('again').click();

    // 20 years old: « études » is asked; answered, it brings « idée ».
    await firstTwo(page, 20);
    await page.locator('[data-question=etudes]').waitFor();
    await page.locator('.yesno [data-value="false"]').click();
    await page.getByTestId('next').click();
    await page.locator('#q-idee').pressSequentially('Un terrain de foot éclairé');
    await page.getByTestId('next').click();
    await save(page);
    await home(page);
    await drained(page);

    const answers = (await outboxEntries(page))
      .filter((e) => e.kind === 'response')
      .map((e) => e.item.item.answers)
      .sort((a, b) => a.age - b.age);
    assert.deepEqual(answers, [
      { habite: true, age: 20, etudes: false, idee: 'Un terrain de foot éclairé' },
      { habite: true, age: 40 },
    ]);
    const ids = (await outboxEntries(page)).filter((e) => e.kind === 'response').map((e) => e.id);
    assert.equal((await present(world.volunteer, ids)).size, 2, 'the server stored both');

    // The server's own check: « études » answered at 40 is refused.
    const [entry] = (await outboxEntries(page)).filter((e) => e.kind === 'response');
    const forged = {
      ...entry.item.item,
      id: '0190f5a8-1c2d-7e3f-8a4b-5c6d7e8f9a0b',
      receipt_code: null,
      answers: { habite: true, age: 40, etudes: true },
    };
    const pushed = await world.volunteer.call('POST', '/api/v1/sync/push', { device_id: null, items: [{ kind: 'response', item: forged }] });
    assert.equal(pushed.results[0].status, 'rejected');
    assert.equal(pushed.results[0].code, 'invalid_answer');
    assert.deepEqual(errors, []);
  } finally {
    await phone.close();
  }
});

test('the builder says a combined condition in words and removes it', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await signInAs(page, server.url, COORDINATOR, '/coordination');
    await page.goto(`${server.url}/coordination/enquetes/${surveyId}`);
    const words = page.getByTestId('rule-words');
    await until(async () => (await words.count()) === 2, 'two conditions in words');
    assert.equal(
      (await words.nth(0).textContent()).trim(),
      '« Habitez-vous le quartier ? » n\'est pas : Non et « Votre âge ? » ≥ 16 et ≤ 25',
    );
    assert.equal(
      (await words.nth(1).textContent()).trim(),
      '« Êtes-vous en études ? » a une réponse ou « Votre âge ? » ≥ 60',
    );
    await checkA11y(page, 'builder: combined conditions');

    await page.getByTestId('rule-remove').first().press('Enter');
    await until(async () => (await words.count()) === 1, 'one condition left');
    await page.getByTestId('save-draft').click();
    await until(async () => {
      const survey = await world.admin.call('GET', `/api/v1/surveys/${surveyId}`);
      return survey.draft.questions[2].show_if === undefined && survey.draft.questions[3].show_if !== undefined;
    }, 'the draft saved without the first condition');
  } finally {
    await browser.close();
  }
});

test('a coordinator composes a condition by hand, rule by rule, and it is saved as written', async () => {
  const questions = YOUTH.questions.slice(0, 3).map(({ show_if, ...question }) => question);
  // A nested condition (as an XLSForm brings): said in words, replaced by choosing a question.
  questions[2].show_if = {
    any: [{ question: 'habite', any_of: ['yes'] }, { all: [{ question: 'age', at_least: 16 }, { question: 'age', at_most: 25 }] }],
  };
  const draft = await world.admin.call('POST', '/api/v1/surveys', { title: 'Jeunesse, à la main', questions });
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await signInAs(page, server.url, COORDINATOR, '/coordination');
    await page.goto(`${server.url}/coordination/enquetes/${draft.id}`);
    const third = page.locator('[data-testid="question"][data-index="2"]');
    await third.locator('#q2-rule').waitFor();
    const words = third.getByTestId('rule-words');
    assert.equal(
      (await words.textContent()).trim(),
      '« Habitez-vous le quartier ? » : Oui ou (« Votre âge ? » ≥ 16 et « Votre âge ? » ≤ 25)',
    );
    await page.selectOption('#q2-rule', 'habite');
    await page.selectOption('#q2-rule-0-test', 'none_of');
    await third.locator('[data-rule="0"] [data-rule-value="no"]').check();
    await third.getByTestId('rule-add').click();
    await page.selectOption('#q2-rule-1', 'age');
    assert.equal(await page.locator('#q2-rule-1-test').inputValue(), 'bounds', 'a number is tested by bounds first');
    await page.locator('#q2-rule-1-min').pressSequentially('16');
    await page.locator('#q2-rule-1-max').pressSequentially('25');
    await page.keyboard.press('Tab');
    const both = '« Habitez-vous le quartier ? » n\'est pas : Non et « Votre âge ? » ≥ 16 et ≤ 25';
    await until(async () => (await words.textContent()).trim() === both, `the condition in words: ${both}`);
    await page.selectOption('#q2-join', 'any');
    await until(async () => (await words.textContent()).includes('Non ou « Votre âge ? »'), 'joined by « ou »');
    assert.equal((await third.locator('label[for="q2-rule-1"]').textContent()).trim(), 'ou si');
    await page.selectOption('#q2-join', 'all');
    await until(async () => (await words.textContent()).trim() === both, 'joined by « et » again');
    await checkA11y(page, 'builder: a condition of two rules');

    await page.getByTestId('save-draft').click();
    const saved = async () => (await world.admin.call('GET', `/api/v1/surveys/${draft.id}`)).draft.questions[2].show_if;
    await until(async () => (await saved()) !== undefined, 'the draft saved with its condition');
    assert.deepEqual(await saved(), {
      all: [{ question: 'habite', none_of: ['no'] }, { question: 'age', at_least: 16, at_most: 25 }],
    });

    await third.getByTestId('rule-row-remove').click();
    await until(async () => (await words.textContent()).trim() === '« Habitez-vous le quartier ? » n\'est pas : Non', 'one rule left');
    await page.getByTestId('save-draft').click();
    await until(async () => (await saved())?.all === undefined, 'the draft saved with one rule');
    assert.deepEqual(await saved(), { question: 'habite', none_of: ['no'] });
  } finally {
    await browser.close();
  }
});
