import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Client, createTestApp, type TestApp } from './support/app.ts';

/**
 * Malformed, oversized, wrongly encoded, unicode-heavy and injection-shaped input against every
 * public page, form and API endpoint: never a 5xx, never a stack trace or SQL text.
 * A seeded generator keeps failures reproducible; the count is bounded (FUZZ_COUNT, default 10,000).
 */
const COUNT = Number(process.env.FUZZ_COUNT ?? 10_000);
let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());

function rng(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

const NASTY = [
  '', ' ', '0', '-1', '99999999999999999999', '1e309', 'NaN', 'null', 'undefined', 'true', '[]', '{}',
  "' OR 1=1 --", '"; drop table users; --', "1'; select pg_sleep(5); --", '$$', '\\', '%00', '\u0000', '%', '%%', '%ZZ', '%C0%AF',
  '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', 'javascript:alert(1)', '{{constructor.constructor("x")()}}', '${7*7}', '__proto__', 'constructor',
  'Ÿ̷̧̛̖̮͎', 'مرحبا', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '👨‍👩‍👧‍👦', 'é'.normalize('NFD'), '\u202Eevil', '\uFEFF', '\uD800', 'Ｆｕｌｌ', 'x'.repeat(5000),
  '3511AB', '3511 ab', '1261', '0000AA', 'GM0344', 'GM9999', '2018-02-30', '31-12-2099', '15-03-2018', '8', '17', '250',
  '../../etc/passwd', '//evil.example', 'http://evil.example', '\r\nSet-Cookie: x=1', 'a\nb', 'a\tb',
];

const PUBLIC_GETS = [
  '/', '/wizard/wie', '/wizard/kinderen', '/wizard/wat', '/wizard/resultaat', '/api/v1/options', '/privacy', '/toegankelijkheid', '/inloggen', '/wachtwoord-vergeten', '/taal/en',
  '/aanvragen', '/aanvragen/keuze', '/aanvragen/aanvrager', '/aanvragen/huishouden', '/aanvragen/kinderen', '/aanvragen/toestemming', '/aanvragen/controleren', '/aanvragen/later',
  '/aanvraag', '/aanvraag/KR-7F3K-9QXM', '/aanvraag/KR-7F3K-9QXM/ontvangen', '/concept/abc', '/status/abc', '/status/KR7F3K9QXM.9999999999.abc', '/ouder/abc',
];
const PARAMS = ['postcode', 'gemeente', 'rol', 'kind', 'kind-0', 'kind-1', 'thema', 'meer', 'terug', 'age', 'birthDate', 'role', 'theme', 'municipality', 'melding', 'verstuurd', 'kies', 'toon', 'referentie'];
const FORMS: Array<[string, string[]]> = [
  ['/inloggen', ['email', 'password']],
  ['/inloggen/code', ['code']],
  ['/wachtwoord-vergeten', ['email']],
  ['/uitnodiging/abc', ['password', 'confirm']],
  ['/wachtwoord-herstellen/abc', ['password', 'confirm']],
  ['/inloggen/tweestapsverificatie', ['code']],
  // The application form, on a live draft (see the loop): every step's real field names.
  ['/aanvragen/keuze', ['herkomst', 'kies-0', 'kies-1', 'actie']],
  ['/aanvragen/aanvrager', ['first_name', 'last_name', 'email', 'phone', 'language', 'parent_name', 'parent_email', 'parent_phone', 'actie']],
  ['/aanvragen/huishouden', ['postcode', 'house_number', 'addition', 'street', 'place', 'gemeente', 'adults', 'children_count', 'income_monthly', 'income_sources', 'debt_help']],
  ['/aanvragen/kinderen', ['child-0-first_name', 'child-0-last_name', 'child-0-birth_date', 'child-0-school', 'child-0-class', 'child-0-school_level', 'child-0-bsn', 'child-1-birth_date', 'item-0-00000000-0000-0000-0000-000000000000-fee']],
  ['/aanvragen/toestemming', ['consent-00000000-0000-0000-0000-000000000000']],
  ['/aanvragen/controleren', []],
  ['/aanvragen/later', ['email']],
  ['/aanvraag', ['email', 'referentie']],
];

function checkResponse(status: number, body: string, label: string) {
  assert.ok(status < 500, `${label} → ${status}`);
  assert.doesNotMatch(body, /at [\w.<>]+ \(.*\.(ts|js):\d+:\d+\)|syntax error at or near|relation "[a-z_]+"|PGlite|node_modules/, label);
}

test(`${COUNT} malformed inputs to public pages, forms and the API: no 5xx, no internals`, async () => {
  const random = rng(20261124);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const client = new Client(t.app);
  await client.get('/inloggen');
  // A live draft with a valid choice, so that the later steps parse what is fuzzed instead of sending it away.
  const snapshot = await t.app.referenceCache.current();
  const validChoice = snapshot.catalogueFor('GM0307').filter((e) => e.rules.apply.mode === 'online' && e.rules.applicants.includes('parent')).map((e) => e.id);
  const startDraft = () => client.post('/aanvragen/keuze', { herkomst: 'postcode=3811AB&rol=ouder&kind=8&kind=14', 'kies-0': validChoice.slice(0, 2), 'kies-1': validChoice.slice(2, 3) });
  await startDraft();
  let sent = 0;
  while (sent < COUNT) {
    if (sent % 100 === 0) await startDraft();
    const kind = random();
    if (kind < 0.6) {
      const params = new URLSearchParams();
      const n = Math.floor(random() * 5);
      for (let i = 0; i < n; i++) params.append(pick(PARAMS), pick(NASTY));
      // Raw, possibly broken percent-encoding too.
      const raw = random() < 0.2 ? `&${pick(PARAMS)}=${pick(['%', '%E0%A4%A', '%FF%FE', '%u0041', '%%32'])}` : '';
      const url = `${pick(PUBLIC_GETS)}?${params.toString()}${raw}`;
      const res = await t.app.inject({ method: 'GET', url });
      checkResponse(res.statusCode, res.body, `GET ${url.slice(0, 200)}`);
    } else {
      const [path, fields] = pick(FORMS);
      const form: Record<string, string> = {};
      // A lone surrogate cannot be percent-encoded: such a value goes in as it is.
      const enc = (v: string) => {
        try {
          return encodeURIComponent(v);
        } catch {
          return v;
        }
      };
      for (const f of fields) if (random() < 0.9) form[f] = f === 'herkomst' && random() < 0.5 ? `postcode=${enc(pick(NASTY))}&rol=${pick(['ouder', 'jongere', 'professional', pick(NASTY)])}&kind=${enc(pick(NASTY))}` : pick(NASTY);
      const csrf = random() < 0.85 ? undefined : pick([null, 'forged-token', '']);
      const res = await client.post(path, form, csrf === undefined ? {} : { csrf });
      checkResponse(res.statusCode, res.body, `POST ${path} ${JSON.stringify(form).slice(0, 200)}`);
      if (kind > 0.97) {
        const weird = await t.app.inject({ method: 'POST', url: path, headers: { 'content-type': pick(['application/json', 'text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded; charset=utf-16']) }, payload: pick(NASTY) });
        checkResponse(weird.statusCode, weird.body, `POST ${path} with odd content type`);
        sent++;
      }
    }
    sent++;
  }
  console.log(`fuzz: ${sent} requests, none answered 5xx or showed internals`);
});
