import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestApp, demoUser, type TestApp } from '../../../test/support/app.ts';
import { currentTotp } from '../../core/auth/totp.ts';

let t: TestApp;
let leergeldId: string;
let jfscAmsterdamId: string;
before(async () => {
  t = await createTestApp();
  const { db } = t.database;
  leergeldId = (await db.selectFrom('organisations').select('id').where('name', '=', 'Stichting Leergeld Eemland').executeTakeFirstOrThrow()).id;
  jfscAmsterdamId = (await db.selectFrom('organisations').select('id').where('name', '=', 'Jeugdfonds Sport & Cultuur Amsterdam').executeTakeFirstOrThrow()).id;
});
after(() => t.close());

async function latestMailTo(to: string) {
  return t.database.db.selectFrom('outbound_mails').selectAll().where('to_address', '=', to).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
}

test('the national office creates an organisation, sets its municipalities and invites a coordinator who enrols a second factor', async () => {
  const admin = new Client(t.app);
  await admin.login(demoUser('platform_admin').email);
  await admin.get('/beheer/organisaties/nieuw');
  const bad = await admin.post('/beheer/organisaties/nieuw', { type: '', name: 'X', contact_email: 'geen-mail', website: 'ftp://x' });
  assert.equal(bad.statusCode, 400);
  for (const message of ['Kies de soort organisatie.', 'Vul de naam in', 'Vul een geldig e-mailadres in', 'Vul een geldig webadres in']) assert.ok(bad.body.includes(message), message);
  const dup = await admin.post('/beheer/organisaties/nieuw', { type: 'leergeld', name: 'stichting leergeld eemland' });
  assert.match(dup.body, /Er is al een organisatie met deze naam/);

  const created = await admin.post('/beheer/organisaties/nieuw', { type: 'other_fund', name: 'Jeugdeducatiefonds Zwolle', contact_email: 'info@jef.test', website: 'https://jef.test' });
  assert.equal(created.statusCode, 303);
  const orgUrl = String(created.headers.location).split('?')[0]!;
  const orgId = orgUrl.split('/').pop()!;
  await admin.get(`${orgUrl}/gemeenten`);
  const cov = await admin.post(`${orgUrl}/gemeenten`, { gemeente: ['GM0193', 'GM9999'], provincie: 'Flevoland' });
  assert.equal(cov.statusCode, 303);
  const codes = (await t.database.db.selectFrom('organisation_municipalities').select('municipality_code').where('organisation_id', '=', orgId).execute()).map((r) => r.municipality_code).sort();
  assert.ok(codes.includes('GM0193') && codes.includes('GM0034') && !codes.includes('GM9999'), codes.join());
  assert.equal(codes.length, 1 + 6);

  await admin.get(`${orgUrl}/gebruikers/nieuw`);
  const invalid = await admin.post(`${orgUrl}/gebruikers/nieuw`, { name: '', email: 'beheerder@kansrijk.demo', role: 'platform_admin' });
  assert.equal(invalid.statusCode, 400);
  assert.match(invalid.body, /Vul de naam in/);
  const taken = await admin.post(`${orgUrl}/gebruikers/nieuw`, { name: 'Iemand', email: 'BEHEERDER@kansrijk.demo', role: 'coordinator' });
  assert.match(taken.body, /Er is al een account met dit e-mailadres/);
  const wrongRole = await admin.post(`${orgUrl}/gebruikers/nieuw`, { name: 'Iemand', email: 'iemand@jef.test', role: 'platform_admin' });
  assert.match(wrongRole.body, /Deze rol kunt u hier niet geven/);
  const invited = await admin.post(`${orgUrl}/gebruikers/nieuw`, { name: 'Ilse de Boer', email: 'ilse@jef.test', role: 'coordinator' });
  assert.equal(invited.statusCode, 303);

  const mail = await latestMailTo('ilse@jef.test');
  assert.match(mail.subject, /Uitnodiging/);
  const link = /\/uitnodiging\/[A-Za-z0-9_-]+/.exec(mail.text_body)![0];
  const ilse = new Client(t.app);
  await ilse.get(link);
  const weak = await ilse.post(link, { password: 'kort', confirm: 'kort' });
  assert.match(weak.body, /te kort/);
  const set = await ilse.post(link, { password: 'mijn veilige zin 2026', confirm: 'mijn veilige zin 2026' });
  assert.equal(set.headers.location, '/inloggen/tweestapsverificatie');
  assert.equal((await ilse.get('/beheer')).statusCode, 303, 'nothing is visible before the second factor');
  const enrol = await ilse.get('/inloggen/tweestapsverificatie');
  const secret = /data-testid="totp-secret">([A-Z2-7 ]+)</.exec(enrol.body)![1]!.replace(/ /g, '');
  assert.match(enrol.body, /<img src="data:image\/svg\+xml;base64,/);
  const wrong = await ilse.post('/inloggen/tweestapsverificatie', { code: '123456' });
  assert.equal(wrong.statusCode, 400);
  const ok = await ilse.post('/inloggen/tweestapsverificatie', { code: currentTotp(secret) });
  assert.equal(ok.statusCode, 200);
  assert.equal((ok.body.match(/<code class="utrecht-code">[A-Z0-9]{5}-[A-Z0-9]{5}<\/code>/g) ?? []).length, 10, 'ten recovery codes');
  const home = await ilse.get('/beheer');
  assert.equal(home.statusCode, 200);
  assert.match(home.body, /Welkom, Ilse de Boer/);
  assert.equal((await ilse.get(link)).statusCode, 410, 'the invitation works once');
});

test('a coordinator manages their own organisation and meets "not found" elsewhere', async () => {
  const coord = new Client(t.app);
  await coord.login(demoUser('coordinator').email);
  assert.equal((await coord.get(`/beheer/organisaties/${leergeldId}`)).statusCode, 200);
  assert.equal((await coord.get(`/beheer/organisaties/${jfscAmsterdamId}`)).statusCode, 404);
  assert.equal((await coord.get('/beheer/organisaties/00000000-0000-4000-8000-000000000000')).statusCode, 404, 'same answer for a record that does not exist');
  assert.equal((await coord.get('/beheer/organisaties/geen-uuid')).statusCode, 404);
  assert.equal((await coord.get('/beheer/organisaties')).statusCode, 403);

  await coord.get(`/beheer/organisaties/${leergeldId}/gebruikers/nieuw`);
  const page = await coord.get(`/beheer/organisaties/${leergeldId}/gebruikers/nieuw`);
  assert.doesNotMatch(page.body, /value="platform_admin"/);
  const res = await coord.post(`/beheer/organisaties/${leergeldId}/gebruikers/nieuw`, { name: 'Nieuwe Vrijwilliger', email: 'nieuw@leergeld-eemland.test', role: 'volunteer' });
  assert.equal(res.statusCode, 303);
  const other = await coord.post(`/beheer/organisaties/${jfscAmsterdamId}/gebruikers/nieuw`, { name: 'X Y', email: 'x@y.test', role: 'volunteer' });
  assert.equal(other.statusCode, 404);
  const adminUser = await t.database.db.selectFrom('users').select('id').where('email', '=', demoUser('platform_admin').email).executeTakeFirstOrThrow();
  assert.equal((await coord.get(`/beheer/gebruikers/${adminUser.id}`)).statusCode, 404, 'coordinators never act on platform admins');
});

test('a case handler may read their organisation but not manage users', async () => {
  const handler = new Client(t.app);
  await handler.login(demoUser('case_handler').email);
  assert.equal((await handler.get(`/beheer/organisaties/${leergeldId}`)).statusCode, 200);
  assert.equal((await handler.get(`/beheer/organisaties/${leergeldId}/gebruikers/nieuw`)).statusCode, 403);
  assert.equal((await handler.get('/beheer/audit')).statusCode, 403);
});

test('blocking a user ends their sessions at once; nobody blocks themself', async () => {
  const volunteer = new Client(t.app);
  await volunteer.login(demoUser('volunteer').email);
  assert.equal((await volunteer.get('/beheer')).statusCode, 200);
  const coord = new Client(t.app);
  await coord.login(demoUser('coordinator').email);
  const { db } = t.database;
  const target = await db.selectFrom('users').select('id').where('email', '=', demoUser('volunteer').email).executeTakeFirstOrThrow();
  await coord.get(`/beheer/gebruikers/${target.id}`);
  assert.equal((await coord.post(`/beheer/gebruikers/${target.id}/blokkeren`)).statusCode, 303);
  assert.equal((await volunteer.get('/beheer')).statusCode, 303);
  const me = await db.selectFrom('users').select('id').where('email', '=', demoUser('coordinator').email).executeTakeFirstOrThrow();
  await coord.get(`/beheer/gebruikers/${me.id}`);
  const self = await coord.post(`/beheer/gebruikers/${me.id}/blokkeren`);
  assert.equal(self.statusCode, 400);
  assert.match(self.body, /niet bij uw eigen account/);
  await coord.post(`/beheer/gebruikers/${target.id}/deblokkeren`);
  const again = new Client(t.app);
  await again.login(demoUser('volunteer').email);
});

test('the audit log filters, refuses a bad date next to the field, and a coordinator sees only their organisation', async () => {
  const admin = new Client(t.app);
  await admin.login(demoUser('platform_admin').email);
  const all = await admin.get('/beheer/audit?action=organisation.created');
  assert.equal(all.statusCode, 200);
  assert.match(all.body, /organisation\.created/);
  assert.match(all.body, /Jeugdeducatiefonds Zwolle/);
  const badDate = await admin.get('/beheer/audit?from=2026-13-45');
  assert.equal(badDate.statusCode, 400);
  assert.match(badDate.body, /Vul een geldige datum in/);

  const coord = new Client(t.app);
  await coord.login(demoUser('coordinator').email);
  const own = await coord.get('/beheer/audit?action=user.');
  assert.equal(own.statusCode, 200);
  assert.match(own.body, /user\.invited/);
  assert.doesNotMatch(own.body, /ilse@jef\.test/, 'another organisation\'s entries stay hidden');
});

test('municipalities can be searched and their everyday name changed', async () => {
  const admin = new Client(t.app);
  await admin.login(demoUser('platform_admin').email);
  const list = await admin.get('/beheer/gemeenten?q=haag');
  assert.match(list.body, /Den Haag/);
  assert.match(list.body, /&#39;s-Gravenhage|'s-Gravenhage/);
  const detail = await admin.get('/beheer/gemeenten/GM1701');
  assert.match(detail.body, /9417\*/, 'split postcode areas are marked');
  assert.equal((await admin.get('/beheer/gemeenten/GM12')).statusCode, 404);
  const bad = await admin.post('/beheer/gemeenten/GM0307', { common_name: '' });
  assert.equal(bad.statusCode, 400);
  const ok = await admin.post('/beheer/gemeenten/GM0307', { common_name: 'Amersfoort (Eemland)' });
  assert.equal(ok.statusCode, 303);
  const name = await t.database.db.selectFrom('municipalities').select('common_name').where('code', '=', 'GM0307').executeTakeFirstOrThrow();
  assert.equal(name.common_name, 'Amersfoort (Eemland)');
});
