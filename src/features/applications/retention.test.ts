import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createApplication } from '../../../test/support/applications.ts';
import { mailsTo, yearsAgo } from '../../../test/support/status.ts';
import { Worker } from '../../core/jobs/queue.ts';
import { DailyScheduler } from '../../core/jobs/scheduler.ts';
import { RETENTION_QUEUE, retentionJob, runRetention } from './retention.ts';

/** The daily retention job: what it deletes, what it withdraws, and that it runs once a day across processes. */
let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());
const log = pino({ level: 'silent' });
const links = () => ({ linkSecret: t.config.sessionSecret, publicUrl: t.config.publicUrl });
const DAY = 86_400_000;

async function seedLeftovers(now: Date) {
  const { db } = t.database;
  await db.insertInto('application_drafts').values([
    { id: 'draft-old', data: '{}', expires_at: new Date(now.getTime() - 1000) },
    { id: 'draft-new', data: '{}', expires_at: new Date(now.getTime() + DAY) },
  ]).execute();
  const { applicationId } = await createApplication(t, { children: [{ firstName: 'Bo', lastName: 'Kok', birthDate: '2016-08-08', provisions: ['Schoolreis en excursies'] }] });
  await db.insertInto('applicant_sessions').values([
    { id: 'session-old', application_id: applicationId, expires_at: new Date(now.getTime() - 1000) },
    { id: 'session-new', application_id: applicationId, expires_at: new Date(now.getTime() + 3600_000) },
  ]).execute();
  await db.insertInto('public_attempts').values([
    { kind: 'status_link', key: 'old', at: new Date(now.getTime() - 3 * DAY) },
    { kind: 'status_link', key: 'new', at: new Date(now.getTime() - 3600_000) },
  ]).execute();
}

test('expired drafts, sessions and old attempts go; an unanswered parent link withdraws the application, once', async () => {
  const now = new Date();
  // The demo families' submitted drafts have expired already: clear them so that the counts below are this test's own.
  await runRetention(t.database.db, links(), now);
  await seedLeftovers(now);
  const { db } = t.database;
  const young = await createApplication(t, {
    role: 'young',
    firstName: 'Daan',
    lastName: 'de Wit',
    email: 'daan@example.nl',
    parent: { name: 'Ellen de Wit', email: 'ellen@example.nl' },
    children: [{ firstName: 'Daan', lastName: 'de Wit', birthDate: yearsAgo(14), provisions: ['Schoolreis en excursies'] }],
  });
  const waiting = await createApplication(t, {
    role: 'young',
    firstName: 'Mila',
    lastName: 'Bos',
    email: 'mila@example.nl',
    parent: { name: 'Karin Bos', email: 'karin@example.nl' },
    children: [{ firstName: 'Mila', lastName: 'Bos', birthDate: yearsAgo(13), provisions: ['Schoolreis en excursies'] }],
  });
  await db.updateTable('applications').set({ parent_token_expires_at: new Date(now.getTime() - 1000) }).where('id', '=', young.applicationId).execute();

  const report = await runRetention(db, links(), now);
  assert.deepEqual(report, { drafts: 1, sessions: 1, attempts: 1, parentLinksExpired: 1 });
  assert.deepEqual((await db.selectFrom('application_drafts').select('id').where('id', 'like', 'draft-%').execute()).map((r) => r.id), ['draft-new']);
  assert.deepEqual((await db.selectFrom('applicant_sessions').select('id').execute()).map((r) => r.id), ['session-new']);
  assert.deepEqual((await db.selectFrom('public_attempts').select('key').execute()).map((r) => r.key), ['new']);

  const cases = await db.selectFrom('cases').select(['id', 'status', 'released_at']).where('application_id', '=', young.applicationId).execute();
  assert.deepEqual(cases.map((c) => [c.status, c.released_at]), [['closed', null]]);
  const items = await db.selectFrom('case_items').select(['status', 'reason']).where('case_id', '=', cases[0]!.id).execute();
  assert.deepEqual(items, [{ status: 'withdrawn', reason: { text: 'Je ouder of verzorger heeft niet op tijd toestemming gegeven.', key: 'applicationStatus.reasons.noParentResponse' } }]);
  assert.ok(await db.selectFrom('case_events').select('id').where('case_id', '=', cases[0]!.id).where('kind', '=', 'parent_no_response').executeTakeFirst());
  const mails = await mailsTo(t, 'daan@example.nl');
  assert.equal(mails.at(-1)!.subject, `Je aanvraag ${young.reference} is niet verstuurd`);
  const stillWaiting = await db.selectFrom('cases').select('status').where('application_id', '=', waiting.applicationId).executeTakeFirstOrThrow();
  assert.equal(stillWaiting.status, 'awaiting_parent', 'a link that has not expired is left alone');

  const again = await runRetention(db, links(), now);
  assert.deepEqual(again, { drafts: 0, sessions: 0, attempts: 0, parentLinksExpired: 0 });
  assert.equal((await mailsTo(t, 'daan@example.nl')).length, mails.length, 'no second mail');
});

test('with two processes, the day\'s retention job is enqueued once and run once', async () => {
  const { db } = t.database;
  let runs = 0;
  const job = retentionJob(db, links(), log);
  const counted = async (payload: Record<string, unknown>, claimed: Parameters<typeof job>[1]) => {
    runs++;
    await job(payload, claimed);
  };
  const schedulers = [new DailyScheduler(db, log, [RETENTION_QUEUE]), new DailyScheduler(db, log, [RETENTION_QUEUE])];
  const workers = [new Worker(db, log).register(RETENTION_QUEUE, counted), new Worker(db, log).register(RETENTION_QUEUE, counted)];
  for (let tick = 0; tick < 2; tick++) {
    await Promise.all(schedulers.map((s) => s.tick()));
    await Promise.all(workers.map((w) => w.drain()));
  }
  assert.equal(runs, 1);
  const jobs = await db.selectFrom('jobs').select(['status', 'unique_key']).where('queue', '=', RETENTION_QUEUE).execute();
  assert.equal(jobs.length, 1);
  assert.equal(jobs[0]!.status, 'done');
  assert.match(jobs[0]!.unique_key!, /^retention\.daily:\d{4}-\d{2}-\d{2}$/);
});
