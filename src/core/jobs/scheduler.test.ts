import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import pino from 'pino';
import { createTestDatabase } from '../../../test/support/db.ts';
import type { Database } from '../db/index.ts';
import { Worker } from './queue.ts';
import { DailyScheduler, amsterdamDay } from './scheduler.ts';

/** Daily jobs: however many processes tick, however often, one job per queue per Dutch calendar day, run once. */
let database: Database;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.close());
const log = pino({ level: 'silent' });

test('the day is the calendar day in Amsterdam, not in UTC', () => {
  assert.equal(amsterdamDay(new Date('2026-06-30T22:30:00Z')), '2026-07-01', 'half past midnight in summer time');
  assert.equal(amsterdamDay(new Date('2026-12-31T22:59:00Z')), '2026-12-31', 'one minute to midnight in winter time');
});

test('two processes ticking twice on one day make one job, and two workers run it once', async () => {
  const { db } = database;
  const day = new Date('2026-11-24T08:00:00Z');
  let now = day;
  const a = new DailyScheduler(db, log, ['test.daily'], { now: () => now });
  const b = new DailyScheduler(db, log, ['test.daily'], { now: () => now });
  await Promise.all([a.tick(), b.tick()]);
  now = new Date(day.getTime() + 15 * 60 * 1000);
  await Promise.all([a.tick(), b.tick()]);
  const jobs = await db.selectFrom('jobs').select(['unique_key', 'payload']).where('queue', '=', 'test.daily').execute();
  assert.deepEqual(jobs, [{ unique_key: 'test.daily:2026-11-24', payload: { day: '2026-11-24' } }]);

  let runs = 0;
  const handler = async () => {
    runs++;
    await new Promise((r) => setTimeout(r, 5));
  };
  const w1 = new Worker(db, log).register('test.daily', handler);
  const w2 = new Worker(db, log).register('test.daily', handler);
  await Promise.all([w1.drain(), w2.drain()]);
  await Promise.all([w1.drain(), w2.drain()]);
  assert.equal(runs, 1);

  // The next day: a new job.
  now = new Date('2026-11-25T00:05:00Z');
  await a.tick();
  await Promise.all([w1.drain(), w2.drain()]);
  assert.equal(runs, 2);
});

test('start ticks at once and stop ends the timer', async () => {
  const { db } = database;
  const scheduler = new DailyScheduler(db, log, ['test.started'], { intervalMs: 10, now: () => new Date('2026-11-26T12:00:00Z') });
  scheduler.start();
  for (let i = 0; i < 50; i++) {
    if (await db.selectFrom('jobs').select('id').where('queue', '=', 'test.started').executeTakeFirst()) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  await scheduler.stop();
  const jobs = await db.selectFrom('jobs').select('unique_key').where('queue', '=', 'test.started').execute();
  assert.deepEqual(jobs, [{ unique_key: 'test.started:2026-11-26' }]);
});
