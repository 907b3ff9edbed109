import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestApp, type TestApp } from '../../../test/support/app.ts';
import { mailsTo, openStatus } from '../../../test/support/status.ts';
import { bornYearsAgo, caseAt, staffClient, userId } from '../../../test/support/cases.ts';
import { addDays } from './dates.ts';
import { todayInAmsterdam } from '../wizard/today.ts';

/**
 * A Leergeld case from receipt to delivery through the back office's pages (in-process HTTP):
 * assign, ask for information, a house visit recorded by the volunteer, a decision (with the
 * maximum and the partial grant), the payment to the school, and the family's status page and
 * mails following every step in plain words. Every step is in the audit log.
 */
let t: TestApp;
const COORDINATOR = 'coordinator@leergeld-eemland.demo';
const HANDLER = 'behandelaar@leergeld-eemland.demo';
const VOLUNTEER = 'vrijwilliger@leergeld-eemland.demo';
const FINANCE = 'financien@leergeld-eemland.demo';
const READ_ONLY = 'meekijker@leergeld-eemland.demo';
const BASE = '/beheer/aanvragen';

before(async () => {
  t = await createTestApp();
});
after(() => t.close());

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ');
const audit = (caseId: string) => t.database.db.selectFrom('audit_log').select(['action', 'actor_email', 'details']).where('entity_id', '=', caseId).orderBy('id').execute();

test('the queue lists the organisation\'s cases, finds by reference or child, filters, and logs what it showed', async () => {
  const a = await caseAt(t, { lastName: 'Zwaan', children: [{ firstName: 'Wessel', lastName: 'Zwaan', birthDate: bornYearsAgo(9, 1), provisions: ['Schoolreis en excursies'] }] });
  const coordinator = await staffClient(t, COORDINATOR);
  const queue = await coordinator.get(BASE);
  assert.equal(queue.statusCode, 200);
  assert.match(queue.body, new RegExp(a.reference));
  assert.match(text(queue.body), /Wessel: Schoolreis en excursies \(Nieuw\)/);
  assert.match((await coordinator.get(`${BASE}?zoek=${encodeURIComponent(a.reference.toLowerCase().replace(/-/g, ' '))}`)).body, new RegExp(a.reference), 'reference as typed on the phone');
  const byChild = await coordinator.get(`${BASE}?zoek=wessel`);
  assert.match(byChild.body, new RegExp(a.reference));
  assert.doesNotMatch(byChild.body, /fam\.mahabier/);
  const overdue = text((await coordinator.get(`${BASE}?te-laat=1`)).body);
  assert.match(overdue, /Jayden: Schoolreis en excursies/, 'the demo family past its due date');
  assert.doesNotMatch(overdue, new RegExp(a.reference));
  assert.match(text((await coordinator.get(`${BASE}?gemeente=GM0327`)).body), /Fenna: Zwemles/);
  assert.doesNotMatch(text((await coordinator.get(`${BASE}?gemeente=GM0327`)).body), /Wessel/);
  assert.match(text((await coordinator.get(`${BASE}?thema=sport`)).body), /Fenna/);
  const logged = await t.database.db.selectFrom('audit_log').select('details').where('action', '=', 'personal_data.read').where('entity_type', '=', 'case_list').execute();
  assert.ok(logged.some((l) => (l.details as { caseIds: string[] }).caseIds.includes(a.caseId)), 'which cases were listed to whom is recorded');
  for (const junk of ['?status=%00', '?na=xyz', '?voor=' + 'A'.repeat(200), '?zoek=%25%25', '?behandelaar=1%27', '?gemeente[]=x', '?thema=sport&thema=school']) {
    assert.equal((await coordinator.get(`${BASE}${junk}`)).statusCode, 200, junk);
  }
});

test('a volunteer sees only the cases and visits assigned to them; others are "not found"', async () => {
  const volunteer = await staffClient(t, VOLUNTEER);
  const own = text((await volunteer.get(BASE)).body);
  assert.match(own, /Fenna: Zwemles/, 'the demo family with the volunteer\'s house visit');
  assert.doesNotMatch(own, /Jayden|Elif/);
  const other = await t.database.db.selectFrom('cases').innerJoin('applications', 'applications.id', 'cases.application_id').select('cases.id').where('applications.applicant_email', '=', 'fam.mahabier@gezin.demo').executeTakeFirstOrThrow();
  assert.equal((await volunteer.get(`${BASE}/${other.id}`)).statusCode, 404);
  assert.doesNotMatch(text((await volunteer.get(`${BASE}?zoek=Jayden`)).body), /Jayden: /);
});

test('from receipt to payment: every step on the family\'s status page, by mail, and in the audit log', async () => {
  const a = await caseAt(t, { lastName: 'Vink', children: [{ firstName: 'Ivo', lastName: 'Vink', birthDate: bornYearsAgo(9, 2), provisions: ['Schoolreis en excursies'], answers: { cost: '300' } }] });
  const item = a.itemIds[0]!;
  const handler = await staffClient(t, HANDLER);
  const page = await handler.get(`${BASE}/${a.caseId}`);
  assert.equal(page.statusCode, 200);
  assert.match(text(page.body), /Ivo Vink/);
  assert.match(text(page.body), /Maximum volgens de regels € 275/, 'the rules as applied for: the band for a child of 9');
  const read = await t.database.db.selectFrom('audit_log').select(['actor_email', 'details']).where('action', '=', 'personal_data.read').where('entity_id', '=', a.caseId).executeTakeFirstOrThrow();
  assert.equal(read.actor_email, HANDLER);

  // Assign to oneself; ask for information.
  assert.equal((await handler.post(`${BASE}/${a.caseId}/toewijzen`, { behandelaar: await userId(t, HANDLER) })).statusCode, 303);
  const noQuestion = await handler.post(`${BASE}/${a.caseId}/informatie`, { bericht: '  ' });
  assert.equal(noQuestion.statusCode, 400);
  assert.match(noQuestion.body, /Schrijf uw vraag/);
  await handler.post(`${BASE}/${a.caseId}/informatie`, { bericht: 'Wilt u de brief van school over het schoolreisje sturen?' });
  assert.equal((await t.database.db.selectFrom('case_items').select('status').where('id', '=', item).executeTakeFirstOrThrow()).status, 'information_requested');
  assert.match((await mailsTo(t, a.email)).at(-1)!.subject, /U heeft een bericht over aanvraag/);

  // The family answers on their status page: the queue shows it.
  const family = new Client(t.app);
  let status = await openStatus(t, family, a.reference);
  assert.match(text(status.body), /Wij hebben meer informatie nodig/);
  const kase = /name="zaak" value="([^"]+)"/.exec(status.body)![1]!;
  await family.post(`/aanvraag/${a.reference}/bericht`, { zaak: kase, [`bericht-${kase}`]: 'De brief komt morgen.' });
  assert.match(text((await handler.get(`${BASE}?zoek=${a.reference}`)).body), /Nieuw bericht of document/);

  // A house visit with the volunteer, recorded by the volunteer.
  const bad = await handler.post(`${BASE}/${a.caseId}/afspraak`, { soort: 'house_visit', datum: '31-02-2026', tijd: '25:00' });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /Vul een bestaande datum in/);
  assert.match(bad.body, /Kies wie er gaat/);
  const day = addDays(todayInAmsterdam(), 2);
  assert.equal((await handler.post(`${BASE}/${a.caseId}/afspraak`, { soort: 'house_visit', datum: day, tijd: '10:30', vrijwilliger: await userId(t, VOLUNTEER) })).statusCode, 303);
  const visitMail = (await mailsTo(t, a.email)).at(-1)!;
  assert.match(visitMail.subject, /Afspraak over uw aanvraag/);
  assert.match(visitMail.text_body, /komt graag bij u thuis langs, op .* om 10:30/);
  status = await openStatus(t, family, a.reference);
  assert.match(text(status.body), /Stichting Leergeld Eemland komt op .* om 10:30 bij u thuis/);
  assert.match(text(status.body), /Er is een afspraak gepland/);

  const volunteer = await staffClient(t, VOLUNTEER);
  const casePage = await volunteer.get(`${BASE}/${a.caseId}`);
  assert.equal(casePage.statusCode, 200, 'the volunteer sees the case of their visit');
  const visitId = /\/afspraak\/([0-9a-f-]{36})/.exec(casePage.body)![1]!;
  assert.equal((await volunteer.post(`${BASE}/${a.caseId}/besluit/${item}`, { besluit: 'grant', bedrag: '100' })).statusCode, 403, 'a volunteer does not decide');
  const empty = await volunteer.post(`${BASE}/${a.caseId}/afspraak/${visitId}`, {});
  assert.match(empty.body, /Schrijf een kort verslag/);
  await volunteer.post(`${BASE}/${a.caseId}/afspraak/${visitId}`, { resultaat: 'done', verslag: 'Gezin met twee kinderen, inkomen op bijstandsniveau.' });
  assert.equal((await t.database.db.selectFrom('case_items').select('status').where('id', '=', item).executeTakeFirstOrThrow()).status, 'in_progress');
  assert.doesNotMatch(text((await openStatus(t, family, a.reference)).body), /inkomen op bijstandsniveau/, 'the visit report stays internal');

  // The handler may not grant above the maximum; the coordinator grants part of it, with words for the family.
  const above = await handler.post(`${BASE}/${a.caseId}/besluit/${item}`, { besluit: 'grant', bedrag: '300' });
  assert.equal(above.statusCode, 400);
  assert.match(text(above.body), /Dit is meer dan het maximum van € 275\. Alleen een coördinator/);
  const coordinator = await staffClient(t, COORDINATOR);
  await coordinator.get(`${BASE}/${a.caseId}/besluit/${item}`);
  const partial = await coordinator.post(`${BASE}/${a.caseId}/besluit/${item}`, { besluit: 'partly', bedrag: '250', toelichting: 'Wij betalen de reis, niet het zakgeld.' });
  assert.equal(partial.statusCode, 303);
  const grantMail = (await mailsTo(t, a.email)).at(-1)!;
  assert.match(grantMail.text_body, /Het toegekende bedrag is €\s250\./);
  assert.match(grantMail.text_body, /De reden: Wij betalen de reis, niet het zakgeld\./);
  status = await openStatus(t, family, a.reference);
  assert.match(text(status.body), /Toegekend € 250/);

  // Payment to the school: the IBAN is checked; then the case is delivered and closed.
  const finance = await staffClient(t, FINANCE);
  const form = await finance.get(`${BASE}/${a.caseId}/levering/${item}`);
  assert.match(form.body, /value="250"/);
  const wrongIban = await finance.post(`${BASE}/${a.caseId}/levering/${item}`, { soort: 'payment', ontvanger: 'Basisschool De Regenboog', iban: 'NL91 ABNA 0417 1643 01', bedrag: '250', datum: todayInAmsterdam(), kenmerk: a.reference });
  assert.equal(wrongIban.statusCode, 400);
  assert.match(wrongIban.body, /Deze IBAN klopt niet/);
  assert.match(wrongIban.body, /value="NL91 ABNA 0417 1643 01"/, 'what was typed stays');
  assert.equal((await finance.post(`${BASE}/${a.caseId}/levering/${item}`, { soort: 'payment', ontvanger: 'Basisschool De Regenboog', iban: 'NL91 ABNA 0417 1643 00', bedrag: '250', datum: todayInAmsterdam(), kenmerk: a.reference })).statusCode, 303);
  const row = await t.database.db.selectFrom('cases').select(['status', 'closed_at']).where('id', '=', a.caseId).executeTakeFirstOrThrow();
  assert.equal(row.status, 'closed');
  status = await openStatus(t, family, a.reference);
  assert.match(text(status.body), /Geleverd of betaald/);
  assert.match(text(status.body), /Stichting Leergeld Eemland heeft € 250 betaald aan Basisschool De Regenboog/);
  assert.match(text(status.body), /Deze aanvraag bij Stichting Leergeld Eemland is afgerond/);
  assert.equal((await finance.get(`${BASE}/${a.caseId}/levering/${item}`)).statusCode, 303, 'nothing is paid twice');

  const actions = (await audit(a.caseId)).map((e) => e.action).filter((x) => x !== 'personal_data.read');
  assert.deepEqual(actions, ['case.assigned', 'case.information_requested', 'case.visit_planned', 'case.visit_recorded', 'case.item_granted', 'case.delivery_recorded']);
  const grant = (await audit(a.caseId)).find((e) => e.action === 'case.item_granted')!;
  assert.equal(grant.actor_email, COORDINATOR);
  assert.deepEqual((grant.details as Record<string, unknown>).partial, true);
});

test('a rejection reads as plain words in the family\'s own language, with the handler\'s words after it', async () => {
  const a = await caseAt(t, { lastName: 'Grift', language: 'en', children: [{ firstName: 'Tess', lastName: 'Grift', birthDate: bornYearsAgo(10, 3), provisions: ['Fiets'] }] });
  const handler = await staffClient(t, HANDLER);
  const missing = await handler.post(`${BASE}/${a.caseId}/besluit/${a.itemIds[0]}`, { besluit: 'reject' });
  assert.equal(missing.statusCode, 400);
  assert.match(missing.body, /Kies een reden/);
  await handler.post(`${BASE}/${a.caseId}/besluit/${a.itemIds[0]}`, { besluit: 'reject', reden: 'other_provision_first', toelichting: 'Bel ons gerust.' });
  const mail = (await mailsTo(t, a.email)).at(-1)!;
  assert.match(mail.text_body, /The reason: Another scheme, for example from your municipality, pays for this\. .* Bel ons gerust\./);
  const page = text((await openStatus(t, new Client(t.app), a.reference)).body);
  assert.match(page, /Reden Een andere regeling, bijvoorbeeld van uw gemeente, betaalt dit\. .* Bel ons gerust\./, 'the page in the reader\'s language, the handler\'s words after the reason');
  assert.equal((await handler.post(`${BASE}/${a.caseId}/besluit/${a.itemIds[0]}`, { besluit: 'grant', bedrag: '10' })).statusCode, 303);
  assert.match(String((await handler.get(`${BASE}/${a.caseId}?melding=niet-mogelijk`)).body), /Dit kan nu niet meer/);
  assert.equal((await t.database.db.selectFrom('case_items').select('status').where('id', '=', a.itemIds[0]!).executeTakeFirstOrThrow()).status, 'rejected', 'a decided item is not decided again');
});

test('closing a case rejects what is still open with a reason; granted but unpaid keeps it open', async () => {
  const a = await caseAt(t, { lastName: 'Rood', children: [{ firstName: 'Bram', lastName: 'Rood', birthDate: bornYearsAgo(12, 4), provisions: ['Fiets', 'Laptop voor school'], answers: { school_level: 'vmbo' } }] });
  const coordinator = await staffClient(t, COORDINATOR);
  await coordinator.post(`${BASE}/${a.caseId}/besluit/${a.itemIds[0]}`, { besluit: 'grant', bedrag: '350' });
  await coordinator.get(`${BASE}/${a.caseId}/afsluiten`);
  const blocked = await coordinator.post(`${BASE}/${a.caseId}/afsluiten`, { reden: 'no_information' });
  assert.equal(blocked.statusCode, 409);
  assert.match(blocked.body, /Leg eerst de levering vast/);
  await coordinator.post(`${BASE}/${a.caseId}/levering/${a.itemIds[0]}`, { soort: 'goods', ontvanger: 'Fietsenwinkel Jansen', bedrag: '349', datum: todayInAmsterdam(), omschrijving: 'Fiets 26 inch met verlichting' });
  await coordinator.get(`${BASE}/${a.caseId}/afsluiten`);
  assert.equal((await coordinator.post(`${BASE}/${a.caseId}/afsluiten`, {})).statusCode, 400);
  assert.equal((await coordinator.post(`${BASE}/${a.caseId}/afsluiten`, { reden: 'no_information' })).statusCode, 303);
  const items = await t.database.db.selectFrom('case_items').select(['status', 'reason']).where('case_id', '=', a.caseId).orderBy('created_at').orderBy('id').execute();
  assert.deepEqual(items.map((i) => i.status).sort(), ['delivered', 'rejected']);
  assert.equal((await t.database.db.selectFrom('cases').select('status').where('id', '=', a.caseId).executeTakeFirstOrThrow()).status, 'closed');
  const page = text((await openStatus(t, new Client(t.app), a.reference)).body);
  assert.match(page, /Wij hebben de informatie die wij nodig hadden niet op tijd gekregen/);
  assert.match(page, /heeft het op .* verstuurd of afgegeven/);
});

test('read-only staff and finance see the case but get no forms that change it', async () => {
  const a = await caseAt(t, { lastName: 'Wit', children: [{ firstName: 'Ole', lastName: 'Wit', birthDate: bornYearsAgo(8, 5), provisions: ['Schoolreis en excursies'] }] });
  const readOnly = await staffClient(t, READ_ONLY);
  const page = await readOnly.get(`${BASE}/${a.caseId}`);
  assert.equal(page.statusCode, 200);
  assert.doesNotMatch(page.body, /action="[^"]*\/(toewijzen|notitie|start)/);
  assert.equal((await readOnly.post(`${BASE}/${a.caseId}/notitie`, { notitie: 'x' })).statusCode, 403);
  const handler = await staffClient(t, HANDLER);
  await handler.get(`${BASE}/${a.caseId}`);
  const tooLong = await handler.post(`${BASE}/${a.caseId}/notitie`, { notitie: 'x'.repeat(4001) });
  assert.equal(tooLong.statusCode, 400);
  assert.match(tooLong.body, /De notitie is te lang/);
  await handler.post(`${BASE}/${a.caseId}/notitie`, { notitie: 'Vader belde: brief volgt.' });
  assert.match((await readOnly.get(`${BASE}/${a.caseId}`)).body, /Vader belde: brief volgt\./);
  assert.doesNotMatch((await openStatus(t, new Client(t.app), a.reference)).body, /Vader belde/, 'internal notes never reach the family');
});
