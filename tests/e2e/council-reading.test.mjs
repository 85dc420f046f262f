// Issue 19: the council's pages read by a resident. A theme whose every month is hidden (fewer
// than 11) is named in one sentence, not drawn as a row of empty boxes; an empty quote list says
// why; the legend of hidden figures speaks plainly; a 1-5 scale says what each step means.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, watchPage, appReady, until, serverOnOwnDatabase, stopAll } from './lib/harness.mjs';
import { checkA11y } from './lib/axe.mjs';
import { setupStaffWorld, signInAs, push, publishFor, responseItem, testimonyItem, COUNCILLOR } from './lib/staff.mjs';
import { SURVEY } from './lib/app.mjs';

let server;
let db;
let browser;

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-council-reading-'));
  const { admin, volunteer, quartier } = await setupStaffWorld(server);
  // 12 on transport (drawn: 12 this month), 3 on housing (hidden every month); nobody agreed to
  // be quoted, so no quote can be shown.
  const items = [];
  for (let i = 0; i < 12; i++) items.push([testimonyItem(quartier.id, `Le bus passe trop rarement le soir, parole ${i}.`), 'mobilite']);
  for (let i = 0; i < 3; i++) items.push([testimonyItem(quartier.id, `Le loyer augmente encore, parole ${i}.`), 'logement']);
  const pushed = await push(volunteer, items.map(([item]) => item));
  for (const [i, result] of pushed.results.entries()) {
    await admin.call('POST', `/api/v1/moderation/testimonies/${result.id}/decision`, { decision: 'approve', themes: [items[i][1]], confirm_sensitive: true });
  }
  // 12 answers, 7 of them « 4 » on the satisfaction scale.
  const survey = await admin.call('POST', '/api/v1/surveys', SURVEY);
  await admin.call('POST', `/api/v1/surveys/${survey.id}/publish`);
  await admin.call('PUT', `/api/v1/surveys/${survey.id}/quartiers`, { quartier_ids: [quartier.id] });
  await admin.call('POST', `/api/v1/surveys/${survey.id}/open`);
  const { current_version: version } = await admin.call('GET', `/api/v1/surveys/${survey.id}`);
  const answers = [];
  for (let i = 0; i < 12; i++) answers.push(responseItem(version.id, quartier.id, { mode: 'tram', souci: false, note: i < 7 ? 4 : 2 }));
  await push(volunteer, answers);
  await publishFor(admin, [quartier.id], version.id);
  browser = await launchBrowser();
});

after(() => stopAll({ browsers: [browser], server, db }));

test('themes hidden every month are one sentence, an empty quote list says why', async () => {
  const page = await browser.context.newPage();
  const problems = watchPage(page);
  await signInAs(page, server.url, COUNCILLOR, '/conseil');
  const chart = page.getByTestId('themes-chart');
  await chart.locator('.month-row').first().waitFor();
  const rows = await chart.locator('.month-row').evaluateAll((els) => els.map((e) => e.dataset.theme));
  assert.deepEqual(rows, ['mobilite'], 'only the theme with a figure to draw has a row');
  const sentence = chart.getByTestId('themes-every-month-hidden');
  assert.equal(
    (await sentence.textContent()).trim(),
    'Moins de 11 paroles chaque mois (chiffres du mois non montrés), avec le total de la période : Logement (< 11).',
  );
  // The table keeps every figure, for screen readers and print.
  await chart.getByText('Voir le tableau des chiffres').click();
  assert.ok((await chart.locator('table').textContent()).includes('Logement'));

  const empty = page.getByTestId('no-quotes');
  await empty.waitFor();
  assert.match(await empty.textContent(), /accepté d'être citée et si au moins 11 paroles ont été approuvées/);
  assert.doesNotMatch(await page.locator('main').textContent(), /totaux ne permettent pas/);

  // The scale says what its steps mean.
  const scale = page.getByTestId('results').first().locator('[data-question="note"]');
  await scale.locator('.bar-row').first().waitFor();
  const labels = await scale.locator('.bar-label').allTextContents();
  assert.ok(labels.includes('4 sur 5, plutôt bien'), labels.join(' | '));
  assert.ok(labels.includes('1 sur 5, très mal'), labels.join(' | '));
  assert.deepEqual(problems, []);
  await page.close();
});

test('the report keeps to the period and themes chosen, on at most two A4 pages', async () => {
  const page = await browser.context.newPage();
  const problems = watchPage(page);
  await signInAs(page, server.url, COUNCILLOR, '/conseil');
  await page.getByRole('link', { name: 'Rapport à imprimer' }).click();
  const report = page.getByTestId('report');
  await report.locator('.month-row').first().waitFor();
  const period = page.getByTestId('report-period');
  assert.match(await period.textContent(), /^Période : \S+ \d{4} – \S+ \d{4}$/);

  // The council ticks transport and takes the six months up to this one.
  const choice = page.getByTestId('report-choice');
  await choice.getByLabel('Mobilité').check();
  const months = await choice.getByLabel('Du mois de').locator('option').allTextContents();
  assert.equal(months.length, 37, 'a blank and 36 months');
  await choice.getByLabel('Du mois de').selectOption({ label: months[6] });
  await choice.getByRole('button', { name: 'Mettre à jour le rapport' }).click();
  await until(async () => (await period.count()) === 1 && (await period.textContent()) === `Période : ${months[6]} – ${months[1]}`, 'the chosen period shown');
  await report.locator('.month-row').first().waitFor();
  const rows = await report.locator('.report-themes .month-row').evaluateAll((els) => els.map((e) => e.dataset.theme));
  assert.deepEqual(rows, ['mobilite']);
  assert.doesNotMatch(await report.locator('table').first().textContent(), /Logement/);
  await checkA11y(page, 'printable report with a chosen period and theme');

  // Printed on A4: one or two pages, the chooser left out.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await choice.isVisible(), false, 'the chooser is not printed');
  const pdf = (await page.pdf({ format: 'A4', printBackground: false })).toString('latin1');
  const pages = (pdf.match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.ok(pages >= 1 && pages <= 2, `${pages} pages`);
  assert.deepEqual(problems, []);
  await page.close();
});
