import type { Lang } from './index.ts';

const TIME_ZONE = 'Europe/Amsterdam';

// Intl formatters are costly to build and cheap to use: one per language and style.
const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function formatter<F extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => F): F {
  let f = cache.get(key) as F | undefined;
  if (!f) cache.set(key, (f = make()));
  return f;
}

export function formatDateTime(value: Date | string, lang: Lang): string {
  return formatter(`dt:${lang}`, () => new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: TIME_ZONE })).format(new Date(value));
}

export function formatDate(value: Date | string, lang: Lang): string {
  return formatter(`d:${lang}`, () => new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: TIME_ZONE })).format(new Date(value));
}

export function formatNumber(value: number, lang: Lang): string {
  return formatter(`n:${lang}`, () => new Intl.NumberFormat(lang)).format(value);
}
