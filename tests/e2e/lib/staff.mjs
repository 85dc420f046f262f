// What coordinators and council members do in the app, and the API set-up their scenarios need.

import { randomUUID } from 'node:crypto';
import { Api, ADMIN, VOLUNTEER, appReady, until } from './harness.mjs';

export const COORDINATOR = { email: 'coordination@e2e.test', password: 'coordination-password-1234' };
export const COUNCILLOR = { email: 'conseil@e2e.test', password: 'conseil-password-12345' };

/**
 * Accounts (volunteer, coordinator, council member) and a council covering two quartiers:
 * `quartier` (where the survey runs and enough people answer) and `small` (fewer than 11).
 */
export async function setupStaffWorld(server) {
  const admin = new Api(server.url);
  await admin.login(ADMIN.email, ADMIN.password);
  const quartiers = await admin.call('GET', '/api/v1/quartiers');
  const quartier = quartiers.find((q) => q.slug === 'bellevue') || quartiers[0];
  const small = quartiers.find((q) => q.slug === 'port-boyer') || quartiers[1];
  const other = quartiers.find((q) => q.slug === 'malakoff') || quartiers[2];
  const council = await admin.call('POST', '/api/v1/councils', {
    name: 'Conseil citoyen e2e',
    quartier_ids: [quartier.id, small.id],
  });
  await admin.call('POST', '/api/v1/users', {
    email: VOLUNTEER.email,
    display_name: 'Camille Volontaire',
    role: 'volunteer',
    password: VOLUNTEER.password,
  });
  await admin.call('POST', '/api/v1/users', {
    email: COORDINATOR.email,
    display_name: 'Dominique Coordination',
    role: 'coordinator',
    password: COORDINATOR.password,
  });
  await admin.call('POST', '/api/v1/users', {
    email: COUNCILLOR.email,
    display_name: 'Alix Conseil',
    role: 'council_member',
    password: COUNCILLOR.password,
    council_id: council.id,
  });
  const volunteer = new Api(server.url);
  await volunteer.login(VOLUNTEER.email, VOLUNTEER.password);
  return { admin, volunteer, quartier, small, other, council };
}

/** Signs in through the app's form; staff and council accounts land in their own bundle. */
export async function signInAs(page, base, account, landing) {
  await page.goto(base + '/connexion');
  await appReady(page);
  // Typed key by key, as a person does.
  await page.locator('#email').pressSequentially(account.email);
  await page.locator('#password').pressSequentially(account.password);
  await page.click('[data-testid=login-form] button[type=submit]');
  await until(() => new URL(page.url()).pathname.startsWith(landing), `landing on ${landing}`);
  const bundle = landing.startsWith('/conseil') ? 'council' : 'staff';
  await page.waitForFunction((b) => document.documentElement.dataset.pvBundle === b && document.documentElement.dataset.pvReady === '1', bundle);
}

/** Pushes items as the volunteer's API client; every one must be created. */
export async function push(api, items) {
  const response = await api.call('POST', '/api/v1/sync/push', { items });
  const bad = response.results.filter((r) => r.status !== 'created');
  if (bad.length) throw new Error(`push refused: ${JSON.stringify(bad)}`);
  return response;
}

const now = () => new Date().toISOString();

export function responseItem(versionId, quartierId, answers) {
  return {
    kind: 'response',
    item: { id: randomUUID(), survey_version_id: versionId, quartier_id: quartierId, place: 'Marché', captured_at: now(), answers },
  };
}

export function testimonyItem(quartierId, text, consent = 'count_only') {
  return {
    kind: 'testimony',
    item: { id: randomUUID(), quartier_id: quartierId, place: 'Marché', captured_at: now(), text, consent, themes: [] },
  };
}

/**
 * Publishes to councils, as `api` (the admin or a coordinator): each quartier's themes and,
 * with `versionId`, that survey's results in each quartier. Councils read publications only.
 */
export async function publishFor(api, quartierIds, versionId) {
  for (const quartierId of quartierIds) {
    if (versionId) await api.call('POST', '/api/v1/publications', { kind: 'survey', survey_version_id: versionId, quartier_id: quartierId });
    await api.call('POST', '/api/v1/publications', { kind: 'themes', quartier_id: quartierId });
  }
}
