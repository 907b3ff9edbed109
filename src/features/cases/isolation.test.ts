import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { caseAt, bornYearsAgo, stable, staffClient, userId } from '../../../test/support/cases.ts';
import { isStaffRoute } from '../../core/auth/guard.ts';
import { todayInAmsterdam } from '../wizard/today.ts';

/**
 * Staff of one organisation cannot read, change, refer, export or even learn the existence of
 * another organisation's cases: every case route answers exactly as for a case that does not
 * exist (same status, same page), searching finds nothing, and exports and figures leave it out.
 */
let t: TestApp;
const BASE = '/beheer/aanvragen';
const OTHER = 'coordinator@jeugdfonds-utrecht.demo';
let leergeld: { caseId: string; itemId: string; visitId: string; documentId: string; reference: string };

before(async () => {
  t = await createTestApp();
  const { db } = t.database;
  const visit = await db.selectFrom('case_visits').innerJoin('cases', 'cases.id', 'case_visits.case_id').select(['case_visits.id', 'case_visits.case_id']).executeTakeFirstOrThrow();
  const item = await db.selectFrom('case_items').select('id').where('case_id', '=', visit.case_id).executeTakeFirstOrThrow();
  const doc = await db
    .insertInto('case_documents')
    .values({ case_id: visit.case_id, uploaded_by: 'applicant', file_name: 'loonstrook.pdf', content_type: 'application/pdf', size_bytes: 9, sha256: 'x', content: Buffer.from('%PDF-1.4\n') })
    .returning('id')
    .executeTakeFirstOrThrow();
  const reference = (await db.selectFrom('cases').innerJoin('applications', 'applications.id', 'cases.application_id').select('applications.reference').where('cases.id', '=', visit.case_id).executeTakeFirstOrThrow()).reference;
  leergeld = { caseId: visit.case_id, itemId: item.id, visitId: visit.id, documentId: doc.id, reference };
});
after(() => t.close());

const NONE = { caseId: '00000000-0000-4000-8000-00000000abcd', itemId: '00000000-0000-4000-8000-00000000abce', visitId: '00000000-0000-4000-8000-00000000abcf', documentId: '00000000-0000-4000-8000-00000000abd0' };
const fill = (url: string, ids: Record<string, string>) => url.replace(/:([A-Za-z]+)/g, (_m, name: string) => ids[name] ?? 'x');

test('every case route answers another organisation\'s case exactly as one that does not exist', async () => {
  const other = await staffClient(t, OTHER);
  const routes = t.app.registeredRoutes.filter((r) => r.method !== 'HEAD' && isStaffRoute(r.url) && r.url.includes(':caseId'));
  assert.ok(routes.length >= 15, `case routes: ${routes.length}`);
  const forms: Record<string, string> = { behandelaar: '', notitie: 'x', bericht: 'Stuur de brief.', soort: 'house_visit', datum: todayInAmsterdam(), tijd: '10:00', besluit: 'grant', bedrag: '10', reden: 'other', toelichting: 'x', resultaat: 'done', verslag: 'x', ontvanger: 'x', iban: 'NL91ABNA0417164300', voorziening: 'x:y' };
  for (const route of routes) {
    await other.get('/beheer');
    const send = (url: string) => (route.method === 'GET' ? other.get(url) : other.post(url, forms));
    const real = await send(fill(route.url, leergeld));
    const none = await send(fill(route.url, NONE));
    assert.equal(real.statusCode, 404, `${route.method} ${route.url}`);
    assert.equal(stable(real.body), stable(none.body), `${route.method} ${route.url}: the same page as for nothing`);
  }
  const { db } = t.database;
  const after = await db.selectFrom('cases').select(['assigned_user_id', 'status']).where('id', '=', leergeld.caseId).executeTakeFirstOrThrow();
  assert.notEqual(after.status, 'closed');
  assert.equal((await db.selectFrom('case_notes').select('id').where('case_id', '=', leergeld.caseId).execute()).length, 0);
  assert.equal((await db.selectFrom('referrals').select('id').where('from_case_id', '=', leergeld.caseId).execute()).length, 0);
  const reads = await db.selectFrom('audit_log').select('id').where('actor_email', '=', OTHER).where('entity_id', '=', leergeld.caseId).execute();
  assert.equal(reads.length, 0, 'nothing was read, so nothing was logged');
});

test('searching and filtering never reveal another organisation\'s cases', async () => {
  const other = await staffClient(t, OTHER);
  const byReference = await other.get(`${BASE}?zoek=${leergeld.reference}&status=all`);
  const byNothing = await other.get(`${BASE}?zoek=KR-0000-0000&status=all`);
  assert.equal(stable(byReference.body).replaceAll(leergeld.reference, 'REF'), stable(byNothing.body).replaceAll('KR-0000-0000', 'REF'));
  assert.doesNotMatch((await other.get(`${BASE}?zoek=Fenna&status=all`)).body, /Fenna:/);
  const leergeldHandler = await userId(t, 'behandelaar@leergeld-eemland.demo');
  assert.doesNotMatch((await other.get(`${BASE}?behandelaar=${leergeldHandler}&status=all`)).body, /<a class="utrecht-link" href="\/beheer\/aanvragen\/[0-9a-f-]{36}"/);
});

test('exports, budgets and referral figures hold only the organisation\'s own', async () => {
  const other = await staffClient(t, OTHER);
  const from = `${todayInAmsterdam().slice(0, 4)}-01-01`;
  const csv = await other.get(`/beheer/betalingen/export?van=${from}&tot=${todayInAmsterdam()}`);
  assert.equal(csv.statusCode, 200);
  assert.doesNotMatch(csv.body, /Regenboog/, 'Leergeld\'s demo payment to the school');
  const own = await staffClient(t, 'financien@leergeld-eemland.demo');
  assert.match((await own.get(`/beheer/betalingen/export?van=${from}&tot=${todayInAmsterdam()}`)).body, /Basisschool De Regenboog/);
  await own.get('/beheer/budgetten');
  await own.post('/beheer/budgetten', { jaar: todayInAmsterdam().slice(0, 4), bedrag: '25000', financier: 'Eigen middelen Leergeld' });
  assert.doesNotMatch((await other.get('/beheer/budgetten')).body, /Eigen middelen Leergeld/);
});

test('a handler cannot hand a case to someone of another organisation, nor decide another case\'s item through their own case', async () => {
  const a = await caseAt(t, { lastName: 'Raaf', children: [{ firstName: 'Kees', lastName: 'Raaf', birthDate: bornYearsAgo(9, 7), provisions: ['Schoolreis en excursies'] }] });
  const handler = await staffClient(t, 'behandelaar@leergeld-eemland.demo');
  await handler.get(`${BASE}/${a.caseId}`);
  const stranger = await userId(t, OTHER);
  const res = await handler.post(`${BASE}/${a.caseId}/toewijzen`, { behandelaar: stranger });
  assert.match(String(res.headers.location), /niet-mogelijk/);
  assert.equal((await t.database.db.selectFrom('cases').select('assigned_user_id').where('id', '=', a.caseId).executeTakeFirstOrThrow()).assigned_user_id, null);
  assert.equal((await handler.get(`${BASE}/${a.caseId}/besluit/${leergeld.itemId}`)).statusCode, 404, 'an item of another case');
  assert.equal((await handler.post(`${BASE}/${a.caseId}/start/${leergeld.itemId}`, {})).statusCode, 404);
});
