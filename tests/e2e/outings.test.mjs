// Issue 12 §3: outing counts add up. Each survey or testimony saved during an outing counts as
// one person who answered (the volunteer does not count twice), never more answered than
// approached, the home line says what the numbers are, and ending asks first.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, until, serverOnOwnDatabase, stopAll } from './lib/harness.mjs';
import { setupWorld, signIn, home, startOuting, answerOnce, drained } from './lib/app.mjs';

let server;
let browser;
let db;
let world;

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-outings-'));
  world = await setupWorld(server);
  browser = await launchBrowser();
});

after(() => stopAll({ browsers: [browser], server, db }));

const counts = async (page) => [
  Number(await page.getByTestId('approached').textContent()),
  Number(await page.getByTestId('answered').textContent()),
];

async function countsAre(page, expected, what) {
  await until(async () => JSON.stringify(await counts(page)) === JSON.stringify(expected), `${what}: ${expected}`, 5_000);
}

async function testimony(page, words) {
  await page.getByTestId('new-testimony').click();
  await page.locator('#testimony-text').pressSequentially(words);
  await page.getByLabel('Comptée seulement, jamais citée').check();
  await page.getByTestId('save').click();
  await page.getByTestId('receipt-code').waitFor();
  await home(page);
}

async function openOuting(page) {
  await page.click('[data-testid=outing-line] ~ button');
  await page.getByTestId('approached-plus').waitFor();
}

test('captures count as answers, counts stay consistent, the home line has words, ending asks first', async () => {
  const page = await browser.context.newPage();
  await signIn(page, server.url);
  await startOuting(page, world.quartier.name, 'Marché du jeudi');
  await page.getByTestId('approached-plus').click();
  await page.getByTestId('approached-plus').click();
  await countsAre(page, [2, 0], 'two approached');
  await page.getByTestId('answered-minus').click();
  await countsAre(page, [2, 0], 'never below zero');
  await home(page);

  // A testimony and a survey saved during the outing: two people answered, counted once each.
  await testimony(page, 'Le marché manque de bancs pour les anciens.');
  await page.getByTestId('open-survey').first().click();
  await answerOnce(page, 1);
  await home(page);
  await openOuting(page);
  await countsAre(page, [2, 2], 'captures counted');
  await home(page);

  // One more than approached by hand: approached follows (nobody answers unapproached).
  await testimony(page, 'Les enfants jouent sur le parking faute de square.');
  await openOuting(page);
  await countsAre(page, [3, 3], 'approached follows answered');
  await page.getByTestId('approached-minus').click();
  await countsAre(page, [2, 2], 'answered follows approached down');
  await page.getByTestId('answered-plus').click();
  await countsAre(page, [3, 3], 'a person who answered by word only');

  await home(page);
  assert.equal(
    (await page.getByTestId('outing-line').textContent()).trim(),
    `${world.quartier.name} — Marché du jeudi · 3 personnes abordées, 3 ont répondu`,
  );

  // Ending asks first; cancelling keeps the outing going.
  await openOuting(page);
  await page.getByTestId('outing-end').click();
  await page.getByTestId('outing-end-confirm').waitFor();
  await page.getByTestId('outing-end-no').click();
  await page.getByTestId('outing-end').waitFor();
  await countsAre(page, [3, 3], 'still running');
  await page.getByTestId('outing-end').click();
  await page.getByTestId('outing-end-yes').click();
  await page.getByTestId('start-outing').waitFor();
  await drained(page);

  const outings = await world.admin.call('GET', '/api/v1/followup/outings');
  assert.equal(outings.items.length, 1);
  const [outing] = outings.items;
  assert.equal(outing.approached, 3);
  assert.equal(outing.answered, 3);
  assert.equal(outing.responses + outing.testimonies, 3, 'the captures are linked to the outing');
  assert.ok(outing.ended_at);
  await page.close();
});

test('in English the outing line reads in English', async () => {
  const page = await browser.context.newPage();
  await page.goto(server.url + '/');
  await page.getByTestId('start-outing').waitFor();
  await startOuting(page, world.quartier.name, 'School gate');
  await page.getByTestId('approached-plus').click();
  await countsAre(page, [1, 0], 'one approached');
  await page.locator('.topbar .lang').click();
  await home(page);
  assert.equal(
    (await page.getByTestId('outing-line').textContent()).trim(),
    `${world.quartier.name} — School gate · 1 person approached, 0 answered`,
  );
  await page.locator('.topbar .lang').click();
  await page.close();
});
