// Issue 12 §7, the volunteers' screens: axe-core (WCAG 2.1 A/AA) on every screen state a volunteer
// walks through, in French and in English; a keyboard-only capture from home to a saved testimony;
// reflow at 200 % text size and at 200 % page zoom on a 320 CSS px wide screen (nothing scrolls
// sideways, no button or chip leaves its container).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, watchPage, appReady, until, screenshot, VOLUNTEER, serverOnOwnDatabase, stopAll } from './lib/harness.mjs';
import { setupWorld, home, outbox, drained } from './lib/app.mjs';
import { checkA11y, checkReflow } from './lib/axe.mjs';

/** One question of each kind the phone draws. */
const ALL_KINDS = {
  title: 'Toutes les questions',
  intro: 'Une question de chaque sorte.',
  questions: [
    { code: 'mode', label: 'Comment venez-vous ?', type: 'single_choice', required: true,
      options: [{ code: 'tram', label: 'En tram' }, { code: 'bus', label: 'En bus' }] },
    { code: 'lieux', label: 'Où allez-vous ?', type: 'multiple_choice', max_choices: 2,
      options: [{ code: 'parc', label: 'Au parc' }, { code: 'marche', label: 'Au marché' }, { code: 'ecole', label: 'À l’école' }] },
    { code: 'souci', label: 'Un souci ?', type: 'yes_no', required: true },
    { code: 'note', label: 'Votre note', type: 'scale' },
    { code: 'humeur', label: 'Votre humeur', type: 'scale', smiley: true },
    { code: 'mot', label: 'Un mot ?', type: 'short_text' },
    { code: 'recit', label: 'Racontez', type: 'long_text' },
    { code: 'age', label: 'Votre âge', type: 'number', min: 0, max: 120, integer: true },
  ],
};

let server;
let browser;
let db;
let world;

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-a11y-'));
  world = await setupWorld(server);
  const survey = await world.admin.call('POST', '/api/v1/surveys', ALL_KINDS);
  await world.admin.call('POST', `/api/v1/surveys/${survey.id}/publish`);
  await world.admin.call('PUT', `/api/v1/surveys/${survey.id}/quartiers`, { quartier_ids: [world.quartier.id] });
  await world.admin.call('POST', `/api/v1/surveys/${survey.id}/open`);
  browser = await launchBrowser();
});

after(() => stopAll({ browsers: [browser], server, db }));

const lang = (page) => page.evaluate(() => document.documentElement.lang);

async function switchTo(page, wanted) {
  if ((await lang(page)).startsWith(wanted)) return;
  await page.click('.topbar .lang');
  await until(async () => (await lang(page)).startsWith(wanted), `interface in ${wanted}`);
}

async function signIn(page, check) {
  await page.goto(server.url + '/connexion');
  await appReady(page);
  await page.locator('#email').waitFor();
  await check('sign-in');
  await page.locator('#email').pressSequentially(VOLUNTEER.email);
  await page.locator('#password').pressSequentially(VOLUNTEER.password);
  await page.click('[data-testid=login-form] button[type=submit]');
  await page.getByTestId('new-testimony').waitFor();
  await page.getByTestId('open-survey').first().waitFor();
}

/** The quartier and place asked when no outing is in progress. */
async function where(page, form) {
  const select = page.locator(`#${form}-quartier`);
  if ((await select.count()) === 0 || (await select.inputValue()) !== '') return;
  await select.selectOption({ index: 1 });
  await page.locator(`#${form}-place`).pressSequentially('Devant la médiathèque');
}

/** Answers the all-kinds survey, running `check` on every state; returns at the receipt. */
async function runSurvey(page, check) {
  await page.getByTestId('open-survey').filter({ hasText: ALL_KINDS.title }).click();
  await page.getByTestId('informed').waitFor();
  await check('survey notice');
  await page.getByTestId('informed').check();
  await page.getByTestId('begin').click();
  const next = async (what) => {
    await check(what);
    await page.getByTestId('next').click();
  };
  await page.getByLabel('En tram').waitFor();
  await check('single choice (unanswered)');
  await page.getByTestId('next').click();
  await page.locator('[data-testid=form-error]:not(:empty), .error:not(:empty)').first().waitFor();
  await check('single choice (required message)');
  await page.getByLabel('En tram').check();
  await next('single choice');
  await page.getByLabel('Au parc').check();
  await page.getByLabel('Au marché').check();
  await next('multiple choice');
  await page.locator('.yesno [data-value="true"]').click();
  await next('yes/no');
  // Scale answers are read with their meaning, not as a bare "1…5".
  const names = async () => page.locator('.scale-step').evaluateAll((steps) => steps.map((b) => b.getAttribute('aria-label')));
  for (const name of await names()) assert.match(name, /^[1-5] (sur|out of) 5, \S/);
  await page.locator('.scale-step[data-value="4"]').click();
  await next('scale');
  // Smileys: a number as text beside each face, and the same meaning.
  for (const name of await names()) assert.match(name, /^[1-5] (sur|out of) 5, \S/);
  assert.deepEqual(await page.locator('.scale-step .face-n').allTextContents(), ['1', '2', '3', '4', '5']);
  await page.locator('.scale-step[data-value="5"]').click();
  await next('smiley scale');
  await page.locator('#q-mot').pressSequentially('Tram');
  await next('short text');
  await page.locator('#q-recit').pressSequentially('Le tram est plein le matin.');
  await next('long text');
  await page.locator('#q-age').pressSequentially('42');
  await next('number');
  await page.getByTestId('save').waitFor();
  await where(page, 'survey');
  await check('survey review');
  await page.getByTestId('save').click();
  await page.getByTestId('receipt-code').waitFor();
  await check('survey receipt');
}

async function recordTestimony(page, check, text) {
  await page.getByTestId('new-testimony').click();
  await page.locator('#testimony-text').waitFor();
  await check('testimony form (empty)');
  await page.locator('#testimony-text').pressSequentially(text);
  await page.locator('input[name=consent]').first().check();
  await where(page, 'testimony');
  await check('testimony form (filled)');
  await page.getByTestId('save').click();
  await page.getByTestId('receipt-code').waitFor();
  await check('testimony receipt');
  await home(page);
}

async function outing(page, check, end) {
  await page.getByTestId('start-outing').click();
  await page.locator('#outing-quartier').waitFor();
  await check('outing start');
  await page.selectOption('#outing-quartier', { label: world.quartier.name });
  await page.locator('#outing-place').pressSequentially('Marché du jeudi');
  await page.getByTestId('outing-start').click();
  await page.getByTestId('approached-plus').click();
  await check('outing counters');
  await page.getByTestId('outing-end').click();
  await page.getByTestId('outing-end-confirm').waitFor();
  await check('outing end confirmation');
  await page.getByTestId(end ? 'outing-end-yes' : 'outing-end-no').click();
  if (end) await page.getByTestId('start-outing').waitFor();
  await home(page);
  await check(end ? 'home (outing ended)' : 'home (outing in progress)');
}

/** Every volunteer screen once, in the page's current language. */
async function walk(page, check, tag) {
  await check('home');
  await outing(page, check, true);
  await runSurvey(page, check);
  await home(page);
  const text = `Le parc ferme trop tôt le soir (${tag}).`;
  await recordTestimony(page, check, text);
  await drained(page);
  await page.getByTestId('open-outbox').click();
  await page.getByTestId('entry').first().waitFor();
  await check('outbox');
  // A coordinator asks for a correction: the volunteer opens it from « Envois ».
  const ids = new Set((await outbox(page)).map((e) => e.id));
  const moderation = await world.admin.call('GET', '/api/v1/moderation/testimonies?status=pending');
  const list = Array.isArray(moderation) ? moderation : moderation.items;
  const sent = list.find((t) => ids.has(t.id) && t.text?.includes(tag)) ?? list.find((t) => ids.has(t.id));
  assert.ok(sent, 'the testimony reached the server');
  await world.admin.call('POST', `/api/v1/moderation/testimonies/${sent.id}/decision`, {
    decision: 'needs_correction',
    message: 'Merci de préciser le lieu.',
  });
  await page.getByTestId('sync-now').click();
  await until(async () => (await outbox(page)).find((e) => e.id === sent.id)?.state === 'needs_correction', 'correction request pulled');
  await page.locator(`[data-id="${sent.id}"]`).getByTestId('fix').waitFor();
  await check('outbox (correction asked)');
  await page.locator(`[data-id="${sent.id}"]`).getByTestId('fix').click();
  await page.getByTestId('fix-message').waitFor();
  await check('correction');
  await home(page);
}

test('axe finds no WCAG 2.1 A/AA violation on the volunteers’ screens, in French and in English', async () => {
  const page = await browser.context.newPage();
  const problems = watchPage(page);
  const found = [];
  let current = 'fr';
  let checked = 0;
  const check = async (what) => {
    checked += 1;
    try {
      await checkA11y(page, `${what} [${current}]`);
    } catch (error) {
      found.push(error.message);
    }
  };
  await page.goto(server.url + '/connexion');
  await appReady(page);
  // The helper does fail: an input with no label is reported.
  await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<input id="pv-unlabelled" type="text">'));
  await assert.rejects(checkA11y(page, 'self-test'), /label \(critical\)[\s\S]*#pv-unlabelled/);
  await page.evaluate(() => document.getElementById('pv-unlabelled').remove());
  await switchTo(page, 'en');
  current = 'en';
  await check('sign-in');
  await switchTo(page, 'fr');
  current = 'fr';
  await signIn(page, check);
  await walk(page, check, 'fr');
  await switchTo(page, 'en');
  current = 'en';
  await walk(page, check, 'en');
  await switchTo(page, 'fr');
  assert.deepEqual(found, [], found.join('\n'));
  assert.ok(checked >= 50, `every state was checked (${checked})`);
  assert.deepEqual(problems, []);
  await page.close();
});

/** Presses Tab (or Shift+Tab) until the focused element matches `selector`. */
async function tabTo(page, selector, { back = false, max = 40 } = {}) {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`keyboard: ${selector} never got the focus`);
}

test('a testimony captured with the keyboard only', async () => {
  const page = await browser.context.newPage();
  await page.goto(server.url + '/');
  await appReady(page);
  await page.getByTestId('new-testimony').waitFor();
  // An outing in progress gives the quartier and the place (started with the mouse: not the pass).
  await page.getByTestId('start-outing').click();
  await page.selectOption('#outing-quartier', { label: world.quartier.name });
  await page.locator('#outing-place').pressSequentially('Sortie clavier');
  await page.getByTestId('outing-start').click();
  await page.getByTestId('approached-plus').waitFor();
  await home(page);
  const before = (await outbox(page)).length;

  await tabTo(page, '[data-testid=new-testimony]');
  await page.keyboard.press('Enter');
  await page.locator('#testimony-text').waitFor();
  // The new screen's heading has the focus (not the page body): Tab goes on from there.
  await until(() => page.evaluate(() => document.activeElement?.matches('#main h1')), 'focus on the heading');
  await tabTo(page, '#testimony-text');
  await page.keyboard.type('Il manque des bancs au square, dit au clavier.');
  await tabTo(page, 'input[name=consent]');
  await page.keyboard.press('Space');
  assert.equal(await page.locator('input[name=consent]:checked').count(), 1, 'Space chose a consent');
  // Back and forth: Shift+Tab returns to the text.
  await tabTo(page, '#testimony-text', { back: true });
  await tabTo(page, '[data-testid=testimony-form] [data-testid=save]');
  await page.keyboard.press('Enter');
  await page.getByTestId('receipt-code').waitFor();
  await tabTo(page, '[data-testid=again], .topbar .brand');
  assert.equal((await outbox(page)).length, before + 1);
  // Ends the outing (with the mouse) for the next test.
  await home(page);
  await page.locator('[data-testid=outing-line] + button').click();
  await page.getByTestId('outing-end').click();
  await page.getByTestId('outing-end-yes').click();
  await page.getByTestId('start-outing').waitFor();
  await page.close();
});

/**
 * Reflow on a 320 CSS px wide screen, every volunteer screen in French and English. `text`: the
 * reader's own font setting doubled (200 % text size); otherwise 200 % page zoom, which is what a
 * 640 px wide window zoomed twice lays out: 320 CSS px at the ordinary font size.
 */
async function reflowPass({ text }) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 320, height: 640 });
  // The reader's own setting: Chromium's default font size doubled (16 → 32 px).
  const doubleText = async (context, target) => {
    if (!text) return;
    const cdp = await context.newCDPSession(target);
    await cdp.send('Page.enable');
    await cdp.send('Page.setFontSizes', { fontSizes: { standard: 32, fixed: 26 } });
  };
  await doubleText(browser.context, page);
  const found = [];
  const check = async (what) => {
    try {
      await checkReflow(page, what);
    } catch (error) {
      found.push(error.message);
    }
  };
  // The sign-in screen, on a phone nobody signed in on yet.
  const fresh = await launchBrowser();
  try {
    const signin = await fresh.context.newPage();
    await signin.setViewportSize({ width: 320, height: 640 });
    await doubleText(fresh.context, signin);
    await signin.goto(server.url + '/connexion');
    await appReady(signin);
    await signin.locator('#email').waitFor();
    for (const l of ['fr', 'en']) {
      await switchTo(signin, l);
      try {
        await checkReflow(signin, `sign-in [${l}]`);
      } catch (error) {
        found.push(error.message);
      }
    }
  } finally {
    await fresh.close();
  }
  await page.goto(server.url + '/');
  await appReady(page);
  await page.getByTestId('new-testimony').waitFor();
  const rootSize = await page.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  await screenshot(page, text ? 'a11y-200-home' : 'a11y-zoom-200-home');
  if (text) assert.ok(rootSize >= 32, `the root font size follows the reader's setting (${rootSize}px)`);
  for (const l of ['fr', 'en']) {
    await switchTo(page, l);
    await check(`home [${l}]`);
    await outing(page, (what) => check(`${what} [${l}]`), true);
    await runSurvey(page, (what) => check(`${what} [${l}]`));
    await home(page);
    await recordTestimony(page, (what) => check(`${what} [${l}]`), `Reflow ${l}.`);
    await page.getByTestId('open-outbox').click();
    await page.getByTestId('entry').first().waitFor();
    await check(`outbox [${l}]`);
    const fix = page.getByTestId('fix').first();
    if (await fix.count()) {
      await fix.click();
      await page.getByTestId('fix-message').waitFor();
      await check(`correction [${l}]`);
    }
    await home(page);
  }
  await switchTo(page, 'fr');
  assert.deepEqual(found, [], found.join('\n'));
  await page.close();
}

test('at 200 % text size on a 320 px wide screen nothing scrolls sideways or overflows', () => reflowPass({ text: true }));

test('at 200 % page zoom (320 CSS px) nothing scrolls sideways or overflows', () => reflowPass({ text: false }));
