// Issue 12: on the coordinators' and councils' screens a load that fails is said, with
// « Réessayer », never shown as an empty list. Each screen's API call is cut (the connection
// reset, as a lost network would) until the screen says what could not be loaded; then
// « Réessayer » loads it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, watchPage, appReady, until, serverOnOwnDatabase, stopAll } from './lib/harness.mjs';
import { SURVEY } from './lib/app.mjs';
import { randomUUID } from 'node:crypto';
import { setupStaffWorld, signInAs, push, publishFor, testimonyItem, COORDINATOR, COUNCILLOR } from './lib/staff.mjs';

const LAPTOP = { width: 1280, height: 900 };
const TESTIMONY = 'Les bancs du square ont été enlevés, les anciens ne peuvent plus s\'asseoir.';
const PHONE = 'Téléphone du marché';

let server;
let db;
let world;
let surveyId;

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-staff-load-'));
  world = await setupStaffWorld(server);
  const { admin, volunteer, quartier } = world;
  await push(volunteer, [testimonyItem(quartier.id, TESTIMONY)]);
  // The council reads what was published: the themes (none approved yet).
  await publishFor(admin, [quartier.id]);
  const survey = await admin.call('POST', '/api/v1/surveys', SURVEY);
  surveyId = survey.id;
  await admin.call('POST', `/api/v1/surveys/${survey.id}/publish`);
  const started = new Date(Date.now() - 2 * 3600_000).toISOString();
  await push(volunteer, [{
    kind: 'outing',
    item: { id: randomUUID(), quartier_id: quartier.id, place: 'Marché', started_at: started, ended_at: new Date().toISOString(), approached: 12, answered: 7 },
  }]);
  const users = await admin.call('GET', '/api/v1/users');
  const camille = (users.items ?? users).find((u) => u.display_name === 'Camille Volontaire');
  const { code } = await admin.call('POST', '/api/v1/devices/enrolments', { user_id: camille.id });
  await admin.call('POST', '/api/v1/auth/enrol', { code, device_label: PHONE });
});

after(() => stopAll({ server, db }));

const text = async (locator) => ((await locator.textContent()) ?? '').trim();

// Each screen: where it is, the call cut once, what it says then, and what shows once loaded.
const SCREENS = [
  {
    name: 'the review queue',
    path: '/coordination/moderation',
    api: '/api/v1/moderation/testimonies',
    error: 'queue-load-error',
    said: "Les témoignages à relire n'ont pas pu être chargés",
    hidden: (page) => page.getByTestId('review-empty'),
    loaded: async (page) => (await text(page.getByTestId('review-row').first())).includes('Les bancs du square'),
  },
  {
    name: 'the number waiting for review on the dashboard',
    path: '/coordination',
    api: '/api/v1/moderation/testimonies',
    error: 'pending-load-error',
    said: "Le nombre de témoignages à relire n'a pas pu être chargé",
    hidden: (page) => page.getByTestId('pending-reviews'),
    loaded: async (page) => (await text(page.getByTestId('pending-reviews'))).startsWith('1 '),
  },
  {
    name: "the exports' survey list",
    path: '/coordination/exports',
    api: '/api/v1/surveys',
    error: 'surveys-load-error',
    said: "Les enquêtes n'ont pas pu être chargées",
    hidden: (page) => page.locator('#ex-survey option', { hasText: SURVEY.title }),
    loaded: async (page) => (await page.locator('#ex-survey option', { hasText: SURVEY.title }).count()) === 1,
  },
  {
    name: "the accounts' enrolled phones",
    path: '/coordination/comptes',
    api: '/api/v1/devices',
    error: 'devices-load-error',
    said: "Les téléphones enrôlés n'ont pas pu être chargés",
    hidden: (page) => page.getByRole('region', { name: 'Téléphones' }).getByText(PHONE),
    loaded: async (page) => (await page.getByRole('region', { name: 'Téléphones' }).getByText(PHONE).count()) === 1,
  },
  {
    name: 'the list of surveys',
    path: '/coordination/enquetes',
    api: '/api/v1/surveys',
    error: 'survey-list-load-error',
    said: "Les enquêtes n'ont pas pu être chargées",
    hidden: (page) => page.getByTestId('survey-row'),
    loaded: async (page) => (await page.getByTestId('survey-row').filter({ hasText: SURVEY.title }).count()) === 1,
  },
  {
    name: 'a survey opened in the builder (no empty form that would replace it)',
    get path() { return `/coordination/enquetes/${surveyId}`; },
    get api() { return `/api/v1/surveys/${surveyId}`; },
    error: 'survey-load-error',
    said: "L'enquête n'a pas pu être chargée",
    hidden: (page) => page.locator('#survey-title'),
    loaded: async (page) => (await page.locator('#survey-title').count()) === 1 && (await page.locator('#survey-title').inputValue()) === SURVEY.title,
  },
  {
    name: 'the publications to councils',
    path: '/coordination/publications',
    api: '/api/v1/publications',
    error: 'publications-load-error',
    said: "Les publications n'ont pas pu être chargées",
    hidden: (page) => page.getByTestId('publication-line'),
    loaded: async (page) => (await page.getByTestId('publication-line').count()) >= 1,
  },
  {
    name: 'the field follow-up',
    path: '/coordination/suivi',
    api: '/api/v1/followup/summary',
    error: 'followup-load-error',
    said: "Le suivi des sorties n'a pas pu être chargé",
    hidden: (page) => page.getByTestId('followup-row'),
    loaded: async (page) => (await page.getByTestId('followup-row').filter({ hasText: 'Camille Volontaire' }).count()) === 1,
  },
  {
    name: 'the emerging topics on the dashboard',
    path: '/coordination',
    api: '/api/v1/analysis/emerging',
    error: 'emerging-load-error',
    said: "Les sujets émergents n'ont pas pu être chargés",
    hidden: (page) => page.getByText('Rien de nouveau ce mois-ci.'),
    loaded: async (page) => (await page.getByText('Rien de nouveau ce mois-ci.').count()) === 1,
  },
  {
    name: 'the quartiers shared by every screen',
    path: '/coordination/quartiers',
    api: '/api/v1/quartiers',
    error: 'lists-load-error',
    said: "Les quartiers, thèmes et conseils n'ont pas pu être chargés",
    hidden: (page) => page.locator('#mq-from option', { hasText: world.quartier.name }),
    loaded: async (page) => (await page.locator('#mq-from option', { hasText: world.quartier.name }).count()) === 1,
  },
];

test('a coordinator\'s screen whose load fails says so, and « Réessayer » loads it', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const problems = watchPage(page);
    await page.setViewportSize(LAPTOP);
    await signInAs(page, server.url, COORDINATOR, '/coordination');
    for (const screen of SCREENS) {
      // Cut until the error is on screen (a screen may load twice as it starts), then let through.
      let failing = true;
      let calls = 0;
      const cut = (url) => url.pathname === screen.api;
      const once = (route) => (++calls, failing ? route.abort('connectionreset') : route.continue());
      await page.route(cut, once);
      await page.goto(server.url + screen.path);
      await appReady(page);
      const error = page.getByTestId(screen.error);
      await error.waitFor();
      assert.match(await text(error), new RegExp(`^${screen.said} \\(.+\\)$`), screen.name);
      assert.equal(await error.getAttribute('role'), 'alert', screen.name);
      // Nothing that would read as "no data" while the error stands.
      assert.equal(await screen.hidden(page).count(), 0, `${screen.name}: nothing shown as loaded`);
      failing = false;
      const cutCalls = calls;
      await error.locator('xpath=..').getByTestId('retry').click();
      await until(() => screen.loaded(page), `${screen.name} loaded after « Réessayer »`);
      assert.equal(await page.getByTestId(screen.error).count(), 0, `${screen.name}: the error is gone`);
      assert.ok(calls > cutCalls, `${screen.name}: loaded again by « Réessayer »`);
      await page.unroute(cut, once);
    }
    // In English too.
    await page.route((url) => url.pathname === '/api/v1/devices', (route) => route.abort('connectionreset'));
    await page.goto(server.url + '/coordination/comptes');
    await appReady(page);
    await page.locator('.topbar .lang').click();
    const error = page.getByTestId('devices-load-error');
    await until(async () => (await text(error)).startsWith('The enrolled phones could not be loaded ('), 'English message');
    assert.equal(await error.locator('xpath=..').getByTestId('retry').textContent(), 'Try again');
    const unexpected = problems.filter((p) => !/Failed to fetch|net::ERR_CONNECTION_RESET|net::/.test(p));
    assert.deepEqual(unexpected, []);
    await page.close();
  } finally {
    await browser.close();
  }
});

test('a council member\'s page whose load fails says so, and « Réessayer » loads it', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const problems = watchPage(page);
    await page.setViewportSize(LAPTOP);
    await signInAs(page, server.url, COUNCILLOR, '/conseil');
    await page.getByRole('heading', { level: 1, name: world.council.name }).waitFor();
    for (const [api, testid, said, loaded] of [
      ['/api/v1/council/home', 'council-load-error', "La page du conseil n'a pas pu être chargée", () => page.getByRole('heading', { level: 1, name: world.council.name })],
      ['/api/v1/council/themes', 'themes-load-error', "Les thèmes au fil des mois n'ont pas pu être chargés", () => page.getByTestId('themes-chart').getByText('Pas encore de parole approuvée.')],
      ['/api/v1/council/quotes', 'quotes-load-error', "Les paroles d'habitants n'ont pas pu être chargées", () => page.getByTestId('no-quotes')],
    ]) {
      let failing = true;
      let calls = 0;
      const cut = (url) => url.pathname === api;
      const once = (route) => (++calls, failing ? route.abort('connectionreset') : route.continue());
      await page.route(cut, once);
      await page.reload();
      await appReady(page);
      const error = page.getByTestId(testid);
      await error.waitFor();
      assert.match(await text(error), new RegExp(`^${said} \\(.+\\)$`), api);
      failing = false;
      const cutCalls = calls;
      await error.locator('xpath=..').getByTestId('retry').click();
      await loaded().waitFor();
      await until(async () => (await page.getByTestId(testid).count()) === 0, `${api}: the error is gone`);
      assert.ok(calls > cutCalls, `${api}: loaded again by « Réessayer »`);
      await page.unroute(cut, once);
    }
    // The printable report.
    {
      let failing = true;
      const cut = (url) => url.pathname === '/api/v1/council/report';
      const once = (route) => (failing ? route.abort('connectionreset') : route.continue());
      await page.route(cut, once);
      await page.goto(`${server.url}/conseil/rapport/${world.quartier.id}`);
      await appReady(page);
      const error = page.getByTestId('report-load-error');
      await error.waitFor();
      assert.match(await text(error), /^Le rapport n'a pas pu être chargé \(.+\)$/);
      assert.equal(await page.getByTestId('report').count(), 0, 'no empty report while the error stands');
      failing = false;
      await error.locator('xpath=..').getByTestId('retry').click();
      await page.getByTestId('report').waitFor();
      assert.equal(await page.getByTestId('report-load-error').count(), 0);
      await page.unroute(cut, once);
    }
    const unexpected = problems.filter((p) => !/Failed to fetch|net::/.test(p));
    assert.deepEqual(unexpected, []);
    await page.close();
  } finally {
    await browser.close();
  }
});
