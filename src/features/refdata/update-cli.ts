/**
 * The yearly reference-data update (municipal mergers on 1 January, new postcodes):
 *   npm run refdata:update -- --municipalities <CBS list .csv> [--pc6 <pc6hnr…_gwb.csv> | --pc4 <long .csv>] [--dry-run] [--write-shipped]
 * It reads CBS's published files, rebuilds the tables in one transaction and prints what changed.
 * --write-shipped also replaces the copies in reference-data/ so that new installations start from them.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig, ConfigError } from '../../core/config.ts';
import { openDatabase } from '../../core/db/index.ts';
import { migrateToLatest } from '../../core/db/migrate.ts';
import { aggregatePc6HouseNumberLines, parseMunicipalityCsv, parsePostcodeAreaCsv, postcodeAreasToCsv, type Parsed, type PostcodeAreaRow } from './parse.ts';
import { loadReferenceData, readShipped, SHIPPED_DIR, SHIPPED_FILES } from './import.ts';

function fail(message: string): never {
  console.error(`refdata:update: ${message}`);
  process.exit(1);
}

const { values } = parseArgs({
  options: {
    municipalities: { type: 'string' },
    pc6: { type: 'string' },
    pc4: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
    'write-shipped': { type: 'boolean', default: false },
  },
  strict: true,
});

if (!values.municipalities) fail('geef het CBS-bestand met gemeenten op met --municipalities <bestand.csv>');
if (values.pc6 && values.pc4) fail('geef --pc6 of --pc4, niet allebei');
for (const file of [values.municipalities, values.pc6, values.pc4]) if (file && !fs.existsSync(file)) fail(`bestand niet gevonden: ${file}`);

const municipalities = parseMunicipalityCsv(fs.readFileSync(values.municipalities, 'utf8'));
if (municipalities.rows.length === 0) fail(`geen gemeenten gelezen uit ${values.municipalities}: ${municipalities.problems[0]?.message ?? 'leeg bestand'}`);

let areas: Parsed<PostcodeAreaRow>;
if (values.pc6) {
  const lines = readline.createInterface({ input: fs.createReadStream(values.pc6, 'utf8'), crlfDelay: Infinity });
  areas = await aggregatePc6HouseNumberLines(lines);
} else {
  areas = parsePostcodeAreaCsv(values.pc4 ? fs.readFileSync(values.pc4, 'utf8') : readShipped('postcodeAreas'));
}
if (areas.rows.length === 0) fail(`geen postcodegebieden gelezen: ${areas.problems[0]?.message ?? 'leeg bestand'}`);

let config;
try {
  config = loadConfig();
} catch (e) {
  fail(e instanceof ConfigError ? e.message : String(e));
}
const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: path.join(config.dataDir, 'pglite') });
try {
  await migrateToLatest(database.db);
  const commonNames = new Map(
    (await database.db.selectFrom('municipalities').select(['code', 'common_name']).execute()).map((m) => [m.code, m.common_name] as [string, string]),
  );
  for (const [code, name] of Object.entries(JSON.parse(readShipped('commonNames')) as Record<string, string>)) if (!commonNames.has(code)) commonNames.set(code, name);
  const provinces = new Map((await database.db.selectFrom('municipalities').select(['code', 'province']).execute()).map((m) => [m.code, m.province]));
  const summary = await loadReferenceData(
    database.db,
    {
      municipalities: municipalities.rows.map((m) => ({ ...m, province: m.province ?? provinces.get(m.code) ?? null })),
      commonNames,
      postcodeAreas: areas.rows,
      source: [values.municipalities, values.pc6 ?? values.pc4 ?? 'shipped PC4 table'].map((f) => path.basename(f)).join(' + '),
      problems: [...municipalities.problems, ...areas.problems],
    },
    { dryRun: values['dry-run'] },
  );
  const m = summary.municipalities;
  console.log(`${values['dry-run'] ? 'Proef (niets opgeslagen)' : 'Bijgewerkt'} uit ${summary.source}`);
  console.log(`  gemeenten: ${m.total} (nieuw ${m.added.length}${m.added.length ? `: ${m.added.join(', ')}` : ''}; andere naam ${m.renamed.length}${m.renamed.length ? `: ${m.renamed.join(', ')}` : ''}; opgeheven ${m.deactivated.length}${m.deactivated.length ? `: ${m.deactivated.join(', ')}` : ''})`);
  console.log(`  postcodegebieden: ${summary.postcodeAreas.pc4} (regels ${summary.postcodeAreas.rows}, verdeeld over twee gemeenten ${summary.postcodeAreas.split})`);
  if (summary.refused.length > 0) {
    console.log(`  geweigerde regels: ${summary.refused.length}`);
    for (const p of summary.refused.slice(0, 50)) console.log(`    regel ${p.line || '-'}: ${p.message}`);
  }
  if (values['write-shipped'] && !values['dry-run']) {
    const header = 'fid,objectid,jrstatcode,gm_code,gm_naam,water,jaar';
    const year = new Date().getFullYear();
    const csv = municipalities.rows.map((r, i) => `${i + 1},${i + 1},${year}${r.code},${r.code},"${r.name.replace(/"/g, '""')}",NEE,${year}`);
    fs.writeFileSync(new URL(SHIPPED_FILES.municipalities, SHIPPED_DIR), [header, ...csv].join('\n') + '\n');
    fs.writeFileSync(new URL(SHIPPED_FILES.postcodeAreas, SHIPPED_DIR), postcodeAreasToCsv(areas.rows));
    console.log(`  reference-data/ bijgewerkt (${SHIPPED_FILES.municipalities}, ${SHIPPED_FILES.postcodeAreas}); pas de bronvermelding in reference-data/README.md aan.`);
  }
} finally {
  await database.close();
}
