/**
 * Dates and times as staff type them, in the Dutch calendar: "2026-12-03" (a date field) or
 * "3-12-2026", and "14:30" or "14.30". Visits are planned in Amsterdam time.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const DUTCH = /^(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})$/;
const TIME = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;

/** YYYY-MM-DD, or null when it is no real date. */
export function parseDay(input: unknown): string | null {
  if (typeof input !== 'string') return null;
  const value = input.trim();
  const iso = ISO.exec(value);
  const dutch = iso ? null : DUTCH.exec(value);
  if (!iso && !dutch) return null;
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : [dutch![3], dutch![2], dutch![1]];
  const day = `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  const parsed = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day) return null;
  return day;
}

/** "14:30" → [14, 30], or null. */
export function parseTime(input: unknown): [number, number] | null {
  if (typeof input !== 'string') return null;
  const m = TIME.exec(input.trim());
  return m ? [Number(m[1]), Number(m[2])] : null;
}

function offsetMs(at: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Amsterdam', timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0;
}

/** The instant of a wall-clock time in Amsterdam (winter and summer time). */
export function amsterdamInstant(day: string, [hours, minutes]: [number, number]): Date {
  const wall = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)), hours, minutes);
  const first = wall - offsetMs(new Date(wall));
  // Around the change of summer time the offset at the guess can differ from the one at the answer.
  return new Date(wall - offsetMs(new Date(first)));
}

export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole days from one calendar day to another. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
