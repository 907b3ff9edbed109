/**
 * The yearly reference-data update. Municipal mergers take effect on 1 January; CBS then publishes
 * the new municipality list, and each year the postcode-house-number file.
 *
 *   npm run refdata:update -- --municipalities <list.csv> [--pc6 <pc6hnr…_gwb.csv> | --pc4 <long.csv>] [--dry-run]
 *   npm run refdata:update -- --municipalities <list.csv> [--pc6 <pc6hnr…_gwb.csv>] --write-shipped [--out <dir>]
 *
 * The first form updates the database the app uses (same configuration as the app). The second
 * rewrites the copy in reference-data/ from CBS's own files, so that the shipped PC4 table can be
 * CBS-only (CC BY 4.0) instead of the CC BY-NC-SA copy; it does not touch a database.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../../core/config.ts';
import { openDatabase } from '../../core/db/index.ts';
import { migrateToLatest } from '../../core/db/migrate.ts';
import { decodeText } from './csv.ts';
import { ReferenceDataError, SHIPPED_DIR, findShippedFiles, loadReferenceData, readShippedReferenceData } from './import.ts';
import { parseCommonNamesJson, parseMunicipalityCsv, parsePostcodeAreaCsv, type MunicipalityRow, type PostcodeAreaRow, type RowProblem } from './parse.ts';
import { aggregatePc6HouseNumberCsv } from './pc6.ts';
import { formatSummary } from './report.ts';
import { writeShipped } from './write-shipped.ts';

const USAGE = 'gebruik: npm run refdata:update -- --municipalities <gemeenten.csv> [--pc6 <pc6hnr.csv> | --pc4 <pc4.csv>] [--common-names <json>] [--dry-run] [--force] [--write-shipped [--out <map>]]';
// More than a year of mergers has ever removed (2019: 25 fewer municipalities); more means a partial list.
const MAX_DEACTIVATIONS = 40;

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
}

const processIo: CliIo = { out: (l) => console.log(l), err: (l) => console.error(l), env: process.env };

/** Bad input: the message is the one line the operator sees; details follow it. */
class CliError extends Error {
  constructor(message: string, readonly details: string[] = []) {
    super(message);
  }
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  try {
    await run(argv, io);
    return 0;
  } catch (e) {
    if (e instanceof CliError || e instanceof ReferenceDataError || e instanceof ConfigError) {
      io.err(`refdata:update: ${e.message}`);
      for (const line of e instanceof CliError ? e.details : []) io.err(`  ${line}`);
      return 1;
    }
    throw e;
  }
}

async function run(argv: string[], io: CliIo): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        municipalities: { type: 'string' },
        pc6: { type: 'string' },
        pc4: { type: 'string' },
        'common-names': { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        force: { type: 'boolean', default: false },
        'write-shipped': { type: 'boolean', default: false },
        out: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new CliError(`${e instanceof Error ? e.message : String(e)}; ${USAGE}`);
  }
  if (values.help) {
    io.out(USAGE);
    return;
  }
  if (!values.municipalities) throw new CliError(`--municipalities ontbreekt; ${USAGE}`);
  if (values.pc6 && values.pc4) throw new CliError('geef --pc6 of --pc4, niet allebei');
  if (values['write-shipped'] && values.pc4) throw new CliError('--write-shipped bouwt de PC4-tabel alleen uit het CBS-bestand zelf: gebruik --pc6');
  if (values.out && !values['write-shipped']) throw new CliError('--out hoort bij --write-shipped');
  for (const file of [values.municipalities, values.pc6, values.pc4, values['common-names']]) {
    if (file && !fs.statSync(file, { throwIfNoEntry: false })?.isFile()) throw new CliError(`bestand niet gevonden: ${file}`);
  }

  const list = parseMunicipalityCsv(readText(values.municipalities));
  // A refused row would make its municipality look merged away, so any bad row stops the update.
  refuseProblems(values.municipalities, list.problems);
  const municipalities = withProvinces(list.rows, values['common-names']);

  let postcodeAreas: PostcodeAreaRow[] | undefined;
  let pc6Year: number | null = null;
  if (values.pc6) {
    const aggregate = await aggregatePc6HouseNumberCsv(fs.createReadStream(values.pc6));
    refuseProblems(values.pc6, aggregate.problems, aggregate.problemCount);
    postcodeAreas = aggregate.rows;
    pc6Year = aggregate.year ?? yearInName(values.pc6);
    io.out(`${values.pc6}: ${aggregate.addressCount.toLocaleString('nl-NL')} adressen gelezen`);
  } else if (values.pc4) {
    const parsed = parsePostcodeAreaCsv(readText(values.pc4));
    refuseProblems(values.pc4, parsed.problems);
    postcodeAreas = parsed.rows;
  }

  if (values['write-shipped']) {
    const year = list.year ?? yearInName(values.municipalities);
    if (!year) throw new CliError(`kan het jaar van ${values.municipalities} niet bepalen: zet het jaar in de bestandsnaam (gemeenten-alfabetisch-2027.csv)`);
    if (values.pc6 && !pc6Year) throw new CliError(`kan het jaar van ${values.pc6} niet bepalen: verwacht Gemeente<jaar> in de kopregel of het jaar in de bestandsnaam`);
    const outDir = values.out ? pathToFileURL(path.resolve(values.out) + path.sep) : SHIPPED_DIR;
    for (const line of writeShipped({ outDir, municipalities, municipalityYear: year, postcodeAreas, postcodeYear: pc6Year, dryRun: values['dry-run'] })) io.out(line);
    return;
  }

  const config = loadConfig(io.env);
  const database = await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: path.join(config.dataDir, 'pglite') });
  try {
    await migrateToLatest(database.db);
    const summary = await loadReferenceData(
      database.db,
      {
        municipalities,
        commonNames: commonNames(values['common-names']),
        postcodeAreas,
        source: [values.municipalities, values.pc6 ?? values.pc4].filter((f): f is string => Boolean(f)).map((f) => path.basename(f)).join(' + '),
      },
      { dryRun: values['dry-run'], maxDeactivations: values.force ? undefined : MAX_DEACTIVATIONS },
    );
    for (const line of formatSummary(summary)) io.out(line);
  } finally {
    await database.close();
  }
}

function readText(file: string): string {
  return decodeText(fs.readFileSync(file));
}

function refuseProblems(file: string, problems: RowProblem[], total = problems.length): void {
  if (total === 0) return;
  const shown = problems.slice(0, 20).map((p) => `regel ${p.line}: ${p.message}`);
  if (total > shown.length) shown.push(`… en ${total - shown.length} meer`);
  throw new CliError(`${file}: ${total} ${total === 1 ? 'foute regel' : 'foute regels'}, niets bijgewerkt`, shown);
}

function yearInName(file: string): number | null {
  const m = /(?:^|\D)(20\d{2})(?:\D|$)/.exec(path.basename(file));
  return m ? Number(m[1]) : null;
}

/** Everyday names for new municipalities: the given file, else the shipped one. */
function commonNames(file: string | undefined): Map<string, string> {
  const parsed = commonNameRows(file);
  return new Map(parsed.map((r) => [r.code, r.commonName]));
}

function commonNameRows(file: string | undefined) {
  const shipped = findShippedFiles().commonNames;
  const source = file ?? (shipped ? fileURLToPath(new URL(shipped, SHIPPED_DIR)) : null);
  if (!source) return [];
  const parsed = parseCommonNamesJson(readText(source));
  refuseProblems(source, parsed.problems);
  return parsed.rows;
}

/**
 * The CBS list carries the province; the gebiedsindeling export does not, and then the shipped
 * province table and common-names file fill it in (the loader falls back on the stored province).
 */
function withProvinces(rows: MunicipalityRow[], commonNamesFile: string | undefined): MunicipalityRow[] {
  if (rows.every((r) => r.province)) return rows;
  const provinces = new Map<string, string>();
  for (const r of commonNameRows(commonNamesFile)) if (r.province) provinces.set(r.code, r.province);
  for (const r of readShippedReferenceData().input.municipalities) if (r.province) provinces.set(r.code, r.province);
  return rows.map((r) => ({ ...r, province: r.province ?? provinces.get(r.code) ?? null }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
