import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { expectAccessible, loginInBrowser, startE2E, type E2E } from './support.ts';
import { createApplication } from '../support/applications.ts';
import { bornYearsAgo } from '../support/cases.ts';
import { linkIn, type ReceivedMail } from '../support/smtp.ts';
import { DEMO_USERS } from '../../src/features/demo/accounts.ts';
import { addDays } from '../../src/features/cases/dates.ts';
import { todayInAmsterdam } from '../../src/features/wizard/today.ts';

/**
 * Issue 5's journey in Chromium: a Leergeld coordinator takes a family's application from
 * received through a planned house visit, a grant and a payment to the swimming pool (which
 * closes the case), then refers the family to Jarige Job for a birthday box. The family agrees by
 * the mailed consent link, and Jarige Job's handler grants the box. At every step the family's
 * status page follows and the mails arrive on a real SMTP server; axe (WCAG 2.1 AA) runs on
 * every page and state the staff and the family see, including forms with errors.
 */
let e: E2E;
before(async () => {
  e = await startE2E({}, { mail: true });
});
after(() => e.close());

const COORDINATOR = DEMO_USERS.find((u) => u.email === 'coordinator@leergeld-eemland.demo')!;
const JARIGE_JOB = DEMO_USERS.find((u) => u.email === 'behandelaar@jarigejob.demo')!;
const VOLUNTEER = DEMO_USERS.find((u) => u.email === 'vrijwilliger@leergeld-eemland.demo')!;
const FAMILY = 'sanne.bosman.e2e@example.nl';
const SWIMMING = 'Zwemles (A- en B-diploma)';
const POOL = 'Zwembad Amerena';
const LEERGELD = 'Stichting Leergeld Eemland';
const JJ = 'Stichting Jarige Job';

/** Page text with all whitespace (line breaks, the no-break space in "€ 395") as single spaces, so that assertions read like the page. */
async function textOf(page: Page, selector = 'main'): Promise<string> {
  return (await page.locator(selector).innerText()).replace(/\s+/g, ' ');
}

/** The family's status page as it is now: reloaded, as a parent would after a mail. */
async function familySees(page: Page): Promise<{ leergeld: string; jarigeJob: string | null; all: string }> {
  await page.reload();
  const jj = page.getByRole('region', { name: JJ });
  return {
    leergeld: (await page.getByRole('region', { name: LEERGELD }).innerText()).replace(/\s+/g, ' '),
    jarigeJob: (await jj.count()) > 0 ? (await jj.innerText()).replace(/\s+/g, ' ') : null,
    all: await textOf(page),
  };
}

/**
 * An item's action link, named by the action and (visually hidden) the provision. The hidden part is
 * absolutely positioned, so the computed name has a space before the colon ("Besluiten : Zwemles").
 */
function itemLink(page: Page, action: string, title: string) {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.getByRole('link', { name: new RegExp(`^${escape(action)}\\s*: ${escape(title)}$`) });
}

/** A mail to the family matching subject and body, polled with a deadline (the SMTP server keeps every mail; each step's text is distinct). Generous, as the mail worker shares a busy machine. */
async function familyMail(subject: RegExp, body: RegExp): Promise<ReceivedMail> {
  return e.smtp!.waitFor((m) => m.to.includes(FAMILY) && subject.test(m.subject) && body.test(m.text.replace(/\s+/g, ' ')), 30_000);
}

test('a Leergeld coordinator handles a case from receipt to payment, refers the family to Jarige Job, and the family follows every step', async () => {
  const today = todayInAmsterdam();
  const { reference } = await createApplication(e.t, {
    firstName: 'Sanne',
    lastName: 'Bosman',
    email: FAMILY,
    children: [{ firstName: 'Lieke', lastName: 'Bosman', birthDate: bornYearsAgo(9, 7), provisions: [SWIMMING], answers: { club: POOL, cost: '395' } }],
  });

  // ------------------------------------------------------------ the family: confirmation mail and status page
  const confirmation = await familyMail(new RegExp(`Wij hebben uw aanvraag ontvangen \\(${reference}\\)`), /Zwemles/);
  const family = await e.newPage();
  await family.goto(linkIn(confirmation, `${e.baseUrl}/status`));
  await family.waitForURL(new RegExp(`/aanvraag/${reference}$`));
  let status = await familySees(family);
  assert.match(status.leergeld, /Zwemles \(A- en B-diploma\) Voor Lieke .*Status Ontvangen/);
  assert.equal(status.jarigeJob, null, 'nothing at Jarige Job yet');

  // ------------------------------------------------------------ the coordinator finds the case in the queue
  const staff = await e.newPage();
  await loginInBrowser(staff, e.baseUrl, COORDINATOR.email, COORDINATOR.totpSecret);
  await staff.goto(`${e.baseUrl}/beheer/aanvragen`);
  assert.equal(await staff.getByRole('heading', { level: 1 }).innerText(), 'Aanvragen');
  await expectAccessible(staff, 'queue (Leergeld)');
  // Searched as typed on the phone: lower case, with spaces for dashes.
  await staff.getByRole('searchbox', { name: 'Zoeken' }).fill(reference.toLowerCase().replace(/-/g, ' '));
  await staff.getByRole('button', { name: 'Toon' }).click();
  await staff.waitForURL(/zoek=/);
  const results = staff.getByRole('region', { name: 'Aanvragen' });
  const row = results.getByRole('row').filter({ hasText: reference });
  assert.equal(await row.count(), 1, 'the search finds the case');
  assert.match((await row.innerText()).replace(/\s+/g, ' '), /Lieke: Zwemles \(A- en B-diploma\) \(Nieuw\)/);
  await expectAccessible(staff, 'queue filtered by reference');
  await row.getByRole('link', { name: reference }).click();
  await staff.waitForURL(/\/beheer\/aanvragen\/[0-9a-f-]{36}$/);
  const casePath = new URL(staff.url()).pathname;
  assert.equal(await staff.getByRole('heading', { level: 1 }).innerText(), `Aanvraag ${reference}`);
  assert.match(await textOf(staff), /Maximum volgens de regels € 600/, 'the swimming lessons\' maximum as applied for');
  await expectAccessible(staff, 'case page (new)');

  // ------------------------------------------------------------ a house visit with the volunteer
  await staff.getByRole('link', { name: 'Huisbezoek of afspraak plannen' }).click();
  await staff.waitForURL(/\/afspraak$/);
  await expectAccessible(staff, 'plan a visit');
  assert.ok(await staff.getByRole('radio', { name: 'Huisbezoek' }).isChecked(), 'a house visit is the default');
  const visitDay = addDays(today, 3);
  await staff.getByLabel('Datum').fill(visitDay);
  await staff.getByLabel('Tijd', { exact: true }).fill('10:30');
  const who = staff.getByLabel('Wie gaat');
  await who.selectOption({ label: (await who.locator('option', { hasText: VOLUNTEER.name }).innerText()).trim() });
  await staff.getByRole('button', { name: 'Afspraak plannen' }).click();
  await staff.waitForURL(/melding=afspraak/);
  assert.match(await staff.getByRole('status').first().innerText(), /De afspraak is gepland\. De aanvrager krijgt een e-mail\./);
  const planned = await textOf(staff);
  assert.match(planned, /Status Afspraak gepland/);
  assert.match(planned, new RegExp(`Wie gaat ${VOLUNTEER.name} Status Gepland`));
  await expectAccessible(staff, 'case page with a planned visit');

  const visitMail = await familyMail(new RegExp(`^Afspraak over uw aanvraag ${reference}$`), /komt graag bij u thuis langs/);
  assert.match(visitMail.text.replace(/\s+/g, ' '), /Stichting Leergeld Eemland komt graag bij u thuis langs, op .+ om 10:30\./);
  status = await familySees(family);
  assert.match(status.leergeld, /Status Er is een afspraak gepland/);
  assert.match(status.leergeld, /Stichting Leergeld Eemland komt op .+ om 10:30 bij u thuis/);
  await expectAccessible(family, 'status page with a planned visit');

  // ------------------------------------------------------------ the visit's outcome (coordinators see and record every visit)
  await staff.getByRole('link', { name: 'Uitkomst vastleggen' }).click();
  await staff.waitForURL(/\/afspraak\/[0-9a-f-]{36}$/);
  await expectAccessible(staff, 'record the visit');
  await staff.getByRole('radio', { name: 'Ja, de afspraak is geweest' }).check();
  const report = 'Moeder en twee kinderen, inkomen uit een uitkering. Lieke kan nog niet zwemmen.';
  await staff.getByLabel('Verslag').fill(report);
  await staff.getByRole('button', { name: 'Uitkomst opslaan' }).click();
  await staff.waitForURL(/melding=bezoek/);
  assert.match(await textOf(staff), /Status In behandeling/);
  await familyMail(/^Nieuws over uw aanvraag/, /Bedankt voor de afspraak\. Stichting Leergeld Eemland behandelt uw aanvraag nu verder\./);
  status = await familySees(family);
  assert.match(status.leergeld, /De afspraak met Stichting Leergeld Eemland is geweest/);
  assert.match(status.leergeld, /Status In behandeling/);
  assert.ok(!status.all.includes('Lieke kan nog niet zwemmen'), 'the visit report stays internal');

  // ------------------------------------------------------------ the grant
  await itemLink(staff, 'Besluiten', SWIMMING).click();
  await staff.waitForURL(/\/besluit\/[0-9a-f-]{36}$/);
  await expectAccessible(staff, 'decide');
  await staff.getByRole('radio', { name: 'Toekennen', exact: true }).check();
  assert.equal(await staff.getByLabel('Bedrag in euro').inputValue(), '395', 'the requested amount is suggested');
  await staff.getByLabel('Bedrag in euro').fill('395');
  await staff.getByRole('button', { name: 'Besluit opslaan' }).click();
  await staff.waitForURL(/melding=besloten/);
  assert.match(await textOf(staff), /Status Toegekend .*Toegekend € 395/);
  await expectAccessible(staff, 'case page after the grant');

  const grantMail = await familyMail(/^Nieuws over uw aanvraag/, /De nieuwe status is: Toegekend/);
  assert.match(grantMail.text.replace(/\s+/g, ' '), /Stichting Leergeld Eemland heeft de status van 'Zwemles \(A- en B-diploma\)' voor Lieke veranderd\. De nieuwe status is: Toegekend Het toegekende bedrag is € 395\./);
  status = await familySees(family);
  assert.match(status.leergeld, /Status Toegekend Toegekend € 395/);

  // Closing is refused while something granted is not yet paid: the form says why.
  await staff.getByRole('link', { name: 'Aanvraag afsluiten' }).click();
  await staff.waitForURL(/\/afsluiten$/);
  assert.match(await staff.getByRole('status').first().innerText(), /Er is iets toegekend dat nog niet geleverd of betaald is\. Leg eerst de levering vast\./);
  await expectAccessible(staff, 'close form, blocked by an unpaid grant');
  await staff.getByRole('link', { name: `Terug naar aanvraag ${reference}` }).click();
  await staff.waitForURL((url) => url.pathname === casePath);

  // ------------------------------------------------------------ the payment to the pool: a wrong IBAN first
  await itemLink(staff, 'Levering of betaling vastleggen', SWIMMING).click();
  await staff.waitForURL(/\/levering\/[0-9a-f-]{36}$/);
  await expectAccessible(staff, 'record the payment');
  assert.ok(await staff.getByRole('radio', { name: 'Betaald aan de club, school of winkel' }).isChecked());
  assert.equal(await staff.getByLabel('Naam van de ontvanger of leverancier').inputValue(), POOL, 'the club the family named');
  assert.equal(await staff.getByLabel('Bedrag in euro').inputValue(), '395', 'the granted amount');
  const iban = staff.getByLabel('IBAN van de ontvanger');
  await iban.fill('NL91 ABNA 0417 1643 01');
  await staff.getByLabel('Datum van betaling of verzending').fill(today);
  await staff.getByLabel('Betalingskenmerk of factuurnummer').fill(`${reference} zwemles Lieke`);
  await staff.getByRole('button', { name: 'Opslaan' }).click();
  await staff.waitForURL(/\/levering\/[0-9a-f-]{36}$/);
  const ibanError = 'Deze IBAN klopt niet. Controleer de letters en cijfers, bijvoorbeeld NL91 ABNA 0417 1643 00.';
  const summary = staff.getByRole('alert');
  assert.match(await summary.innerText(), /^Er is een probleem/);
  assert.ok(await summary.getByRole('link', { name: ibanError }).isVisible(), 'the error summary links to the field');
  // Next to the field: the message is the field's description, and the field is marked invalid.
  assert.equal(await iban.getAttribute('aria-invalid'), 'true');
  const describedBy = (await iban.getAttribute('aria-describedby')) ?? '';
  const descriptions = await Promise.all(describedBy.split(' ').map((id) => staff.locator(`[id="${id}"]`).innerText()));
  assert.ok(descriptions.some((d) => d.includes(ibanError)), `the IBAN field is described by its error (got ${JSON.stringify(descriptions)})`);
  assert.equal(await iban.inputValue(), 'NL91 ABNA 0417 1643 01', 'what was typed stays');
  assert.equal(await staff.getByLabel('Betalingskenmerk of factuurnummer').inputValue(), `${reference} zwemles Lieke`);
  await expectAccessible(staff, 'payment form with a wrong IBAN');
  await summary.getByRole('link', { name: ibanError }).click();
  assert.equal(await iban.evaluate((el) => el === document.activeElement), true, 'the summary link takes the keyboard to the field');

  await iban.fill('NL91ABNA0417164300');
  await staff.getByRole('button', { name: 'Opslaan' }).click();
  await staff.waitForURL(/melding=geleverd/);
  const paid = await textOf(staff);
  assert.match(paid, /Status Geleverd of betaald/);
  assert.match(paid, new RegExp(`Betaald ${POOL}, NL91 ABNA 0417 1643 00, € 395, .+, ${reference} zwemles Lieke`));
  // Paying the last open request closes the case: the status says so and the handling actions are gone.
  assert.match(paid, /Status Afgerond/);
  assert.match(paid, /Aanvraag afgesloten/, 'the timeline shows the closing');
  assert.equal(await staff.getByRole('link', { name: 'Aanvraag afsluiten' }).count(), 0);
  await expectAccessible(staff, 'case page, paid and closed');

  await familyMail(/^Nieuws over uw aanvraag/, /De nieuwe status is: Geleverd of betaald/);
  status = await familySees(family);
  assert.match(status.leergeld, /Status Geleverd of betaald Toegekend € 395/);
  assert.match(status.leergeld, new RegExp(`Stichting Leergeld Eemland heeft € 395 betaald aan ${POOL} op`));
  assert.match(status.leergeld, /Deze aanvraag bij Stichting Leergeld Eemland is afgerond\./);
  assert.match(status.leergeld, /Stichting Leergeld Eemland heeft uw aanvraag afgerond/);
  await expectAccessible(family, 'status page, paid and closed');

  // ------------------------------------------------------------ referral to Jarige Job from the closed case
  await staff.getByRole('link', { name: 'Doorverwijzen naar een andere organisatie' }).click();
  await staff.waitForURL(/\/doorverwijzen$/);
  await expectAccessible(staff, 'refer');
  await staff.getByRole('button', { name: 'Doorverwijzen' }).click();
  await staff.waitForURL(/\/doorverwijzen$/);
  assert.match(await staff.getByRole('alert').innerText(), /Kies waarnaar u het gezin doorverwijst\./);
  await expectAccessible(staff, 'refer, nothing chosen');
  const forLieke = staff.getByRole('group', { name: 'Voor Lieke' });
  await forLieke.getByRole('radio', { name: 'Verjaardagsbox – Stichting Jarige Job' }).check();
  await staff.getByLabel('Toelichting voor de andere organisatie (niet verplicht)').fill('Lieke wordt binnenkort 10. Het gezin heeft weinig geld voor een feestje.');
  await staff.getByRole('button', { name: 'Doorverwijzen' }).click();
  // The family consented to Leergeld only: they are asked by mail before Jarige Job sees anything.
  await staff.waitForURL(/melding=toestemming-gevraagd/);
  assert.match(await staff.getByRole('status').first().innerText(), /Het gezin krijgt een e-mail om toestemming te geven/);
  assert.match(await textOf(staff), /Stichting Jarige Job: Verjaardagsbox – Wacht op toestemming van het gezin/);
  await expectAccessible(staff, 'case page, referral waiting for consent');
  status = await familySees(family);
  assert.match(status.leergeld, /Stichting Leergeld Eemland vraagt uw toestemming om u door te verwijzen naar Stichting Jarige Job\. Kijk in uw e-mail\./);
  assert.equal(status.jarigeJob, null, 'nothing reaches Jarige Job before the family says yes');

  const consentMail = await familyMail(/^Mogen wij uw gegevens delen met Stichting Jarige Job\?$/, /toestemming/);
  assert.match(consentMail.text.replace(/\s+/g, ' '), /Stichting Leergeld Eemland wil u doorverwijzen naar Stichting Jarige Job voor 'Verjaardagsbox' voor Lieke\./);
  const consent = await e.newPage();
  await consent.goto(linkIn(consentMail, `${e.baseUrl}/toestemming`));
  assert.equal(await consent.getByRole('heading', { level: 1 }).innerText(), 'Mogen wij uw gegevens delen met Stichting Jarige Job?');
  assert.match(await textOf(consent), /uw adres; geboortedatum van het kind; naam van het kind/, 'only what a birthday box needs');
  await expectAccessible(consent, 'referral consent page');
  await consent.getByRole('button', { name: 'Ja, ik geef toestemming' }).click();
  await consent.getByRole('heading', { level: 1, name: 'Bedankt voor uw toestemming' }).waitFor();
  await expectAccessible(consent, 'referral consent given');
  await consent.context().close();

  await staff.reload();
  assert.match(await textOf(staff), /Stichting Jarige Job: Verjaardagsbox – Aangekomen \(Nieuw\)/);
  status = await familySees(family);
  assert.match(status.leergeld, /Stichting Leergeld Eemland heeft u doorverwezen naar Stichting Jarige Job/);
  assert.ok(status.jarigeJob, 'the Jarige Job part appears on the status page');
  assert.match(status.jarigeJob, /Verjaardagsbox Voor Lieke .*Status Ontvangen/);
  assert.match(status.jarigeJob, /Stichting Leergeld Eemland heeft u doorverwezen naar Stichting Jarige Job/);
  await expectAccessible(family, 'status page with the referral');

  // ------------------------------------------------------------ Jarige Job's handler grants the box
  const jj = await e.newPage();
  await loginInBrowser(jj, e.baseUrl, JARIGE_JOB.email, JARIGE_JOB.totpSecret);
  await jj.goto(`${e.baseUrl}/beheer/aanvragen`);
  await expectAccessible(jj, 'queue (Jarige Job)');
  const jjRow = jj.getByRole('region', { name: 'Aanvragen' }).getByRole('row').filter({ hasText: reference });
  assert.equal(await jjRow.count(), 1, 'the referred case is in Jarige Job\'s queue without searching');
  assert.match((await jjRow.innerText()).replace(/\s+/g, ' '), /Lieke: Verjaardagsbox \(Nieuw\)/);
  await jjRow.getByRole('link', { name: reference }).click();
  await jj.waitForURL(/\/beheer\/aanvragen\/[0-9a-f-]{36}$/);
  assert.notEqual(new URL(jj.url()).pathname, casePath, 'Jarige Job has its own case');
  const received = await textOf(jj);
  assert.match(received, /Binnengekomen via Doorverwezen/);
  assert.match(received, /Doorverwezen door Stichting Leergeld Eemland, op /);
  assert.match(received, /Toelichting bij de doorverwijzing Lieke wordt binnenkort 10\./);
  assert.ok(!received.includes('Inkomen'), 'Jarige Job does not get the income Leergeld holds');
  assert.ok(!received.includes(POOL), 'nor the swimming lessons');
  await expectAccessible(jj, 'referred case at Jarige Job');

  await itemLink(jj, 'Besluiten', 'Verjaardagsbox').click();
  await jj.waitForURL(/\/besluit\/[0-9a-f-]{36}$/);
  await expectAccessible(jj, 'decide (Jarige Job)');
  await jj.getByRole('radio', { name: 'Toekennen', exact: true }).check();
  await jj.getByLabel('Bedrag in euro').fill('35');
  await jj.getByRole('button', { name: 'Besluit opslaan' }).click();
  await jj.waitForURL(/melding=besloten/);
  assert.match(await textOf(jj), /Status Toegekend .*Toegekend € 35/);
  await expectAccessible(jj, 'Jarige Job case after the grant');

  const boxMail = await familyMail(/^Nieuws over uw aanvraag/, /Stichting Jarige Job heeft de status van 'Verjaardagsbox'/);
  assert.match(boxMail.text.replace(/\s+/g, ' '), /voor Lieke veranderd\. De nieuwe status is: Toegekend Het toegekende bedrag is € 35\./);
  status = await familySees(family);
  assert.match(status.jarigeJob ?? '', /Verjaardagsbox Voor Lieke .*Status Toegekend Toegekend € 35/);
  assert.match(status.leergeld, /Status Geleverd of betaald/, 'the Leergeld part is unchanged');
  await expectAccessible(family, 'status page with the box granted');

  // The referrer sees how its referral went.
  await staff.reload();
  assert.match(await textOf(staff), /Stichting Jarige Job: Verjaardagsbox – Aangekomen \(Toegekend\)/);

  // Every family mail was Dutch and carried a working link to the status page.
  const mails = e.smtp!.mails.filter((m) => m.to.includes(FAMILY));
  assert.ok(mails.length >= 6, `mails to the family: ${mails.map((m) => m.subject).join('; ')}`);
  for (const m of mails.filter((x) => !x.subject.startsWith('Mogen wij'))) assert.match(m.text, /Bekijk hoe het met uw aanvraag gaat:/, m.subject);

  for (const p of [family, staff, jj]) await p.context().close();
});
