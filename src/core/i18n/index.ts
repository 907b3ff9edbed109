import fs from 'node:fs';

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

/** Languages whose catalogue covers every key of the Dutch source: offered everywhere, the staff area included. */
export const COMPLETE_LANGUAGES: Lang[] = (Object.keys(LANGUAGES) as Lang[]).filter((lang) => {
  const keys = new Set(flattenKeys(catalogues[lang]));
  return [...sourceKeys].every((k) => keys.has(k));
});

/** Texts only staff see. Families' pages may be offered in a language before the back office is translated. */
export const STAFF_ONLY_KEYS = ['nav.', 'roles.', 'organisationTypes.', 'dev.', 'auth.', 'account.', 'mail.', 'admin.', 'audit.', 'catalogue.validation.', 'catalogueManage.', 'cases.', 'budgets.', 'reach.', 'professionals.'];
export const PUBLIC_LANGUAGES: Lang[] = (Object.keys(LANGUAGES) as Lang[]).filter((lang) => {
  const keys = new Set(flattenKeys(catalogues[lang]));
  return [...sourceKeys].filter((k) => !STAFF_ONLY_KEYS.some((p) => k.startsWith(p))).every((k) => keys.has(k));
});

export function languagesFor(staffFacing: boolean): Lang[] {
  return staffFacing ? COMPLETE_LANGUAGES : PUBLIC_LANGUAGES;
}

/**
 * A small translator over flattened catalogues: key lookup with Dutch fallback, plural forms
 * (key_one, key_other … chosen by Intl.PluralRules) and {{name}} interpolation. It does what
 * i18next did for us at a fraction of the cost per call, which matters on pages with hundreds of texts.
 */
export type T = (key: string, vars?: Record<string, unknown>) => string;

type Flat = Map<string, unknown>;
function flatten(obj: Catalogue, prefix = '', out: Flat = new Map()): Flat {
  for (const [k, v] of Object.entries(obj)) {
    out.set(`${prefix}${k}`, v);
    if (v && typeof v === 'object' && !Array.isArray(v)) flatten(v as Catalogue, `${prefix}${k}.`, out);
  }
  return out;
}
const flat = Object.fromEntries((Object.keys(LANGUAGES) as Lang[]).map((lang) => [lang, flatten(catalogues[lang])])) as Record<Lang, Flat>;
const INTERPOLATION = /\{\{\s*(\w+)\s*\}\}/g;

function makeTranslator(lang: Lang): T {
  const own = flat[lang];
  const source = flat[SOURCE_LANG];
  const plurals = new Intl.PluralRules(lang);
  const find = (key: string): unknown => own.get(key) ?? source.get(key);
  const translate: T = (key, vars) => {
    let value: unknown;
    if (vars && typeof vars.count === 'number') value = find(`${key}_${plurals.select(vars.count)}`) ?? find(`${key}_other`);
    value ??= find(key);
    if (vars?.returnObjects) return (value ?? key) as string;
    if (typeof value !== 'string') return key;
    if (!vars || !value.includes('{{')) return value;
    return value.replace(INTERPOLATION, (_m, name: string) => {
      const v = vars[name];
      if (v === undefined || v === null) return '';
      // A nested message ({ key, vars }) is translated in the same language, e.g. "Kind 2: {{message}}".
      if (typeof v === 'object' && typeof (v as { key?: unknown }).key === 'string') return translate((v as { key: string }).key, (v as { vars?: Record<string, unknown> }).vars);
      return String(v);
    });
  };
  return translate;
}

const translators = Object.fromEntries((Object.keys(LANGUAGES) as Lang[]).map((lang) => [lang, makeTranslator(lang)])) as Record<Lang, T>;

export function translator(lang: Lang): T {
  return translators[lang];
}

export function dirOf(lang: Lang): 'ltr' | 'rtl' {
  return LANGUAGES[lang].dir;
}

/** Picks the language from an explicit choice, else the cookie, else Accept-Language, else Dutch. */
export function negotiateLang(choice: unknown, cookie: unknown, acceptLanguage: string | undefined, staffFacing = false): Lang {
  const offered = languagesFor(staffFacing);
  if (isLang(choice) && offered.includes(choice)) return choice;
  if (isLang(cookie) && offered.includes(cookie)) return cookie;
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.trim().split(';')[0]?.slice(0, 2).toLowerCase();
    if (isLang(tag) && offered.includes(tag)) return tag;
  }
  return SOURCE_LANG;
}
