// Issue 15 §1: a survey in French and Arabic. A coordinator imports a bilingual XLSForm (ten
// questions, labels in `label::Français (fr)` and `label::Arabic (ar)`), keeps eight and
// publishes; a volunteer answers it once in Arabic (right to left: `lang` and `dir` on the
// survey's words, typed key by key) and once in French; both answer sets are stored with the
// same option codes, in one result set. The hint under « Votre âge » follows the interview's
// language. axe on the Arabic interview.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, screenshot, serverOnOwnDatabase, stopAll, until } from './lib/harness.mjs';
import { setupStaffWorld, signInAs, COORDINATOR } from './lib/staff.mjs';
import { signIn, drained, exportedResponses } from './lib/app.mjs';
import { checkA11y } from './lib/axe.mjs';

let server;
let db;
let world;
let formDir;
let formPath;

const FORM = [
  'survey;;;;;',
  ';type;name;label::Français (fr);label::Arabic (ar);parameters;hint::Français (fr);hint::Arabic (ar)',
  ';select_one oui_non;habite;Habitez-vous le quartier ?;هل تسكن في الحي؟;',
  ';select_one mode;mode;Comment venez-vous au marché ?;كيف تأتي إلى السوق؟;',
  ';integer;age;Votre âge;عمرك;;En années;بالسنوات',
  ';text;idee;Une idée pour le quartier ?;فكرة للحي؟;',
  ';select_multiple sujets;sujets;Ce qui compte pour vous;ما يهمك;',
  ';range;note;Le marché, de 1 à 5;السوق من 1 إلى 5;start=1 end=5 step=1',
  ';text;rue;Votre rue;شارعك;',
  ';select_one oui_non;revenir;Peut-on revenir vers vous ?;هل يمكننا العودة إليك؟;',
  ';integer;enfants;Combien d\'enfants ?;كم عدد الأطفال؟;',
  ';text;commentaire;Un commentaire ?;تعليق؟;',
  'choices;;;;;',
  ';list_name;name;label::Français (fr);label::Arabic (ar);',
  ';oui_non;oui;Oui;نعم;',
  ';oui_non;non;Non;لا;',
  ';mode;tram;Tram;ترام;',
  ';mode;bus;Bus;حافلة;',
  ';mode;pied;À pied;مشياً;',
  ';sujets;securite;Sécurité;الأمن;',
  ';sujets;loyers;Loyers;الإيجارات;',
  'settings;;;;;',
  ';form_title;;;;',
  ';Le marché en deux langues;;;;',
].join('\r\n');

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-survey-languages-'));
  world = await setupStaffWorld(server);
  formDir = mkdtempSync(join(tmpdir(), 'pv-e2e-languages-'));
  formPath = join(formDir, 'marche-fr-ar.csv');
  writeFileSync(formPath, '\uFEFF' + FORM, 'utf8');
});

after(async () => {
  await stopAll({ server, db });
  rmSync(formDir, { recursive: true, force: true });
});

/** Answers the open interview; `words` are the labels in the interview's language. */
async function answer(page, words, typed) {
  const next = () => page.getByTestId('next').click();
  await page.getByLabel(words.yes, { exact: true }).check();
  await next();
  await page.getByLabel(words.tram, { exact: true }).check();
  await next();
  if (words.hint) assert.equal(await page.locator('#qhint-age').textContent(), words.hint);
  await page.locator('#q-age').pressSequentially(typed.age);
  await next();
  await page.locator('#q-idee').pressSequentially(typed.idea);
  await next();
  await page.getByLabel(words.security, { exact: true }).check();
  await next();
  await page.locator('.scale-step[data-value="4"]').click();
  await next();
  await page.getByLabel(words.no, { exact: true }).check();
  await next();
  await page.locator('#q-enfants').pressSequentially('2');
  await next();
  const select = page.locator('#survey-quartier');
  if ((await select.count()) === 1 && (await select.inputValue()) === '') {
    await select.selectOption(String(world.quartier.id));
    await page.locator('#survey-place').pressSequentially('Marché de Bellevue');
  }
  await page.getByTestId('save').click();
  await page.getByTestId('receipt-code').waitFor();
}

test('a bilingual form is imported, published and answered in Arabic and in French', async () => {
  const staff = await launchBrowser();
  let surveyId;
  try {
    const page = await staff.context.newPage();
    await signInAs(page, server.url, COORDINATOR, '/coordination');
    await page.getByRole('link', { name: 'Enquêtes flash' }).first().click();
    await page.locator('#import-file').setInputFiles(formPath);
    await page.getByRole('button', { name: 'Lire le formulaire' }).click();
    await page.getByTestId('import-summary').waitFor();
    assert.match(await page.getByTestId('import-summary').textContent(), /fr, ar/);
    assert.equal(await page.getByTestId('import-keep').count(), 10);
    for (const label of [/Votre rue/, /Un commentaire/]) {
      await page.getByLabel(label).uncheck();
    }
    await page.getByTestId('import-create').click();
    await until(() => /^\/coordination\/enquetes\/\d+$/.test(new URL(page.url()).pathname), 'builder opened');
    surveyId = Number(new URL(page.url()).pathname.split('/').pop());
    await until(async () => (await page.getByTestId('question').count()) === 8, 'eight questions');
    await page.getByTestId('publish').click();
    await until(async () => (await world.admin.call('GET', `/api/v1/surveys/${surveyId}`)).current_version !== null, 'published');
  } finally {
    await staff.close();
  }
  await world.admin.call('PUT', `/api/v1/surveys/${surveyId}/quartiers`, { quartier_ids: [world.quartier.id] });
  await world.admin.call('POST', `/api/v1/surveys/${surveyId}/open`);
  const published = await world.admin.call('GET', `/api/v1/surveys/${surveyId}`);
  assert.deepEqual(published.current_version.definition.languages, ['ar']);

  const phone = await launchBrowser();
  try {
    const page = await phone.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await signIn(page, server.url);
    await page.getByTestId('open-survey').first().click();
    await page.getByTestId('informed').check();

    // In Arabic: the survey's words right to left, the interface's (« Suivant ») unchanged.
    await page.getByTestId('interview-lang').selectOption('ar');
    await page.getByTestId('begin').click();
    const legend = page.locator('fieldset.question legend span').first();
    assert.equal(await legend.textContent(), 'هل تسكن في الحي؟');
    assert.equal(await legend.getAttribute('lang'), 'ar');
    assert.equal(await legend.getAttribute('dir'), 'rtl');
    assert.equal(await page.locator('fieldset.question').getAttribute('dir'), 'rtl');
    assert.equal(await page.locator('h1').getAttribute('lang'), 'fr', 'the untranslated title says it is French');
    await checkA11y(page, 'survey: Arabic interview');
    await screenshot(page, 'survey-arabic');
    await answer(page, { yes: 'نعم', no: 'لا', tram: 'ترام', security: 'الأمن', hint: 'بالسنوات' }, { age: '34', idea: 'مقاعد أكثر' });
    await page.getByTestId('again').click();

    // Then in French, on the same phone.
    await page.getByTestId('informed').check();
    await page.getByTestId('interview-lang').selectOption('fr');
    await page.getByTestId('begin').click();
    assert.equal(await page.locator('fieldset.question').getAttribute('dir'), 'ltr');
    await answer(page, { yes: 'Oui', no: 'Non', tram: 'Tram', security: 'Sécurité', hint: 'En années' }, { age: '61', idea: 'Plus de bancs' });
    await drained(page);
    assert.deepEqual(errors, []);
  } finally {
    await phone.close();
  }

  // One result set: both answer sets under the same version, with the same codes.
  const rows = await exportedResponses(server.url, world.admin.token, surveyId);
  assert.equal(rows.length, 2);
  for (const row of rows) {
    assert.equal(row.survey_version, 1);
    assert.equal(row.habite, 'oui');
    assert.equal(row.mode, 'tram');
    assert.equal(row.revenir, 'non');
    assert.equal(row.note, 4);
  }
  assert.deepEqual(rows.map((r) => r.age).sort(), [34, 61]);
  assert.deepEqual(rows.map((r) => r.idee).sort(), ['Plus de bancs', 'مقاعد أكثر']);
});
