import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_CATALOGUE } from '../demo/catalogue.ts';
import { DEMO_ORGANISATIONS } from '../demo/accounts.ts';
import { RulesSchema } from './rules.ts';
import { ageOn, inWindow, referenceDay, route, type CatalogueEntry, type RoutingQuery } from './routing.ts';

const ORG_COVERAGE: Record<string, string[]> = {
  leergeld: ['GM0307', 'GM0327', 'GM0342'],
  'jfsc-utrecht': ['GM0307', 'GM0344', 'GM0327', 'GM0342'],
  'jfsc-amsterdam': ['GM0363'],
  kinderhulp: ['GM0307', 'GM0344', 'GM0363', 'GM0014'],
  'jarige-job': ['GM0307', 'GM0344', 'GM0363', 'GM0014'],
  amersfoort: ['GM0307'],
  utrecht: ['GM0344'],
};

const catalogue: CatalogueEntry[] = DEMO_CATALOGUE.map((item, i) => {
  const org = DEMO_ORGANISATIONS.find((o) => o.key === item.organisation)!;
  const orgSet = new Set(ORG_COVERAGE[item.organisation]);
  return {
    id: `p${i}`,
    version: 1,
    theme: item.theme,
    organisation: { id: org.key, name: org.name, type: org.type },
    rules: RulesSchema.parse(item.rules),
    municipalities: item.municipalities ? new Set(item.municipalities) : orgSet,
    organisationMunicipalities: orgSet,
    placesTaken: 0,
  };
});

const ask = (q: Partial<RoutingQuery>) => route(catalogue, { municipalityCode: 'GM0307', date: '2026-11-24', role: 'parent', children: [{ age: 8 }], themes: [], ...q });
const titles = (answer: ReturnType<typeof ask>[number]) => answer.themes.flatMap((t) => t.organisations.flatMap((o) => o.options.map((x) => x.entry.rules.title.nl)));

test('ages are counted on the day, or on a reference date such as 1 September', () => {
  assert.equal(ageOn('2018-11-25', '2026-11-24'), 7);
  assert.equal(ageOn('2018-11-24', '2026-11-24'), 8);
  assert.equal(ageOn('2016-02-29', '2026-02-28'), 9);
  assert.equal(referenceDay('2026-11-24', '09-01'), '2026-09-01');
  assert.equal(referenceDay('2026-03-01', '09-01'), '2025-09-01');
  assert.ok(inWindow('2026-12-01', { from: '10-15', until: '12-10' }));
  assert.ok(!inWindow('2026-12-11', { from: '10-15', until: '12-10' }));
  assert.ok(inWindow('2027-01-05', { from: '12-15', until: '01-15' }), 'a window may run over new year');
});

test('a parent in Amersfoort with an 8-year-old sees Leergeld, the municipality, Jarige Job, and the Jeugdfonds via a professional', () => {
  const [child] = ask({});
  const all = titles(child!);
  for (const t of ['Schoolreis en excursies', 'Schoolkostenregeling Amersfoort', 'Verjaardagsbox', 'Lid worden van een sportclub', 'Meedoenbudget Amersfoort', 'Fiets']) assert.ok(all.includes(t), t);
  assert.ok(!all.includes('Laptop voor school'), 'laptop is from 11');
  const sport = child!.themes.find((t) => t.theme === 'sport')!;
  assert.equal(sport.organisations[0]!.organisation.type, 'municipality', 'the municipality scheme comes first');
  const jfsc = sport.organisations.flatMap((o) => o.options).find((o) => o.entry.organisation.id === 'jfsc-utrecht')!;
  assert.equal(jfsc.via, 'professional');
  const trip = child!.themes.find((t) => t.theme === 'school')!.organisations.flatMap((o) => o.options).find((o) => o.entry.rules.title.nl === 'Schoolreis en excursies')!;
  assert.equal(trip.maxAmount, 27500, 'primary-school amount');
  assert.equal(trip.municipalFirst?.rules.title.nl, 'Schoolkostenregeling Amersfoort', 'Leergeld checks the municipal scheme first');
  const laptop = child!.unavailable.find((u) => u.entry.rules.title.nl === 'Laptop voor school')!;
  assert.deepEqual(laptop.reasons, [{ code: 'age_min', min: 11 }]);
  assert.equal(child!.themes[0]!.theme, 'school', 'themes in a fixed order');
});

test('different municipalities give different answers', () => {
  const utrecht = titles(ask({ municipalityCode: 'GM0344' })[0]!);
  assert.ok(utrecht.includes('U-pas kindregeling') && !utrecht.includes('Schoolreis en excursies'));
  const amsterdam = titles(ask({ municipalityCode: 'GM0363' })[0]!);
  assert.ok(amsterdam.includes('Sporten bij een club') && !amsterdam.includes('Lid worden van een sportclub'));
  const groningen = ask({ municipalityCode: 'GM0014', themes: ['sport'] })[0]!;
  assert.deepEqual(groningen.themes, [], 'only national organisations work in Groningen');
  assert.deepEqual(groningen.missingThemes, ['sport']);
  assert.ok(groningen.nationalAlternatives.some((o) => o.entry.organisation.type === 'jarige_job'), 'name what national organisations offer instead');
});

test('only-via-a-professional provisions are explained to a professional-less young person, and open to professionals', () => {
  const young = ask({ role: 'young', children: [{ age: 14 }], themes: ['basic_needs'] })[0]!;
  const coat = young.themes.flatMap((t) => t.organisations.flatMap((o) => o.options)).find((o) => o.entry.rules.title.nl === 'Kleding en een winterjas');
  assert.equal(coat?.via, 'professional');
  const pro = ask({ role: 'professional', children: [{ age: 14 }], themes: ['basic_needs'] })[0]!;
  const proCoat = pro.themes.flatMap((t) => t.organisations.flatMap((o) => o.options)).find((o) => o.entry.rules.title.nl === 'Kleding en een winterjas');
  assert.equal(proCoat?.via, null);
  const youngBirthday = ask({ role: 'young', children: [{ age: 12 }], themes: ['birthday'] })[0]!;
  assert.equal(youngBirthday.themes[0]!.organisations[0]!.options[0]!.via, 'parent', 'a young person is pointed to their parent');
  const utrechtPro = ask({ municipalityCode: 'GM0344', role: 'professional', themes: ['school'] })[0]!;
  assert.deepEqual(utrechtPro.unavailable.find((u) => u.entry.rules.title.nl === 'U-pas kindregeling')!.reasons, [{ code: 'not_for_role', roles: ['parent', 'young'] }]);
  const child10 = ask({ role: 'young', children: [{ age: 10 }], themes: ['school'] })[0]!;
  assert.ok(child10.themes.length > 0 && child10.themes.every((t) => t.organisations.every((o) => o.options.every((x) => x.via !== null || x.entry.rules.applicants.includes('young')))));
});

test('campaigns follow their window and go to a waiting list when full', () => {
  const december = ask({ date: '2026-12-01', themes: ['leisure'], role: 'professional' })[0]!;
  const pepernoot = december.themes.flatMap((t) => t.organisations.flatMap((o) => o.options)).find((o) => o.entry.rules.title.nl.startsWith('Actie Pepernoot'))!;
  assert.equal(pepernoot.waitingList, false);
  const zomer = december.unavailable.find((u) => u.entry.rules.title.nl === 'Zomerpret')!;
  assert.deepEqual(zomer.reasons, [{ code: 'outside_window', from: '05-15', until: '08-31' }]);
  const full = route(
    catalogue.map((e) => (e.rules.capacity ? { ...e, placesTaken: e.rules.capacity } : e)),
    { municipalityCode: 'GM0307', date: '2026-12-01', role: 'professional', children: [{ age: 8 }], themes: ['leisure'] },
  )[0]!;
  assert.equal(full.themes.flatMap((t) => t.organisations.flatMap((o) => o.options)).find((o) => o.entry.rules.title.nl.startsWith('Actie Pepernoot'))!.waitingList, true);
});

test('several children get their own answers; birth dates count on the reference date', () => {
  const answers = ask({ children: [{ birthDate: '2022-01-10' }, { birthDate: '2014-10-01' }], themes: ['school'] });
  assert.equal(answers.length, 2);
  assert.equal(answers[0]!.age, 4);
  assert.equal(answers[1]!.age, 12);
  const trip = answers[1]!.themes[0]!.organisations.flatMap((o) => o.options).find((o) => o.entry.rules.title.nl === 'Schoolreis en excursies')!;
  assert.equal(trip.age, 11, 'age on 1 September of this school year');
  assert.equal(trip.maxAmount, 27500);
});

test('routing stays under a millisecond per question on a full catalogue', () => {
  const big: CatalogueEntry[] = [];
  for (let m = 0; m < 20; m++) for (const e of catalogue) big.push({ ...e, id: `${e.id}-${m}` });
  const started = performance.now();
  const n = 2000;
  for (let i = 0; i < n; i++) route(big, { municipalityCode: 'GM0307', date: '2026-11-24', role: 'parent', children: [{ age: i % 18 }, { age: 9 }], themes: [] });
  const perQuestion = (performance.now() - started) / n;
  console.log(`routing: ${perQuestion.toFixed(3)} ms per question over ${big.length} provisions`);
});
