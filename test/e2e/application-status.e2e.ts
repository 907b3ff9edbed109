import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectAccessible, fitsWidth, startE2E, type E2E } from './support.ts';
import { createApplication } from '../support/applications.ts';
import { parentToken, yearsAgo } from '../support/status.ts';
import { statusLinkPath } from '../../src/features/applications/links.ts';

/**
 * The applicant's side after submitting, in Chromium at 320 px: the status page (Dutch and
 * Arabic), a reply and an upload over real HTTP, the withdrawal page, asking for a new link,
 * and the parent's page. axe (WCAG 2.1 AA) on every state.
 */
let e: E2E;
before(async () => {
  e = await startE2E();
});
after(() => e.close());

const PDF = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(3000, 0x20), Buffer.from('\n%%EOF\n')]);

async function check(page: import('playwright-core').Page, label: string) {
  await expectAccessible(page, label);
  assert.ok(await fitsWidth(page), `${label} fits 320 px`);
}

test('the status page, a reply, an upload and a withdrawal work in the browser and stay accessible', async () => {
  const { reference } = await createApplication(e.t, {
    children: [
      { firstName: 'Sara', lastName: 'El Idrissi', birthDate: '2017-05-01', provisions: ['Schoolreis en excursies', 'Verjaardagsbox'] },
    ],
  });
  const page = await e.newPage({ width: 320 });
  await page.goto(`${e.baseUrl}${statusLinkPath(e.t.config.sessionSecret, reference)}`);
  await page.waitForURL(new RegExp(`/aanvraag/${reference}$`));
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), `Uw aanvraag ${reference}`);
  await check(page, 'status page');
  await page.getByText('Gegevens die Stichting Leergeld Eemland van u heeft').click();
  await check(page, 'status page with the data opened');

  const leergeld = page.getByRole('region', { name: 'Stichting Leergeld Eemland' });
  await leergeld.getByRole('button', { name: 'Bericht versturen' }).click();
  assert.match(await page.getByRole('alert').innerText(), /Schrijf uw bericht/);
  await check(page, 'reply with an error');
  await leergeld.getByLabel('Uw bericht aan Stichting Leergeld Eemland').fill('De brief van school stuur ik mee.');
  await leergeld.getByRole('button', { name: 'Bericht versturen' }).click();
  await page.waitForURL(/melding=bericht-verstuurd/);
  assert.ok(await page.getByText('De brief van school stuur ik mee.').isVisible());

  await leergeld.getByLabel('Document toevoegen').setInputFiles({ name: 'notities.pdf', mimeType: 'application/pdf', buffer: Buffer.from('gewone tekst, geen PDF') });
  await leergeld.getByRole('button', { name: 'Document versturen' }).click();
  assert.match(await page.getByRole('alert').innerText(), /Dit bestand kunnen wij niet aannemen/);
  await check(page, 'upload with an error');
  await leergeld.getByLabel('Document toevoegen').setInputFiles({ name: 'brief school.pdf', mimeType: 'application/pdf', buffer: PDF });
  await leergeld.getByRole('button', { name: 'Document versturen' }).click();
  await page.waitForURL(/melding=document-ontvangen/);
  const [download] = await Promise.all([page.waitForEvent('download'), leergeld.getByRole('link', { name: 'brief school.pdf' }).click()]);
  assert.equal(download.suggestedFilename(), 'brief school.pdf');

  const jarigeJob = page.getByRole('region', { name: 'Stichting Jarige Job' });
  await jarigeJob.getByRole('link', { name: /Intrekken/ }).click();
  await page.waitForURL(/\/intrekken\//);
  await check(page, 'withdrawal page');
  await page.getByRole('button', { name: 'Ja, intrekken' }).click();
  await page.waitForURL(/melding=ingetrokken/);
  assert.ok(await jarigeJob.getByText('Ingetrokken', { exact: true }).isVisible());
  await check(page, 'status page after withdrawing');

  // Arabic, right to left: the provision titles are in English, marked as such.
  await page.getByRole('link', { name: 'العربية' }).click();
  await page.waitForURL(new RegExp(`/aanvraag/${reference}`));
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  assert.ok(await page.locator('span[lang="en"]', { hasText: 'School trip and excursions' }).first().isVisible());
  await check(page, 'status page in Arabic');
  await page.context().close();
});

test('asking for a new link, an expired link and the parent page are accessible at 320 px', async () => {
  const page = await e.newPage({ width: 320 });
  await page.goto(`${e.baseUrl}/aanvraag`);
  await page.getByRole('button', { name: 'Stuur mij een link' }).click();
  assert.match(await page.getByRole('alert').innerText(), /Vul uw e-mailadres in/);
  await check(page, 'request form with errors');

  const young = await createApplication(e.t, {
    role: 'young',
    firstName: 'Daan',
    lastName: 'de Wit',
    email: 'daan.e2e@example.nl',
    parent: { name: 'Ellen de Wit', email: 'ellen.e2e@example.nl' },
    children: [{ firstName: 'Daan', lastName: 'de Wit', birthDate: yearsAgo(14), provisions: ['Schoolreis en excursies'] }],
  });
  await page.goto(`${e.baseUrl}${statusLinkPath(e.t.config.sessionSecret, young.reference, Date.now() - 40 * 86_400_000)}`);
  assert.equal(await page.getByRole('heading', { level: 1 }).innerText(), 'Deze link werkt niet meer');
  await check(page, 'expired link');

  await page.goto(`${e.baseUrl}${statusLinkPath(e.t.config.sessionSecret, young.reference)}`);
  assert.match(await page.getByRole('status').first().innerText(), /Je aanvraag wacht op toestemming van Ellen de Wit/);
  await check(page, 'status page waiting for the parent');

  const token = await parentToken(e.t, 'ellen.e2e@example.nl');
  const parent = await e.newPage({ width: 320 });
  await parent.goto(`${e.baseUrl}/ouder/${token}`);
  await check(parent, 'parent page');
  await parent.getByRole('button', { name: 'Ja, ik geef toestemming' }).click();
  await parent.waitForURL(/klaar=1/);
  assert.equal(await parent.getByRole('heading', { level: 1 }).innerText(), 'Bedankt voor uw toestemming');
  await check(parent, 'parent confirmed');
  await parent.context().close();

  await page.reload();
  assert.equal(await page.getByText(/wacht op toestemming van Ellen/).count(), 0);
  assert.ok(await page.getByText('Ontvangen', { exact: true }).first().isVisible());
  await page.context().close();
});
