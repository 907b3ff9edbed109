import { sql } from 'kysely';
import type { Db } from '../../core/db/index.ts';
import { periodOf } from '../reach/domain.ts';
import { generateHistory } from '../reach/generate.ts';

/**
 * Demo data for the reach dashboards: four past years of closed cases in the demo municipalities
 * (generated, without names), anonymous wizard demand, and target-group figures that are clearly
 * labelled as illustrative: they are made up, in the order of magnitude of the real CBS figures,
 * and every page that uses them says so. Development only, like all demo data.
 */
const DEMO_MUNICIPALITIES = [
  // code, relative number of children helped, illustrative target group (children in low-income households)
  { code: 'GM0307', weight: 6, children: 3900 },
  { code: 'GM0327', weight: 1, children: 420 },
  { code: 'GM0342', weight: 1.5, children: 760 },
  { code: 'GM0344', weight: 5, children: 9800 },
  { code: 'GM0363', weight: 6, children: 33500 },
] as const;

export async function seedReachDemo(db: Db, now = new Date()): Promise<void> {
  const current = periodOf(now).year;
  const years = [current - 4, current - 3, current - 2, current - 1];
  await generateHistory(db, {
    children: 1100,
    provisions: 1900,
    years,
    municipalities: DEMO_MUNICIPALITIES.map((m) => m.code),
    weights: DEMO_MUNICIPALITIES.map((m) => m.weight),
    label: 'demo',
    referralShare: 0.06,
    // Far from anything the random references of real submissions are likely to take.
    referenceOffset: 0xd0000000,
  });
  const groups = DEMO_MUNICIPALITIES.flatMap((m) =>
    years.map((y, i) => ({ municipality_code: m.code, year: y, source: 'cbs' as const, children: Math.round(m.children * (1 - 0.02 * (years.length - 1 - i))), illustrative: true, source_note: 'Voorbeeldcijfers voor de demonstratie, geen echte CBS-cijfers' })),
  );
  await db.insertInto('reach_target_groups').values(groups).execute();
  // Amersfoort counted the two groups itself for last year, and set the national targets.
  await db
    .insertInto('reach_target_groups')
    .values({ municipality_code: 'GM0307', year: current - 1, source: 'municipality', children: 3850, social_assistance_children: 1700, working_poor_children: 2150, illustrative: true, source_note: 'Voorbeeldcijfers voor de demonstratie' })
    .execute();
  await db.insertInto('reach_targets').values(years.map((y) => ({ municipality_code: 'GM0307', year: y, social_assistance_pct: 100, working_poor_pct: 70, low_income_pct: y < current - 1 ? 20 : null }))).execute();
  // Anonymous demand from the wizard, per day, as the usage counter writes it; Amsterdam asks for school costs too.
  await sql`
    insert into wizard_uses (day, municipality_code, role, age_band, theme, uses)
    select make_date(y, 1, 1) + (d * 7), m, 'parent', b, h, 1 + (hashint4(y * 1000 + d * 7 + length(m || b || h)) & 2147483647) % 9
    from unnest(${years}::int[]) as y, generate_series(0, 51) as d,
         unnest(${DEMO_MUNICIPALITIES.map((m) => m.code)}::text[]) as m,
         unnest(array['4-11','12-17']) as b,
         unnest(array['sport','school','culture']) as h
    on conflict do nothing`.execute(db);
}
