import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { expectAccessible, fitsWidth, startE2E, type E2E } from './support.ts';
import { linkIn } from '../support/smtp.ts';

/**
 * Issue 4's journey in Chromium: from the wizard to one application for several children and
 * organisations, the mail on a real SMTP server, the status page from that mail, and in the
 * database only each organisation's own part. Then a 14-year-old whose parent confirms by mail.
 */
let e: E2E;
before(async () => {
  e = await startE2E({}, { mail: true });
});
after(() => e.close());

async function next(page: Page, label: string) {
  await expectAccessible(page, label);
  assert.ok(await fitsWidth(page), `${label} fits the screen`);
  await page.getByRole('button', { name: 'Volgende' }).click();
}

function yearsAgo(years: number, extraDays = 40): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() - extraDays);
  return `${String(d.getUTCDate()).padStart(2, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${d.getUTCFullYear()}`;
}

test('a parent applies for two children and three provisions at two organisations; the mail opens the status page; each organisation holds only its part', async () => {
  const page = await e.newPage({ width: 320 });
  await page.goto(`${e.baseUrl}/`);
  await page.getByLabel('Postcode').fill('3811 AB');
  await page.getByRole('button', { name: 'Volgende' }).click();
  await page.getByLabel(/ouder of verzorger/).check();
  await page.getByRole('button', { name: 'Volgende' }).click();
  await page.getByLabel('Kind 1: leeftijd of geboortedatum').fill('8');
  await page.getByRole('button', { name: 'Nog een kind toevoegen' }).click();
  await page.getByLabel('Kind 2: leeftijd of geboortedatum').fill('13');
  await page.getByRole('button', { name: 'Volgende' }).click();
  await page.getByRole('button', { name: 'Laat zien wat er is' }).click();
  await page.waitForURL(/\/wizard\/resultaat/);

  // The button on one option takes the family into the form with that option ticked.
  await page.getByRole('link', { name: 'Dit online aanvragen: Schoolreis en excursies' }).first().click();
  await page.waitForURL(/\/aanvragen\?/);
  assert.ok(await page.getByRole('group', { name: 'Kind 1 (8 jaar)' }).getByLabel(/Schoolreis en excursies/).isChecked());
  await page.getByRole('group', { name: 'Kind 1 (8 jaar)' }).getByLabel(/Verjaardagsbox/).check();
  await page.getByRole('group', { name: 'Kind 2 (13 jaar)' }).getByLabel(/^Fiets/).check();
  await next(page, 'choice');

  await page.waitForURL(/\/aanvragen\/aanvrager/);
  await page.getByLabel('Voornaam').fill('Fatima');
  await page.getByLabel('Achternaam').fill('El Idrissi');
  await page.getByLabel('E-mailadres').fill('fatima.e2e@example.nl');
  await next(page, 'applicant');

  await page.waitForURL(/\/aanvragen\/huishouden/);
  await page.getByLabel('Postcode').fill('3811AB');
  await page.getByLabel('Huisnummer').fill('12');
  await page.getByLabel('Straat').fill('Langestraat');
  await page.getByLabel('Woonplaats').fill('Amersfoort');
  await page.getByLabel(/volwassenen/).fill('1');
  await page.getByLabel(/kinderen tot 18/).fill('2');
  await page.getByLabel(/per maand binnen/).fill('1650');
  await page.getByLabel(/^Uitkering/).check();
  await page.getByLabel('Nee').check();
  await next(page, 'household');

  await page.waitForURL(/\/aanvragen\/kinderen/);
  // A bad birth date is explained next to the field, and nothing typed is lost.
  const sara = page.getByRole('region', { name: 'Kind 1 (8 jaar)' });
  await sara.getByLabel('Voornaam').fill('Sara');
  await sara.getByLabel('Achternaam').fill('El Idrissi');
  await sara.getByLabel('Geboortedatum').fill('31-02-2018');
  await page.getByRole('button', { name: 'Volgende' }).click();
  assert.match(await page.getByRole('alert').innerText(), /Kind 1: Vul de geboortedatum in als dag-maand-jaar/);
  await expectAccessible(page, 'children with errors');
  assert.equal(await sara.getByLabel('Voornaam').inputValue(), 'Sara');
  await sara.getByLabel('Geboortedatum').fill(yearsAgo(8));
  await sara.getByLabel('Naam van de school').fill('De Regenboog');
  await sara.getByLabel('Groep of klas').fill('groep 5');
  await sara.getByLabel('Wat kost het, in euro?').fill('27,50');
  const noah = page.getByRole('region', { name: 'Kind 2 (13 jaar)' });
  await noah.getByLabel('Voornaam').fill('Noah');
  await noah.getByLabel('Achternaam').fill('El Idrissi');
  await noah.getByLabel('Geboortedatum').fill(yearsAgo(13));
  await noah.getByLabel('Naam van de school').fill('Het Element');
  await next(page, 'children');

  await page.waitForURL(/\/aanvragen\/toestemming/);
  await page.getByLabel('Ik geef Stichting Jarige Job toestemming om deze gegevens te gebruiken voor deze aanvraag.').check();
  await page.getByLabel('Ik geef Stichting Leergeld Eemland toestemming om deze gegevens te gebruiken voor deze aanvraag.').check();
  await next(page, 'consent');

  await page.waitForURL(/\/aanvragen\/controleren/);
  await expectAccessible(page, 'check your answers');
  assert.ok(await fitsWidth(page));
  await page.getByRole('button', { name: 'Aanvraag versturen' }).click();
  await page.waitForURL(/\/aanvraag\/KR-.*\/ontvangen/);
  await expectAccessible(page, 'receipt');
  const reference = (await page.getByTestId('reference').innerText()).trim();
  assert.match(reference, /^KR-[0-9A-Z]{4}-[0-9A-Z]{4}$/);

  // The confirmation arrives over SMTP; its signed link opens the status page in another browser.
  const mail = await e.smtp!.waitFor((m) => m.to.includes('fatima.e2e@example.nl') && m.subject.includes(reference));
  assert.match(mail.text, /Sara: Schoolreis en excursies \(Stichting Leergeld Eemland\)/);
  const statusLink = linkIn(mail, `${e.baseUrl}/status`);
  const mailPage = await e.newPage({ width: 320 });
  await mailPage.goto(statusLink);
  await mailPage.waitForURL(new RegExp(`/aanvraag/${reference}$`));
  await expectAccessible(mailPage, 'status page');
  assert.ok(await fitsWidth(mailPage), 'the status page fits 320 px');
  const statusText = await mailPage.locator('main').innerText();
  for (const expected of ['Schoolreis en excursies', 'Verjaardagsbox', 'Fiets', 'Stichting Leergeld Eemland', 'Stichting Jarige Job', 'Ontvangen']) assert.ok(statusText.includes(expected), `status page shows ${expected}`);

  // Each organisation holds only what its provisions need.
  const { db } = e.t.database;
  const application = await db.selectFrom('applications').select(['id']).where('reference', '=', reference).executeTakeFirstOrThrow();
  const cases = await db.selectFrom('cases').innerJoin('organisations', 'organisations.id', 'cases.organisation_id').select(['cases.id', 'organisations.name', 'cases.address', 'cases.household', 'cases.income']).where('cases.application_id', '=', application.id).execute();
  const byName = new Map(cases.map((c) => [c.name, c]));
  const jj = byName.get('Stichting Jarige Job')!;
  const lg = byName.get('Stichting Leergeld Eemland')!;
  assert.ok(jj.address && jj.household === null && jj.income === null, 'Jarige Job: address, no household, no income');
  assert.ok(lg.address && lg.household && lg.income, 'Leergeld: address, household and income');
  const children = async (caseId: string) => db.selectFrom('case_children').select(['first_name', 'fields']).where('case_id', '=', caseId).orderBy('position').execute();
  const jjChildren = await children(jj.id);
  assert.deepEqual(jjChildren.map((c) => c.first_name), ['Sara'], 'Jarige Job does not hear of Noah');
  assert.deepEqual(jjChildren[0]!.fields, {}, 'nor of her school');
  const lgChildren = await children(lg.id);
  assert.deepEqual(lgChildren.map((c) => c.first_name), ['Sara', 'Noah']);
  assert.deepEqual(lgChildren[0]!.fields, { school: 'De Regenboog', class: 'groep 5' });
  const items = await db.selectFrom('case_items').select(['case_id', 'status', 'requested_cents', 'details']).where('case_id', 'in', [jj.id, lg.id]).execute();
  assert.equal(items.length, 3);
  assert.ok(items.every((i) => i.status === 'received'));
  assert.ok(items.some((i) => i.case_id === lg.id && i.requested_cents === 2750), 'the school trip asks 27,50');
  await page.context().close();
  await mailPage.context().close();
});

test('a 14-year-old applies themself; the case reaches Leergeld only after the parent confirms by mail', async () => {
  const page = await e.newPage();
  await page.goto(`${e.baseUrl}/wizard/resultaat?postcode=3811AB&rol=jongere&kind=14&thema=school`);
  await page.getByRole('link', { name: 'Online aanvragen', exact: true }).click();
  await page.getByLabel(/Schoolreis en excursies/).check();
  await next(page, 'choice (young)');
  await page.getByLabel('Voornaam').fill('Daan');
  await page.getByLabel('Achternaam').fill('de Wit');
  await page.getByLabel('E-mailadres', { exact: true }).fill('daan.e2e@example.nl');
  await page.getByLabel('Naam van je ouder of verzorger').fill('Ellen de Wit');
  await page.getByLabel('E-mailadres van je ouder of verzorger').fill('ellen.e2e@example.nl');
  await next(page, 'applicant (young)');
  await page.getByLabel('Postcode').fill('3811 AB');
  await page.getByLabel('Huisnummer').fill('3');
  await page.getByLabel('Straat').fill('Kortegracht');
  await page.getByLabel('Woonplaats').fill('Amersfoort');
  await page.getByLabel(/volwassenen/).fill('2');
  await page.getByLabel(/kinderen tot 18/).fill('1');
  await page.getByLabel(/per maand binnen/).fill('1800');
  await page.getByLabel('Werk').check();
  await page.getByLabel('Dat zeg ik liever niet').check();
  await next(page, 'household (young)');
  await page.getByLabel('Je geboortedatum').fill(yearsAgo(14));
  await page.getByLabel('Naam van de school').fill('Het Element');
  await page.getByLabel('Groep of klas').fill('2B');
  await page.getByLabel('Wat kost het, in euro?').fill('120');
  await next(page, 'about you (young)');
  assert.match(await page.locator('main').innerText(), /Omdat je jonger bent dan 16 jaar/);
  await page.getByLabel(/Ik geef Stichting Leergeld Eemland toestemming/).check();
  await next(page, 'consent (young)');
  await page.getByRole('button', { name: 'Aanvraag versturen' }).click();
  await page.waitForURL(/\/ontvangen$/);
  assert.match(await page.locator('main').innerText(), /wacht op toestemming van Ellen de Wit/);
  const reference = (await page.getByTestId('reference').innerText()).trim();

  const { db } = e.t.database;
  const application = await db.selectFrom('applications').select(['id']).where('reference', '=', reference).executeTakeFirstOrThrow();
  const before = await db.selectFrom('cases').select(['released_at', 'status']).where('application_id', '=', application.id).executeTakeFirstOrThrow();
  assert.equal(before.released_at, null, 'Leergeld cannot see it yet');

  const parentMail = await e.smtp!.waitFor((m) => m.to.includes('ellen.e2e@example.nl'));
  const parentPage = await e.newPage();
  await parentPage.goto(linkIn(parentMail, `${e.baseUrl}/ouder`));
  await expectAccessible(parentPage, 'parent confirmation');
  assert.match(await parentPage.locator('main').innerText(), /Schoolreis en excursies/);
  await parentPage.getByRole('button', { name: /akkoord|toestemming/i }).first().click();
  await expectAccessible(parentPage, 'parent confirmed');

  const afterConfirm = await db.selectFrom('cases').select(['released_at', 'status']).where('application_id', '=', application.id).executeTakeFirstOrThrow();
  assert.ok(afterConfirm.released_at, 'released to Leergeld after the parent confirmed');
  assert.equal(afterConfirm.status, 'open');
  const items = await db.selectFrom('case_items').innerJoin('cases', 'cases.id', 'case_items.case_id').select(['case_items.status']).where('cases.application_id', '=', application.id).execute();
  assert.deepEqual(items.map((i) => i.status), ['received']);

  // The young person's own mail and status page follow.
  const youngMail = await e.smtp!.waitFor((m) => m.to.includes('daan.e2e@example.nl') && m.subject.includes(reference));
  const youngPage = await e.newPage();
  await youngPage.goto(linkIn(youngMail, `${e.baseUrl}/status`));
  assert.match(await youngPage.locator('main').innerText(), /Ontvangen/);
  await expectAccessible(youngPage, 'status page (young)');
  for (const p of [page, parentPage, youngPage]) await p.context().close();
});

test('in Arabic the whole form works right-to-left at 320 px, and the mail comes in Arabic', async () => {
  const page = await e.newPage({ width: 320, locale: 'ar' });
  await page.goto(`${e.baseUrl}/taal/ar?terug=${encodeURIComponent('/wizard/resultaat?postcode=3811AB&rol=ouder&kind=7&thema=birthday')}`);
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  await page.getByRole('link', { name: 'قدّم الطلب عبر الإنترنت', exact: true }).click();
  const rtlStep = async (label: string) => {
    assert.equal(await page.getAttribute('html', 'lang'), 'ar', label);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl', label);
    await expectAccessible(page, `${label} (ar)`);
    assert.ok(await fitsWidth(page), `${label} (ar) fits 320 px`);
    await page.getByRole('button', { name: 'التالي' }).click();
  };
  // Provision texts exist in Dutch and English: an Arabic page shows the English title, marked lang="en".
  await page.getByLabel(/^Birthday box/).check();
  await rtlStep('choice');
  await page.getByLabel('الاسم الأول').fill('مريم');
  await page.getByLabel('اسم العائلة').fill('الحسني');
  await page.getByLabel('البريد الإلكتروني').fill('mariam.e2e@example.nl');
  await rtlStep('applicant');
  await page.getByLabel('الرمز البريدي').fill('3811 AB');
  await page.getByLabel('رقم البيت', { exact: true }).fill('7');
  await page.getByLabel('الشارع').fill('Langestraat');
  await page.getByLabel('المدينة أو البلدة').fill('Amersfoort');
  await rtlStep('household');
  // A mistake is explained in Arabic next to the field.
  await page.getByLabel('الاسم الأول').fill('مريم');
  await page.getByRole('button', { name: 'التالي' }).click();
  await expectAccessible(page, 'children with errors (ar)');
  assert.equal(await page.getByRole('alert').getAttribute('dir'), null, 'the summary follows the page direction');
  await page.getByLabel('اسم العائلة').fill('الحسني');
  await page.getByLabel('تاريخ الميلاد').fill(yearsAgo(7));
  await rtlStep('children');
  for (const box of await page.getByRole('checkbox').all()) await box.check();
  await rtlStep('consent');
  await expectAccessible(page, 'check (ar)');
  await page.getByRole('button', { name: 'أرسل الطلب' }).click();
  await page.waitForURL(/\/ontvangen$/);
  await expectAccessible(page, 'receipt (ar)');
  const reference = (await page.getByTestId('reference').innerText()).trim();
  const mail = await e.smtp!.waitFor((m) => m.to.includes('mariam.e2e@example.nl'));
  assert.ok(mail.subject.includes(reference));
  assert.match(mail.text, /[\u0600-\u06FF]/, 'the confirmation is written in Arabic');
  const { db } = e.t.database;
  const row = await db.selectFrom('applications').select('language').where('reference', '=', reference).executeTakeFirstOrThrow();
  assert.equal(row.language, 'ar', 'later mails follow the language the family used');
  await page.context().close();
});
