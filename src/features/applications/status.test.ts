import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { Client, createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createApplication } from '../../../test/support/applications.ts';
import { mailsTo, openStatus } from '../../../test/support/status.ts';
import { statusLinkPath } from './links.ts';
import { APPLICANT_COOKIE } from './applicant-session.ts';

/** The applicant's status page: the signed link, asking for a new one, who may see what, replying and withdrawing. */
let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const DAY = 24 * 3600 * 1000;
let born = 0;
/** A different child each time: the same child asking twice in one period is refused by design. */
function child(firstName = 'Sara') {
  const birthDate = new Date(Date.UTC(2015, 0, 1) + born++ * 86_400_000).toISOString().slice(0, 10);
  return { firstName, lastName: 'El Idrissi', birthDate, provisions: ['Schoolreis en excursies'] };
}

async function caseOf(applicationId: string) {
  return t.database.db.selectFrom('cases').select(['id', 'status', 'closed_at']).where('application_id', '=', applicationId).executeTakeFirstOrThrow();
}

async function itemOf(caseId: string) {
  return t.database.db.selectFrom('case_items').select(['id', 'status', 'provision_id']).where('case_id', '=', caseId).executeTakeFirstOrThrow();
}

test('the mailed link opens a session and the status page shows the application, per organisation', async () => {
  const { reference } = await createApplication(t, { email: 'fatima@example.nl', children: [child()] });
  const client = new Client(t.app);
  const link = await client.get(statusLinkPath(t.config.sessionSecret, reference));
  assert.equal(link.statusCode, 303);
  assert.equal(link.headers.location, `/aanvraag/${reference}`);
  assert.ok(client.cookies.has(APPLICANT_COOKIE));
  const page = await client.get(`/aanvraag/${reference}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, new RegExp(`Uw aanvraag ${reference}`));
  assert.match(page.body, /Stichting Leergeld Eemland/);
  assert.match(page.body, /Schoolreis en excursies/);
  assert.match(page.body, /<strong>Ontvangen<\/strong>/);
  assert.match(page.body, /Aanvraag verstuurd/, 'the timeline');
  assert.match(page.body, /Gegevens die Stichting Leergeld Eemland van u heeft/);
  assert.match(page.body, /Langestraat 12, 3811 AB Amersfoort/, 'the address that organisation received');
  assert.match(page.body, /De Regenboog/, 'the school that organisation received');
  assert.match(page.body, /enctype="multipart\/form-data"/);
  assert.match(page.body, /name="bericht-[0-9a-f-]{36}"/);
  assert.match(page.body, /href="\/aanvraag\/[^"]+\/intrekken\/[0-9a-f-]{36}"/);
  assert.doesNotMatch(page.body, /Stichting Jarige Job/, 'only the organisations asked');
});

test('a tampered, expired or made-up link opens nothing and offers the form to ask for a new one', async () => {
  const { reference } = await createApplication(t, { children: [child()] });
  const client = new Client(t.app);
  const good = statusLinkPath(t.config.sessionSecret, reference);
  const tampered = good.slice(0, -2) + (good.endsWith('AA') ? 'BB' : 'AA');
  const bad = await client.get(tampered);
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Deze link klopt niet/);
  assert.match(bad.body, /action="\/aanvraag"/);
  const otherSecret = await client.get(statusLinkPath('another-secret-of-at-least-32-characters', reference));
  assert.equal(otherSecret.statusCode, 400);
  assert.equal((await client.get('/status/niets')).statusCode, 400);
  const expired = await client.get(statusLinkPath(t.config.sessionSecret, reference, Date.now() - 31 * DAY));
  assert.equal(expired.statusCode, 410);
  assert.match(expired.body, /Deze link werkt niet meer/);
  assert.match(expired.body, new RegExp(`name="referentie"[^>]*value="${reference}"`), 'the reference is filled in');
  assert.ok(!client.cookies.has(APPLICANT_COOKIE));
});

test('without a session for it, a status page sends to the request form, the same for a real and a made-up reference', async () => {
  const a = await createApplication(t, { children: [child()] });
  const b = await createApplication(t, { children: [child('Noor')] });
  const stranger = new Client(t.app);
  for (const reference of [a.reference, 'KR-ZZZZ-ZZZZ']) {
    const res = await stranger.get(`/aanvraag/${reference}`);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/aanvraag?referentie=${reference}`);
  }
  assert.equal((await stranger.get('/aanvraag/onzin')).headers.location, '/aanvraag');
  const form = await stranger.get(`/aanvraag?referentie=${a.reference}`);
  assert.match(form.body, /Open dan de link in de e-mail/);
  // Holding a session for B does not open A.
  const holderOfB = new Client(t.app);
  await openStatus(t, holderOfB, b.reference);
  const res = await holderOfB.get(`/aanvraag/${a.reference}`);
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, `/aanvraag?referentie=${a.reference}`);
});

test('asking for a new link: one answer whether it matches or not, a mail only on a match, and a limit', async () => {
  // The form stores addresses in lower case; the lookup does not depend on that.
  const { reference } = await createApplication(t, { email: 'Ouder.Met.Hoofdletters@example.nl', language: 'nl', children: [child()] });
  const client = new Client(t.app);
  await client.get('/aanvraag');
  const invalid = await client.post('/aanvraag', { email: 'geen-adres', referentie: 'KR-12' });
  assert.equal(invalid.statusCode, 400);
  assert.match(invalid.body, /Vul een geldig e-mailadres in/);
  assert.match(invalid.body, /Vul de referentie in zoals die in de e-mail staat/);
  assert.match(invalid.body, /value="geen-adres"/, 'what was typed is kept');

  const before = (await mailsTo(t, 'ouder.met.hoofdletters@example.nl')).length;
  const wrong = await client.post('/aanvraag', { email: 'iemand-anders@example.nl', referentie: reference });
  const right = await client.post('/aanvraag', { email: 'ouder.met.hoofdletters@EXAMPLE.nl', referentie: reference.toLowerCase().replace(/-/g, ' ') });
  assert.equal(wrong.statusCode, 303);
  assert.equal(right.statusCode, 303);
  assert.equal(wrong.headers.location, right.headers.location, 'the same answer');
  const answer = await client.get(String(right.headers.location));
  assert.match(answer.body, /Als het e-mailadres en de referentie bij een aanvraag horen/);
  const mails = await mailsTo(t, 'ouder.met.hoofdletters@example.nl');
  assert.equal(mails.length, before + 1, 'one mail, to the address of the application');
  assert.equal(mails.at(-1)!.subject, `Uw link naar aanvraag ${reference}`);
  assert.equal((await mailsTo(t, 'iemand-anders@example.nl')).length, 0);

  const path = /\/status\/[^\s]+/.exec(mails.at(-1)!.text_body)![0];
  const fresh = new Client(t.app);
  const opened = await fresh.get(path);
  assert.equal(opened.headers.location, `/aanvraag/${reference}`);

  await client.post('/aanvraag', { email: 'ouder.met.hoofdletters@example.nl', referentie: reference });
  await client.post('/aanvraag', { email: 'ouder.met.hoofdletters@example.nl', referentie: reference });
  const throttled = await client.post('/aanvraag', { email: 'ouder.met.hoofdletters@example.nl', referentie: reference });
  assert.equal(throttled.statusCode, 429);
  assert.match(throttled.body, /U heeft al een paar keer een link gevraagd/);
  assert.equal((await mailsTo(t, 'ouder.met.hoofdletters@example.nl')).length, before + 3, 'no mail once throttled');
});

test('a reply is stored with a timeline entry and shown as text; an empty or too long one comes back with the text kept', async () => {
  const { applicationId, reference } = await createApplication(t, { children: [child()] });
  const { id: caseId } = await caseOf(applicationId);
  const client = new Client(t.app);
  await openStatus(t, client, reference);
  const field = `bericht-${caseId}`;

  const empty = await client.post(`/aanvraag/${reference}/bericht`, { zaak: caseId, [field]: '   ' });
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /Schrijf uw bericht\./);
  assert.match(empty.body, new RegExp(`href="#field-${field}"`), 'the summary links to the field');
  const long = 'Een lang verhaal. '.repeat(250);
  const tooLong = await client.post(`/aanvraag/${reference}/bericht`, { zaak: caseId, [field]: long });
  assert.equal(tooLong.statusCode, 400);
  assert.match(tooLong.body, /Uw bericht is te lang/);
  assert.ok(tooLong.body.includes(long.trim()), 'the typed text is kept');

  const text = '<script>alert(1)</script>\r\nDe brief van school stuur ik morgen.';
  const sent = await client.post(`/aanvraag/${reference}/bericht`, { zaak: caseId, [field]: text });
  assert.equal(sent.statusCode, 303);
  assert.equal(sent.headers.location, `/aanvraag/${reference}?melding=bericht-verstuurd`);
  const page = await client.get(String(sent.headers.location));
  assert.match(page.body, /Uw bericht is verstuurd/);
  assert.match(page.body, /&lt;script>alert\(1\)&lt;\/script>/);
  assert.doesNotMatch(page.body, /<script>alert/);
  assert.match(page.body, /U stuurde een bericht/);
  const { db } = t.database;
  const stored = await db.selectFrom('case_messages').selectAll().where('case_id', '=', caseId).execute();
  assert.equal(stored.length, 1);
  assert.equal(stored[0]!.sender, 'applicant');
  assert.equal(stored[0]!.body, '<script>alert(1)</script>\nDe brief van school stuur ik morgen.');
  const events = await db.selectFrom('case_events').select('kind').where('case_id', '=', caseId).where('kind', '=', 'applicant_message').execute();
  assert.equal(events.length, 1);

  const forged = await client.post(`/aanvraag/${reference}/bericht`, { zaak: caseId, [field]: 'Zonder token' }, { csrf: null });
  assert.equal(forged.statusCode, 403);
  assert.equal((await db.selectFrom('case_messages').select('id').where('case_id', '=', caseId).execute()).length, 1);
});

test("another application's case, item and messages are refused as if they did not exist", async () => {
  const mine = await createApplication(t, { children: [child()] });
  const theirs = await createApplication(t, { children: [child('Lotte')] });
  const theirCase = await caseOf(theirs.applicationId);
  const theirItem = await itemOf(theirCase.id);
  const client = new Client(t.app);
  await openStatus(t, client, mine.reference);

  const message = await client.post(`/aanvraag/${mine.reference}/bericht`, { zaak: theirCase.id, [`bericht-${theirCase.id}`]: 'Hallo' });
  assert.equal(message.statusCode, 404);
  assert.equal((await client.post(`/aanvraag/${mine.reference}/bericht`, { zaak: 'geen-uuid', 'bericht-geen-uuid': 'Hallo' })).statusCode, 404);
  assert.equal((await client.get(`/aanvraag/${mine.reference}/intrekken/${theirItem.id}`)).statusCode, 404);
  assert.equal((await client.post(`/aanvraag/${mine.reference}/intrekken/${theirItem.id}`)).statusCode, 404);
  assert.equal((await client.get(`/aanvraag/${mine.reference}/intrekken/niet-een-id`)).statusCode, 404);
  // Through their reference: no session for it, so the request form, as for any unknown reference.
  const viaTheirs = await client.post(`/aanvraag/${theirs.reference}/intrekken/${theirItem.id}`);
  assert.equal(viaTheirs.statusCode, 303);
  assert.equal(viaTheirs.headers.location, `/aanvraag?referentie=${theirs.reference}`);
  const { db } = t.database;
  assert.equal((await db.selectFrom('case_messages').select('id').where('case_id', '=', theirCase.id).execute()).length, 0);
  assert.equal((await itemOf(theirCase.id)).status, 'received');
});

test('withdrawing: a confirmation page, then withdrawn without a mail, the case closed and the campaign place given back', async () => {
  const { db } = t.database;
  // The birthday box as a campaign with one place.
  const box = (await sql<{ id: string }>`select id from provisions where rules->'title'->>'nl' = 'Verjaardagsbox'`.execute(db)).rows[0]!;
  await sql`update provisions set rules = jsonb_set(rules, '{capacity}', '1') where id = ${box.id}`.execute(db);
  await sql`update provision_versions set rules = jsonb_set(rules, '{capacity}', '1') where provision_id = ${box.id}`.execute(db);
  await db.updateTable('cache_revisions').set((eb) => ({ revision: eb('revision', '+', 1) })).where('name', '=', 'catalogue').execute();
  t.app.referenceCache.invalidate();

  const email = 'jarig@example.nl';
  const { applicationId, reference } = await createApplication(t, { email, children: [{ firstName: 'Mees', lastName: 'Jansen', birthDate: '2018-03-03', provisions: ['Verjaardagsbox'] }] });
  const place = await db.selectFrom('provision_places').select('taken').where('provision_id', '=', box.id).executeTakeFirstOrThrow();
  assert.equal(place.taken, 1);
  const revision = async () => Number((await db.selectFrom('cache_revisions').select('revision').where('name', '=', 'catalogue').executeTakeFirstOrThrow()).revision);
  const fullRevision = await revision();

  const kase = await caseOf(applicationId);
  const item = await itemOf(kase.id);
  const client = new Client(t.app);
  await openStatus(t, client, reference);
  const confirm = await client.get(`/aanvraag/${reference}/intrekken/${item.id}`);
  assert.equal(confirm.statusCode, 200);
  assert.match(confirm.body, /Weet u zeker dat u dit wilt intrekken\?/);
  assert.match(confirm.body, /Verjaardagsbox/);
  assert.match(confirm.body, /Mees/);
  const mailsBefore = (await mailsTo(t, email)).length;

  const done = await client.post(`/aanvraag/${reference}/intrekken/${item.id}`);
  assert.equal(done.statusCode, 303);
  assert.equal(done.headers.location, `/aanvraag/${reference}?melding=ingetrokken`);
  assert.equal((await itemOf(kase.id)).status, 'withdrawn');
  const closed = await caseOf(applicationId);
  assert.equal(closed.status, 'closed');
  assert.ok(closed.closed_at);
  assert.equal((await db.selectFrom('provision_places').select('taken').where('provision_id', '=', box.id).executeTakeFirstOrThrow()).taken, 0);
  assert.equal(await revision(), fullRevision + 1, 'the campaign is no longer full: the catalogue revision moves');
  const events = await db.selectFrom('case_events').select(['kind', 'actor_type', 'visible_to_applicant']).where('case_id', '=', kase.id).where('kind', '=', 'withdrawn').execute();
  assert.deepEqual(events, [{ kind: 'withdrawn', actor_type: 'applicant', visible_to_applicant: true }]);
  assert.equal((await mailsTo(t, email)).length, mailsBefore, 'no mail about one\'s own action');
  const page = await client.get(String(done.headers.location));
  assert.match(page.body, /De aanvraag is ingetrokken/);
  assert.match(page.body, /<strong>Ingetrokken<\/strong>/);
  assert.doesNotMatch(page.body, /intrekken\//, 'nothing left to withdraw');
  assert.doesNotMatch(page.body, /enctype="multipart\/form-data"/, 'a closed case takes no more uploads');

  const again = await client.post(`/aanvraag/${reference}/intrekken/${item.id}`);
  assert.equal(again.headers.location, `/aanvraag/${reference}?melding=niet-ingetrokken`);
  const late = await client.post(`/aanvraag/${reference}/bericht`, { zaak: kase.id, [`bericht-${kase.id}`]: 'Nog een vraag' });
  assert.equal(late.statusCode, 409);
  assert.match(late.body, /Deze aanvraag is afgerond/);
  assert.match(late.body, />Nog een vraag<\/textarea>/, 'the typed text is kept');
});

test('a granted item cannot be withdrawn by the applicant', async () => {
  const { applicationId, reference } = await createApplication(t, { children: [child()] });
  const kase = await caseOf(applicationId);
  const item = await itemOf(kase.id);
  await t.database.db.updateTable('case_items').set({ status: 'granted', granted_cents: 27500 }).where('id', '=', item.id).execute();
  const client = new Client(t.app);
  const page = await openStatus(t, client, reference);
  assert.match(page.body, /€\s?275/);
  assert.doesNotMatch(page.body, /intrekken\//);
  assert.equal((await client.get(`/aanvraag/${reference}/intrekken/${item.id}`)).headers.location, `/aanvraag/${reference}?melding=niet-ingetrokken`);
  assert.equal((await client.post(`/aanvraag/${reference}/intrekken/${item.id}`)).headers.location, `/aanvraag/${reference}?melding=niet-ingetrokken`);
  assert.equal((await itemOf(kase.id)).status, 'granted');
});

test('logging out ends the session', async () => {
  const { reference } = await createApplication(t, { children: [child()] });
  const client = new Client(t.app);
  await openStatus(t, client, reference);
  const out = await client.post('/aanvraag/uitloggen');
  assert.equal(out.statusCode, 303);
  assert.equal(out.headers.location, '/aanvraag?melding=uitgelogd');
  assert.match((await client.get('/aanvraag?melding=uitgelogd')).body, /U bent uitgelogd/);
  assert.equal((await client.get(`/aanvraag/${reference}`)).statusCode, 303);
});

test('malformed input to every applicant route gives a page, never a 5xx or internals', async () => {
  const { applicationId, reference } = await createApplication(t, { children: [child('Nina')] });
  const { id: caseId } = await caseOf(applicationId);
  const client = new Client(t.app);
  await openStatus(t, client, reference);
  const nasty = ['', '%00', '%ZZ', "' OR 1=1 --", '../../etc/passwd', 'x'.repeat(300), '00000000-0000-0000-0000-00000000000g', 'KR-0000-0000', '\u202Eevil', '<script>'];
  const check = (status: number, body: string, label: string) => {
    assert.ok(status < 500, `${label} → ${status}`);
    assert.doesNotMatch(body, /at [\w.<>]+ \(.*\.(ts|js):\d+:\d+\)|syntax error|invalid input syntax|PGlite|node_modules/, label);
  };
  for (const value of nasty) {
    const v = encodeURIComponent(value);
    for (const url of [`/status/${v}`, `/aanvraag/${v}`, `/ouder/${v}`, `/aanvraag/${reference}/intrekken/${v}`, `/aanvraag/${reference}/document/${v}`, `/aanvraag?referentie=${v}&melding=${v}`, `/aanvraag/${reference}?melding=${v}`]) {
      const res = await client.get(url);
      check(res.statusCode, res.body, `GET ${url}`);
    }
    for (const [url, form] of [
      ['/aanvraag', { email: value, referentie: value }],
      [`/aanvraag/${reference}/bericht`, { zaak: value, [`bericht-${caseId}`]: value }],
      [`/aanvraag/${reference}/bericht`, { zaak: caseId, [`bericht-${caseId}`]: [value, value] }],
      [`/aanvraag/${reference}/intrekken/${encodeURIComponent(value)}`, {}],
      [`/ouder/${encodeURIComponent(value)}`, { besluit: value }],
    ] as Array<[string, Record<string, string | string[]>]>) {
      const res = await client.post(url, form);
      check(res.statusCode, res.body, `POST ${url}`);
    }
  }
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  for (const [contentType, payload] of [
    ['multipart/form-data', 'no boundary'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n' + client.csrf + '\r\n--x\r\nContent-Disposition: form-data; name="bestand"; filename="a.pdf"\r\n\r\n%PDF-cut off'],
    ['multipart/form-data; boundary=x', 'complete garbage'],
    ['application/json', '{"zaak": 1}'],
    ['text/plain', 'hallo'],
  ]) {
    const res = await t.app.inject({ method: 'POST', url: `/aanvraag/${reference}/document`, headers: { cookie, 'content-type': contentType! }, payload: payload! });
    check(res.statusCode, res.body, `upload as ${contentType}`);
  }
  assert.equal((await t.database.db.selectFrom('case_documents').select('id').where('case_id', '=', caseId).execute()).length, 0);
});

test('the address a form posts to, opened directly, leads back to the status page', async () => {
  const { reference } = await createApplication(t, { children: [child('Fenna')] });
  const client = new Client(t.app);
  await openStatus(t, client, reference);
  for (const action of ['bericht', 'document']) {
    const res = await client.get(`/aanvraag/${reference}/${action}`);
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/aanvraag/${reference}`);
  }
});
