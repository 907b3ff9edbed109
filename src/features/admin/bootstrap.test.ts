import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestApp, type TestApp } from '../../../test/support/app.ts';
import { createFirstAdmin } from './bootstrap.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ demoData: false });
});
after(() => t.close());

test('a new installation gets its first administrator through an invitation link', async () => {
  const { db } = t.database;
  assert.equal((await db.selectFrom('users').select('id').execute()).length, 0, 'no accounts without demo data');
  const { link } = await createFirstAdmin(db, { email: 'Beheer@Gemeente.example', name: 'Eerste Beheerder', publicUrl: 'https://kansrijk.example' });
  assert.match(link, /^https:\/\/kansrijk\.example\/uitnodiging\/[A-Za-z0-9_-]{40,}$/);
  await assert.rejects(createFirstAdmin(db, { email: 'beheer@gemeente.example', name: 'Nog Een', publicUrl: 'x' }), /er is al een account/);
  await assert.rejects(createFirstAdmin(db, { email: 'geen-adres', name: 'X Y', publicUrl: 'x' }), /geen geldig e-mailadres/);
  const c = new Client(t.app);
  const path = new URL(link).pathname;
  await c.get(path);
  const res = await c.post(path, { password: 'drie lange woorden samen', confirm: 'drie lange woorden samen' });
  assert.equal(res.headers.location, '/inloggen/tweestapsverificatie');
  const office = await db.selectFrom('organisations').select(['type', 'name']).executeTakeFirstOrThrow();
  assert.deepEqual(office, { type: 'national_office', name: 'Landelijk bureau Kansrijk' });
});
