import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestApp, demoUser, type TestApp } from '../../../test/support/app.ts';
import { DEMO_PASSWORD } from '../demo/accounts.ts';
import { amsterdamDayStart } from './audit-routes.tsx';

let t: TestApp;
const ids: Record<string, string> = {};
before(async () => {
  t = await createTestApp();
  const { db } = t.database;
  for (const [key, name] of [['leergeld', 'Stichting Leergeld Eemland'], ['amersfoort', 'Gemeente Amersfoort'], ['amsterdam', 'Jeugdfonds Sport & Cultuur Amsterdam'], ['national', 'Landelijk bureau Kansrijk']] as const) {
    ids[key] = (await db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
  }
  ids.foreignUser = (
    await db.insertInto('users').values({ email: 'medewerker@jfsc-amsterdam.test', name: 'Andere Organisatie', role: 'case_handler', organisation_id: ids.amsterdam!, status: 'active' }).returning('id').executeTakeFirstOrThrow()
  ).id;
});
after(() => t.close());

const userId = async (email: string) => (await t.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

test('invite input is checked field by field; a municipal officer gets only municipalities the municipality covers', async () => {
  const admin = new Client(t.app);
  await admin.login(demoUser('platform_admin').email);
  const url = `/beheer/organisaties/${ids.amersfoort}/gebruikers/nieuw`;
  const form = await admin.get(url);
  assert.match(form.body, /value="municipality_officer"/);
  assert.match(form.body, /value="GM0307"/);
  assert.doesNotMatch(form.body, /value="GM0344"/, 'Utrecht is not covered by the municipality of Amersfoort');
  const bad = await admin.post(url, { name: 'A', email: 'geen-mail', role: '' });
  assert.equal(bad.statusCode, 400);
  for (const m of ['Vul de naam in', 'Vul een geldig e-mailadres in', 'Kies een rol.', 'Er is een probleem']) assert.ok(bad.body.includes(m), m);
  assert.match(bad.body, /value="geen-mail"/, 'what was typed is kept');
  const noMunicipality = await admin.post(url, { name: 'Bea Beleid', email: 'bea@amersfoort.test', role: 'municipality_officer' });
  assert.equal(noMunicipality.statusCode, 400);
  assert.match(noMunicipality.body, /Kies minstens één gemeente/);
  const ok = await admin.post(url, { name: 'Bea Beleid', email: 'bea@amersfoort.test', role: 'municipality_officer', gemeente: ['GM0307', 'GM0344'] });
  assert.equal(ok.statusCode, 303);
  const codes = await t.database.db.selectFrom('user_municipalities').select('municipality_code').where('user_id', '=', await userId('bea@amersfoort.test')).execute();
  assert.deepEqual(codes.map((c) => c.municipality_code), ['GM0307']);
  const mail = await t.database.db.selectFrom('outbound_mails').selectAll().where('to_address', '=', 'bea@amersfoort.test').executeTakeFirstOrThrow();
  assert.match(mail.text_body, /Gemeente Amersfoort, als Beleidsmedewerker gemeente/);
  assert.match(mail.text_body, /Anouk de Vries nodigt u uit/);
  const audit = await t.database.db.selectFrom('audit_log').selectAll().where('action', '=', 'user.invited').where('entity_id', '=', await userId('bea@amersfoort.test')).executeTakeFirstOrThrow();
  assert.equal(audit.organisation_id, ids.amersfoort);
  assert.equal(audit.actor_email, demoUser('platform_admin').email);
});

test('a coordinator gets "not found" for users of another organisation, for unknown and for malformed ids', async () => {
  const coord = new Client(t.app);
  await coord.login(demoUser('coordinator').email);
  for (const path of [`/beheer/gebruikers/${ids.foreignUser}`, '/beheer/gebruikers/00000000-0000-4000-8000-000000000000', '/beheer/gebruikers/geen-uuid', `/beheer/organisaties/${ids.amsterdam}/gebruikers/nieuw`]) {
    const res = await coord.get(path);
    assert.equal(res.statusCode, 404, path);
    assert.match(res.body, /Deze pagina bestaat niet/);
  }
  await coord.get('/beheer');
  for (const action of ['blokkeren', 'rol', 'tweestapsverificatie-resetten', 'uitnodiging-opnieuw']) {
    assert.equal((await coord.post(`/beheer/gebruikers/${ids.foreignUser}/${action}`, { role: 'volunteer' })).statusCode, 404, action);
  }
  const foreign = await t.database.db.selectFrom('users').select(['status', 'role']).where('id', '=', ids.foreignUser!).executeTakeFirstOrThrow();
  assert.deepEqual(foreign, { status: 'active', role: 'case_handler' });
  // The organisation list of the national office is not theirs to see either.
  assert.equal((await coord.get(`/beheer/organisaties/${ids.national}`)).statusCode, 404);
});

test('changing a role ends the sessions and takes effect; nobody changes their own role', async () => {
  const reader = new Client(t.app);
  await reader.login(demoUser('read_only').email);
  const coord = new Client(t.app);
  await coord.login(demoUser('coordinator').email);
  const target = await userId(demoUser('read_only').email);
  const page = await coord.get(`/beheer/gebruikers/${target}`);
  assert.doesNotMatch(page.body, /value="platform_admin"/);
  const refused = await coord.post(`/beheer/gebruikers/${target}/rol`, { role: 'platform_admin' });
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /Deze rol kunt u hier niet geven/);
  assert.equal((await coord.post(`/beheer/gebruikers/${target}/rol`, { role: 'case_handler' })).statusCode, 303);
  assert.equal((await reader.get('/beheer')).statusCode, 303, 'the old session is gone');
  const self = await coord.post(`/beheer/gebruikers/${await userId(demoUser('coordinator').email)}/rol`, { role: 'volunteer' });
  assert.equal(self.statusCode, 400);
  assert.match(self.body, /niet bij uw eigen account/);
  await coord.post(`/beheer/gebruikers/${target}/rol`, { role: 'read_only' });
});

test('resetting the second factor makes the user enrol again at the next login', async () => {
  const finance = demoUser('finance');
  const victim = new Client(t.app);
  await victim.login(finance.email);
  const coord = new Client(t.app);
  await coord.login(demoUser('coordinator').email);
  const id = await userId(finance.email);
  await coord.get(`/beheer/gebruikers/${id}`);
  assert.equal((await coord.post(`/beheer/gebruikers/${id}/tweestapsverificatie-resetten`)).statusCode, 303);
  assert.equal((await victim.get('/beheer')).statusCode, 303);
  const row = await t.database.db.selectFrom('users').select(['totp_secret', 'totp_enabled_at']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual(row, { totp_secret: null, totp_enabled_at: null });
  assert.equal((await t.database.db.selectFrom('recovery_codes').select('id').where('user_id', '=', id).execute()).length, 0);
  const again = new Client(t.app);
  await again.get('/inloggen');
  const res = await again.post('/inloggen', { email: finance.email, password: DEMO_PASSWORD });
  assert.equal(res.headers.location, '/inloggen/tweestapsverificatie');
  assert.equal((await again.get('/beheer')).statusCode, 303);
});

test('an invitation can be sent again; the old link stops working', async () => {
  const coord = new Client(t.app);
  await coord.login(demoUser('coordinator').email);
  await coord.get(`/beheer/organisaties/${ids.leergeld}/gebruikers/nieuw`);
  await coord.post(`/beheer/organisaties/${ids.leergeld}/gebruikers/nieuw`, { name: 'Karin Kok', email: 'karin@leergeld-eemland.test', role: 'case_handler' });
  const mails = () => t.database.db.selectFrom('outbound_mails').select('text_body').where('to_address', '=', 'karin@leergeld-eemland.test').orderBy('created_at').execute();
  const first = /\/uitnodiging\/[A-Za-z0-9_-]+/.exec((await mails())[0]!.text_body)![0];
  const id = await userId('karin@leergeld-eemland.test');
  const detail = await coord.get(`/beheer/gebruikers/${id}`);
  assert.match(detail.body, /Uitgenodigd/);
  assert.equal((await coord.post(`/beheer/gebruikers/${id}/uitnodiging-opnieuw`)).statusCode, 303);
  const all = await mails();
  assert.equal(all.length, 2);
  const second = /\/uitnodiging\/[A-Za-z0-9_-]+/.exec(all[1]!.text_body)![0];
  const c = new Client(t.app);
  assert.equal((await c.get(first)).statusCode, 410);
  assert.equal((await c.get(second)).statusCode, 200);
  const active = await coord.post(`/beheer/gebruikers/${await userId(demoUser('volunteer').email)}/uitnodiging-opnieuw`);
  assert.equal(active.statusCode, 400);
  assert.match(active.body, /heeft de uitnodiging al gebruikt/);
});

test('organisation edits are validated; the national office cannot switch itself off', async () => {
  const admin = new Client(t.app);
  await admin.login(demoUser('platform_admin').email);
  const url = `/beheer/organisaties/${ids.national}/bewerken`;
  const form = await admin.get(url);
  assert.match(form.body, /value="Landelijk bureau Kansrijk"/);
  const off = await admin.post(url, { type: 'national_office', name: 'Landelijk bureau Kansrijk' });
  assert.equal(off.statusCode, 400);
  assert.match(off.body, /niet op niet actief zetten/);
  const taken = await admin.post(url, { type: 'national_office', name: 'Gemeente Amersfoort', active: 'ja' });
  assert.match(taken.body, /Er is al een organisatie met deze naam/);
  const phone = await admin.post(url, { type: 'national_office', name: 'Landelijk bureau Kansrijk', contact_phone: 'bel me', active: 'ja' });
  assert.match(phone.body, /Vul een geldig telefoonnummer in/);
  const ok = await admin.post(`/beheer/organisaties/${ids.amsterdam}/bewerken`, { type: 'jeugdfonds', name: 'Jeugdfonds Sport & Cultuur Amsterdam', contact_phone: '020 123 45 67' });
  assert.equal(ok.statusCode, 303);
  const row = await t.database.db.selectFrom('organisations').select(['active', 'contact_phone']).where('id', '=', ids.amsterdam!).executeTakeFirstOrThrow();
  assert.deepEqual(row, { active: false, contact_phone: '020 123 45 67' });
  const list = await admin.get('/beheer/organisaties?type=jeugdfonds&q=amsterdam');
  assert.match(list.body, /Jeugdfonds Sport &amp; Cultuur Amsterdam/);
  assert.match(list.body, /Niet actief/);
  assert.doesNotMatch(list.body, /Stichting Leergeld Eemland/);
});

test('the audit log shows labels, filters by date range in Amsterdam time and explains bad ranges', async () => {
  const admin = new Client(t.app);
  await admin.login(demoUser('platform_admin').email);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam' }).format(new Date());
  const res = await admin.get(`/beheer/audit?action=user.invited&from=${today}&to=${today}`);
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Medewerker uitgenodigd/);
  const none = await admin.get('/beheer/audit?action=user.invited&to=2020-01-01');
  assert.match(none.body, /Niets gevonden/);
  const range = await admin.get('/beheer/audit?from=2026-05-02&to=2026-05-01');
  assert.equal(range.statusCode, 400);
  assert.match(range.body, /De einddatum ligt vóór de begindatum/);
  assert.match(range.body, /value="2026-05-02"/);
  assert.equal(amsterdamDayStart('2026-07-01').toISOString(), '2026-06-30T22:00:00.000Z');
  assert.equal(amsterdamDayStart('2026-01-15').toISOString(), '2026-01-14T23:00:00.000Z');
  assert.equal(amsterdamDayStart('2026-03-29').toISOString(), '2026-03-28T23:00:00.000Z', 'the day the clocks go forward starts in winter time');
});
