import type { Db } from '../../core/db/index.ts';

export interface NormalisedPostcode {
  pc4: string;
  /** only when the letters were given */
  pc6?: string;
}

// PostNL issues no postcode starting with 0, and never the letter pairs SA, SD and SS.
const POSTCODE = /^([1-9]\d{3})[\s-]*([A-Z]{2})?$/;
const NOT_ISSUED = new Set(['SA', 'SD', 'SS']);

/**
 * Accepts the ways people type a postcode: `1234AB`, `1234 ab`, ` 1234 AB `, `1234-AB`, or only
 * the four digits. Returns null for anything PostNL cannot have issued.
 */
export function normalisePostcode(input: unknown): NormalisedPostcode | null {
  if (typeof input !== 'string') return null;
  const m = POSTCODE.exec(input.trim().toUpperCase());
  if (!m) return null;
  const [, pc4, letters] = m as unknown as [string, string, string | undefined];
  if (!letters) return { pc4 };
  if (NOT_ISSUED.has(letters)) return null;
  return { pc4, pc6: `${pc4}${letters}` };
}

/** A municipality as routing shows it: the CBS code to join on, the common name to display. */
export interface MunicipalityRef {
  code: string;
  name: string;
  commonName: string;
}

export type PostcodeLookup =
  | { kind: 'malformed' }
  /** not in the table (new since the CBS reference date, or PO boxes only): ask for the municipality */
  | { kind: 'unknown'; pc4: string }
  | { kind: 'single'; pc4: string; municipality: MunicipalityRef }
  /** the PC4 spans municipalities: let the person choose; options ordered by rank, majority first */
  | { kind: 'split'; pc4: string; options: Array<MunicipalityRef & { share: number }> };

/**
 * The municipality of a postcode, by its PC4 area. Rows of deactivated (merged-away)
 * municipalities are ignored, so that a PC4 table older than the municipality list never routes
 * anyone to a municipality that no longer exists.
 */
export async function lookupPostcode(db: Db, input: unknown): Promise<PostcodeLookup> {
  const postcode = normalisePostcode(input);
  if (!postcode) return { kind: 'malformed' };
  const { pc4 } = postcode;
  const rows = await db
    .selectFrom('postcode_areas')
    .innerJoin('municipalities', 'municipalities.code', 'postcode_areas.municipality_code')
    .select(['municipalities.code', 'municipalities.name', 'municipalities.common_name', 'postcode_areas.share'])
    .where('postcode_areas.pc4', '=', pc4)
    .where('municipalities.active', '=', true)
    .orderBy('postcode_areas.rank')
    .orderBy('municipalities.code')
    .execute();
  const [first] = rows;
  if (!first) return { kind: 'unknown', pc4 };
  if (rows.length === 1) return { kind: 'single', pc4, municipality: { code: first.code, name: first.name, commonName: first.common_name } };
  return { kind: 'split', pc4, options: rows.map((r) => ({ code: r.code, name: r.name, commonName: r.common_name, share: Number(r.share) })) };
}
