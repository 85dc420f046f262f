// Issue 12 §7, the coordinators' and councils' screens: axe-core (WCAG 2.1 A/AA) on every screen
// state a coordinator and a council member walk through, in French and in English; then the same
// screens at 200 % page zoom (a 640 px window zoomed twice: 320 CSS px) where nothing may scroll
// sideways (tables scroll inside their own frame, which WCAG 1.4.10 allows); both walks again at
// 200 % text size on 320 CSS px, where a date field must also be wide enough for a whole date.
//
// One server; the coordinator signs out and the council member signs in on a fresh browser (a phone
// of their own), then the coordinator again on another for the 200 % text walk.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, watchPage, appReady, until, ADMIN, serverOnOwnDatabase, stopAll } from './lib/harness.mjs';
import { setupStaffWorld, signInAs as signInAsOn, push, publishFor, responseItem, testimonyItem, COORDINATOR, COUNCILLOR } from './lib/staff.mjs';
import { checkA11y, checkReflow } from './lib/axe.mjs';
import { randomUUID } from 'node:crypto';

const LAPTOP = { width: 1280, height: 900 };
/** 200 % page zoom of a 640 px wide window. */
const ZOOMED = { width: 320, height: 640 };

const SURVEY = {
  title: 'Se déplacer au marché',
  intro: 'Deux minutes sur les transports.',
  questions: [
    { code: 'mode', label: 'Comment venez-vous ?', type: 'single_choice', required: true,
      options: [{ code: 'tram', label: 'En tram' }, { code: 'bus', label: 'En bus' }, { code: 'pied', label: 'À pied' }] },
    { code: 'souci', label: 'Un souci de transport ?', type: 'yes_no', required: true },
    { code: 'note', label: 'Votre satisfaction', type: 'scale', smiley: true },
    { code: 'mot', label: 'Un mot ?', type: 'short_text' },
  ],
};
const SENSITIVE = 'Le tram est bondé, appelez Mme Durand au 06 12 34 56 78, elle est malade.';

let server;
let browser;
let db;
let world;
let surveyId;
let page;
let problems;

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-a11y-staff-'));
  world = await setupStaffWorld(server);
  const { admin, volunteer, quartier, small } = world;
  const survey = await admin.call('POST', '/api/v1/surveys', SURVEY);
  surveyId = survey.id;
  await admin.call('POST', `/api/v1/surveys/${survey.id}/publish`);
  await admin.call('PUT', `/api/v1/surveys/${survey.id}/quartiers`, { quartier_ids: [quartier.id, small.id] });
  await admin.call('POST', `/api/v1/surveys/${survey.id}/open`);
  const version = (await admin.call('GET', `/api/v1/surveys/${survey.id}`)).current_version.id;
  // Enough answers for published figures in one quartier, too few in the other; approved quotes
  // (11 at least in the month, some quotable); testimonies waiting for review; an ended outing.
  const items = [];
  for (let i = 0; i < 24; i++) {
    items.push(responseItem(version, quartier.id, { mode: i % 3 ? 'tram' : 'bus', souci: i % 2 === 0, note: 1 + (i % 5), mot: 'Attente' }));
  }
  for (let i = 0; i < 3; i++) items.push(responseItem(version, small.id, { mode: 'pied', souci: false }));
  for (let i = 0; i < 12; i++) {
    items.push(testimonyItem(quartier.id, `Le bus passe trop rarement le soir, parole ${i}.`, i < 4 ? 'quote' : 'count_only'));
  }
  const approved = items.length;
  items.push(testimonyItem(quartier.id, SENSITIVE, 'quote'));
  items.push(testimonyItem(quartier.id, 'Le square manque de bancs à l’ombre.', 'quote'));
  items.push(testimonyItem(small.id, 'La médiathèque ferme trop tôt le samedi.', 'count_only'));
  const start = new Date(Date.now() - 3 * 3600_000).toISOString();
  items.push({
    kind: 'outing',
    item: { id: randomUUID(), quartier_id: quartier.id, place: 'Marché du jeudi', started_at: start, ended_at: new Date().toISOString(), approached: 30, answered: 24 },
  });
  const pushed = await push(volunteer, items);
  for (const result of pushed.results.slice(approved - 12, approved)) {
    await admin.call('POST', `/api/v1/moderation/testimonies/${result.id}/decision`, { decision: 'approve', confirm_sensitive: true });
  }
  // Councils read what was published: the Bellevue results and themes; the small quartier's
  // results too (fewer than 11: the council reads « < 11 »).
  await publishFor(admin, [quartier.id, small.id], version);
  browser = await launchBrowser();
  await openPage();
});

/** A page whose errors are collected: console and page errors, and failed requests. */
async function openPage() {
  page = await browser.context.newPage();
  problems = watchPage(page);
  page.on('response', (r) => {
    // Expected: the unknown receipt code looked up on the dashboard, and a refresh without a
    // session (a signed-out page).
    const expected = (r.status() === 404 && r.url().includes('/api/v1/receipts/')) || (r.status() === 401 && r.url().endsWith('/api/v1/auth/refresh'));
    if (r.status() >= 400 && !expected) problems.push(`${r.status()} ${r.url()}`);
  });
}

after(() => stopAll({ browsers: [browser], server, db }));

const lang = () => page.evaluate(() => document.documentElement.lang);

async function switchTo(wanted) {
  if ((await lang()).startsWith(wanted)) return;
  await page.click('.topbar .lang');
  await until(async () => (await lang()).startsWith(wanted), `interface in ${wanted}`);
}

/** Signs in through the form, typed like a person (the staff tests' own helper, on this page). */
const signInAs = (account, landing) => signInAsOn(page, server.url, account, landing);

async function signOut() {
  await page.getByTestId('signout').click();
  await until(() => new URL(page.url()).pathname === '/connexion', 'signed out');
}

/** Follows a link of the staff navigation (its accessible name in the current language). */
async function nav(name) {
  await page.locator('.staff-nav').getByRole('link', { name, exact: true }).click();
}

const names = {
  fr: { home: 'Tableau de bord', surveys: 'Enquêtes flash', review: 'Modération', themes: 'Thèmes', followup: 'Suivi des sorties', compare: 'Comparer les quartiers', exports: 'Exports', accounts: 'Comptes et téléphones', places: 'Quartiers et conseils', publications: 'Publier aux conseils', council: 'Espace conseil citoyen', newSurvey: 'Nouvelle enquête', compareBtn: 'Comparer', enrol: 'Enrôler un téléphone', search: 'Chercher', report: 'Rapport à imprimer' },
  en: { home: 'Dashboard', surveys: 'Flash surveys', review: 'Review', themes: 'Themes', followup: 'Outings follow-up', compare: 'Compare quartiers', exports: 'Exports', accounts: 'Accounts and phones', places: 'Quartiers and councils', publications: 'Publish to councils', council: 'Citizen council', newSurvey: 'New survey', compareBtn: 'Compare', enrol: 'Enrol a phone', search: 'Find', report: 'Printable report' },
};

/** Every coordinator screen once, in the current language; `check(what)` on each state. */
async function coordinatorWalk(l, check) {
  const n = names[l];
  await nav(n.home);
  await page.getByTestId('pending-reviews').filter({ hasText: /\d/ }).waitFor();
  await check('dashboard');
  await page.locator('#receipt-code').pressSequentially('ZZZZ-ZZZZ');
  await page.getByRole('button', { name: n.search, exact: true }).click();
  await page.locator('#erasure-h ~ [role=alert]:not(:empty), [data-testid=receipt-items]').first().waitFor();
  await check('dashboard (receipt code looked up)');

  await nav(n.surveys);
  await page.getByTestId('survey-row').first().waitFor();
  await check('survey list');
  await page.getByTestId('survey-row').first().getByRole('link').first().click();
  await page.getByTestId('survey-state').waitFor();
  await page.locator('#q0-label').waitFor();
  await check('survey builder (open survey)');
  await page.getByTestId('show-preview').click();
  await page.getByTestId('preview').getByTestId('informed').waitFor();
  await check('survey builder (preview)');

  await nav(n.surveys);
  await page.getByRole('link', { name: n.newSurvey }).click();
  await page.getByTestId('add-question').click();
  await page.locator('#q0-label').waitFor();
  await page.getByTestId('survey-problems').waitFor();
  await check('survey builder (new draft with problems)');
  await page.locator('#q0-label').pressSequentially('Quel jour ?');
  await page.selectOption('#q0-kind', 'yes_no');
  await page.getByTestId('add-question').click();
  await page.locator('#q1-label').pressSequentially('Pourquoi ?');
  await page.selectOption('#q1-kind', 'short_text');
  await page.selectOption('#q1-rule', { index: 1 });
  await check('survey builder (two questions, a rule)');

  await nav(n.review);
  await page.getByTestId('review-row').first().waitFor();
  await check('review queue');
  await page.getByTestId('review-row').filter({ hasText: 'Le tram est bondé' }).click();
  await page.getByTestId('sensitive-flag').waitFor();
  await check('review queue (sensitive testimony opened)');
  await page.getByTestId('reject').click();
  await page.locator('[data-testid=review-error]:not(:empty)').waitFor();
  await check('review queue (reject without a reason)');

  await nav(n.themes);
  await page.getByTestId('theme-row').first().waitFor();
  await check('codebook');

  await nav(n.followup);
  await page.getByTestId('followup-row').first().waitFor();
  await check('follow-up');

  await nav(n.compare);
  await page.selectOption('#cmp-theme', 'mobilite');
  await page.getByRole('button', { name: n.compareBtn, exact: true }).click();
  await page.getByTestId('compare-result').locator('.bar-row').first().waitFor();
  await check('comparison (a theme)');
  await page.locator('input[name=cmp-mode]').nth(1).check();
  await page.selectOption('#cmp-survey', { index: 1 });
  await page.selectOption('#cmp-question', 'mode');
  await page.getByRole('button', { name: n.compareBtn, exact: true }).click();
  await page.getByTestId('compare-result').locator('table').first().waitFor();
  await until(async () => (await page.getByTestId('compare-result').textContent()).includes('Comment venez-vous'), 'question compared');
  await check('comparison (a question)');

  await nav(n.exports);
  await page.selectOption('#ex-survey', String(surveyId));
  await check('exports');

  await nav(n.accounts);
  await page.getByTestId('user-row').first().waitFor();
  await page.getByTestId('user-row').filter({ hasText: 'Camille Volontaire' }).getByRole('button', { name: n.enrol }).click();
  await page.getByTestId('enrolment-code').waitFor();
  await check('accounts (enrolment code)');

  await nav(n.places);
  await page.locator(`#pq-${world.other.id}-code`).waitFor();
  await check('quartiers and councils');

  await nav(n.publications);
  await page.selectOption('#pub-council', String(world.council.id));
  await page.locator('table caption', { hasText: world.council.name }).waitFor();
  await page.getByTestId('publish-wait').first().waitFor();
  await check('publications (every figure published, each waiting for 11 more)');

  await nav(n.council);
  await page.locator('#preview-council').waitFor();
  await check('council preview (no council chosen)');
  await page.selectOption('#preview-council', String(world.council.id));
  await page.getByTestId('council-survey').first().waitFor();
  await page.getByTestId('quote').first().waitFor();
  await check('council preview');
}

/** Every council screen once, in the current language. */
async function councilWalk(l, check) {
  const n = names[l];
  await page.locator('.staff-nav').getByRole('link', { name: n.council }).click();
  await page.getByTestId('council-survey').first().waitFor();
  await page.getByTestId('results').first().locator('.bar-row').first().waitFor();
  await page.getByTestId('quote').first().waitFor();
  await page.locator('[data-testid=themes-chart] svg.months').first().waitFor();
  await check('council home');
  await page.locator('#qf-search').pressSequentially('inexistant');
  await page.locator('[data-testid=quote-filters] button[type=submit]').click();
  await page.getByTestId('no-quotes').waitFor();
  await check('council home (no quote found)');
  await page.locator('.quartier-tabs .chip', { hasText: world.small.name }).click();
  await page.getByTestId('not-publishable').waitFor();
  await check('council home (second quartier, too few answers)');
  await page.locator('.quartier-tabs .chip', { hasText: world.quartier.name }).click();
  await page.getByTestId('results').first().locator('.bar-row').first().waitFor();
  await page.getByRole('link', { name: n.report }).click();
  await page.getByTestId('report').locator('.bar-row').first().waitFor();
  await check('printable report');
}

/** Errors seen on the page (the console's "Failed to load resource" lines are the responses above). */
const unexpectedProblems = () => problems.filter((p) => !/Failed to load resource/.test(p));

/** Collects every axe violation of a walk (the list is shown whole at the end). */
function axeChecker(found, role) {
  let count = 0;
  const check = async (what) => {
    count += 1;
    const l = await lang();
    try {
      await checkA11y(page, `${role}: ${what} [${l}]`);
    } catch (error) {
      found.push(error.message);
    }
  };
  return { check, count: () => count };
}

/**
 * When the page scrolls sideways, the elements that stick out past the window's right edge
 * (outside any frame that scrolls on its own), innermost first: what to fix.
 */
function culprits() {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const scrollsItself = (el) => {
      for (let p = el.parentElement; p; p = p.parentElement) {
        if (['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX) && p !== document.body && p !== document.documentElement) return true;
      }
      return false;
    };
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      const box = el.getBoundingClientRect();
      if (box.right <= width + 0.5 || box.width === 0 || scrollsItself(el)) continue;
      if ([...el.children].some((c) => c.getBoundingClientRect().right > width + 0.5)) continue;
      const name = `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${typeof el.className === 'string' && el.className.trim() ? '.' + el.className.trim().split(/\s+/).join('.') : ''}`;
      out.push(`${name} «${(el.textContent || '').trim().slice(0, 30)}» ends at ${Math.round(box.right)}px`);
    }
    return out.slice(0, 8);
  });
}

function reflowChecker(found, role) {
  return async (what) => {
    const l = await lang();
    try {
      await checkReflow(page, `${role}: ${what} [${l}]`);
    } catch (error) {
      const sticking = await culprits();
      found.push(error.message + (sticking.length ? `\n  sticking out: ${sticking.join('; ')}` : ''));
    }
    // A narrow screen changes what axe sees too (tables that scroll must be reachable by keyboard).
    try {
      await checkA11y(page, `${role}: ${what} at 320 px [${l}]`);
    } catch (error) {
      found.push(error.message);
    }
  };
}

test('axe finds no WCAG 2.1 A/AA violation on the coordinators’ screens, in French and in English', async () => {
  await page.setViewportSize(LAPTOP);
  await signInAs(COORDINATOR, '/coordination');
  const found = [];
  const { check, count } = axeChecker(found, 'coordinator');
  for (const l of ['fr', 'en']) {
    await switchTo(l);
    await coordinatorWalk(l, check);
  }
  await switchTo('fr');
  assert.deepEqual(found, [], found.join('\n'));
  assert.ok(count() >= 38, `every state was checked (${count()})`);
});

test('at 200 % page zoom (320 CSS px) no coordinator screen scrolls sideways', async () => {
  await page.setViewportSize(ZOOMED);
  const found = [];
  const check = reflowChecker(found, 'coordinator');
  for (const l of ['fr', 'en']) {
    await switchTo(l);
    await coordinatorWalk(l, check);
  }
  await switchTo('fr');
  assert.deepEqual(found, [], found.join('\n'));

  // A long council name wraps in its field, whole in sight, and Enter still saves it.
  await nav(names.fr.places);
  const field = page.locator(`#pc-${world.council.id}-name`);
  const oneLine = (await field.boundingBox()).height;
  await field.click();
  await page.keyboard.press('End');
  await field.pressSequentially(' des quartiers Bellevue et Port-Boyer');
  assert.ok((await field.boundingBox()).height > oneLine, 'the field grew to a second line');
  assert.ok(await field.evaluate((el) => el.scrollWidth <= el.clientWidth), 'nothing hidden sideways');
  await page.keyboard.press('Enter');
  const renamed = 'Conseil citoyen e2e des quartiers Bellevue et Port-Boyer';
  await until(async () => (await world.admin.call('GET', '/api/v1/councils')).some((c) => c.name === renamed), 'council renamed by Enter');
  assert.equal(await field.inputValue(), renamed, 'Enter added no line');
  await signOut();
  // The council member on a phone of their own: the council bundle, not the staff one.
  assert.deepEqual(unexpectedProblems(), []);
  await browser.close();
  browser = await launchBrowser();
  await openPage();
});

test('axe finds no WCAG 2.1 A/AA violation on the councils’ screens, in French and in English', async () => {
  await page.setViewportSize(LAPTOP);
  await signInAs(COUNCILLOR, '/conseil');
  // The council's menu is named for the council, not the coordination.
  for (const [l, name] of [['fr', 'Menu du conseil citoyen'], ['en', 'Citizen council menu']]) {
    await switchTo(l);
    assert.equal(await page.locator('nav.staff-nav').getAttribute('aria-label'), name);
  }
  const found = [];
  const { check, count } = axeChecker(found, 'council member');
  for (const l of ['fr', 'en']) {
    await switchTo(l);
    await councilWalk(l, check);
  }
  await switchTo('fr');
  assert.deepEqual(found, [], found.join('\n'));
  assert.ok(count() >= 8, `every state was checked (${count()})`);
});

test('at 200 % page zoom (320 CSS px) no council screen scrolls sideways', async () => {
  await page.setViewportSize(ZOOMED);
  const found = [];
  const check = reflowChecker(found, 'council member');
  for (const l of ['fr', 'en']) {
    await switchTo(l);
    await councilWalk(l, check);
  }
  await switchTo('fr');
  assert.deepEqual(found, [], found.join('\n'));
  assert.deepEqual(unexpectedProblems(), []);
});

test('at 200 % text size (320 CSS px) no council screen scrolls sideways', async () => {
  await page.setViewportSize(ZOOMED);
  // The reader's own setting: Chromium's default font size doubled (16 → 32 px).
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Page.enable');
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
  const found = [];
  const check = reflowChecker(found, 'council member, 200 % text');
  for (const l of ['fr', 'en']) {
    await switchTo(l);
    await councilWalk(l, check);
  }
  await switchTo('fr');
  assert.deepEqual(found, [], found.join('\n'));
  assert.deepEqual(unexpectedProblems(), []);
});

test('at 200 % text size (320 CSS px) no coordinator screen scrolls sideways', async () => {
  // The coordinator on a staff phone of their own (a fresh browser), its font size doubled too.
  await browser.close();
  browser = await launchBrowser();
  await openPage();
  await page.setViewportSize(ZOOMED);
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Page.enable');
  await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
  await signInAs(COORDINATOR, '/coordination');
  // The setting holds across the sign-in's page load: the root's 112.5 % of 32 px.
  const rootSize = () => page.evaluate(() => getComputedStyle(document.documentElement).fontSize);
  assert.equal(await rootSize(), '36px');
  const found = [];
  const check = reflowChecker(found, 'coordinator, 200 % text');
  for (const l of ['fr', 'en']) {
    await switchTo(l);
    await coordinatorWalk(l, check);
  }
  await switchTo('fr');
  assert.equal(await rootSize(), '36px', 'still at 200 % text after the walk');
  assert.deepEqual(found, [], found.join('\n'));
  assert.deepEqual(unexpectedProblems(), []);
});
