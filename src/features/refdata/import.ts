import fs from 'node:fs';
import { sql } from 'kysely';
import type { Db } from '../../core/db/index.ts';
import { parseMunicipalityCsv, parsePostcodeAreaCsv, parseProvinceCsv, type MunicipalityRow, type PostcodeAreaRow, type RowProblem } from './parse.ts';

export { normalisePostcode, lookupPostcode } from './postcode.ts';

export const SHIPPED_DIR = new URL('../../../reference-data/', import.meta.url);
export const SHIPPED_FILES = {
  municipalities: 'cbs-gemeenten-2025.csv',
  provinces: 'cbs-gemeenten-provincies-2025.csv',
  commonNames: 'gemeenten-roepnamen.json',
  postcodeAreas: 'pc4-gemeente-2024.csv',
} as const;

export interface ImportSummary {
  source: string;
  municipalities: { total: number; added: string[]; renamed: string[]; deactivated: string[] };
  postcodeAreas: { rows: number; pc4: number; split: number };
  refused: RowProblem[];
}

export interface ReferenceInput {
  municipalities: MunicipalityRow[];
  /** everyday names ("Den Haag" for "'s-Gravenhage"), by CBS code */
  commonNames: Map<string, string>;
  postcodeAreas: PostcodeAreaRow[];
  source: string;
  problems?: RowProblem[];
}

const CHUNK = 500;

/**
 * Loads a municipality list and PC4 table in one transaction. Municipalities missing from a new
 * list (merged away on 1 January) are deactivated, not deleted: organisations and old cases refer to them.
 */
export async function loadReferenceData(db: Db, input: ReferenceInput, options: { dryRun?: boolean } = {}): Promise<ImportSummary> {
  const codes = new Set(input.municipalities.map((m) => m.code));
  const refused: RowProblem[] = [...(input.problems ?? [])];
  const areas = input.postcodeAreas.filter((a) => {
    if (codes.has(a.municipalityCode)) return true;
    refused.push({ line: 0, message: `postcodegebied ${a.pc4} verwijst naar onbekende gemeente ${a.municipalityCode}` });
    return false;
  });
  const run = async (trx: Db): Promise<ImportSummary> => {
    await sql`select pg_advisory_xact_lock(4242002)`.execute(trx);
    const existing = new Map((await trx.selectFrom('municipalities').select(['code', 'name', 'active']).execute()).map((m) => [m.code, m]));
    const added = input.municipalities.filter((m) => !existing.has(m.code)).map((m) => m.code);
    const renamed = input.municipalities.filter((m) => existing.has(m.code) && existing.get(m.code)!.name !== m.name).map((m) => m.code);
    const deactivated = [...existing.values()].filter((m) => m.active && !codes.has(m.code)).map((m) => m.code);
    for (let i = 0; i < input.municipalities.length; i += CHUNK) {
      const chunk = input.municipalities.slice(i, i + CHUNK).map((m) => ({
        code: m.code,
        name: m.name,
        common_name: input.commonNames.get(m.code) ?? m.name,
        province: m.province ?? 'onbekend',
        active: true,
      }));
      await trx
        .insertInto('municipalities')
        .values(chunk)
        .onConflict((oc) =>
          oc.column('code').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            province: eb.ref('excluded.province'),
            active: true,
            updated_at: new Date(),
          })),
        )
        .execute();
    }
    if (deactivated.length > 0) await trx.updateTable('municipalities').set({ active: false, updated_at: new Date() }).where('code', 'in', deactivated).execute();
    await trx.deleteFrom('postcode_areas').execute();
    for (let i = 0; i < areas.length; i += CHUNK) {
      await trx
        .insertInto('postcode_areas')
        .values(areas.slice(i, i + CHUNK).map((a) => ({ pc4: a.pc4, municipality_code: a.municipalityCode, address_count: a.addressCount, share: a.share.toFixed(4), rank: a.rank })))
        .execute();
    }
    const pc4s = new Set(areas.map((a) => a.pc4));
    const summary: ImportSummary = {
      source: input.source,
      municipalities: { total: input.municipalities.length, added, renamed, deactivated },
      postcodeAreas: { rows: areas.length, pc4: pc4s.size, split: areas.filter((a) => a.rank === 2).length },
      refused,
    };
    await trx
      .insertInto('reference_imports')
      .values({ kind: 'municipalities+pc4', source: input.source, row_count: input.municipalities.length + areas.length, summary: JSON.stringify({ ...summary, refused: refused.slice(0, 100) }) })
      .execute();
    return summary;
  };
  if (!options.dryRun) return db.transaction().execute(run);
  // A dry run does all the work and then rolls it back.
  let summary: ImportSummary | undefined;
  await db
    .transaction()
    .execute(async (trx) => {
      summary = await run(trx);
      throw new DryRunRollback();
    })
    .catch((e: unknown) => {
      if (!(e instanceof DryRunRollback)) throw e;
    });
  return summary!;
}

class DryRunRollback extends Error {}

export function readShipped(name: keyof typeof SHIPPED_FILES): string {
  return fs.readFileSync(new URL(SHIPPED_FILES[name], SHIPPED_DIR), 'utf8');
}

export function shippedInput(): ReferenceInput {
  const municipalities = parseMunicipalityCsv(readShipped('municipalities'));
  const provinces = parseProvinceCsv(readShipped('provinces'));
  const commonNames = new Map(Object.entries(JSON.parse(readShipped('commonNames')) as Record<string, string>));
  const areas = parsePostcodeAreaCsv(readShipped('postcodeAreas'));
  return {
    municipalities: municipalities.rows.map((m) => ({ ...m, province: m.province ?? provinces.get(m.code) ?? null })),
    commonNames,
    postcodeAreas: areas.rows,
    source: `shipped: ${Object.values(SHIPPED_FILES).join(', ')}`,
    problems: [...municipalities.problems, ...areas.problems],
  };
}

/** First start-up: the reference data that ships with the project. */
export function importShippedReferenceData(db: Db): Promise<ImportSummary> {
  return loadReferenceData(db, shippedInput());
}
