import type { MunicipalityRef } from '../refdata/postcode.ts';
import type { Snapshot } from '../catalogue/cache.ts';

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
export function resolvePlace(snapshot: Snapshot, postcode: string, gemeente: string): Place {
  if (gemeente) {
    if (!/^GM\d{4}$/.test(gemeente)) return { kind: 'malformed' };
    const m = snapshot.municipality(gemeente);
    return m ? { kind: 'ok', municipality: m } : { kind: 'unknown' };
  }
  if (!postcode.trim()) return { kind: 'missing' };
  const found = snapshot.lookupPostcode(postcode);
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
