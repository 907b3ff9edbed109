import crypto from 'node:crypto';

/**
 * Application references such as KR-7F3K-9QXM: 8 characters from a 32-letter alphabet without
 * the look-alikes I, L, O and U (40 bits from the system's random source), so that one can be
 * read out over the phone and cannot be guessed. A reference alone opens nothing: the status
 * page needs the signed link from the mail.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newReference(): string {
  const bytes = crypto.randomBytes(8);
  const chars = [...bytes].map((b) => ALPHABET[b & 31]).join('');
  return `KR-${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** Reads a reference as people type it ("kr 7f3k 9qxm", "KR7F3K9QXM", with O for 0): the canonical form, or null. */
export function normaliseReference(input: unknown): string | null {
  if (typeof input !== 'string' || input.length > 40) return null;
  let s = input.toUpperCase().replace(/[\s._-]/g, '');
  if (s.startsWith('KR')) s = s.slice(2);
  s = s.replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{8}$/.test(s)) return null;
  return `KR-${s.slice(0, 4)}-${s.slice(4)}`;
}
