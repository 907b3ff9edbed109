import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { ReferenceCache } from './cache.ts';
import { catalogueForMunicipality } from './data.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

test('the cached catalogue equals the database query for every demo municipality', async () => {
  const snapshot = await t.app.referenceCache.current();
  for (const code of ['GM0307', 'GM0344', 'GM0363', 'GM0014', 'GM0327']) {
    const fromDb = await catalogueForMunicipality(t.database.db, code);
    const fromCache = snapshot.catalogueFor(code);
    const key = (e: { id: string; version: number; municipalities: ReadonlySet<string> }) => `${e.id}@${e.version}:${e.municipalities.has(code)}`;
    assert.deepEqual(fromCache.map(key).sort(), fromDb.map(key).sort(), code);
  }
  assert.deepEqual(snapshot.lookupPostcode(' 3511 ab '), { kind: 'single', pc4: '3511', municipality: { code: 'GM0344', name: 'Utrecht', commonName: 'Utrecht' } });
  assert.equal(snapshot.lookupPostcode('1261').kind, 'split');
  assert.equal(snapshot.activeMunicipalities().length, 342);
});

test('a change made by another process shows within the check interval', async () => {
  const other = new ReferenceCache(t.database.db, 50);
  const before = await other.current();
  const { db } = t.database;
  // Another process publishes: a new version of the birthday box with a different title.
  const box = await sql<{ id: string; rules: { title: { nl: string } } }>`select p.id, v.rules from provisions p join provision_versions v on v.provision_id = p.id and v.version = p.version where v.rules->'title'->>'nl' = 'Verjaardagsbox'`.execute(db);
  const row = box.rows[0]!;
  const rules = { ...row.rules, title: { ...row.rules.title, nl: 'Verjaardagsbox (nieuw)' } };
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('provision_versions').values({ provision_id: row.id, version: 2, rules: JSON.stringify(rules), municipality_codes: [] }).execute();
    await trx.updateTable('provisions').set({ version: 2 }).where('id', '=', row.id).execute();
  });
  await new Promise((r) => setTimeout(r, 60));
  const after = await other.current();
  assert.ok(after.revision > before.revision, 'the trigger bumped the revision');
  const titles = after.catalogueFor('GM0307').map((e) => e.rules.title.nl);
  assert.ok(titles.includes('Verjaardagsbox (nieuw)'));
  t.app.referenceCache.invalidate();
  const page = await t.app.inject({ url: '/wizard/resultaat?postcode=3811AB&rol=ouder&kind=8&thema=birthday' });
  assert.match(page.body, /Verjaardagsbox \(nieuw\)/);
});
