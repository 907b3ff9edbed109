import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { Client, createTestApp, demoUser, type TestApp } from '../../../test/support/app.ts';
import { catalogueForMunicipality } from './data.ts';
import { decodeWorking } from './manage-data.ts';
import { FIELD_ORDER, draftToForm } from './manage-parse.ts';
import { parseEuros } from '../../core/money.ts';

const BASE = '/beheer/voorzieningen';
const LEERGELD = 'coordinator@leergeld-eemland.demo';
const JEUGDFONDS = 'coordinator@jeugdfonds-utrecht.demo';
const AMERSFOORT = 'beleid@amersfoort.demo';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

async function client(email: string) {
  const c = new Client(t.app);
  await c.login(email);
  return c;
}

async function provisionId(titleNl: string): Promise<string> {
  const row = await sql<{ id: string }>`select id from provisions where rules->'title'->>'nl' = ${titleNl}`.execute(t.database.db);
  assert.equal(row.rows.length, 1, titleNl);
  return row.rows[0]!.id;
}

async function publicEntry(code: string, titleNl: string) {
  return (await catalogueForMunicipality(t.database.db, code)).find((e) => e.rules.title.nl === titleNl);
}

/** The edit form as a browser would post it, from the stored working copy, with some fields changed. */
async function formFor(id: string, changes: Record<string, string | string[]> = {}): Promise<Record<string, string | string[]>> {
  const row = await t.database.db.selectFrom('provisions').select(['rules', 'theme']).where('id', '=', id).executeTakeFirstOrThrow();
  const values = draftToForm(decodeWorking(row.rules, row.theme, []));
  return { ...(Object.fromEntries(Object.entries(values).map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : String(v)])) as Record<string, string | string[]>), ...changes };
}

const VALID = {
  theme: 'sport', title_nl: 'Zwemdiploma C', title_en: 'Swimming diploma C', description_nl: 'Zwemles voor het C-diploma. Wij betalen het zwembad.', description_en: 'Swimming lessons for the C diploma. We pay the pool.',
  applicants: ['parent', 'professional'], age_min: '6', age_max: '12', age_reference: '', income: 'norm', income_percent: '120', max_amount: '22,50',
  period: 'once_per_years', period_years: '2', max_requests: '', exclusive_group: '', capacity: '', retroactive: 'no', window_from: '', window_until: '', handling_days: '21',
  apply_mode: 'online', required_fields: ['child_name', 'birth_date', 'club'], delivery: 'supplier_invoice', coverage: 'some', municipalities: ['GM0307', 'GM9999'],
};

test('euro amounts are read as people type them', () => {
  assert.equal(parseEuros('22,50'), 2250);
  assert.equal(parseEuros('22.5'), 2250);
  assert.equal(parseEuros('€ 350'), 35000);
  assert.equal(parseEuros('1.250,00'), 125000);
  assert.equal(parseEuros('abc'), null);
  assert.equal(parseEuros('-5'), null);
});

test('a case handler is refused; a coordinator sees only their own organisation\'s provisions', async () => {
  const handler = await client(demoUser('case_handler').email);
  assert.equal((await handler.get(BASE)).statusCode, 403);
  const coord = await client(LEERGELD);
  const list = await coord.get(BASE);
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /Fiets/);
  assert.doesNotMatch(list.body, /Verjaardagsbox/);
  assert.doesNotMatch(list.body, /name="organisatie"/, 'no organisation filter for a coordinator');
  const jarigeJob = await t.database.db.selectFrom('organisations').select('id').where('name', '=', 'Stichting Jarige Job').executeTakeFirstOrThrow();
  assert.equal((await coord.get(`${BASE}?organisatie=${jarigeJob.id}`)).statusCode, 404);
  assert.equal((await coord.get(`${BASE}/nieuw?organisatie=${jarigeJob.id}`)).statusCode, 404);
  assert.equal((await coord.get(`${BASE}/geen-uuid`)).statusCode, 404);
  assert.equal((await coord.get(`${BASE}/00000000-0000-4000-8000-000000000000`)).statusCode, 404);
});

test('bad input comes back with each message next to its field, everything typed kept', async () => {
  const coord = await client(LEERGELD);
  const form = await coord.get(`${BASE}/nieuw`);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /<legend class="utrecht-form-fieldset__legend"><h2/);
  const bad = await coord.post(`${BASE}/nieuw`, { ...VALID, title_nl: '', age_min: '12', age_max: '4', max_amount: 'abc', apply_mode: 'external', apply_url: 'geen-webadres', period_years: '' });
  assert.equal(bad.statusCode, 400);
  const messages = {
    title_nl: 'Vul dit in.',
    age_max: 'De hoogste leeftijd moet gelijk aan of hoger zijn dan de laagste.',
    max_amount: /Vul een bedrag in euro(&#39;|&#x27;|')s in, bijvoorbeeld 225 of 22,50\./,
    apply_url: 'Vul een webadres in dat begint met https://',
    period_years: 'Vul in om de hoeveel jaar het kan.',
  };
  for (const [field, message] of Object.entries(messages)) {
    const pattern = typeof message === 'string' ? message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : message.source;
    assert.match(bad.body, new RegExp(`id="field-${field}-error"><span class="kansrijk-visually-hidden">Fout: </span>${pattern}`), field);
    assert.match(bad.body, new RegExp(`<a class="utrecht-link" href="#field-${field}">[^<:]+: ${pattern}</a>`), `summary links to ${field}`);
  }
  assert.match(bad.body, /href="#field-title_nl">Titel in het Nederlands: Vul dit in\.</);
  assert.match(bad.body, /<title>Fout: /);
  assert.match(bad.body, /value="abc"/);
  assert.match(bad.body, /value="geen-webadres"/);
  assert.match(bad.body, /value="Swimming diploma C"/);
  const odd = await coord.post(`${BASE}/nieuw`, { theme: 'x'.repeat(5000), applicants: ['hacker'], age_min: '1e309', income: 'norm', income_percent: '999', handling_days: '0', coverage: 'some', window_from: '13-45' });
  assert.equal(odd.statusCode, 400);
  for (const message of ['Kies een thema.', 'Kies wie mag aanvragen.', 'Vul een leeftijd in tussen 0 en 25 jaar.', 'Vul een percentage in tussen 100 en 200.', 'Vul een aantal dagen in tussen 1 en 365.', 'Kies minstens één gemeente', 'Vul zowel het begin als het einde in']) {
    assert.ok(odd.body.includes(message), message);
  }
});

test('a new draft stays private until it is published', async () => {
  const coord = await client(LEERGELD);
  await coord.get(`${BASE}/nieuw`);
  const created = await coord.post(`${BASE}/nieuw`, VALID);
  assert.equal(created.statusCode, 303);
  const id = await provisionId('Zwemdiploma C');
  assert.equal(created.headers.location, `${BASE}/${id}?melding=aangemaakt`);
  const row = await t.database.db.selectFrom('provisions').select(['status', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.deepEqual(row, { status: 'draft', version: 0 });
  assert.equal(await publicEntry('GM0307', 'Zwemdiploma C'), undefined, 'a draft is not public');

  const detail = await coord.get(`${BASE}/${id}`);
  assert.match(detail.body, /Zo ziet het publiek het/);
  assert.match(detail.body, /data-testid="preview-nl"[\s\S]*Zwemles voor het C-diploma[\s\S]*Tot €\s22,50 eens per 2 jaar/);
  assert.match(detail.body, /data-testid="preview-en"[\s\S]*Swimming lessons for the C diploma[\s\S]*€22\.50/);
  assert.match(detail.body, /Nog niet gepubliceerd/);

  await coord.get(`${BASE}/${id}`);
  assert.equal((await coord.post(`${BASE}/${id}/publiceren`)).statusCode, 303);
  const entry = await publicEntry('GM0307', 'Zwemdiploma C');
  assert.ok(entry, 'published: public');
  assert.equal(entry.version, 1);
  assert.equal(entry.rules.limits.maxAmount, 2250);
  assert.equal((await publicEntry('GM0327', 'Zwemdiploma C'))?.municipalities.has('GM0327'), false, 'only where the subset says');
  const version = await t.database.db.selectFrom('provision_versions').select(['version', 'municipality_codes']).where('provision_id', '=', id).execute();
  assert.deepEqual(version, [{ version: 1, municipality_codes: ['GM0307'] }]);
  const again = await coord.post(`${BASE}/${id}/publiceren`);
  assert.equal(again.headers.location, `${BASE}/${id}?melding=ongewijzigd`, 'nothing new: no new version');
  const audit = await t.database.db.selectFrom('audit_log').select(['action', 'details', 'organisation_id']).where('entity_id', '=', id).orderBy('id').execute();
  assert.deepEqual(audit.map((a) => a.action), ['provision.created', 'provision.published']);
  assert.equal((audit[1]!.details as { version: number }).version, 1);
});

test('editing the bicycle and publishing makes version 2, and the public answer changes', async () => {
  const coord = await client(LEERGELD);
  const id = await provisionId('Fiets');
  const edit = await coord.get(`${BASE}/${id}/bewerken`);
  assert.match(edit.body, /name="max_amount" type="text" value="350"/);
  const saved = await coord.post(`${BASE}/${id}/bewerken`, await formFor(id, { max_amount: '399,95' }));
  assert.equal(saved.statusCode, 303);
  assert.equal((await publicEntry('GM0307', 'Fiets'))?.rules.limits.maxAmount, 35000, 'saved, not yet published');
  assert.match((await coord.get(BASE)).body, /niet gepubliceerde wijzigingen/);
  const detail = await coord.get(`${BASE}/${id}`);
  assert.match(detail.body, /wijzigingen die het publiek nog niet ziet: bedragen en periode\./);

  assert.equal((await coord.post(`${BASE}/${id}/publiceren`)).statusCode, 303);
  const versions = await t.database.db.selectFrom('provision_versions').select(['version', 'rules']).where('provision_id', '=', id).orderBy('version').execute();
  assert.deepEqual(versions.map((v) => v.version), [1, 2]);
  assert.equal((versions[0]!.rules as { limits: { maxAmount: number } }).limits.maxAmount, 35000, 'version 1 stays as it was');
  const entry = await publicEntry('GM0307', 'Fiets');
  assert.equal(entry?.version, 2);
  assert.equal(entry?.rules.limits.maxAmount, 39995);
  assert.equal((await t.app.referenceCache.current()).catalogueFor('GM0307').find((e) => e.id === id)?.rules.limits.maxAmount, 39995, 'the wizard\'s cache follows');
  const published = await t.database.db.selectFrom('audit_log').select('details').where('entity_id', '=', id).where('action', '=', 'provision.published').executeTakeFirstOrThrow();
  assert.deepEqual(published.details, { version: 2, changed: ['limits'] });
  const history = await coord.get(`${BASE}/${id}`);
  assert.match(history.body, /Marieke Jansen \(coordinator@leergeld-eemland\.demo\)/);
  assert.match(history.body, /Bij de start ingeladen/);
});

test('another organisation\'s provision is not found', async () => {
  const other = await client(JEUGDFONDS);
  const id = await provisionId('Fiets');
  assert.doesNotMatch((await other.get(BASE)).body, /Fiets/);
  assert.equal((await other.get(`${BASE}/${id}`)).statusCode, 404);
  assert.equal((await other.get(`${BASE}/${id}/bewerken`)).statusCode, 404);
  await other.get(BASE);
  for (const path of ['bewerken', 'publiceren', 'archiveren', 'terugzetten']) assert.equal((await other.post(`${BASE}/${id}/${path}`, {})).statusCode, 404, path);
});

test('the municipality officer manages Amersfoort\'s own schemes only', async () => {
  const officer = await client(AMERSFOORT);
  const list = await officer.get(BASE);
  assert.match(list.body, /Meedoenbudget Amersfoort/);
  assert.doesNotMatch(list.body, /Fiets|U-pas/);
  assert.equal((await officer.get(`${BASE}/${await provisionId('Fiets')}`)).statusCode, 404);
  const id = await provisionId('Meedoenbudget Amersfoort');
  const form = await officer.get(`${BASE}/${id}/bewerken`);
  assert.match(form.body, /value="GM0307"/);
  assert.equal((form.body.match(/name="municipalities"/g) ?? []).length, 1, 'only the organisation\'s own municipalities');
  const saved = await officer.post(`${BASE}/${id}/bewerken`, await formFor(id, { title_nl: 'Meedoenbudget Amersfoort 2026' }));
  assert.equal(saved.statusCode, 303);
  await officer.get(`${BASE}/${id}`);
  assert.equal((await officer.post(`${BASE}/${id}/publiceren`)).statusCode, 303);
  assert.ok(await publicEntry('GM0307', 'Meedoenbudget Amersfoort 2026'));
});

test('archiving takes a provision out of the public catalogue; restoring brings it back', async () => {
  const coord = await client(LEERGELD);
  const id = await provisionId('Fiets');
  await coord.get(`${BASE}/${id}`);
  assert.equal((await coord.post(`${BASE}/${id}/archiveren`)).headers.location, `${BASE}/${id}?melding=gearchiveerd`);
  assert.equal(await publicEntry('GM0307', 'Fiets'), undefined);
  assert.equal((await t.app.referenceCache.current()).catalogueFor('GM0307').some((e) => e.id === id), false);
  assert.match((await coord.get(BASE)).body, /gearchiveerd/);
  const refused = await coord.post(`${BASE}/${id}/publiceren`);
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /Zet de voorziening eerst terug/);
  assert.equal((await coord.post(`${BASE}/${id}/terugzetten`)).statusCode, 303);
  assert.equal((await publicEntry('GM0307', 'Fiets'))?.version, 2);
  const actions = await t.database.db.selectFrom('audit_log').select('action').where('entity_id', '=', id).where('action', 'in', ['provision.archived', 'provision.restored']).orderBy('id').execute();
  assert.deepEqual(actions.map((a) => a.action), ['provision.archived', 'provision.restored']);
});

test('the national office filters by organisation and chooses one for a new provision', async () => {
  const admin = await client(demoUser('platform_admin').email);
  const all = await admin.get(BASE);
  assert.match(all.body, /Fiets/);
  assert.match(all.body, /Verjaardagsbox/);
  const leergeld = await t.database.db.selectFrom('organisations').select('id').where('name', '=', 'Stichting Leergeld Eemland').executeTakeFirstOrThrow();
  const one = await admin.get(`${BASE}?organisatie=${leergeld.id}`);
  assert.match(one.body, /Fiets/);
  assert.doesNotMatch(one.body, /Verjaardagsbox/);
  assert.equal((await admin.get(`${BASE}?organisatie=geen-uuid`)).statusCode, 404);
  assert.match((await admin.get(`${BASE}/nieuw`)).body, /Voor welke organisatie\?/);
  assert.equal((await admin.get(`${BASE}/nieuw?organisatie=${leergeld.id}`)).statusCode, 200);
  assert.equal((await admin.get(`${BASE}/${await provisionId('Verjaardagsbox')}`)).statusCode, 200);
});

test('odd, oversized and injection-shaped form input never gives a 500', async () => {
  const coord = await client(LEERGELD);
  const id = await provisionId('Zwemdiploma C');
  const nasty = ['', ' ', '-1', '1e309', 'NaN', '99999999999', '0', '22,505', '1.234.567,89', "' OR 1=1 --", '<script>x</script>', '__proto__', '\u0000', '\uD800', '👨‍👩‍👧', 'x'.repeat(5000), '13-45', '02-30', 'javascript:alert(1)', 'https://ok.example', 'norm', 'external', 'once_per_years', 'GM0307'];
  let seed = 20261124;
  const random = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  await coord.get(`${BASE}/nieuw`);
  const nul = await coord.post(`${BASE}/${id}/bewerken`, { ...VALID, title_nl: 'Zwemdiploma C', description_nl: 'Zwemles\u0000 voor het C-diploma.' });
  assert.equal(nul.statusCode, 303, 'a NUL character (which PostgreSQL refuses in jsonb) is dropped');
  for (let i = 0; i < 150; i++) {
    const form: Record<string, string | string[]> = { ...VALID };
    for (const field of FIELD_ORDER) if (random() < 0.3) form[field] = random() < 0.2 ? [pick(nasty), pick(nasty)] : pick(nasty);
    const res = await coord.post(i % 2 ? `${BASE}/nieuw` : `${BASE}/${id}/bewerken`, form);
    assert.ok(res.statusCode === 303 || res.statusCode === 400, `${res.statusCode} for ${JSON.stringify(form).slice(0, 300)}`);
    assert.doesNotMatch(res.body, /at [\w.<>]+ \(.*\.(ts|js):\d+:\d+\)|ZodError|syntax error/);
  }
});
