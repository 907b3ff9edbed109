import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Db } from '../../core/db/index.ts';
import type { JobHandler } from '../../core/jobs/queue.ts';
import { ageBandSql, periodOf } from './domain.ts';
import { cubeRelations, suppressCube, type CubeCell, type ExtraRelation } from './cube.ts';
import { suppress } from './suppression.ts';

/**
 * The refresh of the materialised reach figures. Runs as a job (queue `reach.refresh`): once a
 * night through the daily scheduler, and on demand from the national office's page. It:
 * 1. takes a session-level advisory lock on one connection (a second refresh anywhere skips instead of waiting);
 * 2. collects the events of released case items into a temporary table (received at release,
 *    granted or rejected at decision, by the Dutch calendar);
 * 3. computes every published cell exactly with GROUPING SETS and count(distinct child_key);
 * 4. suppresses small figures and their complements across all tables at once (cube.ts);
 * 5. replaces the rows of the refreshed years in one transaction, so that every process sees
 *    either the old or the new figures, never a mix.
 * Closed years (before last year) that already have figures are kept as they are: personal data
 * may be erased later, the figures about those years must not change because of it.
 */
export const REACH_QUEUE = 'reach.refresh';
const LOCK = 4242007;

export const MEASURES = ['received', 'granted', 'rejected', 'net'] as const;
export type Measure = (typeof MEASURES)[number];

export interface RefreshReport {
  skipped: boolean;
  years: number[];
  cells: number;
  suppressed: number;
  durationMs: number;
  stepsMs: Record<string, number>;
}

interface CellRow {
  y: number;
  mo: number;
  m: string;
  o: string;
  h: string;
  a: string;
  received: number;
  granted: number;
  rejected: number;
  net: number;
  median: number | null;
  decisions: number;
}

export async function refreshReach(db: Db, options: { years?: 'auto' | 'all' | number[]; now?: Date } = {}): Promise<RefreshReport> {
  const started = performance.now();
  const steps: Record<string, number> = {};
  let last = started;
  const step = (name: string) => {
    const now = performance.now();
    steps[name] = Math.round(now - last);
    if (process.env.REACH_DEBUG) console.log(name, steps[name]);
    last = now;
  };
  const now = options.now ?? new Date();
  // One connection for the whole refresh: a session-level advisory lock (a second refresh anywhere
  // skips instead of waiting), a read in one snapshot, suppression with no transaction open (it takes
  // minutes at national scale and must not hold back vacuum), then a short writing transaction.
  return db.connection().execute(async (conn) => {
    const locked = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${LOCK}) as ok`.execute(conn);
    if (!locked.rows[0]?.ok) return { skipped: true, years: [], cells: 0, suppressed: 0, durationMs: 0, stepsMs: {} };
    let runId: number | null = null;
    try {
      const run = await conn.insertInto('reach_refreshes').values({ started_at: now }).returning('id').executeTakeFirstOrThrow();
      runId = run.id;
      const read = await conn.transaction().setIsolationLevel('repeatable read').execute(async (trx) => {
        const years = await yearsToRefresh(trx, options.years ?? 'auto', now);
        step('years');
        await sql.raw(`create temp table reach_facts (y smallint, mo smallint, m text, o text, h text, a text, k text, kind smallint, days integer) on commit drop`).execute(trx);
        if (years.length > 0) {
          // One row per event: 1 received (when the case reached the organisation), 2 granted, 3 rejected (when decided).
          await sql`
            insert into reach_facts
            select p.y, p.mo, c.municipality_code, c.organisation_id::text, i.theme, ${sql.raw(ageBandSql('ch.age_at_application'))},
                   case when e.kind = 2 then i.child_key end,
                   e.kind,
                   case when e.kind > 1 then greatest(0, floor(extract(epoch from (e.at - c.released_at)) / 86400))::int end
            from case_items i
            join cases c on c.id = i.case_id
            join case_children ch on ch.id = i.case_child_id
            cross join lateral (values (1::smallint, c.released_at), (case when i.status in ('granted','delivered') then 2 when i.status = 'rejected' then 3 end::smallint, coalesce(i.decided_at, i.updated_at))) e(kind, at)
            cross join lateral (select extract(year from e.at at time zone 'Europe/Amsterdam')::smallint as y, extract(month from e.at at time zone 'Europe/Amsterdam')::smallint as mo) p
            where c.released_at is not null and e.kind is not null and p.y = any(${years}::int[])`.execute(trx);
        }
        step('facts');

        // Year figures: per municipality and nationally, at most two of organisation, theme and age band at once
        // (the dashboards filter on one and break down by another); month figures by organisation only.
        const yearCells = await sql<CellRow>`
          select y, 0 as mo, coalesce(m, '') as m, coalesce(o, '') as o, coalesce(h, '') as h, coalesce(a, '') as a,
                 count(*) filter (where kind = 1)::int as received, count(*) filter (where kind = 2)::int as granted, count(*) filter (where kind = 3)::int as rejected,
                 count(distinct k)::int as net, percentile_disc(0.5) within group (order by days) as median, count(days)::int as decisions
          from reach_facts
          group by y, grouping sets ((m), (m, o), (m, h), (m, a), (m, o, h), (m, o, a), (m, h, a), (), (o), (h), (a), (o, h), (o, a), (h, a))`.execute(trx);
        step('year cube');
        const monthCells = await sql<CellRow>`
          select y, mo, coalesce(m, '') as m, coalesce(o, '') as o, '' as h, '' as a,
                 count(*) filter (where kind = 1)::int as received, count(*) filter (where kind = 2)::int as granted, count(*) filter (where kind = 3)::int as rejected,
                 count(distinct k)::int as net, percentile_disc(0.5) within group (order by days) as median, count(days)::int as decisions
          from reach_facts
          group by y, mo, grouping sets ((m), (m, o), (), (o))`.execute(trx);
        step('month cube');
        const overlaps = await sql<{ y: number; m: string; oa: string; ob: string; n: number }>`
          with ck as (select distinct y, m, o, k from reach_facts where kind = 2),
               nk as (select distinct y, o, k from reach_facts where kind = 2)
          select a.y, a.m, a.o as oa, b.o as ob, count(*)::int as n from ck a join ck b on b.y = a.y and b.m = a.m and b.k = a.k and b.o > a.o group by 1, 2, 3, 4
          union all
          select a.y, '' as m, a.o, b.o, count(*)::int from nk a join nk b on b.y = a.y and b.k = a.k and b.o > a.o group by 1, 3, 4`.execute(trx);
        step('overlaps');
        const referrals = await sql<{ y: number; m: string; f: string; t: string; n: number }>`
          select y, coalesce(m, '') as m, f, t, count(*)::int as n from (
            select extract(year from r.created_at at time zone 'Europe/Amsterdam')::int as y, a.municipality_code as m, r.from_organisation_id::text as f, r.to_organisation_id::text as t
            from referrals r join applications a on a.id = r.application_id
          ) x
          where y = any(${years}::int[])
          group by y, f, t, grouping sets ((m), ())`.execute(trx);
        const demand = await sql<{ y: number; m: string; h: string; a: string; n: number }>`
          select y, coalesce(m, '') as m, coalesce(h, '') as h, coalesce(a, '') as a, sum(uses)::int as n from (
            select extract(year from day)::int as y, municipality_code as m, theme as h, age_band as a, uses from wizard_uses
          ) x
          where y = any(${years}::int[])
          group by y, grouping sets ((m), (m, h), (m, a), (), (h), (a))`.execute(trx);
        step('referrals and demand');

        return { years, yearCells, monthCells, overlaps, referrals, demand };
      });
      const { years, yearCells, monthCells, overlaps, referrals, demand } = read;
      let cells = 0;
      let suppressed = 0;
      const out = { cells: [] as unknown[], overlaps: [] as unknown[], referrals: [] as unknown[], demand: [] as unknown[] };
      for (const year of years) {
        const r = protectYear(
          year,
          [...yearCells.rows, ...monthCells.rows].filter((c) => Number(c.y) === year),
          overlaps.rows.filter((o) => Number(o.y) === year),
          referrals.rows.filter((o) => Number(o.y) === year),
          demand.rows.filter((o) => Number(o.y) === year),
        );
        out.cells.push(...r.cells);
        out.overlaps.push(...r.overlaps);
        out.referrals.push(...r.referrals);
        out.demand.push(...r.demand);
        cells += r.cells.length + r.overlaps.length + r.referrals.length + r.demand.length;
        suppressed += r.suppressed;
      }
      step('suppression');

      await conn.transaction().execute(async (trx) => {
        if (years.length > 0) {
          for (const table of ['reach_cells', 'reach_overlaps', 'reach_referrals', 'reach_demand']) {
            await sql`delete from ${sql.table(table)} where year = any(${years}::int[])`.execute(trx);
          }
          await bulkInsert(trx, 'reach_cells', 'year smallint, month smallint, municipality_code text, organisation_id text, theme text, age_band text, received integer, granted integer, rejected integer, net integer, median_days numeric', out.cells);
          await bulkInsert(trx, 'reach_overlaps', 'year smallint, municipality_code text, organisation_a text, organisation_b text, children integer', out.overlaps);
          await bulkInsert(trx, 'reach_referrals', 'year smallint, municipality_code text, from_organisation_id text, to_organisation_id text, referrals integer', out.referrals);
          await bulkInsert(trx, 'reach_demand', 'year smallint, municipality_code text, theme text, age_band text, uses integer', out.demand);
        }
        step('write');
        await trx.updateTable('reach_refreshes').set({ finished_at: new Date(), duration_ms: Math.round(performance.now() - started), years, cells, suppressed, status: 'done' }).where('id', '=', run.id).execute();
      });
      return { skipped: false, years, cells, suppressed, durationMs: Math.round(performance.now() - started), stepsMs: steps };
    } catch (error) {
      if (runId !== null) {
        await conn.updateTable('reach_refreshes').set({ finished_at: new Date(), status: 'failed', error: String((error as Error).message ?? error).slice(0, 500) }).where('id', '=', runId).execute().catch(() => undefined);
      }
      throw error;
    } finally {
      await sql`select pg_advisory_unlock(${LOCK})`.execute(conn).catch(() => undefined);
    }
  });
}

async function yearsToRefresh(db: Db, wanted: 'auto' | 'all' | number[], now: Date): Promise<number[]> {
  if (Array.isArray(wanted)) return [...new Set(wanted)].sort();
  const range = await sql<{ first: Date | null; last: Date | null; wfirst: string | null; wlast: string | null }>`
    select (select min(released_at) from cases where released_at is not null) as first,
           (select max(greatest(c.released_at, coalesce(i.decided_at, i.updated_at))) from case_items i join cases c on c.id = i.case_id where c.released_at is not null) as last,
           (select min(day)::text from wizard_uses) as wfirst, (select max(day)::text from wizard_uses) as wlast`.execute(db);
  const row = range.rows[0]!;
  const current = periodOf(now).year;
  const bounds = [row.first ? periodOf(new Date(row.first)).year : null, row.last ? periodOf(new Date(row.last)).year : null, row.wfirst ? Number(row.wfirst.slice(0, 4)) : null, row.wlast ? Number(row.wlast.slice(0, 4)) : null].filter((y): y is number => y !== null);
  if (bounds.length === 0) return [];
  const first = Math.min(...bounds);
  const lastYear = Math.min(current, Math.max(...bounds));
  const all: number[] = [];
  for (let y = first; y <= lastYear; y++) all.push(y);
  if (wanted === 'all') return all;
  const done = new Set((await db.selectFrom('reach_cells').select('year').distinct().execute()).map((r) => Number(r.year)));
  return all.filter((y) => y >= current - 1 || !done.has(y));
}

async function bulkInsert(db: Db, table: string, columns: string, rows: unknown[]): Promise<void> {
  const names = columns.split(',').map((c) => c.trim().split(' ')[0]).join(', ');
  for (let i = 0; i < rows.length; i += 20_000) {
    const batch = JSON.stringify(rows.slice(i, i + 20_000));
    await sql`insert into ${sql.table(table)} (${sql.raw(names)}) select ${sql.raw(names)} from jsonb_to_recordset(${batch}::jsonb) as x(${sql.raw(columns)})`.execute(db);
  }
}

/**
 * Suppression of one year's figures as one system: the year and month cells per measure (net
 * together with the overlaps, which the inclusion–exclusion rule ties to it), referrals and demand.
 */
export function protectYear(
  year: number,
  rows: CellRow[],
  overlapRows: Array<{ m: string; oa: string; ob: string; n: number }>,
  referralRows: Array<{ m: string; f: string; t: string; n: number }>,
  demandRows: Array<{ m: string; h: string; a: string; n: number }>,
) {
  // Dimensions, coarsest first for the relation order: municipality, month, organisation, theme, age band.
  const cells: CubeCell<Measure>[] = rows.map((r) => ({
    key: [r.m, Number(r.mo) === 0 ? '' : String(r.mo), r.o, r.h, r.a],
    values: { received: Number(r.received), granted: Number(r.granted), rejected: Number(r.rejected), net: Number(r.net) },
  }));
  const index = new Map(cells.map((c, i) => [c.key.join('|'), i]));
  // Inclusion–exclusion: where exactly two organisations helped children in a municipality-year,
  // net(all) = net(A) + net(B) − overlap(A, B) is exact, so the overlap joins the net system.
  const extraRelations: ExtraRelation[] = [];
  const offset = cells.length;
  const helpingOrganisations = new Map<string, number>();
  for (const c of cells) {
    if (c.key[1] === '' && c.key[2] !== '' && c.key[3] === '' && c.key[4] === '' && c.values.net > 0) helpingOrganisations.set(c.key[0]!, (helpingOrganisations.get(c.key[0]!) ?? 0) + 1);
  }
  overlapRows.forEach((o, j) => {
    if (helpingOrganisations.get(o.m) !== 2) return;
    const all = index.get([o.m, '', '', '', ''].join('|'));
    const a = index.get([o.m, '', o.oa, '', ''].join('|'));
    const b = index.get([o.m, '', o.ob, '', ''].join('|'));
    if (all === undefined || a === undefined || b === undefined) return;
    extraRelations.push({ measure: 'net', left: [all, offset + j], right: [a, b] });
  });
  const zeros = { received: [], granted: [], rejected: [], net: overlapRows.map((o) => Number(o.n)) } as Record<Measure, number[]>;
  const result = suppressCube(cells, MEASURES, { cells: zeros, relations: extraRelations });
  let suppressed = 0;
  const outCells = rows.map((r, i) => {
    const shown = (m: Measure) => {
      if (result[m].hidden[i]) {
        suppressed++;
        return null;
      }
      return cells[i]!.values[m];
    };
    // A median of fewer than five decisions is not shown; it says something about too few children.
    const median = Number(r.decisions) >= 5 && r.median !== null ? Number(r.median) : null;
    return { year, month: Number(r.mo), municipality_code: r.m, organisation_id: r.o, theme: r.h, age_band: r.a, received: shown('received'), granted: shown('granted'), rejected: shown('rejected'), net: shown('net'), median_days: median };
  });
  const outOverlaps = overlapRows.map((o, j) => {
    const hidden = result.net.extraHidden[j];
    if (hidden) suppressed++;
    return { year, municipality_code: o.m, organisation_a: o.oa, organisation_b: o.ob, children: hidden ? null : Number(o.n) };
  });
  const simple = <T extends { n: number }>(list: T[], key: (x: T) => string[]) => {
    const keys = list.map(key);
    const { hidden } = suppress(list.map((x) => Number(x.n)), cubeRelations(keys));
    suppressed += hidden.filter(Boolean).length;
    return hidden;
  };
  // Referrals: national pair = sum of the municipalities' pairs; demand: per theme or age band, and all.
  const referralHidden = simple(referralRows, (r) => [r.m, r.f, r.t]);
  const outReferrals = referralRows.map((r, i) => ({ year, municipality_code: r.m, from_organisation_id: r.f, to_organisation_id: r.t, referrals: referralHidden[i] ? null : Number(r.n) }));
  const demandHidden = simple(demandRows, (r) => [r.m, r.h, r.a]);
  const outDemand = demandRows.map((r, i) => ({ year, municipality_code: r.m, theme: r.h, age_band: r.a, uses: demandHidden[i] ? null : Number(r.n) }));
  return { cells: outCells, overlaps: outOverlaps, referrals: outReferrals, demand: outDemand, suppressed };
}

export function refreshJob(db: Db, log: Logger): JobHandler {
  return async (payload) => {
    const report = await refreshReach(db, { years: payload.all === true ? 'all' : 'auto' });
    log.info({ reach: report }, report.skipped ? 'reach refresh skipped: another one is running' : 'reach figures refreshed');
  };
}
