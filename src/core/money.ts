/**
 * Euro amounts: kept as whole cents everywhere, typed and shown the Dutch way.
 */

/** "22,50", "22.50", "€ 22", "1.250,00" → cents; anything else → null. */
export function parseEuros(input: string): number | null {
  const s = input.replace(/[\s\u00a0€]/g, '');
  const m = /^(\d{1,7})(?:[.,](\d{1,2}))?$/.exec(s) ?? /^(\d{1,3}(?:\.\d{3}){1,2})(?:,(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  return Number(m[1]!.replace(/\./g, '')) * 100 + (m[2] ? Number(m[2].padEnd(2, '0')) : 0);
}

/** Cents as a person types them in a form: 2250 → "22,50", 35000 → "350". */
export function eurosInput(cents: number | null | undefined): string {
  if (cents === null || cents === undefined) return '';
  const whole = Math.floor(cents / 100);
  return cents % 100 === 0 ? String(whole) : `${whole},${String(cents % 100).padStart(2, '0')}`;
}

// Building an Intl.NumberFormat costs far more than using one: keep one per language and precision.
const formatters = new Map<string, Intl.NumberFormat>();

/** Cents for reading: "€ 275" or "€ 22,50" in the page's language. */
export function euros(cents: number, lang: string): string {
  const digits = cents % 100 === 0 ? 0 : 2;
  const key = `${lang}:${digits}`;
  let f = formatters.get(key);
  if (!f) formatters.set(key, (f = new Intl.NumberFormat(lang === 'nl' ? 'nl-NL' : lang, { style: 'currency', currency: 'EUR', minimumFractionDigits: digits })));
  return f.format(cents / 100);
}
