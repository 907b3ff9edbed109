import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { DEMO_USERS } from '../../src/features/demo/accounts.ts';
import { refreshReach } from '../../src/features/reach/refresh.ts';
import { expectAccessible, fitsWidth, loginInBrowser, startE2E, type E2E } from './support.ts';

/**
 * Reach in Chromium: a municipality officer finds the figures of Amersfoort from the navigation,
 * sees the chart with its table, filters, downloads a CSV, opens the printable report, enters a
 * target with a mistake first, and is refused another municipality's figures. axe on every page.
 */
let e: E2E;
before(async () => {
  e = await startE2E();
  // The demo history is in place; the nightly job would compute the figures, here it is done at once.
  await refreshReach(e.t.database.db, { years: 'all' });
});
after(() => e.close());

const officer = DEMO_USERS.find((u) => u.email === 'beleid@amersfoort.demo')!;

test('a municipality officer sees Amersfoort’s figures and chart, filters, downloads the CSV and prints the report', async () => {
  const page = await e.newPage({ width: 320 });
  await loginInBrowser(page, e.baseUrl, officer.email, officer.totpSecret);
  await page.getByRole('navigation', { name: 'Beheer' }).getByRole('link', { name: 'Bereik' }).click();
  await page.waitForURL(/\/beheer\/bereik\/gemeente\/GM0307/);
  assert.ok(await page.getByRole('heading', { level: 1, name: 'Bereik in Amersfoort' }).isVisible());
  await expectAccessible(page, 'reach dashboard');
  assert.ok(await fitsWidth(page), 'the dashboard fits 320 px');
  // The chart is an image named by its title, with the same numbers in the table beside it.
  const chart = page.getByRole('img', { name: 'Unieke kinderen en toekenningen per jaar' });
  assert.ok(await chart.isVisible());
  assert.ok(await page.getByRole('table').first().isVisible());
  assert.ok(await page.getByText('voorbeeldcijfers', { exact: false }).first().isVisible(), 'illustrative target groups are labelled');

  // Filter on a theme: the page answers with the same layout, filtered.
  await page.getByLabel('Toon cijfers voor').selectOption({ label: 'Sport' });
  await page.getByRole('button', { name: 'Toon cijfers' }).click();
  await page.waitForURL(/filter=h%3Asport/);
  await expectAccessible(page, 'reach dashboard filtered on sport');

  // Back to all children at desktop width, and download a table as CSV.
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByLabel('Toon cijfers voor').selectOption({ label: 'Alle kinderen' });
  await page.getByRole('button', { name: 'Toon cijfers' }).click();
  await page.waitForURL((url) => !url.search.includes('filter=h'));
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: "Download 'Per organisatie' als CSV" }).click()]);
  const csv = fs.readFileSync((await download.path())!, 'utf8');
  assert.match(csv, /^\ufeffOmschrijving;Aanvragen ontvangen;Toegekend \(bruto bereik\);Afgewezen;Unieke kinderen \(netto bereik\)/);
  assert.match(csv, /Stichting Leergeld Eemland;/);
  assert.doesNotMatch(csv, /v1:/, 'no child key in an export');

  await page.getByRole('link', { name: /Rapportage om af te drukken/ }).click();
  await page.waitForURL(/\/rapport/);
  assert.ok(await page.getByRole('heading', { level: 1, name: /Rapportage bereik Amersfoort/ }).isVisible());
  await expectAccessible(page, 'printable report');
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.getByRole('navigation', { name: 'Beheer' }).isVisible(), false, 'no navigation on paper');
  await page.emulateMedia({ media: 'screen' });
  await page.context().close();
});

test('a municipality officer enters targets (errors next to the fields first) and is refused another municipality', async () => {
  const page = await e.newPage();
  await loginInBrowser(page, e.baseUrl, officer.email, officer.totpSecret);
  await page.goto(`${e.baseUrl}/beheer/bereik/gemeente/GM0307`);
  await page.getByRole('link', { name: 'Doelgroep en doelen invullen' }).click();
  await expectAccessible(page, 'targets form');
  await page.getByLabel('Jaar', { exact: true }).fill('twintig');
  await page.getByLabel('Doel: kinderen in gezinnen met bijstand (%)').fill('150');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  assert.ok(await page.getByRole('alert').isVisible(), 'error summary');
  assert.ok(await page.getByText('Vul een percentage in van 0 tot en met 100.').first().isVisible());
  await expectAccessible(page, 'targets form with errors');
  await page.getByLabel('Jaar', { exact: true }).fill('2025');
  await page.getByLabel('Kinderen in huishoudens met een laag inkomen', { exact: true }).fill('3900');
  await page.getByLabel('Waarvan in gezinnen met een bijstandsuitkering').fill('1700');
  await page.getByLabel('Waarvan in gezinnen van werkende ouders').fill('2200');
  await page.getByLabel('Doel: kinderen in gezinnen met bijstand (%)').fill('100');
  await page.getByLabel('Doel: kinderen van werkende ouders met laag inkomen (%)').fill('70');
  await page.getByRole('button', { name: 'Opslaan' }).click();
  assert.ok(await page.getByText('De doelgroep en de doelen zijn opgeslagen.').isVisible());
  await expectAccessible(page, 'targets saved');

  const refused = await page.goto(`${e.baseUrl}/beheer/bereik/gemeente/GM0363`);
  assert.equal(refused?.status(), 404, "Amsterdam's figures are not Amersfoort's officer's");
  await expectAccessible(page, 'refused');
  const csv = await page.goto(`${e.baseUrl}/beheer/bereik/gemeente/GM0363/csv?tabel=organisaties`);
  assert.equal(csv?.status(), 404);
  await page.context().close();
});
