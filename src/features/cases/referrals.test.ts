import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestApp, type TestApp } from '../../../test/support/app.ts';
import { mailsTo, openStatus } from '../../../test/support/status.ts';
import { bornYearsAgo, caseAt, staffClient } from '../../../test/support/cases.ts';

/**
 * Referral between organisations: with consent that already covers the receiver the case appears
 * there at once with only the fields it needs; otherwise the family is asked by mail and the case
 * appears when they say yes. Both organisations see its status; counts per pair hide small numbers.
 */
let t: TestApp;
const BASE = '/beheer/aanvragen';
const LEERGELD = 'behandelaar@leergeld-eemland.demo';
const JARIGE_JOB = 'behandelaar@jarigejob.demo';
let boxId: string;

before(async () => {
  t = await createTestApp();
  boxId = (await t.database.db.selectFrom('provisions').select('id').where('organisation_id', '=', (await t.database.db.selectFrom('organisations').select('id').where('name', '=', 'Stichting Jarige Job').executeTakeFirstOrThrow()).id).executeTakeFirstOrThrow()).id;
});
after(() => t.close());

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const childOf = async (caseId: string) => (await t.database.db.selectFrom('case_children').select('id').where('case_id', '=', caseId).orderBy('position').execute()).map((c) => c.id);

test('consent already given to the receiver: the case appears there at once, with only what its provision needs', async () => {
  // One child already applied for a birthday box: the family consented to Jarige Job with the application.
  const a = await caseAt(t, { lastName: 'Koster', children: [
    { firstName: 'Mees', lastName: 'Koster', birthDate: bornYearsAgo(7, 1), provisions: ['Schoolreis en excursies', 'Verjaardagsbox'] },
    { firstName: 'Roos', lastName: 'Koster', birthDate: bornYearsAgo(10, 2), provisions: ['Schoolreis en excursies'] },
  ] });
  const [, roos] = await childOf(a.caseId);
  const leergeld = await staffClient(t, LEERGELD);
  const form = await leergeld.get(`${BASE}/${a.caseId}/doorverwijzen`);
  assert.equal(form.statusCode, 200);
  assert.match(text(form.body), /Verjaardagsbox – Stichting Jarige Job/);
  assert.doesNotMatch(text(form.body), /Fiets – Stichting Leergeld/, 'not to one\'s own organisation');
  const none = await leergeld.post(`${BASE}/${a.caseId}/doorverwijzen`, {});
  assert.equal(none.statusCode, 400);
  assert.match(none.body, /Kies waarnaar u het gezin doorverwijst/);
  const done = await leergeld.post(`${BASE}/${a.caseId}/doorverwijzen`, { voorziening: `${roos}:${boxId}`, notitie: 'Roos is in maart jarig.' });
  assert.match(String(done.headers.location), /melding=doorverwezen/);

  const { db } = t.database;
  const referral = await db.selectFrom('referrals').selectAll().where('from_case_id', '=', a.caseId).executeTakeFirstOrThrow();
  assert.equal(referral.status, 'created');
  const received = await db.selectFrom('cases').selectAll().where('id', '=', referral.to_case_id!).executeTakeFirstOrThrow();
  assert.equal(received.channel, 'referral');
  assert.ok(received.address, 'the birthday box needs the address');
  assert.equal(received.income, null, 'not the income Leergeld holds');
  assert.equal(received.household, null);
  const child = await db.selectFrom('case_children').selectAll().where('case_id', '=', received.id).executeTakeFirstOrThrow();
  assert.deepEqual([child.first_name, child.fields], ['Roos', {}], 'no school details for a birthday box');
  assert.match((await mailsTo(t, a.email)).at(-1)!.text_body, /heeft u doorverwezen naar Stichting Jarige Job voor 'Verjaardagsbox' voor Roos/);

  // The receiver sees where it came from; the referrer sees its status.
  const jarigeJob = await staffClient(t, JARIGE_JOB);
  const page = text((await jarigeJob.get(`${BASE}/${received.id}`)).body);
  assert.match(page, /Doorverwezen door Stichting Leergeld Eemland/);
  assert.match(page, /Roos is in maart jarig\./);
  assert.doesNotMatch(page, /Inkomen per maand/);
  const item = await db.selectFrom('case_items').select('id').where('case_id', '=', received.id).executeTakeFirstOrThrow();
  await jarigeJob.get(`${BASE}/${received.id}/besluit/${item.id}`);
  assert.equal((await jarigeJob.post(`${BASE}/${received.id}/besluit/${item.id}`, { besluit: 'grant', bedrag: '35' })).statusCode, 303);
  assert.match(text((await leergeld.get(`${BASE}/${a.caseId}`)).body), /Stichting Jarige Job: Verjaardagsbox – Aangekomen \(Toegekend\)/);
  const status = text((await openStatus(t, new Client(t.app), a.reference)).body);
  assert.match(status, /Stichting Leergeld Eemland heeft u doorverwezen naar Stichting Jarige Job/);
  assert.match(status, /Verjaardagsbox Voor Roos Status Toegekend Toegekend € 35/);

  // The same child, the same box, the same year: refused with an explanation.
  const again = await leergeld.post(`${BASE}/${a.caseId}/doorverwijzen`, { voorziening: `${roos}:${boxId}` });
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /Dit kind heeft dit al aangevraagd of gekregen in deze periode/);
});

test('no consent yet: the family is mailed, and the case appears only when they say yes', async () => {
  const a = await caseAt(t, { lastName: 'Meijer', children: [{ firstName: 'Jet', lastName: 'Meijer', birthDate: bornYearsAgo(8, 3), provisions: ['Schoolreis en excursies'] }] });
  const [jet] = await childOf(a.caseId);
  const leergeld = await staffClient(t, LEERGELD);
  await leergeld.get(`${BASE}/${a.caseId}/doorverwijzen`);
  const res = await leergeld.post(`${BASE}/${a.caseId}/doorverwijzen`, { voorziening: `${jet}:${boxId}` });
  assert.match(String(res.headers.location), /melding=toestemming-gevraagd/);
  const { db } = t.database;
  assert.equal((await db.selectFrom('cases').innerJoin('organisations', 'organisations.id', 'cases.organisation_id').select('cases.id').where('application_id', '=', a.applicationId).where('organisations.name', '=', 'Stichting Jarige Job').execute()).length, 0, 'nothing reaches Jarige Job before the family says yes');
  const mail = (await mailsTo(t, a.email)).at(-1)!;
  assert.equal(mail.subject, 'Mogen wij uw gegevens delen met Stichting Jarige Job?');
  const token = /\/toestemming\/([A-Za-z0-9_-]+)/.exec(mail.text_body)![1]!;
  assert.match((await leergeld.post(`${BASE}/${a.caseId}/doorverwijzen`, { voorziening: `${jet}:${boxId}` })).body, /heeft voor deze doorverwijzing al een e-mail gekregen/);

  const family = new Client(t.app);
  const page = await family.get(`/toestemming/${token}`);
  assert.equal(page.statusCode, 200);
  assert.match(text(page.body), /uw adres; geboortedatum van het kind; naam van het kind/);
  assert.equal((await family.post(`/toestemming/${token}`, {})).statusCode, 400, 'neither yes nor no');
  const yes = await family.post(`/toestemming/${token}`, { besluit: 'akkoord' });
  assert.equal(yes.statusCode, 303);
  assert.match(text((await family.get(`/toestemming/${token}`)).body), /Bedankt voor uw toestemming/);
  const referral = await db.selectFrom('referrals').selectAll().where('from_case_id', '=', a.caseId).executeTakeFirstOrThrow();
  assert.deepEqual([referral.status, referral.consent_given_by], ['created', 'applicant']);
  assert.ok(referral.to_case_id);
  assert.match(text((await family.post(`/toestemming/${token}`, { besluit: 'niet-akkoord' })).body), /Bedankt voor uw toestemming/, 'a second answer changes nothing');
  assert.match(text((await leergeld.get(`${BASE}/${a.caseId}`)).body), /Stichting Jarige Job: Verjaardagsbox – Aangekomen \(Nieuw\)/);

  // No: nothing is shared, and the referrer sees it.
  const b = await caseAt(t, { lastName: 'Prins', children: [{ firstName: 'Olaf', lastName: 'Prins', birthDate: bornYearsAgo(9, 4), provisions: ['Schoolreis en excursies'] }] });
  const [olaf] = await childOf(b.caseId);
  await leergeld.get(`${BASE}/${b.caseId}/doorverwijzen`);
  await leergeld.post(`${BASE}/${b.caseId}/doorverwijzen`, { voorziening: `${olaf}:${boxId}` });
  const noToken = /\/toestemming\/([A-Za-z0-9_-]+)/.exec((await mailsTo(t, b.email)).at(-1)!.text_body)![1]!;
  await family.get(`/toestemming/${noToken}`);
  await family.post(`/toestemming/${noToken}`, { besluit: 'niet-akkoord' });
  assert.equal((await db.selectFrom('referrals').select(['status', 'to_case_id']).where('from_case_id', '=', b.caseId).executeTakeFirstOrThrow()).to_case_id, null);
  assert.match(text((await leergeld.get(`${BASE}/${b.caseId}`)).body), /Gezin gaf geen toestemming/);
  assert.equal((await family.get('/toestemming/onbekend-onbekend-onbekend-0000')).statusCode, 404);
  await db.updateTable('referrals').set({ consent_expires_at: new Date(Date.now() - 1000) }).where('status', '=', 'awaiting_consent').execute();
});

test('a young person under 16: the parent who confirmed the application is asked', async () => {
  const a = await caseAt(t, {
    role: 'young', firstName: 'Kim', lastName: 'Vos', parent: { name: 'Anja Vos', email: 'anja.vos@example.nl' },
    children: [{ firstName: 'Kim', lastName: 'Vos', birthDate: bornYearsAgo(14, 5), provisions: ['Schoolreis en excursies'] }],
  });
  const { db } = t.database;
  // The parent confirmed: the case was released to Leergeld.
  await db.updateTable('applications').set({ parent_confirmed_at: new Date(), parent_token_hash: null }).where('id', '=', a.applicationId).execute();
  await db.updateTable('cases').set({ status: 'open', released_at: new Date(), due_at: new Date(Date.now() + 86_400_000) }).where('id', '=', a.caseId).execute();
  await db.updateTable('case_items').set({ status: 'received' }).where('case_id', '=', a.caseId).execute();
  const leergeld = await staffClient(t, LEERGELD);
  const options = text((await leergeld.get(`${BASE}/${a.caseId}/doorverwijzen`)).body);
  assert.doesNotMatch(options, /Verjaardagsbox/, 'a birthday box is for children up to 12');
  const jfsc = await db.selectFrom('provisions').select('id').where('rules', '@>', JSON.stringify({ title: { nl: 'Lid worden van een sportclub' } }) as never).executeTakeFirstOrThrow();
  const [kim] = await childOf(a.caseId);
  await leergeld.post(`${BASE}/${a.caseId}/doorverwijzen`, { voorziening: `${kim}:${jfsc.id}` });
  assert.equal((await mailsTo(t, 'anja.vos@example.nl')).at(-1)!.subject, 'Mogen wij uw gegevens delen met Jeugdfonds Sport & Cultuur Utrecht (provincie)?');
});

test('referrals are counted per pair of organisations, small numbers hidden', async () => {
  const coordinator = await staffClient(t, 'coordinator@leergeld-eemland.demo');
  const report = text((await coordinator.get('/beheer/doorverwijzingen')).body);
  // The demo data's past years hold referrals too: read this pair's count from the database.
  const { db: d } = t.database;
  const ids = d.selectFrom('organisations').select('id');
  const pairCount = async () => Number((await d.selectFrom('referrals').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'created')
    .where('from_organisation_id', '=', ids.where('name', '=', 'Stichting Leergeld Eemland'))
    .where('to_organisation_id', '=', ids.where('name', '=', 'Stichting Jarige Job')).executeTakeFirstOrThrow()).n);
  const shown = (n: number) => (n === 0 ? '0' : n < 5 ? 'minder dan 5' : String(n));
  assert.match(report, new RegExp(`Stichting Leergeld Eemland Stichting Jarige Job ${shown(await pairCount())} 0 minder dan 5`));
  const admin = await staffClient(t, 'beheerder@kansrijk.demo');
  assert.match(text((await admin.get('/beheer/doorverwijzingen')).body), /Stichting Leergeld Eemland Jeugdfonds Sport &amp; Cultuur Utrecht \(provincie\)|Stichting Leergeld Eemland Jeugdfonds Sport & Cultuur Utrecht \(provincie\)/);
  const { db } = t.database;
  const pair = db.selectFrom('organisations').select('id');
  const from = await db
    .selectFrom('referrals')
    .selectAll()
    .where('status', '=', 'created')
    .where('from_organisation_id', '=', pair.where('name', '=', 'Stichting Leergeld Eemland'))
    .where('to_organisation_id', '=', pair.where('name', '=', 'Stichting Jarige Job'))
    .executeTakeFirstOrThrow();
  const { id: _id, consent_token_hash: _h, ...copy } = from;
  for (let i = 0; i < 5; i++) await db.insertInto('referrals').values({ ...copy, consent_statement: copy.consent_statement === null ? null : JSON.stringify(copy.consent_statement), to_case_id: null }).execute();
  const arrived = await pairCount();
  assert.ok(arrived >= 5);
  assert.match(text((await coordinator.get('/beheer/doorverwijzingen')).body), new RegExp(`Stichting Leergeld Eemland Stichting Jarige Job ${arrived} `));
});
