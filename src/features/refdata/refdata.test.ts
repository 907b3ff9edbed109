import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createTestDatabase } from '../../../test/support/db.ts';
import type { Database } from '../../core/db/index.ts';
import { aggregatePc6HouseNumberLines, parseCsv, parseMunicipalityCsv } from './parse.ts';
import { importShippedReferenceData, loadReferenceData, lookupPostcode, normalisePostcode } from './import.ts';

const fixture = (name: string) => fs.readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

let database: Database;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.close());

test('postcodes are accepted in every common spelling and malformed ones refused', () => {
  for (const input of ['3511AB', '3511 ab', ' 3511 AB ', '3511-ab', '3511\u00a0AB']) assert.deepEqual(normalisePostcode(input), { pc4: '3511', pc6: '3511AB' }, input);
  assert.deepEqual(normalisePostcode('3511'), { pc4: '3511', pc6: null });
  for (const bad of ['', '0123AB', '351', '35111AB', '3511 SS', '3511A', 'abcd', '3511ABC']) assert.equal(normalisePostcode(bad), null, bad);
});

test('CSV parsing handles a BOM, CRLF, quoted separators and semicolons', () => {
  const { header, records } = parseCsv('\uFEFFa;b\r\n"x;y";"he said ""hi"""\r\n');
  assert.deepEqual(header, ['a', 'b']);
  assert.deepEqual(records[0]!.fields, ['x;y', 'he said "hi"']);
});

test('the CBS yearly municipality list is read, bad rows reported with their line number', () => {
  const parsed = parseMunicipalityCsv(fixture('gemeenten-alfabetisch-2027.csv'));
  assert.deepEqual(parsed.rows.map((r) => r.code), ['GM0307', 'GM0344', 'GM1999', 'GM0363', 'GM0080']);
  assert.equal(parsed.rows[2]!.name, 'Eemvallei, nieuw');
  assert.equal(parsed.rows[4]!.province, 'Friesland', 'Fryslân is stored as Friesland, like the shipped list');
  assert.deepEqual(parsed.problems, [{ line: 6, message: 'ongeldige gemeentecode "GMXX12"' }]);
  assert.equal(parseMunicipalityCsv('foo;bar\n1;2').problems[0]!.line, 1);
});

test('the CBS postcode-house-number file aggregates to PC4 areas, ranked by addresses', async () => {
  const { rows, problems } = await aggregatePc6HouseNumberLines(fixture('pc6hnr20260801_gwb.csv').split('\n'));
  const split = rows.filter((r) => r.pc4 === '3812');
  assert.deepEqual(split.map((r) => [r.municipalityCode, r.addressCount, r.rank, r.share]), [['GM1999', 3, 1, 0.75], ['GM0307', 1, 2, 0.25]]);
  assert.equal(rows.find((r) => r.pc4 === '8911')!.municipalityCode, 'GM0080', 'short codes are padded');
  assert.deepEqual(problems.map((p) => p.line), [11]);
});

test('a yearly update adds new municipalities, deactivates merged ones and replaces postcode areas in one go', async () => {
  const { db } = database;
  const base = [
    { code: 'GM0307', name: 'Amersfoort', province: 'Utrecht' },
    { code: 'GM0327', name: 'Leusden', province: 'Utrecht' },
    { code: 'GM0342', name: 'Soest', province: 'Utrecht' },
    { code: 'GM0344', name: 'Utrecht', province: 'Utrecht' },
    { code: 'GM0363', name: 'Amsterdam', province: 'Noord-Holland' },
    { code: 'GM0080', name: 'Leeuwarden', province: 'Friesland' },
  ];
  await loadReferenceData(db, { municipalities: base, commonNames: new Map(), postcodeAreas: [{ pc4: '3832', municipalityCode: 'GM0327', addressCount: 10, share: 1, rank: 1 }], source: 'test 2026' });
  await db.insertInto('organisations').values({ type: 'leergeld', name: 'Leergeld Leusden' }).execute();
  const org = await db.selectFrom('organisations').select('id').executeTakeFirstOrThrow();
  await db.insertInto('organisation_municipalities').values({ organisation_id: org.id, municipality_code: 'GM0327' }).execute();

  const parsed = parseMunicipalityCsv(fixture('gemeenten-alfabetisch-2027.csv'));
  const areas = await aggregatePc6HouseNumberLines(fixture('pc6hnr20260801_gwb.csv').split('\n'));
  const dry = await loadReferenceData(db, { municipalities: parsed.rows, commonNames: new Map(), postcodeAreas: areas.rows, source: 'dry' }, { dryRun: true });
  assert.deepEqual(dry.municipalities.added, ['GM1999']);
  assert.equal((await db.selectFrom('municipalities').select('code').where('code', '=', 'GM1999').execute()).length, 0, 'a dry run stores nothing');

  const summary = await loadReferenceData(db, { municipalities: parsed.rows, commonNames: new Map(), postcodeAreas: areas.rows, source: 'test 2027', problems: parsed.problems });
  assert.deepEqual(summary.municipalities.added, ['GM1999']);
  assert.deepEqual(summary.municipalities.deactivated.sort(), ['GM0327', 'GM0342']);
  assert.equal(summary.refused.length, 1);
  const leusden = await db.selectFrom('municipalities').select(['active']).where('code', '=', 'GM0327').executeTakeFirstOrThrow();
  assert.equal(leusden.active, false, 'kept, because an organisation still refers to it');
  const split = await lookupPostcode(db, '3812 CD');
  assert.equal(split.kind, 'split');
  assert.equal((await lookupPostcode(db, '3832')).kind, 'unknown', 'old postcode areas are replaced');
  const imports = await db.selectFrom('reference_imports').select(['source']).orderBy('id').execute();
  assert.deepEqual(imports.map((i) => i.source), ['test 2026', 'test 2027']);
});

test('the shipped data: 342 municipalities, 4,072 postcode areas, 20 split, resolved on CBS code', async () => {
  const fresh = await createTestDatabase();
  try {
    const started = performance.now();
    const summary = await importShippedReferenceData(fresh.db);
    const ms = Math.round(performance.now() - started);
    console.log(`shipped reference data imported in ${ms} ms (${fresh.kind})`);
    assert.equal(summary.municipalities.total, 342);
    assert.equal(summary.postcodeAreas.pc4, 4072);
    assert.equal(summary.postcodeAreas.split, 20);
    assert.deepEqual(summary.refused, []);
    const utrecht = await lookupPostcode(fresh.db, ' 3511 ab ');
    assert.deepEqual(utrecht, { kind: 'single', pc4: '3511', municipality: { code: 'GM0344', name: 'Utrecht', commonName: 'Utrecht' } });
    const haag = await lookupPostcode(fresh.db, '2511AA');
    assert.equal(haag.kind === 'single' && haag.municipality.commonName, 'Den Haag');
    const blaricum = await lookupPostcode(fresh.db, '1261');
    assert.equal(blaricum.kind, 'split');
    assert.deepEqual(blaricum.kind === 'split' && blaricum.options.map((o) => o.code), ['GM0376', 'GM0417']);
    assert.deepEqual(await lookupPostcode(fresh.db, '1116 AA'), { kind: 'unknown', pc4: '1116' });
    assert.deepEqual(await lookupPostcode(fresh.db, 'hallo'), { kind: 'malformed' });
  } finally {
    await fresh.close();
  }
});
