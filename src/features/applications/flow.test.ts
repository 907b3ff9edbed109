import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestApp, type TestApp } from '../../../test/support/app.ts';
import { DRAFT_COOKIE } from './drafts.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const WIZARD = 'postcode=3811AB&rol=ouder&kind=8&kind=13';

async function idOf(title: string): Promise<string> {
  const snapshot = await t.app.referenceCache.current();
  return snapshot.catalogueFor('GM0307').find((e) => e.rules.title.nl === title)!.id;
}

/** Walks a parent through the form up to the check page for two children and three provisions at two organisations. */
async function fillUpToCheck(client: Client, opts: { sara?: string } = {}) {
  const [trip, box, bike] = await Promise.all([idOf('Schoolreis en excursies'), idOf('Verjaardagsbox'), idOf('Fiets')]);
  const start = await client.get(`/aanvragen?${WIZARD}&kies=0:${trip}`);
  assert.equal(start.statusCode, 200);
  assert.match(start.body, /Wat wilt u aanvragen\?/);
  assert.match(start.body, new RegExp(`value="${trip}"[^>]*checked`), 'the clicked option is ticked');
  const choice = await client.post('/aanvragen/keuze', { herkomst: WIZARD, 'kies-0': [trip, box], 'kies-1': [bike] });
  assert.equal(choice.statusCode, 303, choice.body.slice(0, 2000));
  assert.equal(choice.headers.location, '/aanvragen/aanvrager');
  assert.ok(client.cookies.get(DRAFT_COOKIE), 'a draft cookie');

  await client.get('/aanvragen/aanvrager');
  const bad = await client.post('/aanvragen/aanvrager', { first_name: 'Fatima', last_name: "N'Diaye-El Idrissi", email: 'fatima@', phone: '', language: 'nl' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Vul een geldig e-mailadres in/);
  assert.match(bad.body, /value="Fatima"/, 'what was typed is kept');
  assert.match(bad.body, /href="#field-email"/, 'the summary links to the field');
  const applicant = await client.post('/aanvragen/aanvrager', { first_name: 'Fatima', last_name: "N'Diaye-El Idrissi", email: 'fatima@example.nl', phone: '06 12345678', language: 'nl' });
  assert.equal(applicant.headers.location, '/aanvragen/huishouden');

  const householdPage = await client.get('/aanvragen/huishouden');
  assert.match(householdPage.body, /Hoeveel geld komt er per maand binnen/, 'Leergeld has an income norm: the income is asked');
  const household = await client.post('/aanvragen/huishouden', { postcode: '3811 ab', house_number: '12', street: 'Langestraat', place: 'Amersfoort', adults: '1', children_count: '2', income_monthly: '1.650,00', income_sources: ['benefit', 'work'], debt_help: 'no' });
  assert.equal(household.statusCode, 303, household.body.slice(0, 3000));

  const childrenPage = await client.get('/aanvragen/kinderen');
  assert.match(childrenPage.body, /Naam van de school/);
  assert.match(childrenPage.body, /Wat kost het, in euro\?/, 'the school trip asks its cost');
  const form = {
    'child-0-first_name': 'Sara', 'child-0-last_name': 'El Idrissi', 'child-0-birth_date': opts.sara ?? '01-05-2018', 'child-0-school': 'De Regenboog', 'child-0-class': 'groep 4',
    [`item-0-${trip}-cost`]: '27,50',
    'child-1-first_name': 'Noah', 'child-1-last_name': 'El Idrissi', 'child-1-birth_date': '12-09-2013', 'child-1-school': 'Het Element',
  };
  const children = await client.post('/aanvragen/kinderen', form);
  assert.equal(children.statusCode, 303, children.body.slice(0, 3000));
  const consentPage = await client.get('/aanvragen/toestemming');
  assert.match(consentPage.body, /Stichting Jarige Job/);
  const noConsent = await client.post('/aanvragen/toestemming', {});
  assert.equal(noConsent.statusCode, 400);
  assert.match(noConsent.body, /Zonder uw toestemming kunnen wij niets naar Stichting Jarige Job sturen/);
  const orgIds = [...consentPage.body.matchAll(/name="(consent-[0-9a-f-]{36})"/g)].map((m) => m[1]!);
  assert.equal(orgIds.length, 2);
  const consent = await client.post('/aanvragen/toestemming', Object.fromEntries(orgIds.map((n) => [n, 'yes'])));
  assert.equal(consent.headers.location, '/aanvragen/controleren');
  return { trip, box, bike };
}

test('a parent applies once for two children and three provisions at two organisations; a double submit stores one application', async () => {
  const client = new Client(t.app);
  await fillUpToCheck(client);
  const check = await client.get('/aanvragen/controleren');
  assert.equal(check.statusCode, 200);
  assert.match(check.body, /Controleer uw aanvraag/);
  assert.match(check.body, /N&#39;Diaye-El Idrissi|N'Diaye-El Idrissi/);
  const draftCookie = client.cookies.get(DRAFT_COOKIE)!;
  const submit = await client.post('/aanvragen/controleren', {});
  assert.equal(submit.statusCode, 303);
  const receiptUrl = String(submit.headers.location);
  assert.match(receiptUrl, /^\/aanvraag\/KR-[0-9A-Z]{4}-[0-9A-Z]{4}\/ontvangen$/);
  const receipt = await client.get(receiptUrl);
  assert.equal(receipt.statusCode, 200);
  assert.match(receipt.body, /Uw aanvraag is verstuurd/);

  // The same draft sent again (a double click, or a retry after a time-out).
  client.cookies.set(DRAFT_COOKIE, draftCookie);
  const again = await client.post('/aanvragen/controleren', {});
  assert.equal(again.headers.location, receiptUrl);
  const { db } = t.database;
  const count = await db.selectFrom('applications').select((eb) => eb.fn.countAll<number>().as('n')).where('applicant_email', '=', 'fatima@example.nl').executeTakeFirstOrThrow();
  assert.equal(Number(count.n), 1);
});

test('the same child cannot get the same provision twice in one period: the check page explains', async () => {
  const client = new Client(t.app);
  await fillUpToCheck(client);
  const submit = await client.post('/aanvragen/controleren', {});
  assert.equal(submit.statusCode, 409);
  assert.match(submit.body, /Sara: &#39;Verjaardagsbox&#39; is in deze periode al aangevraagd|Sara: 'Verjaardagsbox' is in deze periode al aangevraagd/);
});

test('a birth date that makes a child too old for a choice is explained next to the birth date', async () => {
  const client = new Client(t.app);
  const [box] = await Promise.all([idOf('Verjaardagsbox')]);
  await client.get(`/aanvragen?postcode=3811AB&rol=ouder&kind=8`);
  await client.post('/aanvragen/keuze', { herkomst: 'postcode=3811AB&rol=ouder&kind=8', 'kies-0': [box] });
  await client.post('/aanvragen/aanvrager', { first_name: 'Jan', last_name: 'Smit', email: 'jan@example.nl', language: 'nl' });
  await client.get('/aanvragen/kinderen');
  const res = await client.post('/aanvragen/kinderen', { 'child-0-first_name': 'Tim', 'child-0-last_name': 'Smit', 'child-0-birth_date': '01-01-2010' });
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /Kind 1: Met deze geboortedatum past/);
  assert.match(res.body, /value="01-01-2010"/);
});
