import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createTestDatabase } from '../../../test/support/db.ts';
import { importShippedReferenceData, lookupPostcode } from './import.ts';
import { main } from './update-cli.ts';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kansrijk-refdata-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs the command in-process against a PGlite database in a temporary data folder. */
async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l), env: { NODE_ENV: 'test', KANSRIJK_DATA_DIR: path.join(tmp, 'data') } });
  return { code, out, err };
}

test('bad invocations and bad input end with exit code 1 and a one-line reason first', async () => {
  const cases: Array<[string[], RegExp]> = [
    [[], /--municipalities ontbreekt/],
    [['--municipalities', path.join(tmp, 'nope.csv')], /bestand niet gevonden: .*nope\.csv/],
    [['--municipalities', fixture('gemeenten-alfabetisch-2022.csv'), '--pc6', 'a', '--pc4', 'b'], /niet allebei/],
    [['--municipalities', fixture('gemeenten-alfabetisch-2022.csv'), '--bogus'], /Unknown option '--bogus'/],
    [['--municipalities', fixture('gemeenten-alfabetisch-2022.csv'), '--pc4', fixture('pc4-bad-rows.csv'), '--write-shipped'], /alleen uit het CBS-bestand/],
  ];
  for (const [args, message] of cases) {
    const result = await cli(...args);
    assert.equal(result.code, 1, args.join(' '));
    assert.match(result.err[0]!, message);
    assert.match(result.err[0]!, /^refdata:update: /);
  }
  const bad = await cli('--municipalities', fixture('gemeenten-bad-rows.csv'));
  assert.equal(bad.code, 1);
  assert.match(bad.err[0]!, /5 foute regels, niets bijgewerkt/);
  assert.deepEqual(bad.err.slice(1).map((l) => /regel (\d+)/.exec(l)?.[1]), ['3', '4', '5', '6', '7']);
  const badPc6 = await cli('--municipalities', fixture('gemeenten-alfabetisch-2022.csv'), '--pc6', fixture('pc6hnr-bad-rows.csv'));
  assert.equal(badPc6.code, 1);
  assert.match(badPc6.err[0]!, /pc6hnr-bad-rows\.csv: 4 foute regels/);
});

test('the yearly update: dry run first, then the merger stored, with every change and refused row reported', async () => {
  const first = await cli('--municipalities', fixture('gemeenten-alfabetisch-2021.csv'));
  assert.equal(first.code, 0, first.err.join('\n'));
  assert.match(first.out.join('\n'), /Gemeenten: 10 in de lijst; 10 nieuw/);

  const args = ['--municipalities', fixture('gemeenten-alfabetisch-2022.csv'), '--pc6', fixture('pc6hnr20220801_gwb.csv')];
  const dry = await cli(...args, '--dry-run');
  assert.equal(dry.code, 0, dry.err.join('\n'));
  assert.match(dry.out.join('\n'), /Proefrun, niets opgeslagen/);

  const real = await cli(...args);
  assert.equal(real.code, 0, real.err.join('\n'));
  const report = real.out.join('\n');
  assert.match(report, /17 adressen gelezen/);
  assert.match(report, /Gemeenten: 9 in de lijst; 1 nieuw, 1 gewijzigd \(1 andere naam\), 2 opgeheven/, 'the dry run stored nothing');
  assert.match(report, /nieuw +GM1980 Dijk en Waard/);
  assert.match(report, /andere naam +GM0417 Laren → Laren \(NH\.\)/);
  assert.match(report, /opgeheven +GM0398 Heerhugowaard/);
  assert.match(report, /Postcodegebieden: 9 regels, 7 PC4-gebieden, 2 verdeeld/);
  assert.match(report, /regel 17: PC4 1721 GM0416 \(1 adressen\)/);
});

test('--write-shipped rebuilds reference-data from CBS files, replaces superseded files, and the app can load it', async () => {
  const out = path.join(tmp, 'shipped');
  fs.mkdirSync(out);
  for (const old of ['cbs-gemeenten-2021.csv', 'cbs-gemeenten-provincies-2021.csv', 'pc4-gemeente-2020.csv']) fs.writeFileSync(path.join(out, old), 'stale\n');
  const args = ['--municipalities', fixture('gemeenten-alfabetisch-2022.csv'), '--pc6', fixture('pc6hnr20220801_gwb.csv'), '--write-shipped', '--out', out];

  const dry = await cli(...args, '--dry-run');
  assert.equal(dry.code, 0, dry.err.join('\n'));
  assert.match(dry.out.join('\n'), /zou verwijderen: pc4-gemeente-2020\.csv/);
  assert.equal(fs.readdirSync(out).length, 3, 'a dry run writes nothing');

  const result = await cli(...args);
  assert.equal(result.code, 0, result.err.join('\n'));
  assert.deepEqual(fs.readdirSync(out).sort(), ['cbs-gemeenten-2022.csv', 'pc4-gemeente-2022.csv']);
  assert.match(result.out.join('\n'), /1 PC4-regels verwijzen naar gemeenten die niet meer in de lijst staan/);

  const database = await createTestDatabase();
  try {
    const summary = await importShippedReferenceData(database.db, pathToFileURL(out + path.sep));
    assert.equal(summary.municipalities.added.length, 9);
    assert.equal(summary.postcodeAreas.refused.length, 1);
    const laren = await lookupPostcode(database.db, '1261');
    assert.deepEqual(laren.kind === 'split' && laren.options.map((o) => [o.code, o.name, o.share]), [
      ['GM0376', 'Blaricum', 0.75],
      ['GM0417', 'Laren (NH.)', 0.25],
    ]);
  } finally {
    await database.close();
  }
});
