/**
 * IBAN as ISO 13616 defines it: country, two check digits, then the account; valid when the
 * whole, rearranged and read as a number, leaves 1 after division by 97.
 */
const LENGTHS: Record<string, number> = {
  NL: 18, BE: 16, DE: 22, FR: 27, LU: 20, ES: 24, IT: 27, AT: 20, PT: 25, IE: 22, GB: 22, PL: 28, DK: 18, FI: 18, SE: 24, NO: 15, CH: 21, CZ: 24, SK: 24, HU: 28, RO: 24, BG: 22, HR: 21, SI: 19, GR: 27, CY: 28, MT: 31, EE: 20, LV: 21, LT: 20, IS: 26, LI: 21,
};

/** "nl91 abna 0417 1643 00" → "NL91ABNA0417164300". */
export function normaliseIban(input: string): string {
  return input.replace(/[\s.-]/g, '').toUpperCase();
}

export function ibanMod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const value = ch >= 'A' && ch <= 'Z' ? String(ch.charCodeAt(0) - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

export function isValidIban(input: string): boolean {
  const iban = normaliseIban(input);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(iban)) return false;
  const expected = LENGTHS[iban.slice(0, 2)];
  if (expected !== undefined && iban.length !== expected) return false;
  return ibanMod97(iban) === 1;
}

/** Groups of four for reading: NL91 ABNA 0417 1643 00. */
export function formatIban(iban: string): string {
  return normaliseIban(iban).replace(/(.{4})(?=.)/g, '$1 ');
}
