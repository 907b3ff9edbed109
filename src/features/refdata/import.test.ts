import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createTestDatabase } from '../../../test/support/db.ts';
import type { Database } from '../../core/db/index.ts';
import { decodeText, parseCsv } from './csv.ts';
import {
  ReferenceDataError,
  SHIPPED_DIR,
  aggregatePc6HouseNumberCsv,
  findShippedFiles,
  importShippedReferenceData,
  loadReferenceData,
  lookupPostcode,
  normalisePostcode,
  parseMunicipalityCsv,
  parsePostcodeAreaCsv,
  type PostcodeAreaRow,
} from './import.ts';
import { postcodeAreasToCsv } from './write.ts';

const fixtureUrl = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
const fixture = (name: string) => decodeText(fs.readFileSync(fixtureUrl(name)));
const brief = (rows: PostcodeAreaRow[]) => rows.map((r) => [r.pc4, r.municipalityCode, r.addressCount, r.share, r.rank]);

let database: Database;
before(async () => {
  database = await createTestDatabase();
});
after(() => database.close());

test('postcodes: every common spelling accepted, anything PostNL cannot issue refused', () => {
  for (const input of ['3511AB', '3511 ab', ' 3511 AB ', '3511  ab', '3511-AB', '3511\u00a0AB', '\t3511ab\n']) {
    assert.deepEqual(normalisePostcode(input), { pc4: '3511', pc6: '3511AB' }, JSON.stringify(input));
  }
  assert.deepEqual(normalisePostcode('1234'), { pc4: '1234' });
  assert.deepEqual(normalisePostcode(' 9999 '), { pc4: '9999' });
  for (const bad of ['', '   ', '0123AB', '0123', '123', '12345', '1234A', '1234ABC', '1234 SA', '1234sd', '1234 SS', '12 34AB', 'AB1234', '1234 A1', 'hallo']) {
    assert.equal(normalisePostcode(bad), null, JSON.stringify(bad));
  }
  assert.equal(normalisePostcode(undefined), null);
  assert.equal(normalisePostcode(1234), null, 'a number is not a form value');
});

test('CSV: BOM, CRLF, quoted separators, doubled quotes, trailing empty Excel rows', () => {
  const { header, records } = parseCsv('\uFEFFA;B\r\n"x;y";"he said ""hi"""\r\n;\r\n"multi\nline";2\r\n');
  assert.deepEqual(header, ['a', 'b']);
  assert.deepEqual(records, [
    { line: 2, fields: ['x;y', 'he said "hi"'] },
    { line: 4, fields: ['multi\nline', '2'] },
  ]);
});

test('the CBS "Gemeenten alfabetisch" list: BOM, CRLF, dropped leading zeros, quoted name, Fryslân', () => {
  const parsed = parseMunicipalityCsv(fixture('gemeenten-alfabetisch-2021.csv'));
  assert.deepEqual(parsed.problems, []);
  assert.equal(parsed.format, 'cbs-gemeenten-alfabetisch');
  assert.equal(parsed.rows.length, 10);
  assert.deepEqual(parsed.rows[0], { code: 'GM0361', name: 'Alkmaar', province: 'Noord-Holland' });
  assert.equal(parsed.rows.find((r) => r.code === 'GM0820')?.name, 'Nuenen, Gerwen en Nederwetten');
  assert.equal(parsed.rows.find((r) => r.code === 'GM0518')?.name, "'s-Gravenhage");
  assert.deepEqual(parsed.rows.find((r) => r.code === 'GM1900'), { code: 'GM1900', name: 'Súdwest-Fryslân', province: 'Friesland' }, 'one spelling of the province, as in the shipped list');
});

test('an older list saved in Windows-1252 reads the same', () => {
  const parsed = parseMunicipalityCsv(fixture('gemeenten-alfabetisch-2019-cp1252.csv'));
  assert.deepEqual(parsed.rows[0], { code: 'GM1900', name: 'Súdwest-Fryslân', province: 'Friesland' });
});

test('the CBS gebiedsindeling export: water polygons skipped, year read, no province', () => {
  const parsed = parseMunicipalityCsv(fixture('gemeenten-gebiedsindeling-2025.csv'));
  assert.deepEqual(parsed.problems, []);
  assert.equal(parsed.format, 'cbs-gebiedsindeling');
  assert.equal(parsed.year, 2025);
  assert.deepEqual(parsed.rows.map((r) => [r.code, r.name, r.province]), [
    ['GM0344', 'Utrecht', null],
    ['GM0820', 'Nuenen, Gerwen en Nederwetten', null],
    ['GM0518', "'s-Gravenhage", null],
  ]);
});

test('bad municipality rows are reported with their line numbers, good ones kept', () => {
  const parsed = parseMunicipalityCsv(fixture('gemeenten-bad-rows.csv'));
  assert.deepEqual(parsed.rows.map((r) => r.code), ['GM0363', 'GM0307']);
  assert.deepEqual(parsed.problems.map((p) => p.line), [3, 4, 5, 6, 7]);
  assert.match(parsed.problems[0]!.message, /GM36A/);
  assert.match(parsed.problems[1]!.message, /spreken elkaar tegen/);
  assert.match(parsed.problems[2]!.message, /geen naam/);
  assert.match(parsed.problems[3]!.message, /al op regel 2/);
  const unknown = parseMunicipalityCsv('foo;bar\n1;2\n');
  assert.deepEqual([unknown.rows.length, unknown.problems[0]?.line, unknown.format], [0, 1, null]);
});

test('the long PC4 table: bad rows reported, share and rank recomputed from address counts', () => {
  const parsed = parsePostcodeAreaCsv(fixture('pc4-bad-rows.csv'));
  assert.deepEqual(parsed.problems.map((p) => p.line), [3, 4, 5, 6]);
  assert.deepEqual(brief(parsed.rows), [
    ['1261', 'GM0376', 3, 0.75, 1],
    ['1261', 'GM0417', 1, 0.25, 2],
    ['3511', 'GM0344', 2, 1, 1],
  ]);
  assert.equal(parsed.rows[0]!.line, 8, 'rows keep their line for reporting');
});

test('the CBS postcode-house-number file aggregates per (PC4, municipality), majority first, ties to the lower code', async () => {
  const result = await aggregatePc6HouseNumberCsv(fixture('pc6hnr20220801_gwb.csv'));
  assert.deepEqual(result.problems, []);
  assert.equal(result.year, 2022);
  assert.equal(result.addressCount, 17);
  assert.deepEqual(brief(result.rows), [
    ['1011', 'GM0363', 1, 1, 1],
    ['1261', 'GM0376', 3, 0.75, 1],
    ['1261', 'GM0417', 1, 0.25, 2],
    ['1262', 'GM0376', 2, 0.5, 1],
    ['1262', 'GM0417', 2, 0.5, 2],
    ['1703', 'GM1980', 3, 1, 1],
    ['1721', 'GM0416', 1, 1, 1],
    ['2511', 'GM0518', 1, 1, 1],
    ['3511', 'GM0344', 2, 1, 1],
    ['8701', 'GM1900', 1, 1, 1],
  ]);
  assert.equal(result.rows.find((r) => r.pc4 === '1721')?.line, 17, 'the first line of each pair is kept for reporting');
});

test('the aggregation takes a string, a byte stream or lines, with the same result', async () => {
  const fromString = await aggregatePc6HouseNumberCsv(fixture('pc6hnr20220801_gwb.csv'));
  const fromStream = await aggregatePc6HouseNumberCsv(fs.createReadStream(fixtureUrl('pc6hnr20220801_gwb.csv'), { highWaterMark: 16 }));
  const fromLines = await aggregatePc6HouseNumberCsv(fixture('pc6hnr20220801_gwb.csv').split('\n'));
  assert.deepEqual(fromStream, fromString);
  assert.deepEqual(fromLines, fromString);
});

test('the 2024 edition: comma-separated, quoted, BOM and CRLF', async () => {
  const result = await aggregatePc6HouseNumberCsv(fs.createReadStream(fixtureUrl('pc6hnr20240801_gwb.csv')));
  assert.deepEqual(result.problems, []);
  assert.equal(result.year, 2024);
  assert.deepEqual(brief(result.rows), [
    ['1261', 'GM0376', 2, 0.6667, 1],
    ['1261', 'GM0417', 1, 0.3333, 2],
    ['3511', 'GM0344', 1, 1, 1],
  ]);
});

test('bad postcode-house-number lines are reported by line, and only the first ones kept', async () => {
  const result = await aggregatePc6HouseNumberCsv(fixture('pc6hnr-bad-rows.csv'));
  assert.deepEqual(result.problems.map((p) => p.line), [3, 4, 5, 6]);
  assert.equal(result.addressCount, 2, '"3511 ab" is a postcode written loosely, not a bad line');
  const capped = await aggregatePc6HouseNumberCsv(fixture('pc6hnr-bad-rows.csv'), { maxProblems: 2 });
  assert.deepEqual([capped.problems.length, capped.problemCount], [2, 4]);
  const wrong = await aggregatePc6HouseNumberCsv('pc4,gemeentecode\n1234,GM0344\n');
  assert.equal(wrong.rows.length, 0);
  assert.match(wrong.problems[0]!.message, /kopregel/);
});

test('a merger: two municipalities deactivated (kept for their organisations), one added, PC4 table replaced', async () => {
  const { db } = database;
  const y2021 = parseMunicipalityCsv(fixture('gemeenten-alfabetisch-2021.csv'));
  const y2022 = parseMunicipalityCsv(fixture('gemeenten-alfabetisch-2022.csv'));
  const pc6 = await aggregatePc6HouseNumberCsv(fixture('pc6hnr20220801_gwb.csv'));

  const first = await loadReferenceData(db, { municipalities: y2021.rows, commonNames: new Map([['GM0518', 'Den Haag']]), source: '2021' });
  assert.equal(first.municipalities.added.length, 10);
  assert.equal(first.postcodeAreas.replaced, false);
  await db.updateTable('municipalities').set({ common_name: 'Laren NH' }).where('code', '=', 'GM0417').execute();
  const org = await db.insertInto('organisations').values({ type: 'leergeld', name: 'Leergeld Heerhugowaard' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('organisation_municipalities').values({ organisation_id: org.id, municipality_code: 'GM0398' }).execute();

  const input = { municipalities: y2022.rows, commonNames: new Map([['GM1980', 'Dijk en Waard']]), postcodeAreas: pc6.rows, source: '2022' };
  const dry = await loadReferenceData(db, input, { dryRun: true });
  assert.equal(dry.dryRun, true);
  assert.deepEqual(dry.municipalities.added, [{ code: 'GM1980', name: 'Dijk en Waard' }]);
  await assert.rejects(loadReferenceData(db, input, { maxDeactivations: 1 }), ReferenceDataError, 'a list that removes more than expected is refused');
  const untouched = await db.selectFrom('municipalities').select(['code', 'active']).where('code', 'in', ['GM1980', 'GM0398']).execute();
  assert.deepEqual(untouched, [{ code: 'GM0398', active: true }], 'neither the dry run nor the refused load stored anything');

  const summary = await loadReferenceData(db, input);
  const m = summary.municipalities;
  assert.deepEqual(m.added, [{ code: 'GM1980', name: 'Dijk en Waard' }]);
  assert.deepEqual(m.deactivated.map((d) => d.code).sort(), ['GM0398', 'GM0416']);
  assert.deepEqual(m.renamed, [{ code: 'GM0417', from: 'Laren', to: 'Laren (NH.)' }]);
  assert.deepEqual([m.updated, m.provinceChanged.length, m.reactivated.length], [1, 0, 0]);
  assert.deepEqual(summary.postcodeAreas.refused, [{ line: 17, pc4: '1721', municipalityCode: 'GM0416', addressCount: 1 }]);
  assert.deepEqual([summary.postcodeAreas.rows, summary.postcodeAreas.pc4, summary.postcodeAreas.split], [9, 7, 2]);

  const heerhugowaard = await db.selectFrom('municipalities').selectAll().where('code', '=', 'GM0398').executeTakeFirstOrThrow();
  assert.equal(heerhugowaard.active, false);
  const link = await db.selectFrom('organisation_municipalities').select('municipality_code').where('organisation_id', '=', org.id).execute();
  assert.deepEqual(link, [{ municipality_code: 'GM0398' }], 'the organisation still points at the old municipality until staff reassign it');
  const laren = await db.selectFrom('municipalities').select(['name', 'common_name']).where('code', '=', 'GM0417').executeTakeFirstOrThrow();
  assert.deepEqual(laren, { name: 'Laren (NH.)', common_name: 'Laren NH' }, 'a common name edited by staff survives a new official name');

  const stored = await db.selectFrom('reference_imports').select(['kind', 'source', 'row_count', 'summary']).orderBy('id', 'desc').executeTakeFirstOrThrow();
  assert.equal(stored.kind, 'municipalities+postcode_areas');
  assert.equal(stored.row_count, 9 + 9);
  assert.deepEqual(
    Object.fromEntries(Object.entries(stored.summary as Record<string, unknown>).filter(([k]) => ['added', 'updated', 'deactivated', 'pc4Rows', 'pc4Refused'].includes(k))),
    { added: 1, updated: 1, deactivated: 2, pc4Rows: 9, pc4Refused: 1 },
  );
});

test('lookups after the merger: single, split by rank, a tie to the lower code, unknown, malformed', async () => {
  const { db } = database;
  assert.deepEqual(await lookupPostcode(db, '1703 aa'), { kind: 'single', pc4: '1703', municipality: { code: 'GM1980', name: 'Dijk en Waard', commonName: 'Dijk en Waard' } });
  assert.deepEqual(await lookupPostcode(db, '2511AA'), { kind: 'single', pc4: '2511', municipality: { code: 'GM0518', name: "'s-Gravenhage", commonName: 'Den Haag' } });
  assert.deepEqual(await lookupPostcode(db, '1261'), {
    kind: 'split',
    pc4: '1261',
    options: [
      { code: 'GM0376', name: 'Blaricum', commonName: 'Blaricum', share: 0.75 },
      { code: 'GM0417', name: 'Laren (NH.)', commonName: 'Laren NH', share: 0.25 },
    ],
  });
  const tie = await lookupPostcode(db, '1262 AB');
  assert.deepEqual(tie.kind === 'split' && tie.options.map((o) => o.code), ['GM0376', 'GM0417']);
  assert.deepEqual(await lookupPostcode(db, '1721'), { kind: 'unknown', pc4: '1721' }, 'its only municipality was refused');
  assert.deepEqual(await lookupPostcode(db, '9999 ZZ'), { kind: 'unknown', pc4: '9999' });
  assert.deepEqual(await lookupPostcode(db, '0123 AB'), { kind: 'malformed' });
  assert.deepEqual(await lookupPostcode(db, '1234 SS'), { kind: 'malformed' });
});

test('an update without a PC4 table keeps it, reactivates listed codes and never routes to a deactivated one', async () => {
  const { db } = database;
  const y2021 = parseMunicipalityCsv(fixture('gemeenten-alfabetisch-2021.csv'));
  const summary = await loadReferenceData(db, { municipalities: y2021.rows, source: 'back to 2021' });
  assert.deepEqual(summary.municipalities.reactivated.sort(), ['GM0398', 'GM0416']);
  assert.deepEqual(summary.municipalities.deactivated.map((d) => d.code), ['GM1980']);
  assert.deepEqual([summary.postcodeAreas.replaced, summary.postcodeAreas.rows, summary.postcodeAreas.stale], [false, 9, 1]);
  const laren = await db.selectFrom('municipalities').select(['name', 'common_name']).where('code', '=', 'GM0417').executeTakeFirstOrThrow();
  assert.deepEqual(laren, { name: 'Laren', common_name: 'Laren NH' });
  assert.deepEqual(await lookupPostcode(db, '1703AA'), { kind: 'unknown', pc4: '1703' });

  // An official name that was never customised is followed by the common name.
  const renamed = y2021.rows.map((r) => (r.code === 'GM0361' ? { ...r, name: 'Alkmaar (NH.)' } : r));
  await loadReferenceData(db, { municipalities: renamed, source: 'rename' });
  const alkmaar = await db.selectFrom('municipalities').select(['name', 'common_name']).where('code', '=', 'GM0361').executeTakeFirstOrThrow();
  assert.deepEqual(alkmaar, { name: 'Alkmaar (NH.)', common_name: 'Alkmaar (NH.)' });
});

test('input that cannot be loaded as a whole is refused before anything is stored', async () => {
  const { db } = database;
  await assert.rejects(loadReferenceData(db, { municipalities: [], source: 'empty' }), /leeg/);
  await assert.rejects(loadReferenceData(db, { municipalities: [{ code: 'GM0001', name: 'Nergens', province: null }], source: 'no province' }), /provincie/);
  const twice = [{ code: 'GM0344', name: 'Utrecht', province: 'Utrecht' }, { code: 'GM0344', name: 'Utrecht', province: 'Utrecht' }];
  await assert.rejects(loadReferenceData(db, { municipalities: twice, source: 'twice' }), /twee keer/);
  assert.equal((await db.selectFrom('municipalities').select('code').where('code', '=', 'GM0001').execute()).length, 0);
});

test('the shipped data: 342 municipalities, 4,072 PC4 areas, 20 split, joined on CBS code', async () => {
  const fresh = await createTestDatabase();
  try {
    const { db } = fresh;
    const summary = await importShippedReferenceData(db);
    assert.equal(summary.municipalities.added.length, 342);
    assert.deepEqual(summary.postcodeAreas.refused, []);
    assert.deepEqual([summary.postcodeAreas.rows, summary.postcodeAreas.pc4, summary.postcodeAreas.split], [4092, 4072, 20]);

    const counts = await db
      .selectFrom('postcode_areas')
      .select((eb) => [eb.fn.countAll<number>().as('rows'), eb.fn.count<number>('pc4').distinct().as('pc4')])
      .where('rank', '=', 1)
      .executeTakeFirstOrThrow();
    assert.deepEqual(counts, { rows: 4072, pc4: 4072 }, 'exactly one rank 1 per PC4');
    const active = await db.selectFrom('municipalities').select((eb) => eb.fn.countAll<number>().as('n')).where('active', '=', true).executeTakeFirstOrThrow();
    assert.equal(active.n, 342);
    const provinces = await db.selectFrom('municipalities').select('province').distinct().execute();
    assert.equal(provinces.length, 12);

    assert.deepEqual(await lookupPostcode(db, ' 3511 ab '), { kind: 'single', pc4: '3511', municipality: { code: 'GM0344', name: 'Utrecht', commonName: 'Utrecht' } });
    const haag = await lookupPostcode(db, '2511 AA');
    assert.deepEqual(haag.kind === 'single' && [haag.municipality.code, haag.municipality.name, haag.municipality.commonName], ['GM0518', "'s-Gravenhage", 'Den Haag']);
    const bosch = await lookupPostcode(db, '5211');
    assert.equal(bosch.kind === 'single' && bosch.municipality.commonName, "'s-Hertogenbosch");
    const blaricum = await lookupPostcode(db, '1261');
    assert.equal(blaricum.kind, 'split');
    assert.deepEqual(blaricum.kind === 'split' && blaricum.options.map((o) => [o.code, o.commonName, o.share]), [
      ['GM0376', 'Blaricum', 0.9998],
      ['GM0417', 'Laren', 0.0002],
    ]);
    assert.deepEqual(await lookupPostcode(db, '1116'), { kind: 'unknown', pc4: '1116' }, 'created after the CBS reference date');
    assert.deepEqual(await lookupPostcode(db, '1000 AA'), { kind: 'unknown', pc4: '1000' }, 'PO boxes only');

    const again = await importShippedReferenceData(db);
    assert.deepEqual([again.municipalities.added.length, again.municipalities.updated, again.municipalities.deactivated.length], [0, 0, 0], 'a second import changes nothing');
  } finally {
    await fresh.close();
  }
});

test('the shipped PC4 table is reproduced exactly by recomputing share and rank from its address counts', () => {
  const name = findShippedFiles().postcodeAreas!;
  const text = fs.readFileSync(new URL(name, SHIPPED_DIR), 'utf8');
  const parsed = parsePostcodeAreaCsv(text);
  assert.deepEqual(parsed.problems, []);
  assert.equal(postcodeAreasToCsv(parsed.rows), text);
});
