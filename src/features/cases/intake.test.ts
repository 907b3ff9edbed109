import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { mailsTo } from '../../../test/support/status.ts';
import { bornYearsAgo, staffClient, userId } from '../../../test/support/cases.ts';

/**
 * A family at the walk-in hour: the handler fills in the same form as online (same steps, same
 * checks), the application records the channel and who entered it, and the consent as given in
 * person and confirmed by that staff member. The draft belongs to that staff member alone.
 */
let t: TestApp;
const START = '/beheer/aanvragen/nieuw';
const HANDLER = 'behandelaar@leergeld-eemland.demo';

before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

test('a walk-in application through the same steps as online, with channel, staff member and consent recorded', async () => {
  const handler = await staffClient(t, HANDLER);
  assert.match(text((await handler.get('/beheer/aanvragen')).body), /Aanvraag invoeren \(inloop of telefoon\)/);
  await handler.get(START);
  const empty = await handler.post(START, {});
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /Kies inloopspreekuur of telefoon/);
  assert.match(empty.body, /Vul de postcode in/);
  assert.match(empty.body, /Vul de geboortedatum in van ten minste één kind/);
  const birth = bornYearsAgo(9, 8);
  const started = await handler.post(START, { kanaal: 'walk_in', postcode: '3811ab', rol: 'parent', 'kind-1': birth });
  assert.equal(started.statusCode, 303);
  const base = String(started.headers.location).replace(/\/keuze$/, '');

  const choice = await handler.get(`${base}/keuze`);
  assert.equal(choice.statusCode, 200);
  assert.match(text(choice.body), /U vult deze aanvraag in voor een gezin \(Inloopspreekuur\)/);
  assert.doesNotMatch(choice.body, /name="actie" value="later"/, 'no "continue later" for staff');
  assert.match(choice.body, new RegExp(`action="${base}/keuze"`));
  const box = /name="kies-0" value="([0-9a-f-]{36})"[^>]*\/?>\s*<label[^>]*>Schoolreis en excursies/.exec(choice.body)?.[1];
  assert.ok(box, 'the school trip is on offer');
  assert.equal((await handler.post(`${base}/keuze`, {})).statusCode, 400);
  assert.match(String((await handler.post(`${base}/keuze`, { 'kies-0': box! })).headers.location), /\/aanvrager$/);

  const applicant = await handler.post(`${base}/aanvrager`, { first_name: 'Samira', last_name: 'Bouzid', email: 'not-an-address' });
  assert.equal(applicant.statusCode, 400);
  assert.match(applicant.body, /Vul een geldig e-mailadres in/);
  assert.match(String((await handler.post(`${base}/aanvrager`, { first_name: 'Samira', last_name: 'Bouzid', email: 'samira.bouzid@example.nl', phone: '06 12345678', language: 'ar' })).headers.location), /\/huishouden$/);
  assert.match(String((await handler.post(`${base}/huishouden`, { postcode: '3811 AB', house_number: '4', street: 'Kamp', place: 'Amersfoort', adults: '1', children_count: '3', income_monthly: '1400', income_sources: 'benefit', debt_help: 'yes' })).headers.location), /\/kinderen$/);
  assert.match(String((await handler.post(`${base}/kinderen`, { 'child-0-first_name': 'Amira', 'child-0-last_name': 'Bouzid', 'child-0-birth_date': birth, 'child-0-school': 'De Kameleon', 'child-0-class': 'groep 5', [`item-0-${box}-cost`]: '55' })).headers.location), /\/toestemming$/);
  const noConsent = await handler.post(`${base}/toestemming`, {});
  assert.equal(noConsent.statusCode, 400);
  const leergeld = (await t.database.db.selectFrom('organisations').select('id').where('name', '=', 'Stichting Leergeld Eemland').executeTakeFirstOrThrow()).id;
  assert.match(String((await handler.post(`${base}/toestemming`, { [`consent-${leergeld}`]: 'yes' })).headers.location), /\/controleren$/);
  const check = await handler.get(`${base}/controleren`);
  assert.equal(check.statusCode, 200);
  assert.match(check.body, new RegExp(`href="${base}/aanvrager\\?terug=controleren"`), 'the change links stay in the back office');
  const sent = await handler.post(`${base}/controleren`, {});
  assert.match(String(sent.headers.location), /\/klaar$/);
  const done = await handler.get(`${base}/klaar`);
  const reference = /KR-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(done.body)![0];
  assert.match(text(done.body), /De aanvraag ging naar: Stichting Leergeld Eemland/);

  const { db } = t.database;
  const app = await db.selectFrom('applications').selectAll().where('reference', '=', reference).executeTakeFirstOrThrow();
  const staffId = await userId(t, HANDLER);
  assert.deepEqual([app.channel, app.entered_by, app.language], ['walk_in', staffId, 'ar']);
  const consent = await db.selectFrom('consents').selectAll().where('application_id', '=', app.id).executeTakeFirstOrThrow();
  assert.deepEqual([consent.given_by, consent.confirmed_by], ['staff_in_person', staffId]);
  const kase = await db.selectFrom('cases').selectAll().where('application_id', '=', app.id).executeTakeFirstOrThrow();
  assert.equal(kase.channel, 'walk_in');
  const casePage = text((await handler.get(`/beheer/aanvragen/${kase.id}`)).body);
  assert.match(casePage, /Binnengekomen via Inloopspreekuur, ingevoerd door Youssef El Amrani/);
  assert.match(casePage, /Persoonlijk gegeven op .* bevestigd door Youssef El Amrani/);
  assert.equal((await mailsTo(t, 'samira.bouzid@example.nl')).length, 1, 'the family gets the confirmation with the reference, in Arabic');
  assert.equal((await handler.post(`${base}/controleren`, {})).statusCode, 303, 'a second click stores nothing twice');
  assert.equal((await db.selectFrom('applications').select('id').where('applicant_email', '=', 'samira.bouzid@example.nl').execute()).length, 1);
  const audit = await db.selectFrom('audit_log').select('details').where('action', '=', 'case.entered').where('entity_id', '=', app.id).executeTakeFirstOrThrow();
  assert.deepEqual(audit.details, { channel: 'walk_in', reference });
});

test('a draft opens only for the staff member who started it', async () => {
  const handler = await staffClient(t, HANDLER);
  await handler.get(START);
  const started = await handler.post(START, { kanaal: 'phone', postcode: '1261', rol: 'parent', 'kind-1': bornYearsAgo(8, 9) });
  assert.equal(started.statusCode, 400, 'a postcode of four digits only is not enough here');
  const split = await handler.post(START, { kanaal: 'phone', postcode: '1261 AB', rol: 'parent', 'kind-1': bornYearsAgo(8, 9) });
  assert.equal(split.statusCode, 400);
  assert.match(split.body, /Deze postcode ligt in meer gemeenten/);
  const ok = await handler.post(START, { kanaal: 'phone', postcode: '3811 AB', rol: 'parent', 'kind-1': bornYearsAgo(8, 9) });
  const path = String(ok.headers.location);
  const coordinator = await staffClient(t, 'coordinator@leergeld-eemland.demo');
  assert.equal((await coordinator.get(path)).statusCode, 404);
  assert.equal((await handler.get(path)).statusCode, 200);
  assert.equal((await handler.get(`${START}/${'x'.repeat(43)}/keuze`)).statusCode, 404);
  const young = await handler.post(START, { kanaal: 'phone', postcode: '3811 AB', rol: 'young', 'kind-1': bornYearsAgo(8, 9) });
  assert.match(young.body, /Een jongere vraagt alleen voor zichzelf aan/);
});
