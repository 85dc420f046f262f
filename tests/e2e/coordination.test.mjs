// Issue 5, browser scenarios: a coordinator builds and opens a survey in the builder; a
// volunteer answers it offline, then online; the coordinator approves one testimony, rejects
// one and sends one back "à corriger" from the review queue (keyboard); a council member sees
// the approved quote and the chart, not the others, "< 11" where fewer than 11 answered; the
// printable report renders (print media, screenshot saved).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launchBrowser, watchPage, swControls, screenshot, until, appReady, serverOnOwnDatabase, stopAll } from './lib/harness.mjs';
import { signIn, startOuting, goOffline, outbox, drained, present, pendingNumber, home } from './lib/app.mjs';
import { setupStaffWorld, signInAs, push, responseItem, testimonyItem, COORDINATOR, COUNCILLOR } from './lib/staff.mjs';

const LAPTOP = { width: 1280, height: 900 };
const APPROVED = 'Le tram 1 est toujours bondé le matin, appelez-moi au 06 12 34 56 78.';
const REJECTED = 'Texte de test sans rapport avec le quartier, à rejeter.';
const TO_FIX = 'La médiathèque ferme trop tôt le samedi, dit la voisine du troisième.';

let server;
let db;
let world;
const browsers = [];
const state = {};

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-coordination-'));
  world = await setupStaffWorld(server);
});

after(() => stopAll({ browsers, server, db }));

async function browser() {
  const b = await launchBrowser();
  browsers.push(b);
  return b;
}

const unexpected = (problems) =>
  problems.filter((p) => !/Failed to fetch|ERR_INTERNET_DISCONNECTED|net::|status of 40[13]/.test(p));

test('a coordinator builds, previews, publishes, assigns and opens a survey', async () => {
  const b = await browser();
  const page = await b.context.newPage();
  const problems = watchPage(page);
  await page.setViewportSize(LAPTOP);
  await signInAs(page, server.url, COORDINATOR, '/coordination');
  await page.getByTestId('pending-reviews').waitFor();
  await screenshot(page, '20-coordination-home');

  await page.getByRole('link', { name: 'Enquêtes flash' }).first().click();
  await page.getByRole('link', { name: 'Nouvelle enquête' }).click();
  await page.fill('#survey-title', 'Transports au marché');
  await page.fill('#survey-intro', 'Deux minutes sur les transports.');

  // Question 1: single choice; option codes come from the labels.
  await page.getByTestId('add-question').click();
  await page.fill('#q0-label', 'Comment venez-vous au marché ?');
  for (const [i, label] of ['En tram', 'En bus'].entries()) {
    await page.fill(`#q0-o${i}-label`, label);
    await page.locator(`#q0-o${i}-label`).blur();
  }
  await page.locator('[data-index="0"] [data-testid=add-option]').click();
  await page.fill('#q0-o2-label', 'À pied');
  await page.locator('#q0-o2-label').blur();
  assert.equal(await page.inputValue('#q0-o2-code'), 'a_pied');
  await page.fill('#q0-code', 'mode');

  // Question 2: yes/no.
  await page.getByTestId('add-question').click();
  await page.fill('#q1-label', 'Un souci de transport ?');
  await page.selectOption('#q1-kind', 'yes_no');
  await page.fill('#q1-code', 'souci');

  // Question 3: short text, shown only after "yes" (afficher si).
  await page.getByTestId('add-question').click();
  await page.fill('#q2-label', 'Lequel ?');
  await page.selectOption('#q2-kind', 'short_text');
  await page.fill('#q2-code', 'lequel');
  await page.selectOption('#q2-rule', 'souci');
  await page.locator('[data-index="2"] [data-rule-value="yes"]').check();

  // Question 4: optional smiley scale.
  await page.getByTestId('add-question').click();
  await page.fill('#q3-label', 'Votre satisfaction');
  await page.selectOption('#q3-kind', 'smiley');
  await page.fill('#q3-code', 'note');
  await page.locator('#q3-required').uncheck();

  await page.getByTestId('survey-valid').waitFor();

  // The preview is the volunteer's screen: the skip rule works there too.
  await page.getByTestId('show-preview').click();
  const preview = page.getByTestId('preview');
  await preview.getByTestId('informed').check();
  await preview.getByTestId('begin').click();
  await preview.getByLabel('En bus').check();
  await preview.getByTestId('next').click();
  await preview.locator('.yesno [data-value="false"]').click();
  await preview.getByTestId('next').click();
  await preview.locator('[data-question="note"]').waitFor();
  await screenshot(page, '21-survey-builder');

  await page.getByTestId('publish').click();
  await until(async () => /version 1/.test(await page.getByTestId('builder-status').textContent()), 'published');
  await page.locator(`[data-quartier="${world.quartier.slug}"]`).check();
  await page.locator(`[data-quartier="${world.small.slug}"]`).check();
  await page.getByTestId('assign').click();
  await until(async () => /Quartiers enregistrés/.test(await page.getByTestId('builder-status').textContent()), 'assigned');
  await page.getByTestId('open').click();
  await until(async () => /Enquête ouverte/.test(await page.getByTestId('builder-status').textContent()), 'opened');
  assert.match(await page.getByTestId('survey-state').textContent(), /Ouverte · Version 1/);

  const id = Number(new URL(page.url()).pathname.split('/').pop());
  const survey = await world.admin.call('GET', `/api/v1/surveys/${id}`);
  assert.equal(survey.status, 'open');
  assert.equal(survey.current_version.version, 1);
  assert.deepEqual(survey.quartier_ids.sort(), [world.quartier.id, world.small.id].sort());
  assert.deepEqual(survey.current_version.definition.questions.map((q) => q.code), ['mode', 'souci', 'lequel', 'note']);
  assert.deepEqual(survey.current_version.definition.questions[0].options.map((o) => o.code), ['en_tram', 'en_bus', 'a_pied']);
  assert.deepEqual(survey.current_version.definition.questions[2].show_if, { question: 'souci', any_of: ['yes'] });
  state.survey = survey;
  state.coordinator = { b, page };
  assert.deepEqual(unexpected(problems), []);
});

test('a volunteer answers it offline, then online', async () => {
  const b = await browser();
  const page = await b.context.newPage();
  await signIn(page, server.url);
  assert.equal(await page.evaluate(() => document.documentElement.dataset.pvBundle), 'volunteer');
  await swControls(page);
  await goOffline(b.context, page);
  await startOuting(page, world.quartier.name, 'Marché de Bellevue');
  await home(page);

  await page.getByTestId('open-survey').first().click();
  await page.getByTestId('informed').check();
  await page.getByTestId('begin').click();
  await page.getByLabel('À pied').check();
  await page.getByTestId('next').click();
  await page.locator('.yesno [data-value="true"]').click();
  await page.getByTestId('next').click();
  await page.fill('#q-lequel', 'Le tram est plein');
  await page.getByTestId('next').click();
  await page.locator('.scale-step[data-value="4"]').click();
  await page.getByTestId('next').click();
  await page.getByTestId('save').click();
  await page.getByTestId('receipt-code').waitFor();
  await home(page);

  await page.getByTestId('new-testimony').click();
  const receipts = {};
  for (const text of [APPROVED, REJECTED, TO_FIX]) {
    await page.fill('#testimony-text', text);
    await page.getByLabel('Peut être citée (anonymement)').check();
    await page.getByTestId('save').click();
    receipts[text] = await page.getByTestId('receipt-code').getAttribute('data-code');
    await page.getByTestId('again').click();
  }
  state.receipts = receipts;
  await home(page);
  assert.equal(await pendingNumber(page), 4);

  await b.context.setOffline(false);
  await drained(page);
  const items = await outbox(page);
  assert.equal(items.length, 4);
  const held = await present(world.volunteer, items.map((e) => e.id));
  assert.equal(held.size, 4, 'the server holds the answer and the three testimonies');
  state.volunteer = { b, page, items };

  // Enough people for published figures in the main quartier (12 more, most by tram), and
  // only three in the council's second quartier.
  const version = state.survey.current_version.id;
  const answers = (mode, souci) => (souci ? { mode, souci, lequel: 'Trop d’attente' } : { mode, souci });
  const more = [];
  for (let i = 0; i < 12; i++) more.push(responseItem(version, world.quartier.id, answers('en_tram', i % 3 === 0)));
  for (let i = 0; i < 11; i++) more.push(responseItem(version, world.quartier.id, answers('en_bus', false)));
  for (let i = 0; i < 3; i++) more.push(responseItem(version, world.small.id, answers('en_tram', false)));
  // Quotes are published from quartier-months with at least 11 approved testimonies.
  for (let i = 0; i < 10; i++) more.push(testimonyItem(world.quartier.id, `Le bus passe trop rarement le soir, parole ${i}.`));
  const pushed = await push(world.volunteer, more);
  for (const result of pushed.results.filter((r, i) => more[i].kind === 'testimony')) {
    await world.admin.call('POST', `/api/v1/moderation/testimonies/${result.id}/decision`, { decision: 'approve', confirm_sensitive: true });
  }
});

test('the coordinator approves one testimony, rejects one and sends one back "à corriger"', async () => {
  const { page } = state.coordinator;
  const problems = watchPage(page);
  await page.getByRole('link', { name: 'Modération' }).first().click();
  await page.getByTestId('review-row').first().waitFor();
  assert.equal(await page.getByTestId('review-row').count(), 3, 'three testimonies wait for review');
  assert.equal(await page.title(), 'Modération — Porte-Voix');

  const row = (text) => page.getByTestId('review-row').filter({ hasText: text.slice(0, 30) });
  const detail = page.getByTestId('review-detail');

  // Approve with the keyboard: the original text is shown beside the redacted one.
  await row(APPROVED).click();
  await until(async () => (await detail.getByTestId('original').textContent()).includes('06 12 34 56 78'), 'original text');
  const redacted = await detail.getByTestId('redacted').inputValue();
  assert.ok(!redacted.includes('06 12 34 56 78'), `phone number redacted: ${redacted}`);
  assert.ok(redacted.includes('Le tram 1 est toujours bondé'));
  await detail.locator('[data-theme="mobilite"]').waitFor();
  await screenshot(page, '22-review-queue');
  await page.keyboard.press('a');
  await until(async () => (await page.getByTestId('review-row').count()) === 2, 'approved item leaves the queue');

  // Reject with a reason (r, type, Enter).
  await row(REJECTED).click();
  await page.keyboard.press('r');
  await page.keyboard.type('Hors sujet pour le conseil.');
  await page.keyboard.press('Enter');
  await until(async () => (await page.getByTestId('review-row').count()) === 1, 'rejected item leaves the queue');

  // "À corriger" with a message for the volunteer's phone (c, type, Enter).
  await row(TO_FIX).click();
  await page.keyboard.press('c');
  await page.keyboard.type('Merci de retirer « du troisième », cela désigne une personne.');
  await page.keyboard.press('Enter');
  await page.getByTestId('review-empty').waitFor();

  const byText = async (text) => {
    const all = await world.admin.call('GET', '/api/v1/moderation/testimonies?limit=100');
    return all.items.find((i) => i.text === text);
  };
  assert.equal((await byText(APPROVED)).status, 'approved');
  const rejected = await byText(REJECTED);
  assert.equal(rejected.status, 'rejected');
  assert.equal(rejected.moderation_message, 'Hors sujet pour le conseil.');
  const toFix = await byText(TO_FIX);
  assert.equal(toFix.status, 'needs_correction');
  assert.match(toFix.moderation_message, /Merci de retirer/);

  // The queue on a phone-sized screen.
  await page.setViewportSize({ width: 412, height: 860 });
  await page.selectOption('#f-status', '');
  await page.getByTestId('review-row').first().waitFor();
  await screenshot(page, '26-review-phone');
  await page.setViewportSize(LAPTOP);

  // The request reaches the volunteer's phone.
  const volunteer = state.volunteer.page;
  await volunteer.getByTestId('sync-now').click();
  await until(async () => (await outbox(volunteer)).some((e) => e.state === 'needs_correction'), 'correction request pulled');
  assert.deepEqual(unexpected(problems), []);
});

test('the coordinator publishes to the council with the keyboard; publishing again waits for 11 more people', async () => {
  const { page } = state.coordinator;
  const problems = watchPage(page);
  await page.getByRole('link', { name: 'Publier aux conseils' }).first().click();
  await page.selectOption('#pub-council', String(world.council.id));
  // The table of the council chosen (the first council's shows until it has loaded).
  await page.locator('table caption', { hasText: world.council.name }).waitFor();
  const lines = page.getByTestId('publication-line');
  const total = await lines.count();
  // The survey in each of the council's two quartiers, and each quartier's themes.
  assert.equal(total, 4, await page.locator('table').textContent());
  assert.equal(await page.getByTestId('publish').count(), total, 'nothing published yet: each line may be');
  for (let done = 1; done <= total; done++) {
    await page.getByTestId('publish').first().focus();
    await page.keyboard.press('Enter');
    await until(async () => (await page.getByTestId('publish').count()) === total - done, `publication ${done}`);
  }
  assert.match(await page.getByTestId('publish-status').textContent(), /^Publié pour le conseil :/);
  const waits = await page.getByTestId('publish-wait').allTextContents();
  assert.deepEqual(waits, Array(total).fill('11 personnes de plus avant la prochaine publication'));

  // One more answer in the main quartier: the council still reads the publication, and the
  // next one is 10 people away.
  await push(world.volunteer, [responseItem(state.survey.current_version.id, world.quartier.id, { mode: 'en_tram', souci: false })]);
  await page.reload();
  await appReady(page);
  await page.selectOption('#pub-council', String(world.council.id));
  await page.locator('table caption', { hasText: world.council.name }).waitFor();
  const surveyLine = page.getByTestId('publication-line').filter({ hasText: world.quartier.name }).filter({ hasText: state.survey.current_version.definition.title });
  await until(async () => (await surveyLine.textContent()).includes('10 personnes de plus'), 'ten more needed');
  assert.deepEqual(unexpected(problems), []);
});

test('coordinator tools: export for Excel, comparison, follow-up, enrolment, erasure, quartiers', async () => {
  const { page } = state.coordinator;
  const problems = watchPage(page);

  // Export: the responses as an Excel workbook, downloaded by the browser from a single-use link.
  await page.getByRole('link', { name: 'Exports' }).first().click();
  await page.selectOption('#ex-survey', String(state.survey.id));
  const [workbook] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-responses-xlsx').click(),
  ]);
  assert.match(workbook.suggestedFilename(), /^portevoix-responses-\d{8}-\d{4}\.xlsx$/);
  const zip = readFileSync(await workbook.path());
  assert.equal(zip.subarray(0, 2).toString('latin1'), 'PK', 'a zip container (xlsx)');
  assert.ok(zip.length > 4000, `a workbook with rows: ${zip.length} bytes`);
  await until(async () => /Téléchargement lancé/.test(await page.getByTestId('export-status').textContent()), 'export status');
  // The link served once: following it again is refused.
  const again = await fetch(workbook.url());
  assert.equal(again.status, 410, 'a download link works once');
  assert.equal((await again.json()).error.code, 'link_used');

  // CSV for Excel in French (BOM, `;`): labels in the cells by default.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-responses-excel').click(),
  ]);
  const bytes = readFileSync(await download.path());
  assert.match(download.suggestedFilename(), /^portevoix-responses-\d{8}-\d{4}-excel-fr\.csv$/);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
  const text = bytes.toString('utf8');
  const lines = text.trim().split(/\r?\n/);
  assert.match(lines[0], /^\ufeff?Identifiant de la réponse;Enquête;Version;Quartier;/, 'French headers');
  assert.ok(lines.slice(1).some((l) => l.includes(`;${world.quartier.name};`)), "quartier names, not codes");
  assert.equal(lines.length, 1 + 28, 'a header and one row per response (27, and one after the publication)');
  // Codes, chosen: the plain CSV with its own name, a BOM too, codes in the cells.
  await page.getByTestId('export-codes').check();
  const [plain] = await Promise.all([
    page.waitForEvent('download'),
    page.getByTestId('export-responses-csv').click(),
  ]);
  assert.match(plain.suggestedFilename(), /^portevoix-responses-\d{8}-\d{4}\.csv$/);
  const plainBytes = readFileSync(await plain.path());
  assert.deepEqual([...plainBytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM on the plain CSV');
  const plainLines = plainBytes.toString('utf8').split(/\r?\n/);
  assert.match(plainLines[0], /^\ufeff?response_id,survey_id,/, 'codes as headers');
  assert.ok(plainLines[1].includes(`,${world.quartier.slug},`), `quartier code: ${plainLines[1]}`);

  // Inter-council view: one theme, quartiers side by side.
  await page.getByRole('link', { name: 'Comparer les quartiers' }).first().click();
  await page.selectOption('#cmp-theme', 'mobilite');
  await page.getByRole('button', { name: 'Comparer', exact: true }).click();
  const result = page.getByTestId('compare-result');
  await result.locator('.bar-row').first().waitFor();
  assert.match(await result.textContent(), new RegExp(world.quartier.name));
  // Months in words in the table's headings, not `2026-12`.
  const headings = await result.locator('table').first().textContent();
  assert.doesNotMatch(headings, /20\d\d-\d\d/, headings);
  await screenshot(page, '25-compare');

  // Field follow-up lists the volunteer's outing once it is ended and sent.
  const volunteer = state.volunteer.page;
  await home(volunteer);
  await volunteer.click('[data-testid=outing-line] ~ button');
  await volunteer.getByTestId('outing-end').click();
  await volunteer.getByTestId('outing-end-yes').click();
  await volunteer.getByTestId('start-outing').waitFor();
  await drained(volunteer);
  await page.getByRole('link', { name: 'Suivi des sorties' }).first().click();
  const row = page.getByTestId('followup-row').first();
  await row.waitFor();
  assert.match(await row.textContent(), /Camille Volontaire/);

  // Accounts as a coordinator sees them: an account past its last day reads « expiré »; no
  // offer to create a coordinator or to switch off a staff account, which only admins may do.
  const yesterday = new Date(Date.now() - 36 * 3600 * 1000).toISOString().slice(0, 10);
  await world.admin.call('POST', '/api/v1/users', {
    email: 'ancien.volontaire@example.org', display_name: 'Ancien Volontaire', role: 'volunteer', expires_on: yesterday,
  });
  await page.getByRole('link', { name: 'Comptes et téléphones' }).first().click();
  const former = page.getByTestId('user-row').filter({ hasText: 'Ancien Volontaire' });
  assert.equal((await former.getByTestId('user-status').textContent()).trim(), 'expiré');
  const roles = await page.locator('#nu-role option').allTextContents();
  assert.ok(!roles.includes('Coordination'), `roles offered: ${roles}`);
  const staffRow = page.getByTestId('user-row').filter({ hasText: 'Dominique Coordination' });
  assert.equal(await staffRow.getByRole('button', { name: 'Désactiver' }).count(), 0);

  // Enrolling a phone: the one-time code as text and as a link.
  await page.getByTestId('user-row').filter({ hasText: 'Camille Volontaire' }).getByRole('button', { name: 'Enrôler un téléphone' }).click();
  const code = (await page.getByTestId('enrolment-code').textContent()).trim();
  assert.match(code, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  assert.match(await page.getByTestId('enrolment-link').getAttribute('href'), new RegExp(`/enrol\\?code=${code}$`));

  // Erasure by receipt code (the rejected testimony's resident asks for it).
  await page.getByRole('link', { name: 'Tableau de bord' }).first().click();
  await page.fill('#receipt-code', state.receipts[REJECTED]);
  await page.getByRole('button', { name: 'Chercher' }).click();
  await page.getByTestId('receipt-items').locator('li').first().waitFor();
  assert.equal(await page.getByTestId('receipt-items').locator('li').count(), 1);
  await page.getByTestId('erase').click();
  await page.getByText('Réponses effacées : 0 · paroles effacées : 1').waitFor();
  const after = await world.admin.call('GET', '/api/v1/moderation/testimonies?limit=100');
  assert.equal(after.items.filter((i) => i.text === REJECTED).length, 0, 'erased');

  // Codebook: a new theme with its keywords, then the pending testimonies analysed again.
  await page.getByRole('link', { name: 'Thèmes' }).first().click();
  await page.fill('#nt-code', 'horaires');
  await page.fill('#nt-label', 'Horaires des services');
  await page.fill('#nt-keywords', 'horaire, fermeture, ouverture');
  await page.getByTestId('new-theme').getByRole('button', { name: 'Ajouter un thème' }).click();
  await page.locator('[data-testid=theme-row][data-code="horaires"]').waitFor();
  await page.getByTestId('reanalyse').click();
  await until(async () => /paroles analysées/.test(await page.getByTestId('codebook-status').textContent()), 're-analysis report');
  const codebook = await world.admin.call('GET', '/api/v1/themes');
  assert.deepEqual(codebook.find((t) => t.code === 'horaires').keywords, ['horaire', 'fermeture', 'ouverture']);

  // Quartiers: the official code changed format in 2024 (QP… then QN…).
  await page.getByRole('link', { name: 'Quartiers et conseils' }).first().click();
  const codeField = page.locator(`#pq-${world.other.id}-code`);
  await codeField.fill('QN04412M');
  await codeField.press('Enter');
  await until(async () => {
    const all = await world.admin.call('GET', '/api/v1/quartiers');
    return all.find((q) => q.id === world.other.id).official_code === 'QN04412M';
  }, 'official code saved');
  assert.deepEqual(unexpected(problems), []);
});

test('a council member sees the chart, "< 11", the approved quote only, and prints the report', async () => {
  const b = await browser();
  const page = await b.context.newPage();
  const problems = watchPage(page);
  await signInAs(page, server.url, COUNCILLOR, '/conseil');
  await page.getByTestId('council-survey').first().waitFor();
  assert.equal(await page.title(), 'Espace conseil citoyen — Porte-Voix');
  assert.equal(await page.evaluate(() => document.documentElement.dataset.pvBundle), 'council', 'the smaller council bundle');

  // Only the council's quartiers.
  const tabs = await page.locator('.quartier-tabs .chip').allTextContents();
  assert.deepEqual(tabs.sort(), [world.quartier.name, world.small.name].sort());
  assert.equal(await page.getByText(world.other.name, { exact: true }).count(), 0);

  const results = page.getByTestId('results').first();
  await results.locator('[data-question="mode"] .bar-row').first().waitFor();
  const figures = await results.locator('[data-question="mode"] [data-testid=figure]').allTextContents();
  assert.ok(figures.some((f) => /^\d+ · \d+,\d %$/.test(f)), `a published count and share: ${figures}`);
  assert.ok(figures.includes('< 11'), `the option chosen by one person shows "< 11": ${figures}`);
  assert.ok(await results.locator('[data-question="mode"] svg.bar rect.fill').count() > 0, 'SVG bars');
  // Free text is never published, only how many answered.
  assert.doesNotMatch(await results.textContent(), /Trop d’attente|Le tram est plein/);

  // Quotes: the approved one, redacted; never the rejected or the one sent back.
  await page.getByTestId('quote').first().waitFor();
  const quotes = await page.getByTestId('quote').allTextContents();
  assert.equal(quotes.length, 1, `one quote: ${quotes}`);
  assert.match(quotes[0], /Le tram 1 est toujours bondé/);
  assert.doesNotMatch(quotes[0], /06 12 34 56 78/);
  const body = await page.locator('main').textContent();
  assert.doesNotMatch(body, /rejeter|médiathèque ferme/);
  assert.ok(await page.locator('[data-testid=themes-chart] svg.months').count() > 0, 'themes over time chart');
  // Months in words, as residents write them: « décembre 2026 », never « 2026-12 ».
  const month = (locale) => new Date().toLocaleDateString(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  assert.ok(quotes[0].includes(month('fr-FR')), `${quotes[0]} says ${month('fr-FR')}`);
  assert.doesNotMatch(await page.getByTestId('themes-chart').textContent(), /\d{4}-\d{2}/);
  assert.doesNotMatch(quotes[0], /\d{4}-\d{2}/);
  await screenshot(page, '23-council-home-phone');

  // English is one tap away here too.
  await page.click('.topbar .lang');
  await page.getByRole('heading', { name: "Residents' words" }).waitFor();
  await page.getByText('Latest surveys', { exact: false }).first().waitFor();
  assert.ok((await page.getByTestId('quote').first().textContent()).includes(month('en-GB')), 'the month in English words');
  await page.click('.topbar .lang');
  await page.getByRole('heading', { name: "Paroles d'habitant·es" }).waitFor();

  // Search and month filters.
  const search = page.locator('#qf-search');
  await search.pressSequentially('inexistant');
  await page.getByRole('button', { name: 'Chercher' }).click();
  await page.getByTestId('no-quotes').waitFor();
  // Typed as a resident types: no accent, capitals (the quote says « bondé »).
  await search.clear();
  await search.pressSequentially('TOUJOURS BONDE');
  await page.getByRole('button', { name: 'Chercher' }).click();
  await page.getByTestId('quote').first().waitFor();
  assert.equal(await page.getByTestId('no-quotes').count(), 0);
  assert.match(await page.getByTestId('quote').first().textContent(), /toujours bondé/);

  // The second quartier: fewer than 11 answered, nothing published.
  await page.locator('.quartier-tabs .chip', { hasText: world.small.name }).click();
  await page.getByTestId('not-publishable').waitFor();
  assert.match(await page.getByTestId('responses').first().textContent(), /< 11/);

  // The printable report.
  await page.locator('.quartier-tabs .chip', { hasText: world.quartier.name }).click();
  await page.getByRole('link', { name: 'Rapport à imprimer' }).click();
  await page.getByTestId('report').waitFor();
  await page.locator('[data-testid=report] .bar-row').first().waitFor();
  await page.setViewportSize({ width: 794, height: 1123 });
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.topbar').isVisible(), false, 'no app chrome on paper');
  assert.equal(await page.getByTestId('print').isVisible(), false);
  const report = await page.getByTestId('report').textContent();
  assert.match(report, /Conseil citoyen e2e/);
  assert.match(report, /Le tram 1 est toujours bondé/);
  await screenshot(page, '24-council-report-print');
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(unexpected(problems), []);
});
