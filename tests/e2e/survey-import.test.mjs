// Issue 15 §3–4: a coordinator imports an XLSForm from the surveys screen. The form (a French
// CSV export: `;`, BOM) carries four questions, a GPS row and a note: the report lists every
// question and the note (an information screen) with a box to tick, says why the GPS row was
// not imported and what to check; the coordinator unticks one question with the keyboard,
// makes the draft and lands in the builder with the others, the condition carried over, adds
// Turkish by hand, reads Arabic from a translator's file (translations only, by code), and
// downloads it back as an XLSForm. axe on the report and the translations.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, screenshot, serverOnOwnDatabase, stopAll, until } from './lib/harness.mjs';
import { setupStaffWorld, signInAs, COORDINATOR } from './lib/staff.mjs';
import { checkA11y } from './lib/axe.mjs';

let server;
let db;
let world;
let formPath;
let formDir;

const FORM = [
  'survey;;;;',
  ';type;name;label::Français (fr);relevant',
  ';select_one oui_non;Transport;Prenez-vous le tram ?;',
  ';select_multiple lignes;lignes;Quelles lignes ?;selected(${Transport}, ’oui’)',
  ';geopoint;ou;Où êtes-vous ?;',
  ';note;merci;Merci !;',
  ';integer;age;Votre âge;',
  ';text;remarque;Une remarque ?;',
  'choices;;;;',
  ';list_name;name;label::Français (fr);',
  ';oui_non;oui;Oui;',
  ';oui_non;non;Non;',
  ';lignes;1;Tram 1;',
  ';lignes;C6;Chronobus C6;',
  'settings;;;;',
  ';form_title;;;',
  ';Mobilité au marché;;;',
].join('\r\n');

/** The same form back from a translator: an Arabic column, a question and a choice since removed. */
const TRANSLATED = [
  'survey;;;;',
  ';type;name;label::Français (fr);label::Arabic (ar)',
  ';select_one oui_non;transport;Prenez-vous le tram ?;هل تركب الترام؟',
  ';select_multiple lignes;lignes;Quelles lignes ?;أي خطوط؟',
  ';text;ancienne;Question retirée;سؤال قديم',
  'choices;;;;',
  ';list_name;name;label::Français (fr);label::Arabic (ar)',
  ';oui_non;oui;Oui;نعم',
  ';oui_non;non;Non;',
  ';lignes;c6;Chronobus C6;كرونوبوس C6',
  ';lignes;c9;Chronobus C9;كرونوبوس C9',
  'settings;;;;',
  ';form_title;;;',
  ';Mobilité au marché;;;',
].join('\r\n');
let translatedPath;

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-survey-import-'));
  world = await setupStaffWorld(server);
  formDir = mkdtempSync(join(tmpdir(), 'pv-e2e-xlsform-'));
  formPath = join(formDir, 'mobilite.csv');
  writeFileSync(formPath, '\uFEFF' + FORM, 'utf8');
  translatedPath = join(formDir, 'mobilite-ar.csv');
  writeFileSync(translatedPath, TRANSLATED, 'utf8');
});

after(async () => {
  await stopAll({ server, db });
  rmSync(formDir, { recursive: true, force: true });
});

test('a coordinator imports a form, unticks a question and opens the draft', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await signInAs(page, server.url, COORDINATOR, '/coordination');
    await page.getByRole('link', { name: 'Enquêtes flash' }).first().click();
    await page.getByRole('heading', { name: 'Importer un formulaire XLSForm (ODK, Kobo)' }).waitFor();

    // Nothing chosen: said, next to the button.
    await page.getByRole('button', { name: 'Lire le formulaire' }).click();
    await until(async () => (await page.getByTestId('import-error').textContent()) === 'Choisissez un fichier.', 'asked for a file');

    await page.locator('#import-file').setInputFiles(formPath);
    await page.getByRole('button', { name: 'Lire le formulaire' }).press('Enter');
    const summary = page.getByTestId('import-summary');
    await summary.waitFor();
    assert.match(await summary.textContent(), /Mobilité au marché/);
    const boxes = page.getByTestId('import-keep');
    assert.equal(await boxes.count(), 5);
    const refused = await page.getByTestId('import-refused').textContent();
    assert.match(refused, /ligne 5 \(geopoint\) : position GPS/);
    assert.doesNotMatch(refused, /note/);
    await checkA11y(page, 'surveys: import report');
    await screenshot(page, 'survey-import-report');

    // Untick "Votre âge" with the keyboard.
    const age = page.getByLabel(/Votre âge/);
    assert.equal(await age.isChecked(), true);
    await age.focus();
    await page.keyboard.press('Space');
    assert.equal(await age.isChecked(), false);
    assert.match(await page.locator('legend').filter({ hasText: 'Questions à garder' }).textContent(), /4 \/ 30/);

    await page.getByTestId('import-create').click();
    await until(() => /^\/coordination\/enquetes\/\d+$/.test(new URL(page.url()).pathname), 'builder opened');
    await page.locator('#survey-title').waitFor();
    assert.equal(await page.locator('#survey-title').inputValue(), 'Mobilité au marché');
    await until(async () => (await page.getByTestId('question').count()) === 4, 'three questions and the note in the builder');

    const surveys = await world.admin.call('GET', '/api/v1/surveys');
    assert.equal(surveys.length, 1);
    const codes = surveys[0].draft.questions.map((q) => q.code);
    assert.deepEqual(codes, ['transport', 'lignes', 'merci', 'remarque']);
    assert.equal(surveys[0].draft.questions[2].type, 'note');
    assert.deepEqual(surveys[0].draft.questions[1].show_if, { question: 'transport', any_of: ['oui'] });
    assert.deepEqual(surveys[0].draft.questions[1].options.map((o) => o.code), ['o_1', 'c6']);
    // A language for the residents: Turkish, one text translated key by key.
    await page.locator('#new-language').pressSequentially('tr');
    await page.locator('#new-language').press('Enter');
    const panel = page.locator('[data-testid=language-panel][data-lang=tr]');
    await panel.locator('summary').click();
    const missing = async () => Number((await panel.getByTestId('missing-count').textContent()).split(' ')[0]);
    const before = await missing();
    assert.equal(before, 1 + 4 + 2 + 2, 'the title, three questions and the note, the options of « transport » and « lignes »');
    await page.locator('#tr-tr-q0').pressSequentially('Tramvaya biniyor musunuz?');
    await until(async () => (await missing()) === before - 1, 'one text fewer to translate');
    assert.equal(await page.locator('#tr-tr-q0').getAttribute('lang'), 'tr');
    await checkA11y(page, 'builder: languages');
    await page.getByTestId('save-draft').click();
    await until(async () => ((await page.getByTestId('builder-status').textContent()) + (await page.getByTestId('builder-error').textContent())).length > 0, 'saved or refused');
    await until(async () => {
      const [current] = await world.admin.call('GET', '/api/v1/surveys');
      return current.draft.questions[0].translations?.tr === 'Tramvaya biniyor musunuz?';
    }, 'translation saved');
    const [withTurkish] = await world.admin.call('GET', '/api/v1/surveys');
    assert.deepEqual(withTurkish.draft.languages, ['tr']);

    // A translator sends back the form with an Arabic column: only its translations are taken,
    // by code; a question and a choice the survey does not have are named, not added.
    await page.locator('#translation-file-input').setInputFiles(translatedPath);
    await page.getByRole('button', { name: 'Lire les traductions' }).press('Enter');
    const outcome = page.getByTestId('translation-file-outcome');
    await until(async () => (await outcome.textContent()).length > 0, 'translations read');
    assert.equal(
      await outcome.textContent(),
      '4 textes traduits repris (ar). Questions absentes de l\'enquête, ignorées : ancienne. ' +
        'Choix absents de l\'enquête, ignorés : lignes.c9.',
    );
    const arabic = page.locator('[data-testid=language-panel][data-lang=ar]');
    await arabic.locator('summary').click();
    assert.equal(await page.locator('#tr-ar-q0').inputValue(), 'هل تركب الترام؟');
    assert.equal(await page.locator('#tr-ar-q0').getAttribute('dir'), 'rtl');
    assert.equal(await page.locator('#tr-tr-q0').inputValue(), 'Tramvaya biniyor musunuz?', 'Turkish kept');
    assert.equal(await page.locator('#survey-title').inputValue(), 'Mobilité au marché');
    await checkA11y(page, 'builder: translations read from a file');
    await page.getByTestId('save-draft').click();
    await until(async () => {
      const [current] = await world.admin.call('GET', '/api/v1/surveys');
      return current.draft.questions[1].options[1].translations?.ar === 'كرونوبوس C6';
    }, 'Arabic saved');
    const [withArabic] = await world.admin.call('GET', '/api/v1/surveys');
    assert.deepEqual(withArabic.draft.languages, ['tr', 'ar']);
    assert.deepEqual(withArabic.draft.questions.map((q) => q.code), ['transport', 'lignes', 'merci', 'remarque']);
    assert.equal(withArabic.draft.questions[0].translations.tr, 'Tramvaya biniyor musunuz?');

    // And out again, as an XLSForm for ODK or Kobo.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-xlsform').click(),
    ]);
    assert.equal(download.suggestedFilename(), 'mobilite_au_marche-brouillon.xlsx');
    const saved = join(formDir, 'export.xlsx');
    await download.saveAs(saved);
    assert.equal(readFileSync(saved).subarray(0, 2).toString(), 'PK');
    await page.getByText('Brouillon enregistré téléchargé en XLSForm.').waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
