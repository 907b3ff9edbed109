import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createApplication } from '../../../test/support/applications.ts';
import { mailsTo, openStatus } from '../../../test/support/status.ts';
import { translator } from '../../core/i18n/index.ts';
import { CaseUpdateError, IllegalTransitionError, changeItemStatus, postOrganisationMessage } from './case-updates.ts';

/** The organisation-side service the back office (issue 5) builds on: status changes and messages, each with its mail. */
let t: TestApp;
let handlerId: string;
before(async () => {
  t = await createTestApp();
  handlerId = (await t.database.db.selectFrom('users').select('id').where('email', '=', 'behandelaar@leergeld-eemland.demo').executeTakeFirstOrThrow()).id;
});
after(() => t.close());

let born = 0;
async function application(language: 'nl' | 'en' = 'nl') {
  const email = `aanvrager${born}@example.nl`;
  const birthDate = new Date(Date.UTC(2013, 5, 1) + born++ * 86_400_000).toISOString().slice(0, 10);
  const { applicationId, reference } = await createApplication(t, { email, children: [{ firstName: 'Iris', lastName: 'Peters', birthDate, provisions: ['Schoolreis en excursies'] }] });
  const kase = await t.database.db.selectFrom('cases').select('id').where('application_id', '=', applicationId).executeTakeFirstOrThrow();
  // The language the applicant chose for mails (set directly: the form offers only complete languages).
  await t.database.db.updateTable('cases').set({ language }).where('id', '=', kase.id).execute();
  const item = await t.database.db.selectFrom('case_items').select('id').where('case_id', '=', kase.id).executeTakeFirstOrThrow();
  return { reference, email, caseId: kase.id, itemId: item.id };
}

const notify = () => ({ linkSecret: t.config.sessionSecret, publicUrl: t.config.publicUrl });
const item = (id: string) => t.database.db.selectFrom('case_items').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

test('an illegal transition is refused with a typed error and changes nothing', async () => {
  const a = await application();
  const { db } = t.database;
  await assert.rejects(
    db.transaction().execute((trx) => changeItemStatus(trx, { itemId: a.itemId, caseId: a.caseId, to: 'delivered', actor: { type: 'staff', userId: handlerId }, notify: notify() })),
    (error: unknown) => error instanceof IllegalTransitionError && error.from === 'received' && error.to === 'delivered',
  );
  await assert.rejects(
    db.transaction().execute((trx) => changeItemStatus(trx, { itemId: a.itemId, caseId: a.caseId, to: 'granted', actor: { type: 'staff', userId: handlerId }, notify: notify() })),
    (error: unknown) => error instanceof CaseUpdateError && error.problem === 'amount_required',
  );
  await assert.rejects(
    db.transaction().execute((trx) => changeItemStatus(trx, { itemId: a.itemId, caseId: a.caseId, to: 'rejected', reason: '  ', actor: { type: 'staff', userId: handlerId }, notify: notify() })),
    (error: unknown) => error instanceof CaseUpdateError && error.problem === 'reason_required',
  );
  const other = await application();
  await assert.rejects(
    db.transaction().execute((trx) => changeItemStatus(trx, { itemId: a.itemId, caseId: other.caseId, to: 'in_progress', actor: { type: 'staff', userId: handlerId }, notify: notify() })),
    (error: unknown) => error instanceof CaseUpdateError && error.problem === 'not_found',
    'an item is only found through its own case',
  );
  assert.equal((await item(a.itemId)).status, 'received');
  assert.equal((await mailsTo(t, a.email)).length, 1, 'only the confirmation of the application');
});

test('granting records the amount and the decision, appends a visible timeline entry and mails the applicant in Dutch', async () => {
  const a = await application();
  const { db } = t.database;
  const result = await db.transaction().execute((trx) => changeItemStatus(trx, { itemId: a.itemId, caseId: a.caseId, to: 'granted', grantedCents: 27500, actor: { type: 'staff', userId: handlerId }, notify: notify() }));
  assert.deepEqual(result, { from: 'received', to: 'granted', caseClosed: false, placeFreed: false });
  const row = await item(a.itemId);
  assert.equal(row.status, 'granted');
  assert.equal(row.granted_cents, 27500);
  assert.ok(row.decided_at);
  const event = await db.selectFrom('case_events').select(['kind', 'actor_type', 'actor_user_id', 'visible_to_applicant', 'details']).where('item_id', '=', a.itemId).executeTakeFirstOrThrow();
  assert.deepEqual(event, { kind: 'status_changed', actor_type: 'staff', actor_user_id: handlerId, visible_to_applicant: true, details: { from: 'received', to: 'granted', grantedCents: 27500 } });
  const mail = (await mailsTo(t, a.email)).at(-1)!;
  assert.equal(mail.subject, `Nieuws over uw aanvraag ${a.reference}`);
  assert.match(mail.text_body, /Stichting Leergeld Eemland heeft de status van 'Schoolreis en excursies' voor Iris veranderd/);
  assert.match(mail.text_body, /Het toegekende bedrag is €\s275\./);
  assert.match(mail.text_body, new RegExp(`${t.config.publicUrl}/status/`));

  await db.transaction().execute((trx) => changeItemStatus(trx, { itemId: a.itemId, caseId: a.caseId, to: 'delivered', actor: { type: 'staff', userId: handlerId }, notify: false }));
  const kase = await db.selectFrom('cases').select(['status', 'closed_at']).where('id', '=', a.caseId).executeTakeFirstOrThrow();
  assert.equal(kase.status, 'closed', 'every item final: the case closes');
  const page = await openStatus(t, new Client(t.app), a.reference);
  assert.match(page.body, /<strong>Geleverd of betaald<\/strong>/);
  assert.match(page.body, /€\s275/);
  assert.match(page.body, /Schoolreis en excursies: Toegekend/, 'the timeline');
});

test('a rejection carries the reason in plain words, and an English applicant is mailed in English', async () => {
  const a = await application('en');
  const { db } = t.database;
  await db.transaction().execute((trx) => changeItemStatus(trx, { itemId: a.itemId, caseId: a.caseId, to: 'in_progress', actor: { type: 'staff', userId: handlerId }, notify: notify() }));
  await db.transaction().execute((trx) =>
    changeItemStatus(trx, { itemId: a.itemId, caseId: a.caseId, to: 'rejected', reason: 'Uw inkomen is hoger dan de grens van 120 procent.', actor: { type: 'staff', userId: handlerId }, notify: notify() }),
  );
  const row = await item(a.itemId);
  assert.deepEqual(row.reason, { text: 'Uw inkomen is hoger dan de grens van 120 procent.' });
  const mail = (await mailsTo(t, a.email)).at(-1)!;
  assert.equal(mail.subject, translator('en')('applicationMail.status.subject', { reference: a.reference }));
  assert.match(mail.text_body, /School trip and excursions/, 'the provision in English');
  assert.match(mail.text_body, /The reason: Uw inkomen is hoger/);
  const page = await openStatus(t, new Client(t.app), a.reference);
  assert.match(page.body, /Uw inkomen is hoger dan de grens van 120 procent\./);
});

test('a message from the organisation is stored, on the timeline, announced by mail and shown as text', async () => {
  const a = await application();
  const { db } = t.database;
  const body = 'Wilt u de brief van school sturen? <b>Dank u wel</b>';
  const id = await db.transaction().execute((trx) => postOrganisationMessage(trx, { caseId: a.caseId, authorUserId: handlerId, body, notify: notify() }));
  const stored = await db.selectFrom('case_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(stored.sender, 'organisation');
  assert.equal(stored.author_user_id, handlerId);
  const mail = (await mailsTo(t, a.email)).at(-1)!;
  assert.equal(mail.subject, `U heeft een bericht over aanvraag ${a.reference}`);
  assert.doesNotMatch(mail.text_body, /brief van school/, 'the text stays on the site');
  const page = await openStatus(t, new Client(t.app), a.reference);
  assert.match(page.body, /Stichting Leergeld Eemland schreef/);
  assert.match(page.body, /&lt;b>Dank u wel&lt;\/b>/);
  assert.match(page.body, /Stichting Leergeld Eemland stuurde een bericht/);
  await assert.rejects(
    db.transaction().execute((trx) => postOrganisationMessage(trx, { caseId: a.caseId, authorUserId: handlerId, body: ' ', notify: false })),
    (error: unknown) => error instanceof CaseUpdateError && error.problem === 'message_invalid',
  );
});
