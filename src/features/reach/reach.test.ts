import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { Client, createTestApp, type TestApp } from '../../../test/support/app.ts';
import { refreshReach } from './refresh.ts';
import { ageBandOf, ageBandSql, medianDays, periodOf, targetChildren, chooseTargetGroup, share } from './domain.ts';
import { derivableCells } from './suppression.ts';
import { cubeRelations } from './cube.ts';

/**
 * Reach figures on constructed data: exact gross, net and overlap counts, net ≤ gross everywhere,
 * suppression that leaves no hidden figure derivable from all published tables together, and who
 * may see what. The demo history is removed first, so that every number here is known.
 */
let t: TestApp;
const org: Record<string, string> = {};
const provision: Record<string, { id: string; version: number }> = {};
const YEAR = 2024;

before(async () => {
  t = await createTestApp();
  const { db } = t.database;
  // Start from nothing but the demo organisations and catalogue.
  await sql`delete from referrals`.execute(db);
  await sql`delete from cases`.execute(db);
  await sql`delete from applications`.execute(db);
  await sql`delete from wizard_uses`.execute(db);
  for (const row of await db.selectFrom('organisations').select(['id', 'name']).execute()) org[row.name] = row.id;
  for (const name of ['Stichting Leergeld Eemland', 'Jeugdfonds Sport & Cultuur Utrecht (provincie)', 'Stichting Jarige Job', 'Nationaal Fonds Kinderhulp']) {
    const p = await db.selectFrom('provisions').select(['id', 'version']).where('organisation_id', '=', org[name]!).orderBy('id').limit(1).executeTakeFirstOrThrow();
    provision[name] = p;
  }
});
after(() => t.close());

let counter = 0;
/** One granted (or other status) provision for a child at an organisation, in a municipality, released and decided on the given days. */
async function item(o: { child: string; org: string; municipality: string; status?: string; age?: number; released: string; decided?: string; theme?: string }) {
  const { db } = t.database;
  const n = ++counter;
  const appId = crypto.randomUUID();
  const caseId = crypto.randomUUID();
  const childId = crypto.randomUUID();
  const ref = n.toString(36).toUpperCase().padStart(8, '0');
  await db.insertInto('applications').values({ id: appId, reference: `KR-${ref.slice(0, 4)}-${ref.slice(4)}`, applicant_role: 'parent', applicant_name: 'T', applicant_email: 't@example.nl', language: 'nl', municipality_code: o.municipality }).execute();
  await db.insertInto('cases').values({ id: caseId, application_id: appId, organisation_id: org[o.org]!, municipality_code: o.municipality, applicant_role: 'parent', applicant_name: 'T', applicant_email: 't@example.nl', language: 'nl', released_at: o.released, status: 'closed' }).execute();
  await db.insertInto('case_children').values({ id: childId, case_id: caseId, position: 1, age_at_application: o.age ?? 8 }).execute();
  const p = provision[o.org]!;
  await db
    .insertInto('case_items')
    .values({ case_id: caseId, case_child_id: childId, provision_id: p.id, provision_version: p.version, theme: (o.theme ?? 'school') as 'school', status: (o.status ?? 'granted') as 'granted', child_key: `v1:${o.child}`, period_start: `${YEAR}-01-01`, decided_at: o.decided ?? (o.status === 'received' ? null : o.released) })
    .execute();
  return { appId, caseId };
}

const LG = 'Stichting Leergeld Eemland';
const JF = 'Jeugdfonds Sport & Cultuur Utrecht (provincie)';
const JJ = 'Stichting Jarige Job';
const KH = 'Nationaal Fonds Kinderhulp';

test('domain rules: age bands, Dutch periods, medians, targets', () => {
  assert.deepEqual([0, 3, 4, 11, 12, 17, 18, 20].map(ageBandOf), ['0-3', '0-3', '4-11', '4-11', '12-17', '12-17', '18+', '18+']);
  assert.deepEqual(periodOf(new Date('2024-12-31T23:30:00Z')), { year: 2025, month: 1 }, 'half past midnight on New Year in Amsterdam is the new year');
  assert.deepEqual(periodOf(new Date('2024-06-30T21:59:00Z')), { year: 2024, month: 6 });
  assert.equal(medianDays([5, 1, 9, 3]), 3);
  assert.equal(medianDays([5, 1, 9]), 5);
  const group = chooseTargetGroup([{ source: 'cbs', children: 1000, socialAssistance: null, workingPoor: null, illustrative: false }, { source: 'municipality', children: 900, socialAssistance: 400, workingPoor: 500, illustrative: false }]);
  assert.equal(group?.source, 'municipality', "the municipality's own count wins");
  assert.equal(targetChildren(group, { socialAssistancePct: 100, workingPoorPct: 70, lowIncomePct: null }), 750);
  assert.equal(targetChildren({ source: 'cbs', children: 1000, socialAssistance: null, workingPoor: null, illustrative: false }, { socialAssistancePct: 100, workingPoorPct: 70, lowIncomePct: 80 }), 800, 'without the split, the overall percentage');
  assert.equal(share(null, 100), null, 'a share of a hidden figure is hidden');
  assert.equal(share(81, 100), 81);
});

test('the age bands in SQL are the same as in code', async () => {
  for (const age of [0, 3, 4, 11, 12, 17, 18, 20]) {
    const r = await sql<{ b: string }>`select ${sql.raw(ageBandSql(String(age)))} as b`.execute(t.database.db);
    assert.equal(r.rows[0]!.b, ageBandOf(age));
  }
});

test('exact gross, net and overlap on constructed data; net ≤ gross; nothing suppressed derivable', async () => {
  const M = 'GM0307';
  const d = (day: number) => new Date(Date.UTC(YEAR, 2, day, 10)).toISOString();
  // 12 children at Leergeld, 10 of whom also at the Jeugdfonds; 8 children at Jarige Job, 6 of them also at Leergeld.
  // Child c1..c12 at Leergeld (c1 twice: two provisions), c1..c10 at Jeugdfonds, c5..c10 and j1, j2 at Jarige Job.
  for (let i = 1; i <= 12; i++) await item({ child: `c${i}`, org: LG, municipality: M, released: d(i), age: 8 });
  await item({ child: 'c1', org: LG, municipality: M, released: d(20), age: 8 });
  for (let i = 1; i <= 10; i++) await item({ child: `c${i}`, org: JF, municipality: M, released: d(i), theme: 'sport', age: 8 });
  for (const c of ['c5', 'c6', 'c7', 'c8', 'c9', 'c10', 'j1', 'j2']) await item({ child: c, org: JJ, municipality: M, released: d(3), theme: 'birthday', age: 8 });
  // Rejected, still open and withdrawn requests count as received only.
  for (let i = 1; i <= 6; i++) await item({ child: `r${i}`, org: LG, municipality: M, released: d(4), status: 'rejected', age: 8 });
  await item({ child: 'o1', org: LG, municipality: M, released: d(4), status: 'received', age: 8 });
  // Leusden: 7 children at Leergeld, 6 of them also at the Jeugdfonds (two organisations: net = 7 + 6 − 6).
  for (let i = 1; i <= 7; i++) await item({ child: `l${i}`, org: LG, municipality: 'GM0327', released: d(5), age: 8 });
  for (let i = 1; i <= 6; i++) await item({ child: `l${i}`, org: JF, municipality: 'GM0327', released: d(5), theme: 'sport', age: 8 });
  // The year before (a separate set of tables): small numbers that must be hidden, with their complements.
  const e = (day: number) => new Date(Date.UTC(YEAR - 1, 4, day, 10)).toISOString();
  for (let i = 1; i <= 9; i++) await item({ child: `p${i}`, org: LG, municipality: M, released: e(i), age: 6 });
  for (let i = 1; i <= 2; i++) await item({ child: `p${i}`, org: JF, municipality: M, released: e(i), theme: 'sport', age: 14 });
  for (let i = 1; i <= 6; i++) await item({ child: `q${i}`, org: LG, municipality: 'GM0327', released: e(i), age: 9 });
  for (let i = 1; i <= 3; i++) await item({ child: `q${i}`, org: KH, municipality: 'GM0327', released: e(i), theme: 'basic_needs', age: 2 });

  const report = await refreshReach(t.database.db, { years: [YEAR - 1, YEAR] });
  assert.equal(report.skipped, false);
  const { db } = t.database;
  const cell = (m: string, o = '', h = '', a = '') => db.selectFrom('reach_cells').selectAll().where('year', '=', YEAR).where('month', '=', 0).where('municipality_code', '=', m).where('organisation_id', '=', o).where('theme', '=', h).where('age_band', '=', a).executeTakeFirst();

  const all = await cell(M);
  assert.equal(all?.granted, 13 + 10 + 8, 'gross: every provision granted');
  assert.equal(all?.net, 14, 'net: c1..c12, j1, j2');
  assert.equal(all?.rejected, 6);
  assert.equal(all?.received, 31 + 6 + 1);
  const lg = await cell(M, org[LG]!);
  assert.equal(lg?.granted, 13);
  assert.equal(lg?.net, 12, 'c1 counted once at Leergeld');

  const overlap = async (a: string, b: string, m = M) => {
    const [x, y] = [org[a]!, org[b]!].sort();
    return (await db.selectFrom('reach_overlaps').select('children').where('year', '=', YEAR).where('municipality_code', '=', m).where('organisation_a', '=', x!).where('organisation_b', '=', y!).executeTakeFirst())?.children;
  };
  assert.equal(await overlap(LG, JF), 10, 'exactly the ten children at both');
  assert.equal(await overlap(LG, JJ), 6);
  assert.equal(await overlap(JF, JJ), 6);
  assert.equal(await overlap(LG, JF, 'GM0327'), 6);
  assert.equal(await overlap(LG, JF, ''), 16, 'nationally: 10 in Amersfoort and 6 in Leusden');
  assert.equal((await cell('GM0327'))?.net, 7);
  assert.equal((await cell(''))?.net, 21);

  // Net ≤ gross in every published cell, in both years.
  const cells = await db.selectFrom('reach_cells').selectAll().where('year', 'in', [YEAR - 1, YEAR]).execute();
  for (const c of cells) if (c.net !== null && c.granted !== null) assert.ok(c.net <= c.granted, `net ${c.net} ≤ gross ${c.granted} in ${JSON.stringify(c)}`);
  // Nothing below 5 is visible anywhere (0 is allowed).
  for (const c of cells) for (const m of ['received', 'granted', 'rejected', 'net'] as const) assert.ok(c[m] === null || c[m] === 0 || c[m]! >= 5, `${m}=${c[m]} in ${JSON.stringify(c)}`);
  const small = await db.selectFrom('reach_cells').selectAll().where('year', '=', YEAR - 1).where('month', '=', 0).where('municipality_code', '=', M).where('organisation_id', '=', org[JF]!).where('theme', '=', '').where('age_band', '=', '').executeTakeFirstOrThrow();
  assert.equal(small.granted, null, 'two children at the Jeugdfonds in Amersfoort: hidden');
  assert.equal(small.net, null);
  const hiddenCount = cells.filter((c) => c.year === YEAR - 1 && c.granted === null).length;
  assert.ok(hiddenCount >= 4, 'complements hidden as well');
  assert.ok(cells.filter((c) => c.year === YEAR).every((c) => c.granted !== null), 'no figure below 5 in the other year: nothing hidden there');

  // No hidden figure can be derived from all published cells of a year together (per measure, the relations of cube.ts).
  for (const year of [YEAR - 1, YEAR]) {
    const ofYear = cells.filter((c) => c.year === year);
    const keys = ofYear.map((c) => [c.municipality_code, c.month === 0 ? '' : String(c.month), c.organisation_id, c.theme, c.age_band]);
    for (const m of ['received', 'granted', 'rejected', 'net'] as const) {
      const hidden = ofYear.map((c) => c[m] === null);
      assert.deepEqual(derivableCells(ofYear.length, cubeRelations(keys), hidden), [], `${year} ${m}: a hidden cell is derivable`);
    }
  }
});

test('who sees what: a municipality officer sees their municipality and CSV, not another; an organisation its own', async () => {
  const officer = new Client(t.app);
  await officer.login('beleid@amersfoort.demo');
  const landing = await officer.get('/beheer/bereik');
  assert.equal(landing.statusCode, 303);
  assert.equal(landing.headers.location, '/beheer/bereik/gemeente/GM0307');
  const page = await officer.get(`/beheer/bereik/gemeente/GM0307?jaar=${YEAR}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Bereik in Amersfoort/);
  assert.match(page.body, /<svg[^>]+role="img"/, 'a chart');
  assert.match(page.body, /<title id="gemeente-jaren-title">/);
  assert.doesNotMatch(page.body, /v1:/, 'no child key on the page');
  const csv = await officer.get(`/beheer/bereik/gemeente/GM0307/csv?jaar=${YEAR}&tabel=organisaties`);
  assert.equal(csv.statusCode, 200);
  assert.match(String(csv.headers['content-type']), /text\/csv/);
  assert.match(csv.body, /Stichting Leergeld Eemland;20;13;6;12;0\r\n/, 'Leergeld: 20 received, 13 granted, 6 rejected, 12 children, decided the same day');
  for (const path of ['/beheer/bereik/gemeente/GM0363', '/beheer/bereik/gemeente/GM0363/csv', '/beheer/bereik/gemeente/GM0327/rapport', '/beheer/bereik/landelijk', '/beheer/bereik/gemeente/GM0363/doelen']) {
    assert.equal((await officer.get(path)).statusCode, 404, `${path} is another municipality's or the national office's`);
  }
  assert.equal((await officer.get('/beheer/bereik/gemeente/XX')).statusCode, 404);
  assert.equal((await officer.get(`/beheer/bereik/gemeente/GM0307?jaar=abc&maand=99&filter=o:nonsense`)).statusCode, 200, 'bad filters fall back, never a 500');
  const report = await officer.get(`/beheer/bereik/gemeente/GM0307/rapport?jaar=${YEAR}`);
  assert.equal(report.statusCode, 200);

  const coordinator = new Client(t.app);
  await coordinator.login('coordinator@leergeld-eemland.demo');
  const own = await coordinator.get(`/beheer/bereik/organisatie/${org[LG]}?jaar=${YEAR}`);
  assert.equal(own.statusCode, 200);
  assert.match(own.body, /Overlap/);
  assert.equal((await coordinator.get(`/beheer/bereik/organisatie/${org[JF]}`)).statusCode, 404);
  assert.equal((await coordinator.get('/beheer/bereik/gemeente/GM0307')).statusCode, 404, 'an organisation does not see the municipality across all organisations');

  const admin = new Client(t.app);
  await admin.login('beheerder@kansrijk.demo');
  const national = await admin.get(`/beheer/bereik/landelijk?jaar=${YEAR}`);
  assert.equal(national.statusCode, 200);
  assert.match(national.body, /Per gemeente/);
});

test('a municipality officer enters its own count and targets; errors are shown next to the fields', async () => {
  const officer = new Client(t.app);
  await officer.login('beleid@amersfoort.demo');
  await officer.get('/beheer/bereik/gemeente/GM0307/doelen');
  const bad = await officer.post('/beheer/bereik/gemeente/GM0307/doelen', { jaar: '20x4', kinderen: '-3', bijstand: '10', werkend: '', doel_bijstand: '120', doel_werkend: '70', doel_totaal: '' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Vul een jaar in/);
  assert.match(bad.body, /Vul een heel getal in/);
  assert.match(bad.body, /Vul een percentage in/);
  const ok = await officer.post('/beheer/bereik/gemeente/GM0307/doelen', { jaar: String(YEAR), kinderen: '100', bijstand: '40', werkend: '60', doel_bijstand: '100', doel_werkend: '70', doel_totaal: '' });
  assert.equal(ok.statusCode, 303);
  const page = await officer.get(`/beheer/bereik/gemeente/GM0307?jaar=${YEAR}`);
  // Target: 100 % of 40 + 70 % of 60 = 82 children; net reach 14 → 17 %.
  assert.match(page.body, /82 kinderen, behaald: 17 %/);
});

test('the national office imports a StatLine CSV; bad rows are reported with their line numbers', async () => {
  const admin = new Client(t.app);
  await admin.login('beheerder@kansrijk.demo');
  await admin.get('/beheer/bereik/cbs');
  const fs = await import('node:fs');
  const file = fs.readFileSync(new URL('./fixtures/85678NED-statline.csv', import.meta.url));
  const boundary = '----kansrijk' + crypto.randomBytes(8).toString('hex');
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${admin.csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="bestand"; filename="85678NED.csv"\r\nContent-Type: text/csv\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const res = await t.app.inject({ method: 'POST', url: '/beheer/bereik/cbs', headers: { cookie: [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
  assert.equal(res.statusCode, 200, res.body.slice(0, 500));
  assert.match(res.body, /Regel 12: deze gemeente kennen we niet/);
  const row = await t.database.db.selectFrom('reach_target_groups').selectAll().where('municipality_code', '=', 'GM0307').where('year', '=', 2022).where('source', '=', 'cbs').executeTakeFirstOrThrow();
  assert.equal(row.children, 3950);
});

test('a refresh while another runs elsewhere skips; one that runs is recorded as done', { skip: process.env.TEST_DB !== 'postgres' && 'needs a second connection (PostgreSQL suite)' }, async () => {
  const { db } = t.database;
  // Another process's refresh, holding the lock on its own connection.
  await db.connection().execute(async (other) => {
    await sql`select pg_advisory_lock(4242007)`.execute(other);
    try {
      const report = await refreshReach(db, { years: [YEAR] });
      assert.equal(report.skipped, true);
    } finally {
      await sql`select pg_advisory_unlock(4242007)`.execute(other);
    }
  });
  const report = await refreshReach(db, { years: [YEAR] });
  assert.equal(report.skipped, false);
  const runs = await db.selectFrom('reach_refreshes').select(['status']).orderBy('id', 'desc').limit(1).execute();
  assert.deepEqual(runs.map((r) => r.status), ['done']);
});
