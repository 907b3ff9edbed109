import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { splitStatements, type Database } from './index.ts';
import { createTestDatabase } from '../../../test/support/db.ts';

let database: Database;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.close());

test('migration text splits into statements, keeping function bodies whole', () => {
  const parts = splitStatements(`create table a (x int); -- a comment; with a semicolon
create function f() returns trigger language plpgsql as $$ begin raise exception 'no; never'; end $$;
insert into a values (';');`);
  assert.equal(parts.length, 3);
  assert.match(parts[1]!, /raise exception 'no; never'; end \$\$$/);
  assert.equal(parts[2], "insert into a values (';')");
});

test('both engines return counts as numbers and dates as plain text', async () => {
  const r = await sql<{ n: number; d: string }>`select count(*) as n, date '2026-01-31' as d`.execute(database.db);
  assert.deepEqual(r.rows[0], { n: 1, d: '2026-01-31' });
});

test('the audit log is append-only', async () => {
  const { db } = database;
  await db.insertInto('audit_log').values({ action: 'test.entry', entity_type: 'test', actor_user_id: null, actor_email: null, organisation_id: null, entity_id: null, ip: null }).execute();
  await assert.rejects(sql`update audit_log set action = 'changed'`.execute(db), /append-only/);
  await assert.rejects(sql`delete from audit_log`.execute(db), /append-only/);
});

test('a failed transaction stores nothing', async () => {
  const { db } = database;
  await assert.rejects(
    db.transaction().execute(async (trx) => {
      await trx.insertInto('municipalities').values({ code: 'GM9998', name: 'Proef', common_name: 'Proef', province: 'Utrecht' }).execute();
      throw new Error('boom');
    }),
  );
  const row = await db.selectFrom('municipalities').select('code').where('code', '=', 'GM9998').executeTakeFirst();
  assert.equal(row, undefined);
});
