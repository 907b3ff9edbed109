/**
 * Reference data into the database: CBS municipalities and PC4 postcode areas. Used at first
 * start-up (the files in reference-data/) and by the yearly update command (CBS's new files).
 */
import fs from 'node:fs';
import { sql } from 'kysely';
import type { Db } from '../../core/db/index.ts';
import { decodeText } from './csv.ts';
import { parseCommonNamesJson, parseMunicipalityCsv, parsePostcodeAreaCsv, parseProvinceCsv, rankPostcodeAreas, type MunicipalityRow, type PostcodeAreaRow, type RowProblem } from './parse.ts';

export { parseMunicipalityCsv, parsePostcodeAreaCsv, parseProvinceCsv, parseCommonNamesJson, rankPostcodeAreas } from './parse.ts';
export type { MunicipalityRow, PostcodeAreaRow, CommonNameRow, RowProblem, Parsed } from './parse.ts';
export { aggregatePc6HouseNumberCsv, type Pc6Aggregate } from './pc6.ts';
export { normalisePostcode, lookupPostcode, type NormalisedPostcode, type MunicipalityRef, type PostcodeLookup } from './postcode.ts';

export interface ReferenceDataInput {
  /** the complete list: codes missing from it are deactivated */
  municipalities: MunicipalityRow[];
  /** everyday names by CBS code; used for municipalities new to the database */
  commonNames?: ReadonlyMap<string, string> | undefined;
  /** the complete PC4 table; when omitted the stored table is kept */
  postcodeAreas?: PostcodeAreaRow[] | undefined;
  /** recorded in reference_imports: which files these were */
  source: string;
}

export interface LoadOptions {
  /** do everything, report, then roll back */
  dryRun?: boolean;
  /** refuse (and roll back) when more municipalities would be deactivated: guards against a partial list */
  maxDeactivations?: number;
}

export interface RefusedPostcodeRow {
  line: number | null;
  pc4: string;
  municipalityCode: string;
  addressCount: number;
}

export interface ImportSummary {
  source: string;
  dryRun: boolean;
  municipalities: {
    total: number;
    added: Array<{ code: string; name: string }>;
    /** existing rows that changed in any way (name, province, reactivated) */
    updated: number;
    renamed: Array<{ code: string; from: string; to: string }>;
    provinceChanged: Array<{ code: string; from: string; to: string }>;
    reactivated: string[];
    deactivated: Array<{ code: string; name: string }>;
  };
  postcodeAreas: {
    replaced: boolean;
    rows: number;
    pc4: number;
    /** PC4 areas with more than one municipality */
    split: number;
    /** rows whose municipality is not in the list: reported, not stored */
    refused: RefusedPostcodeRow[];
    /** when kept rather than replaced: stored rows that point at a deactivated municipality */
    stale: number;
  };
}

/** Input that cannot be loaded as a whole; nothing has been stored. */
export class ReferenceDataError extends Error {
  override name = 'ReferenceDataError';
}

class DryRunRollback extends Error {}

const CHUNK = 500;
// One importer at a time: two app instances starting on an empty database would otherwise both insert.
const LOCK_KEY = 4_242_002;

/**
 * Loads a municipality list (and, when given, a PC4 table) in one transaction. Municipalities
 * missing from the new list, merged away on 1 January, are deactivated rather than deleted:
 * organisations, users and old applications still refer to them.
 */
export async function loadReferenceData(db: Db, input: ReferenceDataInput, options: LoadOptions = {}): Promise<ImportSummary> {
  checkInput(input);
  let summary: ImportSummary | undefined;
  try {
    await db.transaction().execute(async (trx) => {
      summary = await load(trx, input, options);
      if (options.dryRun) throw new DryRunRollback();
    });
  } catch (e) {
    if (!(e instanceof DryRunRollback)) throw e;
  }
  return summary!;
}

function checkInput(input: ReferenceDataInput): void {
  // An empty list would deactivate every municipality in the country.
  if (input.municipalities.length === 0) throw new ReferenceDataError('de gemeentelijst is leeg');
  const codes = new Set<string>();
  for (const m of input.municipalities) {
    if (!/^GM\d{4}$/.test(m.code)) throw new ReferenceDataError(`ongeldige gemeentecode ${m.code}`);
    if (codes.has(m.code)) throw new ReferenceDataError(`gemeentecode ${m.code} staat twee keer in de lijst`);
    codes.add(m.code);
  }
  const pairs = new Set<string>();
  for (const a of input.postcodeAreas ?? []) {
    const key = `${a.pc4} ${a.municipalityCode}`;
    if (pairs.has(key)) throw new ReferenceDataError(`postcodegebied ${key} staat twee keer in de tabel`);
    pairs.add(key);
  }
}

async function load(trx: Db, input: ReferenceDataInput, options: LoadOptions): Promise<ImportSummary> {
  await sql`select pg_advisory_xact_lock(${LOCK_KEY})`.execute(trx);
  const existing = new Map((await trx.selectFrom('municipalities').select(['code', 'name', 'common_name', 'province', 'active']).execute()).map((m) => [m.code, m]));
  const m: ImportSummary['municipalities'] = { total: input.municipalities.length, added: [], updated: 0, renamed: [], provinceChanged: [], reactivated: [], deactivated: [] };
  const inserts: Array<{ code: string; name: string; common_name: string; province: string }> = [];
  const missingProvince: string[] = [];

  for (const row of input.municipalities) {
    const old = existing.get(row.code);
    const province = row.province ?? old?.province;
    if (!province) {
      missingProvince.push(row.code);
      continue;
    }
    if (!old) {
      inserts.push({ code: row.code, name: row.name, common_name: input.commonNames?.get(row.code) ?? row.name, province });
      m.added.push({ code: row.code, name: row.name });
      continue;
    }
    const renamed = old.name !== row.name;
    if (renamed) m.renamed.push({ code: row.code, from: old.name, to: row.name });
    if (old.province !== province) m.provinceChanged.push({ code: row.code, from: old.province, to: province });
    if (!old.active) m.reactivated.push(row.code);
    if (!renamed && old.province === province && old.active) continue;
    m.updated++;
    // Staff may have edited the common name in the back office; it follows a new official name
    // only when it was never customised.
    const commonName = renamed && old.common_name === old.name ? row.name : old.common_name;
    await trx
      .updateTable('municipalities')
      .set({ name: row.name, common_name: commonName, province, active: true, updated_at: sql<Date>`now()` })
      .where('code', '=', row.code)
      .execute();
  }
  if (missingProvince.length > 0) {
    throw new ReferenceDataError(`geen provincie bekend voor ${missingProvince.length} nieuwe gemeente(n): ${missingProvince.slice(0, 10).join(', ')}; gebruik de CBS-lijst "Gemeenten alfabetisch", die de provincie bevat`);
  }
  for (let i = 0; i < inserts.length; i += CHUNK) await trx.insertInto('municipalities').values(inserts.slice(i, i + CHUNK)).execute();

  const listed = new Set(input.municipalities.map((r) => r.code));
  m.deactivated = [...existing.values()].filter((e) => e.active && !listed.has(e.code)).map((e) => ({ code: e.code, name: e.name }));
  if (options.maxDeactivations !== undefined && m.deactivated.length > options.maxDeactivations) {
    throw new ReferenceDataError(`de lijst zou ${m.deactivated.length} gemeenten opheffen (meer dan ${options.maxDeactivations}); is het wel de volledige CBS-lijst?`);
  }
  if (m.deactivated.length > 0) {
    await trx.updateTable('municipalities').set({ active: false, updated_at: sql<Date>`now()` }).where('code', 'in', m.deactivated.map((d) => d.code)).execute();
  }

  const postcodeAreas = input.postcodeAreas ? await replacePostcodeAreas(trx, input.postcodeAreas, listed) : await keptPostcodeAreas(trx);
  const summary: ImportSummary = { source: input.source, dryRun: options.dryRun === true, municipalities: m, postcodeAreas };
  await trx
    .insertInto('reference_imports')
    .values({
      kind: postcodeAreas.replaced ? 'municipalities+postcode_areas' : 'municipalities',
      source: input.source,
      row_count: m.total + (postcodeAreas.replaced ? postcodeAreas.rows : 0),
      summary: JSON.stringify(storedSummary(summary)),
    })
    .execute();
  return summary;
}

async function replacePostcodeAreas(trx: Db, rows: PostcodeAreaRow[], listed: ReadonlySet<string>): Promise<ImportSummary['postcodeAreas']> {
  const refused: RefusedPostcodeRow[] = [];
  const kept: PostcodeAreaRow[] = [];
  for (const r of rows) {
    if (listed.has(r.municipalityCode)) kept.push(r);
    else refused.push({ line: r.line ?? null, pc4: r.pc4, municipalityCode: r.municipalityCode, addressCount: r.addressCount });
  }
  // A PC4 that lost a row must still have exactly one rank 1, so its remaining rows are ranked again.
  const touched = new Set(refused.map((r) => r.pc4));
  const final = touched.size === 0 ? kept : [...kept.filter((r) => !touched.has(r.pc4)), ...rankPostcodeAreas(kept.filter((r) => touched.has(r.pc4)))];
  await trx.deleteFrom('postcode_areas').execute();
  for (let i = 0; i < final.length; i += CHUNK) {
    await trx
      .insertInto('postcode_areas')
      .values(final.slice(i, i + CHUNK).map((r) => ({ pc4: r.pc4, municipality_code: r.municipalityCode, address_count: r.addressCount, share: r.share.toFixed(4), rank: r.rank })))
      .execute();
  }
  const pc4 = new Set(final.map((r) => r.pc4)).size;
  return { replaced: true, rows: final.length, pc4, split: new Set(final.filter((r) => r.rank > 1).map((r) => r.pc4)).size, refused, stale: 0 };
}

async function keptPostcodeAreas(trx: Db): Promise<ImportSummary['postcodeAreas']> {
  const row = await trx
    .selectFrom('postcode_areas as p')
    .innerJoin('municipalities as m', 'm.code', 'p.municipality_code')
    .select([
      sql<number>`count(*)::int`.as('rows'),
      sql<number>`count(distinct p.pc4)::int`.as('pc4'),
      sql<number>`count(distinct p.pc4) filter (where p.rank > 1)::int`.as('split'),
      sql<number>`count(*) filter (where not m.active)::int`.as('stale'),
    ])
    .executeTakeFirstOrThrow();
  return { replaced: false, rows: row.rows, pc4: row.pc4, split: row.split, refused: [], stale: row.stale };
}

/** The jsonb record: counts first, and lists short enough for an audit trail. */
function storedSummary(s: ImportSummary) {
  const m = s.municipalities;
  const p = s.postcodeAreas;
  return {
    municipalities: m.total,
    added: m.added.length,
    updated: m.updated,
    renamed: m.renamed.length,
    provinceChanged: m.provinceChanged.length,
    reactivated: m.reactivated.length,
    deactivated: m.deactivated.length,
    pc4Rows: p.rows,
    pc4Areas: p.pc4,
    pc4Split: p.split,
    pc4Replaced: p.replaced,
    pc4Refused: p.refused.length,
    pc4Stale: p.stale,
    addedCodes: m.added.map((a) => a.code),
    renamedCodes: m.renamed.map((r) => r.code),
    deactivatedCodes: m.deactivated.map((d) => d.code),
    refusedSample: p.refused.slice(0, 50),
  };
}

// ---- the copy shipped in reference-data/ ----

export const SHIPPED_DIR = new URL('../../../reference-data/', import.meta.url);

/** The year in a file name is the CBS reference year; the newest of each kind is used. */
const SHIPPED_PATTERNS = {
  municipalities: /^cbs-gemeenten-(\d{4})\.csv$/,
  provinces: /^cbs-gemeenten-provincies-(\d{4})\.csv$/,
  commonNames: /^gemeenten-roepnamen\.json$/,
  postcodeAreas: /^pc4-gemeente-(\d{4})\.csv$/,
} as const;
export type ShippedKind = keyof typeof SHIPPED_PATTERNS;

/** The shipped file of each kind (newest year first), or null when there is none. */
export function findShippedFiles(dir: URL = SHIPPED_DIR): Record<ShippedKind, string | null> {
  const names = fs.readdirSync(dir).sort().reverse();
  const pick = (kind: ShippedKind) => names.find((n) => SHIPPED_PATTERNS[kind].test(n)) ?? null;
  return { municipalities: pick('municipalities'), provinces: pick('provinces'), commonNames: pick('commonNames'), postcodeAreas: pick('postcodeAreas') };
}

export function matchesShippedKind(kind: ShippedKind, fileName: string): boolean {
  return SHIPPED_PATTERNS[kind].test(fileName);
}

/**
 * Reads and joins the shipped files: official names from the CBS list, the province from the list
 * or the province table, everyday names from the common-names file. Joined on code only.
 */
export function readShippedReferenceData(dir: URL = SHIPPED_DIR): { input: ReferenceDataInput; problems: Array<RowProblem & { file: string }> } {
  const files = findShippedFiles(dir);
  if (!files.municipalities) throw new ReferenceDataError(`geen cbs-gemeenten-<jaar>.csv in ${dir.pathname}`);
  const read = (name: string) => decodeText(fs.readFileSync(new URL(name, dir)));
  const problems: Array<RowProblem & { file: string }> = [];
  const note = (file: string, list: RowProblem[]) => problems.push(...list.map((p) => ({ ...p, file })));

  const list = parseMunicipalityCsv(read(files.municipalities));
  note(files.municipalities, list.problems);
  const provinces = new Map<string, string>();
  if (files.provinces) {
    const parsed = parseProvinceCsv(read(files.provinces));
    note(files.provinces, parsed.problems);
    for (const r of parsed.rows) provinces.set(r.code, r.province);
  }
  const commonNames = new Map<string, string>();
  if (files.commonNames) {
    const parsed = parseCommonNamesJson(read(files.commonNames));
    note(files.commonNames, parsed.problems);
    for (const r of parsed.rows) {
      commonNames.set(r.code, r.commonName);
      if (r.province && !provinces.has(r.code)) provinces.set(r.code, r.province);
    }
  }
  let postcodeAreas: PostcodeAreaRow[] | undefined;
  if (files.postcodeAreas) {
    const parsed = parsePostcodeAreaCsv(read(files.postcodeAreas));
    note(files.postcodeAreas, parsed.problems);
    postcodeAreas = parsed.rows;
  }
  const used = Object.values(files).filter((f): f is string => f !== null);
  return {
    input: {
      municipalities: list.rows.map((r) => ({ ...r, province: r.province ?? provinces.get(r.code) ?? null })),
      commonNames,
      postcodeAreas,
      source: `reference-data/ (${used.join(', ')})`,
    },
    problems,
  };
}

/**
 * First start-up: loads the copy in reference-data/. The app calls this when the municipalities
 * table is empty; a bad shipped file stops start-up rather than loading half a country.
 */
export async function importShippedReferenceData(db: Db, dir: URL = SHIPPED_DIR): Promise<ImportSummary> {
  const { input, problems } = readShippedReferenceData(dir);
  const [first] = problems;
  if (first) throw new ReferenceDataError(`${first.file} regel ${first.line}: ${first.message}${problems.length > 1 ? ` (en ${problems.length - 1} andere fouten)` : ''}`);
  return loadReferenceData(db, input);
}
