import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp, type TestApp } from '../../../test/support/app.ts';
import { parseChild } from './answers.ts';
import { todayInAmsterdam } from './today.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp();
});
after(() => t.close());
const get = (url: string) => t.app.inject({ url });

test('children are read as an age or a birth date, and implausible ones refused', () => {
  assert.deepEqual(parseChild('8', '2026-11-24'), { child: { age: 8 } });
  assert.deepEqual(parseChild('1-5-2018', '2026-11-24'), { child: { birthDate: '2018-05-01' } });
  assert.deepEqual(parseChild('2018-05-01', '2026-11-24'), { child: { birthDate: '2018-05-01' } });
  assert.deepEqual(parseChild('31-02-2018', '2026-11-24'), { error: 'wizard.children.invalid' });
  assert.deepEqual(parseChild('01-01-2030', '2026-11-24'), { error: 'wizard.children.future' });
  assert.deepEqual(parseChild('01-01-1950', '2026-11-24'), { error: 'wizard.children.tooOld' });
  assert.deepEqual(parseChild('acht', '2026-11-24'), { error: 'wizard.children.invalid' });
});

test('every step refuses bad input with a Dutch message, never a 500, and shows it inert', async () => {
  const cases: Array<[string, RegExp]> = [
    ['/wizard/wie?postcode=', /Vul uw postcode in, of kies uw gemeente/],
    ['/wizard/wie?postcode=%3Cscript%3Ealert(1)%3C%2Fscript%3E', /Vul een geldige postcode in/],
    ['/wizard/wie?gemeente=GM9999', /Deze postcode kennen wij niet/],
    ['/wizard/wie?gemeente=x%27%3B--', /Vul een geldige postcode in/],
    ['/wizard/kinderen?postcode=3811AB&rol=koning', /Kies wie u bent/],
    ['/wizard/wat?postcode=3811AB&rol=ouder&kind-0=', /Vul de leeftijd of geboortedatum in/],
    ['/wizard/wat?postcode=3811AB&rol=ouder&kind-0=31-02-2018', /Kind 1: vul een leeftijd in/],
    ['/wizard/resultaat?postcode=3811AB&rol=jongere&kind=8', /Deze vragen zijn voor jongeren van 12 tot 18 jaar/],
  ];
  for (const [url, message] of cases) {
    const res = await get(url);
    assert.equal(res.statusCode, 400, url);
    assert.match(res.body, message, url);
    assert.doesNotMatch(res.body, /<script>alert/, url);
  }
  const weird = await get('/wizard/resultaat?postcode=3811AB&rol=ouder&kind=8&thema=onzin&thema[]=x&kind[]=y');
  assert.ok(weird.statusCode < 500);
});

test('a young person of 14 sees what they can ask themself, and what their parent must ask', async () => {
  const res = await get('/wizard/resultaat?postcode=3811AB&rol=jongere&kind=14&thema=birthday&thema=school');
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Schoolreis en excursies/);
  assert.doesNotMatch(res.body, /<h5 class="utrecht-heading-5">Verjaardagsbox<\/h5>/, 'the birthday box is for children up to 12');
  assert.match(res.body, /<strong>Verjaardagsbox<\/strong> \(Stichting Jarige Job\): tot en met 12 jaar/, 'and the page says why');
});

test('only the national organisations are active in Groningen, and the page says what they offer', async () => {
  const res = await get('/wizard/resultaat?gemeente=GM0014&rol=ouder&kind=8&thema=sport');
  assert.match(res.body, /Voor sport is er in Groningen niets voor dit kind/);
  assert.match(res.body, /Landelijke organisaties helpen dit kind wel met/);
  assert.match(res.body, /Verjaardagsbox/);
});

test('the public API answers like the page, resolves the municipality, and gives RFC 9457 problems', async () => {
  const ok = await get('/api/v1/options?postcode=%203511%20ab%20&age=8&role=parent&theme=school');
  assert.equal(ok.statusCode, 200);
  const body = ok.json();
  assert.deepEqual(body.municipality, { code: 'GM0344', name: 'Utrecht', commonName: 'Utrecht' });
  assert.ok(body.children[0].options.some((o: { title: { nl: string } }) => o.title.nl === 'U-pas kindregeling'));
  for (const [url, status, field] of [
    ['/api/v1/options?postcode=3511AB', 400, 'age'],
    ['/api/v1/options?age=8', 400, 'postcode'],
    ['/api/v1/options?postcode=3511AB&age=8&role=king', 400, 'role'],
    ['/api/v1/options?postcode=3511AB&age=8&theme=cars', 400, 'theme'],
    ['/api/v1/options?postcode=3511AB&birthDate=2030-01-01', 400, 'birthDate'],
    ['/api/v1/options?municipality=GM12&age=8', 400, 'municipality'],
  ] as const) {
    const res = await get(url);
    assert.equal(res.statusCode, status, url);
    assert.match(String(res.headers['content-type']), /application\/problem\+json/);
    assert.equal(res.json()['invalid-params'][0].name, field, url);
  }
  const unknown = await get('/api/v1/options?postcode=1116&age=8');
  assert.equal(unknown.statusCode, 404);
  const split = await get('/api/v1/options?postcode=1261AB&age=8');
  assert.equal(split.statusCode, 409);
  assert.deepEqual(split.json().candidates.map((c: { code: string }) => c.code), ['GM0376', 'GM0417']);
  const notFound = await get('/api/v1/bestaat-niet');
  assert.equal(notFound.statusCode, 404);
  assert.match(String(notFound.headers['content-type']), /problem\+json/);
});

test('the OpenAPI document describes the options endpoint', async () => {
  const doc = (await get('/api/openapi.json')).json();
  assert.equal(doc.openapi, '3.1.0');
  assert.ok(doc.paths['/api/v1/options'].get.parameters.some((p: { name: string }) => p.name === 'birthDate'));
});

test('wizard use is counted anonymously per municipality, role, age band and theme', async () => {
  const { db } = t.database;
  await get('/wizard/resultaat?postcode=3811AB&rol=ouder&kind=8&kind=15&thema=sport');
  await get('/wizard/resultaat?postcode=3811AB&rol=ouder&kind=9&thema=sport');
  await t.app.wizardUsage.flush();
  // Today's rows only: the demo data holds past years' demand.
  const rows = await db.selectFrom('wizard_uses').selectAll().where('municipality_code', '=', 'GM0307').where('theme', '=', 'sport').where('day', '=', todayInAmsterdam()).orderBy('age_band').execute();
  assert.deepEqual(rows.map((r) => [r.role, r.age_band, r.uses]), [['parent', '12-17', 1], ['parent', '4-11', 2]]);
});

test('a cached result page is never served to a logged-in staff member, and follows the language', async () => {
  const { Client, demoUser } = await import('../../../test/support/app.ts');
  const url = '/wizard/resultaat?postcode=3811AB&rol=ouder&kind=7&thema=sport';
  const anonymous = await get(url);
  assert.doesNotMatch(anonymous.body, /Uitloggen/);
  const staff = new Client(t.app);
  await staff.login(demoUser('case_handler').email);
  const own = await staff.get(url);
  assert.match(own.body, /Youssef El Amrani/);
  assert.match(own.body, /Uitloggen/);
  const english = await t.app.inject({ url, headers: { cookie: 'kr_lang=en' } });
  assert.match(english.body, /<html lang="en"/);
  assert.match(english.body, /What there is in Amersfoort/);
});
