// Issue 16 §3: the quartier map. A coordinator compares one theme across quartiers and sees a
// map of squares (no outline uploaded yet): the quartier with 12 people shows 12, the one with
// 5 is hatched and says "< 11", the table gives the same figures. The coordinator places a
// square, uploads the outlines drawn for the tests (`tests/fixtures/quartiers-contours.geojson`)
// on the places screen, reads the report, and the same comparison is drawn with the outlines.
// axe on both maps; the map is kept when printing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launchBrowser, screenshot, serverOnOwnDatabase, stopAll, until } from './lib/harness.mjs';
import { setupStaffWorld, signInAs, push, publishFor, testimonyItem, COORDINATOR, COUNCILLOR } from './lib/staff.mjs';
import { checkA11y } from './lib/axe.mjs';

const FIXTURE = fileURLToPath(new URL('../fixtures/quartiers-contours.geojson', import.meta.url));

let server;
let db;
let world;

before(async () => {
  ({ db, server } = await serverOnOwnDatabase('pv-e2e-quartier-map-'));
  world = await setupStaffWorld(server);
  const items = [];
  for (let i = 0; i < 12; i++) items.push(testimonyItem(world.quartier.id, `Le tram est plein le matin, parole ${i}.`));
  for (let i = 0; i < 5; i++) items.push(testimonyItem(world.small.id, `Le bus ne vient plus, parole ${i}.`));
  const pushed = await push(world.volunteer, items);
  for (const result of pushed.results) {
    await world.admin.call('POST', `/api/v1/moderation/testimonies/${result.id}/decision`, {
      decision: 'approve', themes: ['mobilite'], confirm_sensitive: true,
    });
  }
  await publishFor(world.admin, [world.quartier.id, world.small.id]);
  // The official codes the drawn outlines carry.
  const geojson = JSON.parse(readFileSync(FIXTURE, 'utf8'));
  const quartiers = await world.admin.call('GET', '/api/v1/quartiers');
  for (const feature of geojson.features) {
    const q = quartiers.find((x) => x.slug === feature.properties.slug);
    if (!q) continue;
    await world.admin.call('PUT', `/api/v1/quartiers/${q.id}`, {
      slug: q.slug, name: q.name, communes: q.communes, official_code: feature.properties.official_code,
    });
  }
});

after(() => stopAll({ server, db }));

async function compareMobility(page) {
  await page.getByRole('link', { name: 'Comparer les quartiers' }).first().click();
  await page.selectOption('#cmp-theme', 'mobilite');
  await page.getByRole('button', { name: 'Comparer', exact: true }).click();
  const map = page.getByTestId('quartier-map');
  await map.waitFor();
  return map;
}

const shape = (map, slug) => map.locator(`[data-testid=map-shape][data-quartier="${slug}"]`);

test('a coordinator sees a theme on the map of squares, then on uploaded outlines', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await signInAs(page, server.url, COORDINATOR, '/coordination');

    let map = await compareMobility(page);
    assert.equal(await map.getAttribute('data-mode'), 'tiles');
    // Coloured by the share of the quartier's published testimonies: all 12 in Bellevue.
    assert.match(await shape(map, world.quartier.slug).locator('text.qmap-value').textContent(), /^100,0\s%$/);
    assert.equal(await map.locator('[data-testid=map-shape]').count(), 13);
    assert.equal(await map.locator('svg rect').count() >= 13, true);
    assert.match(await shape(map, world.quartier.slug).textContent(), /12/);
    assert.equal(await shape(map, world.small.slug).getAttribute('data-hidden'), '1');
    assert.match(await shape(map, world.small.slug).textContent(), /< 11/);
    // The same figures in the table, for screen readers.
    const row = map.locator('table tr', { hasText: world.quartier.name });
    assert.match(await row.textContent(), /12/);
    assert.match(await map.locator('table tr', { hasText: world.small.name }).textContent(), /< 11/);
    await checkA11y(page, 'compare: map of squares');
    await screenshot(page, 'map-tiles');

    // Printing keeps the map.
    await page.emulateMedia({ media: 'print' });
    assert.ok(await map.locator('svg').isVisible(), 'map printed');
    await page.emulateMedia({ media: 'screen' });

    // Places screen: move Bellevue's square, then upload the outlines.
    await page.getByRole('link', { name: 'Quartiers et conseils' }).first().click();
    const col = page.locator(`#tile-col-${world.quartier.id}`);
    await col.waitFor();
    await col.press('Control+A');
    await col.pressSequentially('6');
    const rowInput = page.locator(`#tile-row-${world.quartier.id}`);
    await rowInput.press('Control+A');
    await rowInput.pressSequentially('4');
    await page.locator('[data-testid=tile-form]', { has: col }).getByRole('button', { name: 'Placer' }).click();
    await page.getByText('Case enregistrée.').waitFor();
    const placed = await world.admin.call('GET', '/api/v1/map');
    const bellevue = placed.shapes.find((s) => s.quartier.id === world.quartier.id);
    assert.deepEqual(bellevue.tile, { col: 6, row: 4 });

    await page.locator('#outline-file').setInputFiles(FIXTURE);
    await page.getByRole('button', { name: 'Envoyer les contours' }).click();
    const report = page.getByTestId('outline-report');
    await report.waitFor();
    const text = await report.textContent();
    assert.match(text, /Contours enregistrés : 13/);
    assert.match(text, /Contours non retenus : 2/);
    assert.match(text, /QN099999Z/);
    await checkA11y(page, 'places: outline report');

    map = await compareMobility(page);
    await until(async () => (await map.getAttribute('data-mode')) === 'outlines', 'map drawn with outlines');
    assert.equal(await map.locator('svg path').count(), 13);
    assert.match(await shape(map, world.quartier.slug).textContent(), /12/);
    assert.equal(await shape(map, world.small.slug).getAttribute('data-hidden'), '1');
    await checkA11y(page, 'compare: map of outlines');
    await screenshot(page, 'map-outlines');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('a council member sees one theme in every quartier on the map, as published', async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await signInAs(page, server.url, COUNCILLOR, '/conseil');
    await page.getByRole('heading', { name: 'Carte : un thème dans tous les quartiers' }).waitFor();
    await page.selectOption('#map-theme', 'mobilite');
    const map = page.getByTestId('quartier-map');
    await map.waitFor();
    assert.match(await shape(map, world.quartier.slug).textContent(), /12/);
    assert.equal(await shape(map, world.small.slug).getAttribute('data-hidden'), '1');
    // Another council's quartier without a publication: no figure, said in words.
    assert.match(await map.locator('table tr', { hasText: world.other.name }).textContent(), /Pas de chiffre publié/);
    await checkA11y(page, 'council: map');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});
