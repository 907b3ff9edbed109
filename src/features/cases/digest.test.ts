import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { mailsTo } from '../../../test/support/status.ts';
import { DailyScheduler } from '../../core/jobs/scheduler.ts';
import { Worker } from '../../core/jobs/queue.ts';
import { DIGEST_QUEUE, overdueDigestJob, runOverdueDigest } from './digest.ts';

/** The daily overdue digest: once per coordinator per day, whatever the number of processes or retries. */
let t: TestApp;
const log = pino({ level: 'silent' });
const COORDINATOR = 'coordinator@leergeld-eemland.demo';

before(async () => {
  t = await createTestApp();
});
after(() => t.close());

test('two processes: the day\'s digest is enqueued once, run once, and each coordinator mailed once', async () => {
  const { db } = t.database;
  let runs = 0;
  const job = overdueDigestJob(db, t.config.publicUrl, log);
  const counted: typeof job = async (payload, claimed) => {
    runs++;
    await job(payload, claimed);
  };
  const schedulers = [new DailyScheduler(db, log, [DIGEST_QUEUE]), new DailyScheduler(db, log, [DIGEST_QUEUE])];
  const workers = [new Worker(db, log).register(DIGEST_QUEUE, counted), new Worker(db, log).register(DIGEST_QUEUE, counted)];
  for (let tick = 0; tick < 2; tick++) {
    await Promise.all(schedulers.map((s) => s.tick()));
    await Promise.all(workers.map((w) => w.drain()));
  }
  assert.equal(runs, 1);
  const mails = await mailsTo(t, COORDINATOR);
  assert.equal(mails.length, 1);
  const late = await db.selectFrom('applications').select('reference').where('applicant_email', '=', 'fam.mahabier@gezin.demo').executeTakeFirstOrThrow();
  assert.equal(mails[0]!.subject, '1 aanvraag te laat bij Stichting Leergeld Eemland');
  assert.match(mails[0]!.text_body, new RegExp(`- ${late.reference}: 12 dagen te laat \\(behandelaar: Niemand\\)`));
  assert.match(mails[0]!.text_body, /\/beheer\/aanvragen\?te-laat=1/);
  assert.doesNotMatch(mails[0]!.text_body, /Mahabier|Jayden/, 'no family details in a mail');

  // A retried job on the same day mails nobody twice; the next day brings the next digest.
  assert.deepEqual(await runOverdueDigest(db, t.config.publicUrl), { organisations: 1, mails: 0 });
  assert.deepEqual(await runOverdueDigest(db, t.config.publicUrl, new Date(Date.now() + 86_400_000)), { organisations: 1, mails: 1 });
  assert.match((await mailsTo(t, COORDINATOR)).at(-1)!.text_body, /13 dagen te laat/);
});
