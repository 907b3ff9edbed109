import fs from 'node:fs';
import i18next, { type TFunction } from 'i18next';

/**
 * Dutch is the source language; every other catalogue is checked against it in CI
 * (src/core/i18n/catalogue.test.ts). A language is offered in the switch only when complete.
 */
export const LANGUAGES = {
  nl: { name: 'Nederlands', dir: 'ltr' },
  en: { name: 'English', dir: 'ltr' },
  ar: { name: 'العربية', dir: 'rtl' },
  tr: { name: 'Türkçe', dir: 'ltr' },
  pl: { name: 'Polski', dir: 'ltr' },
  uk: { name: 'Українська', dir: 'ltr' },
} as const;
export type Lang = keyof typeof LANGUAGES;
export const SOURCE_LANG: Lang = 'nl';

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && Object.hasOwn(LANGUAGES, value);
}

type Catalogue = Record<string, unknown>;

/**
 * A language's catalogue is every JSON file in locales/<lang>/, one per feature, merged.
 * Each file holds its own top-level keys, so features never edit each other's files.
 */
export function readCatalogue(lang: Lang): Catalogue {
  const dir = new URL(`./locales/${lang}/`, import.meta.url);
  if (!fs.existsSync(dir)) return {};
  const merged: Catalogue = {};
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const content = JSON.parse(fs.readFileSync(new URL(file, dir), 'utf8')) as Catalogue;
    for (const [key, value] of Object.entries(content)) {
      if (Object.hasOwn(merged, key)) throw new Error(`i18n: top-level key "${key}" defined twice in locales/${lang}/`);
      merged[key] = value;
    }
  }
  return merged;
}

export function flattenKeys(obj: Catalogue, prefix = ''): string[] {
  return Object.entries(obj).flatMap(([k, v]) =>
    v && typeof v === 'object' ? flattenKeys(v as Catalogue, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

const catalogues = Object.fromEntries(
  (Object.keys(LANGUAGES) as Lang[]).map((lang) => [lang, readCatalogue(lang)]),
) as Record<Lang, Catalogue>;

const sourceKeys = new Set(flattenKeys(catalogues.nl));

/** Languages whose catalogue covers every key of the Dutch source. */
export const COMPLETE_LANGUAGES: Lang[] = (Object.keys(LANGUAGES) as Lang[]).filter((lang) => {
  const keys = new Set(flattenKeys(catalogues[lang]));
  return [...sourceKeys].every((k) => keys.has(k));
});

const instance = i18next.createInstance();
void instance.init({
  initAsync: false,
  resources: Object.fromEntries(Object.entries(catalogues).map(([lang, c]) => [lang, { translation: c }])),
  lng: SOURCE_LANG,
  fallbackLng: SOURCE_LANG,
  supportedLngs: Object.keys(LANGUAGES),
  // Escaping happens in JSX rendering; escaping here too would double-escape.
  interpolation: { escapeValue: false },
  returnNull: false,
});

export type T = TFunction;
export function translator(lang: Lang): T {
  return instance.getFixedT(lang);
}

export function dirOf(lang: Lang): 'ltr' | 'rtl' {
  return LANGUAGES[lang].dir;
}

/** Picks the language from an explicit choice, else the cookie, else Accept-Language, else Dutch. */
export function negotiateLang(choice: unknown, cookie: unknown, acceptLanguage: string | undefined): Lang {
  if (isLang(choice) && COMPLETE_LANGUAGES.includes(choice)) return choice;
  if (isLang(cookie) && COMPLETE_LANGUAGES.includes(cookie)) return cookie;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.trim().split(';')[0]?.slice(0, 2).toLowerCase();
    if (isLang(tag) && COMPLETE_LANGUAGES.includes(tag)) return tag;
  }
  return SOURCE_LANG;
}
