import { sql } from 'kysely';
import type { Db } from '../../core/db/index.ts';

/**
 * Generated history for the demo and the benchmark: closed cases of past years, made in bulk SQL
 * (generate_series) so that two million provisions take minutes, not hours. Every child gets a
 * synthetic child key ("v1:" and an MD5 of a generation label and its number), never a real one;
 * names are left empty, as the reach figures never need them. Deterministic: the same options give
 * the same rows.
 */
export interface HistoryOptions {
  /** unique children */
  children: number;
  /** provisions (case items) in all; each child gets at least one */
  provisions: number;
  /** calendar years, e.g. [2021, …, 2025] */
  years: number[];
  /** CBS codes; children are spread over them, weighted by the given weights when present */
  municipalities: string[];
  weights?: number[];
  /** kept apart from other generations (child keys, references) */
  label: string;
  /** share of items that come with a referral to another organisation, e.g. 0.03 */
  referralShare?: number;
  /** first reference number, so that two generations never share a reference */
  referenceOffset?: number;
}

export async function generateHistory(db: Db, o: HistoryOptions): Promise<{ items: number; children: number }> {
  if (o.municipalities.length === 0 || o.children <= 0) return { items: 0, children: 0 };
  // Inside a caller's transaction (the demo seed) the work joins it; otherwise it gets its own.
  return db.isTransaction ? generateIn(db, o) : db.transaction().execute((trx) => generateIn(trx, o));
}

async function generateIn(trx: Db, o: HistoryOptions): Promise<{ items: number; children: number }> {
  {
    // What can be granted where: every published provision whose organisation covers the municipality.
    await sql.raw(`create temp table gen_munis (idx integer, code text, lo bigint, hi bigint)`).execute(trx);
    const weights = o.weights ?? o.municipalities.map(() => 1);
    const sum = weights.reduce((a, b) => a + b, 0);
    let acc = 0;
    const ranges = o.municipalities
      .map((code, i) => {
        const lo = Math.round((acc / sum) * o.children);
        acc += weights[i]!;
        return { code, lo, hi: Math.round((acc / sum) * o.children) };
      })
      .filter((r) => r.hi > r.lo)
      .map((r, idx) => ({ idx, ...r }));
    await sql`insert into gen_munis select * from jsonb_to_recordset(${JSON.stringify(ranges)}::jsonb) as x(idx integer, code text, lo bigint, hi bigint)`.execute(trx);
    await sql.raw(`
      create temp table gen_offers  as
      select m.idx as mun, row_number() over (partition by m.idx order by org.name, p.rules->'title'->>'nl', p.id) - 1 as k, p.id as provision_id, p.version, p.theme, p.organisation_id
      from gen_munis m
      join organisation_municipalities om on om.municipality_code = m.code
      join organisations org on org.id = om.organisation_id and org.type <> 'national_office'
      join provisions p on p.organisation_id = om.organisation_id and p.status = 'published' and coalesce(p.rules->'apply'->>'mode', '') <> 'external'
      where not exists (select 1 from provision_municipalities pm where pm.provision_id = p.id)
         or exists (select 1 from provision_municipalities pm where pm.provision_id = p.id and pm.municipality_code = m.code)`).execute(trx);
    await sql.raw(`create index on gen_offers (mun, k)`).execute(trx);
    await sql.raw(`create temp table gen_counts  as select mun, count(*)::int as n from gen_offers group by mun`).execute(trx);

    // One row per item. Child c has item c, and items beyond the number of children go to random children.
    const years = o.years;
    await sql`
      create temp table gen_items  as
      with items as (
        select g as n,
               case when g < ${o.children}::bigint then g else (hashint8(g * 31 + 7) & 2147483647)::bigint % ${o.children}::bigint end as child
        from generate_series(0::bigint, ${o.provisions - 1}::bigint) g
      )
      select i.n, i.child, m.code as municipality_code, m.idx as mun,
             (hashint8(i.child * 13 + 1) & 2147483647) % 18 as age0,
             ${years[0]!}::int + ((hashint8(i.n * 17 + 3) & 2147483647) % ${years.length}) as year,
             (hashint8(i.n * 19 + 5) & 2147483647) % 360 as day,
             (hashint8(i.n * 23 + 9) & 2147483647) % 100 as fate,
             1 + (hashint8(i.n * 29 + 11) & 2147483647) % 50 as handling,
             gen_random_uuid() as application_id, gen_random_uuid() as case_id, gen_random_uuid() as child_id, gen_random_uuid() as item_id
      from items i
      join gen_munis m on m.idx = width_bucket(i.child, ${ranges.map((r) => r.lo)}::bigint[]) - 1`.execute(trx);
    await sql.raw(`
      alter table gen_items add column provision_id uuid, add column version integer, add column theme text, add column organisation_id uuid, add column released_at timestamptz`).execute(trx);
    await sql.raw(`
      update gen_items g set provision_id = f.provision_id, version = f.version, theme = f.theme, organisation_id = f.organisation_id,
             released_at = make_timestamptz(g.year, 1, 1, 9, 0, 0, 'Europe/Amsterdam') + make_interval(days => g.day::int)
      from gen_counts c, gen_offers f
      where c.mun = g.mun and f.mun = g.mun and f.k = (hashint8(g.n * 37 + 13) & 2147483647) % c.n`).execute(trx);
    await sql.raw(`delete from gen_items where provision_id is null`).execute(trx);
    const offset = o.referenceOffset ?? 0;
    const label = o.label.replace(/[^a-z0-9-]/gi, '');
    await sql`
      insert into applications (id, reference, channel, applicant_role, applicant_name, applicant_email, language, municipality_code, submitted_at)
      select application_id, 'KR-' || substr(r, 1, 4) || '-' || substr(r, 5, 4), 'online', 'parent', 'Voorbeeld (gegenereerd)', 'voorbeeld@example.invalid', 'nl', municipality_code, released_at
      from (select *, upper(lpad(to_hex(n + ${offset}::bigint), 8, '0')) as r from gen_items) x`.execute(trx);
    await sql`
      insert into cases (id, application_id, organisation_id, municipality_code, channel, status, applicant_role, applicant_name, applicant_email, language, created_at, released_at, due_at, closed_at, updated_at)
      select case_id, application_id, organisation_id, municipality_code, 'online', 'closed', 'parent', 'Voorbeeld (gegenereerd)', 'voorbeeld@example.invalid', 'nl', released_at, released_at, released_at + interval '28 days', released_at + make_interval(days => handling::int), released_at
      from gen_items`.execute(trx);
    await sql`
      insert into case_children (id, case_id, position, age_at_application)
      select child_id, case_id, 1, least(20, age0 + (year - ${years[0]!}::int)) from gen_items`.execute(trx);
    await sql`
      insert into case_items (id, case_id, case_child_id, provision_id, provision_version, theme, status, child_key, period_start, created_at, updated_at, decided_at)
      select item_id, case_id, child_id, provision_id, version, theme,
             case when fate < 45 then 'delivered' when fate < 72 then 'granted' when fate < 87 then 'rejected' when fate < 93 then 'withdrawn' else 'in_progress' end,
             'v1:' || md5(${label} || ':' || child), make_date(year, 1, 1), released_at, released_at + make_interval(days => handling::int),
             case when fate < 87 then released_at + make_interval(days => handling::int) end
      from gen_items`.execute(trx);
    if ((o.referralShare ?? 0) > 0) {
      // A referral from the organisation that handled the item to another one active in the municipality.
      await sql`
        insert into referrals (application_id, from_case_id, from_organisation_id, to_organisation_id, provision_id, status, created_at, updated_at)
        select g.application_id, g.case_id, g.organisation_id, f.organisation_id, f.provision_id, 'created', g.released_at + interval '3 days', g.released_at + interval '3 days'
        from gen_items g
        join gen_counts c on c.mun = g.mun
        join gen_offers f on f.mun = g.mun and f.k = (hashint8(g.n * 41 + 17) & 2147483647) % c.n
        where (hashint8(g.n * 43 + 19) & 2147483647) % 1000 < ${Math.round((o.referralShare ?? 0) * 1000)} and f.organisation_id <> g.organisation_id`.execute(trx);
    }
    const count = await sql<{ items: number; children: number }>`select count(*)::int as items, count(distinct child)::int as children from gen_items`.execute(trx);
    await sql.raw(`drop table gen_items, gen_counts, gen_offers, gen_munis`).execute(trx);
    return count.rows[0]!;
  }
}
