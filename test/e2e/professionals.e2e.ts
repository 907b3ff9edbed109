import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { currentTotp } from '../../src/core/auth/totp.ts';
import { DEMO_USERS } from '../../src/features/demo/accounts.ts';
import { linkIn } from '../support/smtp.ts';
import { expectAccessible, fitsWidth, loginInBrowser, startE2E, type E2E } from './support.ts';

/**
 * A school social worker registers in Chromium at 320 px, confirms the work address from the mail
 * on a real SMTP server, chooses a password and a second factor, and is approved by the demo
 * Jeugdfonds; axe (WCAG 2.1 AA) on every page of the way.
 */
let e: E2E;
before(async () => {
  e = await startE2E({}, { mail: true });
});
after(() => e.close());

async function check(page: import('playwright-core').Page, label: string) {
  await expectAccessible(page, label);
  assert.ok(await fitsWidth(page), `${label} fits 320 px`);
}

test('a school social worker registers, confirms by mail, enrols a second factor and is approved by the Jeugdfonds', async () => {
  const page = await e.newPage({ width: 320 });
  await page.goto(`${e.baseUrl}/intermediair/registreren`);
  await check(page, 'registration form');
  await page.getByLabel('Uw naam').fill('Noor van den Berg');
  await page.getByLabel('E-mailadres op uw werk').fill('geen-adres');
  await page.getByRole('button', { name: 'Registreren' }).click();
  assert.match(await page.getByRole('alert').innerText(), /Vul een geldig e-mailadres in/);
  await check(page, 'registration form with errors');
  // The error summary links to the field.
  await page.getByRole('alert').getByRole('link', { name: /Vul een geldig e-mailadres in/ }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'field-email');

  await page.getByLabel('E-mailadres op uw werk').fill('noor.vandenberg@obs-de-bron.nl');
  await page.getByLabel('Telefoonnummer op uw werk').fill('033 222 33 44');
  await page.getByLabel('Uw functie').fill('Schoolmaatschappelijk werker');
  await page.getByLabel('Soort organisatie').selectOption('school');
  await page.getByLabel('Naam van de organisatie').fill('OBS De Bron');
  await page.getByLabel('Plaats').fill('Amersfoort');
  await page.getByLabel('Gemeente 1').selectOption({ label: 'Amersfoort' });
  await page.getByLabel('Ik vraag alleen aan voor gezinnen die ik ken').check();
  await page.getByRole('button', { name: 'Registreren' }).click();
  await page.waitForURL(/\/intermediair\/registreren\/verstuurd$/);
  await check(page, 'registration sent');

  const mail = await e.smtp!.waitFor((m) => m.to.includes('noor.vandenberg@obs-de-bron.nl'));
  assert.equal(mail.subject, 'Bevestig uw registratie bij Kansrijk');
  await page.goto(linkIn(mail, `${e.baseUrl}/uitnodiging`));
  await check(page, 'choose a password');
  await page.getByLabel('Nieuw wachtwoord').fill('een-lang-wachtwoord-voor-de-bron');
  await page.getByLabel('Herhaal het nieuwe wachtwoord').fill('een-lang-wachtwoord-voor-de-bron');
  await page.getByRole('button', { name: 'Wachtwoord opslaan' }).click();
  await page.waitForURL(/\/inloggen\/tweestapsverificatie$/);
  await check(page, 'second factor enrolment');
  const secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
  await page.getByLabel('Code uit de app').fill(currentTotp(secret));
  await page.getByRole('button', { name: 'Tweede stap aanzetten' }).click();
  await page.getByRole('link', { name: 'Ik heb de codes bewaard, ga verder' }).click();
  await page.waitForURL(/\/intermediair$/);
  await check(page, 'professional overview');
  const jfsc = page.getByRole('row', { name: /Jeugdfonds Sport & Cultuur Utrecht/ });
  assert.match(await jfsc.innerText(), /Wacht op goedkeuring/);

  // The Jeugdfonds coordinator approves.
  const coordinator = DEMO_USERS.find((u) => u.email === 'coordinator@jeugdfonds-utrecht.demo')!;
  const staff = await e.newPage({ width: 320 });
  await loginInBrowser(staff, e.baseUrl, coordinator.email, coordinator.totpSecret);
  await staff.getByRole('link', { name: 'Professionals' }).click();
  await check(staff, 'professionals waiting for approval');
  await staff.getByRole('link', { name: 'Noor van den Berg' }).click();
  await check(staff, 'a professional');
  await staff.getByLabel('Afwijzen').check();
  await staff.getByRole('button', { name: 'Besluit opslaan' }).click();
  assert.match(await staff.getByRole('alert').innerText(), /Schrijf de reden op/);
  await check(staff, 'a decision with an error');
  await staff.getByLabel('Goedkeuren').check();
  await staff.getByRole('button', { name: 'Besluit opslaan' }).click();
  await staff.getByText('De professional is goedgekeurd').waitFor();
  const decision = await e.smtp!.waitFor((m) => m.to.includes('noor.vandenberg@obs-de-bron.nl') && m.subject.includes('uw registratie als professional'));
  assert.match(decision.text, /heeft uw registratie goedgekeurd/);

  await page.reload();
  assert.match(await page.getByRole('row', { name: /Jeugdfonds Sport & Cultuur Utrecht/ }).innerText(), /Goedgekeurd/);
  await staff.context().close();
  await page.context().close();
});
