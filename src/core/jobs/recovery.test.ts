import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase } from '../../../test/support/db.ts';
import { isConnectionError, retryWhileUnreachable, type Database } from '../db/index.ts';
import { claimJob, enqueue, releaseJobsOf } from './queue.ts';

/**
 * What keeps the job queue going through a database restart (the resilience test in
 * test/resilience drives the real thing): bookkeeping writes are retried while the database is
 * unreachable, and a worker gives back jobs left marked as its own after a failed poll.
 */
let database: Database;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.close());

test('connection errors are told apart from wrong statements', () => {
  for (const e of [{ code: '57P01' }, { code: '57P03' }, { code: '08006' }, { code: 'ECONNREFUSED' }, new Error('Connection terminated unexpectedly'), new Error('Client has encountered a connection error and is not queryable')]) {
    assert.ok(isConnectionError(e), JSON.stringify(e) || String(e));
  }
  for (const e of [{ code: '23505' }, { code: '42P01' }, new Error('syntax error at or near "selec"'), null, undefined]) assert.equal(isConnectionError(e), false);
});

test('a write is retried while the database is unreachable, and a wrong one is not', async () => {
  let calls = 0;
  const value = await retryWhileUnreachable(async () => {
    calls++;
    if (calls < 3) throw Object.assign(new Error('the database system is starting up'), { code: '57P03' });
    return 'done';
  });
  assert.equal(value, 'done');
  assert.equal(calls, 3);

  let wrong = 0;
  await assert.rejects(
    retryWhileUnreachable(async () => {
      wrong++;
      throw Object.assign(new Error('duplicate key'), { code: '23505' });
    }),
    /duplicate key/,
  );
  assert.equal(wrong, 1);

  await assert.rejects(
    retryWhileUnreachable(async () => {
      throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    }, 250),
    /ECONNREFUSED/,
    'gives up after its time',
  );
});

test('a worker gives back only the jobs marked as its own', async () => {
  const { db } = database;
  await enqueue(db, 'test.release', { n: 1 });
  await enqueue(db, 'test.release', { n: 2 });
  const mine = await claimJob(db, ['test.release'], 'host:1:mine');
  const theirs = await claimJob(db, ['test.release'], 'host:2:theirs');
  assert.ok(mine && theirs);
  assert.equal(await releaseJobsOf(db, 'host:1:mine'), 1);
  const rows = await db.selectFrom('jobs').select(['id', 'status', 'locked_by']).where('queue', '=', 'test.release').execute();
  const byId = new Map(rows.map((r) => [Number(r.id), [r.status, r.locked_by]]));
  assert.deepEqual(byId.get(mine.id), ['pending', null]);
  assert.deepEqual(byId.get(theirs.id), ['running', 'host:2:theirs']);
  const again = await claimJob(db, ['test.release'], 'host:3:other');
  assert.equal(again?.id, mine.id, 'the given-back job is claimed again at once');
});
