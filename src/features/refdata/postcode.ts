import type { Db } from '../../core/db/index.ts';

export interface NormalisedPostcode {
  pc4: string;
  pc6: string | null;
}

/**
 * Accepts the ways people write a postcode: `1234AB`, `1234 ab`, ` 1234 AB `, or just `1234`.
 * PostNL never issues 0xxx, nor the letter pairs SA, SD and SS.
 */
export function normalisePostcode(input: string): NormalisedPostcode | null {
  const compact = input.replace(/[\s\u00a0-]+/g, '').toUpperCase();
  const m = /^([1-9]\d{3})([A-Z]{2})?$/.exec(compact);
  if (!m) return null;
  const letters = m[2];
  if (letters && ['SA', 'SD', 'SS'].includes(letters)) return null;
  return { pc4: m[1]!, pc6: letters ? `${m[1]}${letters}` : null };
}

export interface MunicipalityRef {
  code: string;
  name: string;
  commonName: string;
}

export type PostcodeLookup =
  | { kind: 'malformed' }
  | { kind: 'unknown'; pc4: string }
  | { kind: 'single'; pc4: string; municipality: MunicipalityRef }
  | { kind: 'split'; pc4: string; options: Array<MunicipalityRef & { share: number }> };

/** Resolves a postcode to its municipality; an area split over two asks the caller to let the person choose. */
export async function lookupPostcode(db: Db, input: string): Promise<PostcodeLookup> {
  const pc = normalisePostcode(input);
  if (!pc) return { kind: 'malformed' };
  const rows = await db
    .selectFrom('postcode_areas')
    .innerJoin('municipalities', 'municipalities.code', 'postcode_areas.municipality_code')
    .select(['municipalities.code', 'municipalities.name', 'municipalities.common_name', 'postcode_areas.share', 'postcode_areas.rank'])
    .where('postcode_areas.pc4', '=', pc.pc4)
    .where('municipalities.active', '=', true)
    .orderBy('postcode_areas.rank')
    .execute();
  if (rows.length === 0) return { kind: 'unknown', pc4: pc.pc4 };
  const refs = rows.map((r) => ({ code: r.code, name: r.name, commonName: r.common_name, share: Number(r.share) }));
  if (refs.length === 1) {
    const { share: _share, ...municipality } = refs[0]!;
    return { kind: 'single', pc4: pc.pc4, municipality };
  }
  return { kind: 'split', pc4: pc.pc4, options: refs };
}
