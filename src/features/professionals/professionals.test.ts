import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestApp, type TestApp } from '../../../test/support/app.ts';
import { mailsTo } from '../../../test/support/status.ts';
import { staffClient } from '../../../test/support/cases.ts';
import { currentTotp } from '../../core/auth/totp.ts';
import { DEMO_PROFESSIONALS } from '../demo/accounts.ts';
import { allowedDecisions, initialApprovals, parseRegistration } from './registration.ts';

/** Professionals: registration with a confirmed work address, login with a second factor, approval per organisation. */
let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
const VALID = {
  naam: 'Daphne Ó Súilleabháin-de Wit',
  email: 'd.desuilleabhain@basisschool-de-linde.nl',
  telefoon: '033 456 78 90',
  soort: 'school',
  werkgever: 'Basisschool De Linde',
  plaats: 'Amersfoort',
  functie: 'Intern begeleider',
  'gemeente-1': 'GM0307',
  akkoord: 'ja',
};

test('the registration is read field by field, with names of any script', () => {
  const active = new Set(['GM0307', 'GM0344']);
  const ok = parseRegistration({ ...VALID, gemeente: ['GM0307', 'gm0344', 'GM0307'] }, active);
  assert.ok(ok.ok);
  assert.deepEqual(ok.ok && ok.value.municipalities, ['GM0307', 'GM0344']);
  assert.ok(parseRegistration({ ...VALID, naam: 'ليلى بنعلي', gemeente: ['GM0307'] }, active).ok);
  const bad = parseRegistration({ naam: '<script>', email: 'geen-adres', telefoon: '12', soort: 'bank', gemeente: ['GM9999'] }, active);
  assert.ok(!bad.ok);
  assert.deepEqual(Object.keys(!bad.ok ? bad.errors : {}).sort(), ['akkoord', 'email', 'functie', 'gemeente-1', 'naam', 'plaats', 'soort', 'telefoon', 'werkgever']);
  assert.deepEqual(initialApprovals([{ id: 'a', professionalApproval: true }, { id: 'b', professionalApproval: false }]), [{ organisationId: 'a', status: 'pending' }, { organisationId: 'b', status: 'approved' }]);
  assert.deepEqual(allowedDecisions('pending'), ['approve', 'reject']);
  assert.deepEqual(allowedDecisions('approved'), ['suspend']);
});

test('a professional registers, confirms the work address, chooses a password and a second factor, and sees where they may apply', async () => {
  const c = new Client(t.app);
  const form = await c.get('/intermediair/registreren');
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /<html lang="nl"/);
  const bad = await c.post('/intermediair/registreren', { ...VALID, email: 'geen-adres', 'gemeente-1': '' });
  assert.equal(bad.statusCode, 400);
  assert.match(text(bad.body), /Vul een geldig e-mailadres in/);
  assert.match(text(bad.body), /Kies ten minste één gemeente waar u werkt/);
  assert.match(bad.body, /href="#field-email"/);
  assert.match(bad.body, /value="Basisschool De Linde"/, 'what was typed is kept');

  const done = await c.post('/intermediair/registreren', VALID);
  assert.equal(done.statusCode, 303);
  assert.equal(done.headers.location, '/intermediair/registreren/verstuurd');
  const [mail] = await mailsTo(t, VALID.email);
  assert.equal(mail!.subject, 'Bevestig uw registratie bij Kansrijk');
  const token = /\/uitnodiging\/([A-Za-z0-9_-]+)/.exec(mail!.text_body)![1]!;

  // Not yet confirmed: coordinators do not see the registration.
  const jfsc = await staffClient(t, 'coordinator@jeugdfonds-utrecht.demo');
  assert.doesNotMatch(text((await jfsc.get('/beheer/intermediairs')).body), /Daphne/);

  await c.get(`/uitnodiging/${token}`);
  const set = await c.post(`/uitnodiging/${token}`, { password: 'een-lang-wachtwoord-voor-school', confirm: 'een-lang-wachtwoord-voor-school' });
  assert.equal(set.headers.location, '/inloggen/tweestapsverificatie');
  const enrol = await c.get('/inloggen/tweestapsverificatie');
  const secret = /data-testid="totp-secret">([A-Z2-7 ]+)</.exec(enrol.body)![1]!.replace(/ /g, '');
  const codes = await c.post('/inloggen/tweestapsverificatie', { code: currentTotp(secret) });
  assert.equal(codes.statusCode, 200);
  // The staff home sends a professional to their own area.
  const home = await c.get('/beheer');
  assert.equal(home.headers.location, '/intermediair');
  const overview = text((await c.get('/intermediair')).body);
  assert.match(overview, /Mijn overzicht/);
  assert.match(overview, /Jeugdfonds Sport &amp; Cultuur Utrecht \(provincie\) Wacht op goedkeuring/);
  assert.match(overview, /Gemeenten waar u werkt: Amersfoort/);
  assert.doesNotMatch(overview, /Jeugdfonds Sport &amp; Cultuur Amsterdam/, 'only organisations active where they work');

  // Registering again with the same address says the same, and mails the owner instead.
  const again = await new Client(t.app).get('/intermediair/registreren').then(async () => {
    const other = new Client(t.app);
    await other.get('/intermediair/registreren');
    return other.post('/intermediair/registreren', VALID);
  });
  assert.equal(again.headers.location, '/intermediair/registreren/verstuurd');
  assert.equal((await mailsTo(t, VALID.email)).at(-1)!.subject, 'U heeft al een account bij Kansrijk');
});

test('a coordinator approves or rejects for their own organisation only, and the professional is told', async () => {
  const { db } = t.database;
  const bram = DEMO_PROFESSIONALS[1]!;
  const bramId = (await db.selectFrom('users').select('id').where('email', '=', bram.email).executeTakeFirstOrThrow()).id;
  const jfsc = await staffClient(t, 'coordinator@jeugdfonds-utrecht.demo');
  const list = text((await jfsc.get('/beheer/intermediairs')).body);
  assert.match(list, /Bram de Boer Wijkteam Amersfoort-Noord, Amersfoort Wijkcoach Wacht op goedkeuring/);

  await jfsc.get(`/beheer/intermediairs/${bramId}`);
  const noReason = await jfsc.post(`/beheer/intermediairs/${bramId}`, { besluit: 'reject' });
  assert.equal(noReason.statusCode, 400);
  assert.match(text(noReason.body), /Schrijf de reden op/);
  const notAllowed = await jfsc.post(`/beheer/intermediairs/${bramId}`, { besluit: 'suspend', reden: 'x' });
  assert.equal(notAllowed.statusCode, 400);
  const approved = await jfsc.post(`/beheer/intermediairs/${bramId}`, { besluit: 'approve' });
  assert.equal(approved.statusCode, 303);
  assert.equal((await mailsTo(t, bram.email)).at(-1)!.subject, 'Jeugdfonds Sport & Cultuur Utrecht (provincie): uw registratie als professional');

  // Leergeld's coordinator decides separately; Jeugdfonds's approval gave nothing there.
  const leergeld = await staffClient(t, 'coordinator@leergeld-eemland.demo');
  await leergeld.get(`/beheer/intermediairs/${bramId}`);
  await leergeld.post(`/beheer/intermediairs/${bramId}`, { besluit: 'reject', reden: 'Wij werken in Leusden alleen met het sociaal team van Leusden.' });
  const statuses = await db.selectFrom('professional_approvals as a').innerJoin('organisations as o', 'o.id', 'a.organisation_id').select(['o.name', 'a.status', 'a.decided_by']).where('a.professional_id', '=', bramId).orderBy('o.name').execute();
  assert.deepEqual(statuses.filter((s) => s.status !== 'pending').map((s) => [s.name, s.status]), [
    ['Jeugdfonds Sport & Cultuur Utrecht (provincie)', 'approved'],
    ['Stichting Leergeld Eemland', 'rejected'],
  ]);

  const professional = new Client(t.app);
  await professional.login(bram.email, undefined, bram.totpSecret);
  const overview = text((await professional.get('/intermediair')).body);
  assert.match(overview, /Stichting Leergeld Eemland Afgewezen \([^)]+\) Reden: Wij werken in Leusden/);

  // Another organisation's professional is not found, exactly like one that does not exist.
  const amsterdam = await db.selectFrom('organisations').select('id').where('name', '=', 'Jeugdfonds Sport & Cultuur Amsterdam').executeTakeFirstOrThrow();
  const elsewhere = await db.insertInto('users').values({ email: 'elders@school.demo', name: 'Elders', role: 'professional', organisation_id: null, status: 'active' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('professionals').values({ user_id: elsewhere.id, phone: '020 123 45 67', employer_type: 'school', employer_name: 'School', employer_place: 'Amsterdam', job_title: 'Leerkracht', email_verified_at: new Date() }).execute();
  await db.insertInto('professional_approvals').values({ professional_id: elsewhere.id, organisation_id: amsterdam.id, status: 'pending' }).execute();
  assert.equal((await jfsc.get(`/beheer/intermediairs/${elsewhere.id}`)).statusCode, 404);
  assert.equal((await jfsc.get('/beheer/intermediairs/00000000-0000-0000-0000-000000000000')).statusCode, 404);
  assert.equal((await jfsc.post(`/beheer/intermediairs/${elsewhere.id}`, { besluit: 'approve' })).statusCode, 404);
});

test('professionals and staff each stay in their own area', async () => {
  const esther = DEMO_PROFESSIONALS[0]!;
  const professional = new Client(t.app);
  await professional.login(esther.email, undefined, esther.totpSecret);
  assert.equal((await professional.get('/intermediair')).statusCode, 200);
  assert.equal((await professional.get('/beheer/aanvragen')).statusCode, 403);
  assert.equal((await professional.get('/beheer/intermediairs')).statusCode, 403);
  const coordinator = await staffClient(t, 'coordinator@leergeld-eemland.demo');
  assert.equal((await coordinator.get('/intermediair')).statusCode, 403);
  const anonymous = new Client(t.app);
  const res = await anonymous.get('/intermediair');
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/inloggen?terug=%2Fintermediair');
});
