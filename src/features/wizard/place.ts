import type { Db } from '../../core/db/index.ts';
import { lookupPostcode, type MunicipalityRef } from '../refdata/postcode.ts';
import { findMunicipality } from '../catalogue/data.ts';

export type Place =
  | { kind: 'ok'; municipality: MunicipalityRef }
  | { kind: 'choose'; options: MunicipalityRef[] }
  | { kind: 'unknown' }
  | { kind: 'malformed' }
  | { kind: 'missing' };

/**
 * Where the family lives: a chosen municipality wins, else the postcode decides. A postcode area
 * split over two municipalities asks which one; an unknown area asks for the municipality.
 */
export async function resolvePlace(db: Db, postcode: string, gemeente: string): Promise<Place> {
  if (gemeente) {
    if (!/^GM\d{4}$/.test(gemeente)) return { kind: 'malformed' };
    const m = await findMunicipality(db, gemeente);
    return m ? { kind: 'ok', municipality: { code: m.code, name: m.name, commonName: m.common_name } } : { kind: 'unknown' };
  }
  if (!postcode.trim()) return { kind: 'missing' };
  const found = await lookupPostcode(db, postcode);
  switch (found.kind) {
    case 'single':
      return { kind: 'ok', municipality: found.municipality };
    case 'split':
      return { kind: 'choose', options: found.options.map(({ share: _s, ...m }) => m) };
    case 'unknown':
      return { kind: 'unknown' };
    default:
      return { kind: 'malformed' };
  }
}

export function allActiveMunicipalities(db: Db) {
  return db.selectFrom('municipalities').select(['code', 'common_name']).where('active', '=', true).orderBy('common_name').execute();
}
