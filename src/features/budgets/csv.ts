/**
 * CSV as Dutch spreadsheet programs read it: semicolon-separated (the comma is the decimal sign),
 * CRLF line ends, a byte-order mark so that Excel reads UTF-8, every field quoted. A field that a
 * spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a leading apostrophe.
 */
export function csvField(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

export function csv(rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  return '\uFEFF' + rows.map((r) => r.map(csvField).join(';')).join('\r\n') + '\r\n';
}

/** Cents as a Dutch decimal amount without thousands separators: 18050 → "180,50". */
export function csvAmount(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}
