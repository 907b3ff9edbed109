import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { bornYearsAgo, caseAt, staffClient } from '../../../test/support/cases.ts';
import { todayInAmsterdam } from '../wizard/today.ts';

/**
 * Budgets per organisation per year: a grant commits against the family's municipality's line
 * (else the general one), a payment moves it to paid, a grant beyond what is left needs a
 * coordinator; finance exports a period's payments as CSV, and the export is audit-logged.
 */
let t: TestApp;
const BASE = '/beheer/aanvragen';
const year = () => todayInAmsterdam().slice(0, 4);

before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');

test('budget lines are set by coordinators and finance, checked field by field', async () => {
  const handler = await staffClient(t, 'behandelaar@leergeld-eemland.demo');
  assert.equal((await handler.get('/beheer/budgetten')).statusCode, 200, 'handlers see the budget');
  assert.equal((await handler.post('/beheer/budgetten', { jaar: year(), bedrag: '1000' })).statusCode, 403);
  const finance = await staffClient(t, 'financien@leergeld-eemland.demo');
  await finance.get('/beheer/budgetten');
  const bad = await finance.post('/beheer/budgetten', { jaar: '1990', gemeente: 'GM0363', bedrag: 'veel' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Kies een gemeente waar uw organisatie werkt/);
  assert.match(bad.body, /Vul een bedrag in euro&#39;s in|Vul een bedrag in euro's in/);
  assert.equal((await finance.post('/beheer/budgetten', { jaar: year(), bedrag: '10.000' })).statusCode, 303);
  assert.equal((await finance.post('/beheer/budgetten', { jaar: year(), gemeente: 'GM0307', financier: 'Gemeente Amersfoort', bedrag: '300' })).statusCode, 303);
  assert.equal((await finance.post('/beheer/budgetten', { jaar: year(), gemeente: 'GM0307', financier: 'Gemeente Amersfoort', bedrag: '400' })).statusCode, 303, 'the same line again changes its amount');
  const lines = await t.database.db.selectFrom('budgets').select(['municipality_code', 'allocated_cents']).orderBy('municipality_code').execute();
  assert.deepEqual(lines.map((l) => [l.municipality_code, l.allocated_cents]), [['GM0307', 40000], [null, 1_000_000]]);
  const page = text((await finance.get(`/beheer/budgetten?jaar=${year()}`)).body);
  assert.match(page, /Amersfoort – Gemeente Amersfoort € 400 € 0 € 0 € 400/);
  const audit = await t.database.db.selectFrom('audit_log').select('action').where('entity_type', '=', 'budget').execute();
  assert.deepEqual(audit.map((a) => a.action).sort(), ['budget.changed', 'budget.created', 'budget.created']);
});

test('a grant commits against the municipality\'s line; beyond what is left only a coordinator, after confirming; payment makes it paid', async () => {
  const a = await caseAt(t, { lastName: 'Lam', children: [{ firstName: 'Tijn', lastName: 'Lam', birthDate: bornYearsAgo(9, 12), provisions: ['Schoolreis en excursies'], answers: { cost: '250' } }] });
  const b = await caseAt(t, { lastName: 'Eik', children: [{ firstName: 'Fien', lastName: 'Eik', birthDate: bornYearsAgo(9, 13), provisions: ['Schoolreis en excursies'], answers: { cost: '200' } }] });
  const handler = await staffClient(t, 'behandelaar@leergeld-eemland.demo');
  const form = text((await handler.get(`${BASE}/${a.caseId}/besluit/${a.itemIds[0]}`)).body);
  assert.match(form, /Amersfoort – Gemeente Amersfoort \(nog € 400\)/, 'the municipality\'s line first');
  const line = /<option value="([0-9a-f-]{36})"[^>]*>[^<]*Gemeente Amersfoort/.exec((await handler.get(`${BASE}/${a.caseId}/besluit/${a.itemIds[0]}`)).body)![1]!;
  assert.equal((await handler.post(`${BASE}/${a.caseId}/besluit/${a.itemIds[0]}`, { besluit: 'grant', bedrag: '250', budget: line })).statusCode, 303);
  const over = await handler.post(`${BASE}/${b.caseId}/besluit/${b.itemIds[0]}`, { besluit: 'grant', bedrag: '200', budget: line });
  assert.equal(over.statusCode, 400);
  assert.match(text(over.body), /Er is nog € 150 over in het budget\. Alleen een coördinator/);
  const coordinator = await staffClient(t, 'coordinator@leergeld-eemland.demo');
  await coordinator.get(`${BASE}/${b.caseId}/besluit/${b.itemIds[0]}`);
  const confirm = await coordinator.post(`${BASE}/${b.caseId}/besluit/${b.itemIds[0]}`, { besluit: 'grant', bedrag: '200', budget: line });
  assert.equal(confirm.statusCode, 400);
  assert.match(confirm.body, /name="boven_budget"/, 'the coordinator is asked to confirm');
  assert.equal((await coordinator.post(`${BASE}/${b.caseId}/besluit/${b.itemIds[0]}`, { besluit: 'grant', bedrag: '200', budget: line, boven_budget: 'ja' })).statusCode, 303);
  let page = text((await coordinator.get(`/beheer/budgetten?jaar=${year()}`)).body);
  assert.match(page, /Amersfoort – Gemeente Amersfoort € 400 € 450 € 0 -€ 50|Amersfoort – Gemeente Amersfoort € 400 € 450 € 0 € -50/);
  await coordinator.post(`${BASE}/${a.caseId}/levering/${a.itemIds[0]}`, { soort: 'payment', ontvanger: '=HYPERLINK("http://x")', iban: 'NL91ABNA0417164300', bedrag: '250', datum: todayInAmsterdam(), kenmerk: a.reference });
  page = text((await coordinator.get(`/beheer/budgetten?jaar=${year()}`)).body);
  assert.match(page, /Amersfoort – Gemeente Amersfoort € 400 € 200 € 250/);
  const grant = await t.database.db.selectFrom('audit_log').select('details').where('action', '=', 'case.item_granted').where('entity_id', '=', b.caseId).executeTakeFirstOrThrow();
  assert.equal((grant.details as { overBudget: boolean }).overBudget, true, 'the exception is on record');
});

test('finance exports a period\'s payments as CSV: checked period, safe cells, audit-logged', async () => {
  const finance = await staffClient(t, 'financien@leergeld-eemland.demo');
  const today = todayInAmsterdam();
  const page = await finance.get(`/beheer/betalingen?van=${year()}-01-01&tot=${today}`);
  assert.equal(page.statusCode, 200);
  assert.match(text(page.body), /Basisschool De Regenboog/, 'the demo payment');
  const bad = await finance.get(`/beheer/betalingen?van=${today}&tot=${year()}-01-01`);
  if (today !== `${year()}-01-01`) {
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /De einddatum ligt voor de begindatum/);
  }
  assert.equal((await finance.get('/beheer/betalingen?van=31-02-2026')).statusCode, 400);
  const csv = await finance.get(`/beheer/betalingen/export?van=${year()}-01-01&tot=${today}`);
  assert.equal(csv.statusCode, 200);
  assert.match(String(csv.headers['content-type']), /^text\/csv/);
  assert.match(String(csv.headers['content-disposition']), /attachment; filename="betalingen-/);
  const lines = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines[0], '"Datum";"Soort";"Ontvanger";"IBAN";"Bedrag";"Kenmerk";"Omschrijving";"Aanvraag";"Budget"');
  assert.ok(lines.some((l) => l.includes('"Basisschool De Regenboog";"NL91ABNA0417164300";"85,00"')));
  assert.ok(lines.some((l) => l.includes(`"'=HYPERLINK(""http://x"")"`)), 'a payee that looks like a formula is not run by the spreadsheet');
  const logged = await t.database.db.selectFrom('audit_log').select('details').where('action', '=', 'payments.exported').executeTakeFirstOrThrow();
  assert.equal((logged.details as { rows: number }).rows, lines.length - 1);
  const handler = await staffClient(t, 'behandelaar@leergeld-eemland.demo');
  assert.equal((await handler.get(`/beheer/betalingen/export?van=${year()}-01-01&tot=${today}`)).statusCode, 403);
});
