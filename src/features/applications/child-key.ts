import crypto from 'node:crypto';

/**
 * The pseudonymous child key: an HMAC-SHA-256, under a platform secret, of the child's normalised
 * identity (family name, first name, birth date). The same child gets the same key in every
 * organisation, so the platform can find duplicates and count unique children, while the key
 * reveals nothing without the secret. It is never shown and never exported.
 * The "v1:" prefix names the secret generation, so that a rotated secret can live beside the old.
 */
export const CHILD_KEY_VERSION = 'v1';

/** "  Émile-Jean  " → "emilejean": case, accents, spacing, hyphens and apostrophes do not matter. */
export function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

export function childKey(secret: string, identity: { firstName: string; lastName: string; birthDate: string }): string {
  const material = [normaliseName(identity.lastName), normaliseName(identity.firstName), identity.birthDate].join('|');
  return `${CHILD_KEY_VERSION}:${crypto.createHmac('sha256', secret).update(material).digest('hex')}`;
}
