import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createApplication } from '../../../test/support/applications.ts';
import { mailsTo, openStatus, parentToken, yearsAgo } from '../../../test/support/status.ts';

/** A young person under 16 applies: nothing reaches an organisation until the parent says yes. */
let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

let n = 0;
async function youngApplication() {
  n++;
  const young = `jongere${n}@example.nl`;
  const parent = `ouder${n}@example.nl`;
  const lastName = ['de Wit', 'Bakker', 'Visser', 'Smit', 'Mulder', 'Bos'][n % 6]!;
  const { applicationId, reference } = await createApplication(t, {
    role: 'young',
    firstName: 'Daan',
    lastName,
    email: young,
    parent: { name: 'Ellen de Wit', email: parent },
    children: [{ firstName: 'Daan', lastName, birthDate: yearsAgo(14 + (n % 2)), provisions: ['Schoolreis en excursies'] }],
  });
  return { applicationId, reference, young, parent, token: await parentToken(t, parent) };
}

const casesOf = (applicationId: string) => t.database.db.selectFrom('cases').selectAll().where('application_id', '=', applicationId).execute();
const itemsOf = (caseIds: string[]) => t.database.db.selectFrom('case_items').select(['status', 'reason']).where('case_id', 'in', caseIds).execute();

test('until the parent confirms, nothing is released and the young person sees that it waits', async () => {
  const a = await youngApplication();
  const [kase] = await casesOf(a.applicationId);
  assert.equal(kase!.status, 'awaiting_parent');
  assert.equal(kase!.released_at, null);
  const young = new Client(t.app);
  const page = await openStatus(t, young, a.reference);
  assert.match(page.body, /Je aanvraag wacht op toestemming van Ellen de Wit/);
  assert.match(page.body, /Wacht op toestemming van je ouder of verzorger/);
  assert.doesNotMatch(page.body, /enctype="multipart\/form-data"/, 'no messages or uploads to an organisation that has nothing yet');
  const early = await young.post(`/aanvraag/${a.reference}/bericht`, { zaak: kase!.id, [`bericht-${kase!.id}`]: 'Hallo' });
  assert.equal(early.statusCode, 409);
  assert.match(early.body, /Deze organisatie heeft je aanvraag nog niet/);
  assert.match(early.body, />Hallo<\/textarea>/, 'the text is kept');
});

test('the parent sees what was asked and what each organisation gets, and confirming releases every case', async () => {
  const a = await youngApplication();
  const parent = new Client(t.app);
  const page = await parent.get(`/ouder/${a.token}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Toestemming voor de aanvraag van Daan/);
  assert.match(page.body, /Stichting Leergeld Eemland/);
  assert.match(page.body, /Schoolreis en excursies/);
  assert.match(page.body, /uw inkomen en of u hulp krijgt bij schulden/, 'the data the organisation gets, from the consent statement');
  assert.match(page.body, /Tot 24 maanden nadat de aanvraag is afgehandeld/);
  assert.match(page.body, /name="besluit" value="akkoord"/);

  const before = Date.now();
  const res = await parent.post(`/ouder/${a.token}`, { besluit: 'akkoord' });
  assert.equal(res.statusCode, 303);
  const thanks = await parent.get(String(res.headers.location));
  assert.match(thanks.body, /Bedankt voor uw toestemming/);

  const { db } = t.database;
  const application = await db.selectFrom('applications').select(['parent_confirmed_at', 'parent_refused_at']).where('id', '=', a.applicationId).executeTakeFirstOrThrow();
  assert.ok(application.parent_confirmed_at);
  assert.equal(application.parent_refused_at, null);
  const cases = await casesOf(a.applicationId);
  for (const c of cases) {
    assert.equal(c.status, 'open');
    assert.ok(c.released_at && c.released_at.getTime() >= before - 1000, 'released now');
    const days = Math.round((c.due_at!.getTime() - c.released_at.getTime()) / 86_400_000);
    assert.equal(days, 28, 'due after the handling time of the school trip');
  }
  assert.deepEqual((await itemsOf(cases.map((c) => c.id))).map((i) => i.status), ['received']);
  const consents = await db.selectFrom('consents').select(['given_by', 'statement']).where('application_id', '=', a.applicationId).orderBy('given_by').execute();
  assert.deepEqual(consents.map((c) => c.given_by), ['applicant', 'parent']);
  assert.deepEqual(consents[1]!.statement, consents[0]!.statement, 'the parent agreed to what was shown');
  const events = await db.selectFrom('case_events').select(['kind', 'actor_type']).where('case_id', '=', cases[0]!.id).where('kind', '=', 'parent_confirmed').execute();
  assert.deepEqual(events, [{ kind: 'parent_confirmed', actor_type: 'parent' }]);
  const mails = await mailsTo(t, a.young);
  assert.equal(mails.at(-1)!.subject, `Je aanvraag ${a.reference} is verstuurd`);
  assert.match(mails.at(-1)!.text_body, /Ellen de Wit heeft toestemming gegeven/);
  assert.match(mails.at(-1)!.text_body, /\/status\//);

  // A second click, or a later visit, changes nothing.
  const again = await parent.post(`/ouder/${a.token}`, { besluit: 'niet-akkoord' });
  assert.equal(again.statusCode, 200);
  assert.match(again.body, /U heeft al toestemming gegeven/);
  assert.equal((await casesOf(a.applicationId))[0]!.status, 'open');
  assert.match((await parent.get(`/ouder/${a.token}`)).body, /U heeft al gekozen/);

  const status = await openStatus(t, new Client(t.app), a.reference);
  assert.doesNotMatch(status.body, /wacht op toestemming van Ellen/);
  assert.match(status.body, /Je ouder of verzorger heeft toestemming gegeven/);
});

test('refusing withdraws everything in plain words, closes the cases and releases nothing', async () => {
  const a = await youngApplication();
  const parent = new Client(t.app);
  await parent.get(`/ouder/${a.token}`);
  const res = await parent.post(`/ouder/${a.token}`, { besluit: 'niet-akkoord' });
  assert.equal(res.statusCode, 303);
  assert.match((await parent.get(String(res.headers.location))).body, /U heeft geen toestemming gegeven/);
  const cases = await casesOf(a.applicationId);
  for (const c of cases) {
    assert.equal(c.status, 'closed');
    assert.equal(c.released_at, null, 'no organisation ever sees it');
  }
  const items = await itemsOf(cases.map((c) => c.id));
  assert.deepEqual(items.map((i) => i.status), ['withdrawn']);
  assert.deepEqual(items[0]!.reason, { text: 'Je ouder of verzorger heeft geen toestemming gegeven.', key: 'applicationStatus.reasons.parentRefused' });
  assert.equal((await mailsTo(t, a.young)).at(-1)!.subject, `Je aanvraag ${a.reference} is niet verstuurd`);
  const status = await openStatus(t, new Client(t.app), a.reference);
  assert.match(status.body, /Je ouder of verzorger heeft geen toestemming gegeven\. Daarom/);
  assert.match(status.body, /<strong>Ingetrokken<\/strong>/);
});

test('unknown, expired and malformed links and a missing choice get a clear page, never a 500', async () => {
  const a = await youngApplication();
  const parent = new Client(t.app);
  assert.equal((await parent.get('/ouder/kort')).statusCode, 404);
  assert.equal((await parent.get(`/ouder/${'x'.repeat(43)}`)).statusCode, 404);
  const page = await parent.get(`/ouder/${a.token}`);
  const missing = await parent.post(`/ouder/${a.token}`, {});
  assert.equal(missing.statusCode, 400);
  assert.match(missing.body, /Kies ja of nee\./);
  assert.equal((await parent.post(`/ouder/${a.token}`, { besluit: 'misschien' })).statusCode, 400);
  const forged = await parent.post(`/ouder/${a.token}`, { besluit: 'akkoord' }, { csrf: null });
  assert.equal(forged.statusCode, 403);
  assert.ok(page.body.includes('Daan'));

  await t.database.db.updateTable('applications').set({ parent_token_expires_at: new Date(Date.now() - 1000) }).where('id', '=', a.applicationId).execute();
  const expired = await parent.get(`/ouder/${a.token}`);
  assert.equal(expired.statusCode, 410);
  assert.match(expired.body, /Deze link werkt niet meer/);
  const late = await parent.post(`/ouder/${a.token}`, { besluit: 'akkoord' });
  assert.equal(late.statusCode, 410);
  assert.equal((await casesOf(a.applicationId))[0]!.released_at, null);
});
