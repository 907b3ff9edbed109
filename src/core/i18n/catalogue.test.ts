import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { COMPLETE_LANGUAGES, LANGUAGES, flattenKeys, readCatalogue, type Lang } from './index.ts';

/** Plural forms (_one, _other …) count as the base key. */
const base = (k: string) => k.replace(/_(zero|one|two|few|many|other)$/, '');

test('English is complete and no catalogue has keys the Dutch source lacks', () => {
  const source = new Set(flattenKeys(readCatalogue('nl')).map(base));
  assert.ok(COMPLETE_LANGUAGES.includes('en'), `English misses: ${[...source].filter((k) => !new Set(flattenKeys(readCatalogue('en')).map(base)).has(k)).join(', ')}`);
  for (const lang of Object.keys(LANGUAGES) as Lang[]) {
    const extra = flattenKeys(readCatalogue(lang)).map(base).filter((k) => !source.has(k));
    assert.deepEqual(extra, [], `${lang} has keys that Dutch lacks`);
  }
});

test('every translation key used in the code exists in the Dutch source', () => {
  const source = new Set(flattenKeys(readCatalogue('nl')).map(base));
  const prefixes = new Set([...source].flatMap((k) => k.split('.').map((_, i, parts) => parts.slice(0, i + 1).join('.'))));
  const missing: string[] = [];
  const root = path.resolve(import.meta.dirname, '../../');
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [path.join(dir, e.name)] : []));
  for (const file of walk(root)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z][\w.-]*)'/g)) {
      const key = m[1]!;
      if (!source.has(key) && !prefixes.has(key)) missing.push(`${path.relative(root, file)}: ${key}`);
    }
  }
  assert.deepEqual(missing, []);
});

test('Arabic is right-to-left and covers every text families see', async () => {
  const { PUBLIC_LANGUAGES, STAFF_ONLY_KEYS } = await import('./index.ts');
  assert.equal(LANGUAGES.ar.dir, 'rtl');
  const arabic = new Set(flattenKeys(readCatalogue('ar')).map(base));
  const missing = flattenKeys(readCatalogue('nl')).map(base).filter((k) => !STAFF_ONLY_KEYS.some((p) => k.startsWith(p)) && !arabic.has(k));
  assert.deepEqual([...new Set(missing)], []);
  assert.ok(PUBLIC_LANGUAGES.includes('ar'));
});

test('the translator picks plural forms, interpolates, and falls back to Dutch', async () => {
  const { translator } = await import('./index.ts');
  const nl = translator('nl');
  assert.equal(nl('account.recoveryLeft', { count: 1 }), 'U heeft nog 1 ongebruikte herstelcode.');
  assert.equal(nl('account.recoveryLeft', { count: 3 }), 'U heeft nog 3 ongebruikte herstelcodes.');
  assert.equal(nl('wizard.progress', { step: 2, total: 4 }), 'Stap 2 van 4');
  assert.equal(nl('no.such.key'), 'no.such.key');
  assert.equal(translator('ar')('admin.home.title'), nl('admin.home.title'), 'an untranslated text falls back to Dutch');
  assert.ok(Array.isArray(nl('privacy.sections', { returnObjects: true })));
});

test('a nested message is translated in the same language', async () => {
  const { translator } = await import('./index.ts');
  const nl = translator('nl');
  assert.equal(nl('applications.children.forChild', { n: 2, message: { key: 'applications.children.birthDateRequired' } }), 'Kind 2: Vul de geboortedatum in.');
});

test('every translation uses the same {{variables}} as the Dutch source', () => {
  const vars = (s: unknown) => (typeof s === 'string' ? [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort().join(',') : '');
  const flat = (lang: Lang) => {
    const out = new Map<string, unknown>();
    const walk = (obj: Record<string, unknown>, prefix: string) => {
      for (const [k, v] of Object.entries(obj)) {
        if (v && typeof v === 'object' && !Array.isArray(v)) walk(v as Record<string, unknown>, `${prefix}${k}.`);
        else out.set(`${prefix}${k}`, v);
      }
    };
    walk(readCatalogue(lang), '');
    return out;
  };
  const source = flat('nl');
  const wrong: string[] = [];
  for (const lang of Object.keys(LANGUAGES) as Lang[]) {
    if (lang === 'nl') continue;
    for (const [key, value] of flat(lang)) {
      const dutch = source.get(key) ?? source.get(key.replace(/_(zero|one|two|few|many|other)$/, '_other'));
      if (dutch === undefined) continue;
      // A plural form may leave out {{count}} (Arabic "one" and "two" say the number in words).
      const mine = vars(value).split(',').filter((v) => v !== 'count').join(',');
      const theirs = vars(dutch).split(',').filter((v) => v !== 'count').join(',');
      if (mine !== theirs) wrong.push(`${lang} ${key}: {${mine}} vs nl {${theirs}}`);
    }
  }
  assert.deepEqual(wrong, []);
});
