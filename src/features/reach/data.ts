import { sql } from 'kysely';
import type { Db } from '../../core/db/index.ts';
import type { StaffUser } from '../../core/auth/sessions.ts';
import { can } from '../../core/auth/permissions.ts';
import { isUuid } from '../admin/data.ts';
import type { TargetGroup, Targets } from './domain.ts';
import type { StoredCell } from './report.ts';

/**
 * Who sees which figures, and reading them. Every function takes the actor and answers null for a
 * scope out of reach, so that the routes answer "not found" whether a municipality is someone
 * else's or does not exist. The dashboards read only the materialised, suppressed tables.
 */
export type Scope =
  | { kind: 'national' }
  | { kind: 'municipality'; code: string; name: string }
  | { kind: 'organisation'; id: string; name: string; municipalityCode: string; municipalities: Array<{ code: string; name: string }> };

const CODE = /^GM\d{4}$/;

export function isNational(actor: StaffUser): boolean {
  return can(actor.role, 'platform.manage');
}

/** A municipality's figures: the national office, and municipality officers of that municipality. */
export async function municipalityScope(db: Db, actor: StaffUser, code: string): Promise<Extract<Scope, { kind: 'municipality' }> | null> {
  if (!CODE.test(code)) return null;
  const allowed = isNational(actor) || (actor.role === 'municipality_officer' && actor.municipalityCodes.includes(code));
  if (!allowed) return null;
  const m = await db.selectFrom('municipalities').select(['code', 'common_name']).where('code', '=', code).executeTakeFirst();
  return m ? { kind: 'municipality', code: m.code, name: m.common_name } : null;
}

/** An organisation's own figures: its own staff with reach.read, and the national office. */
export async function organisationScope(db: Db, actor: StaffUser, orgId: string, municipality: string | undefined): Promise<Extract<Scope, { kind: 'organisation' }> | null> {
  if (!isUuid(orgId)) return null;
  if (!isNational(actor) && actor.organisationId !== orgId) return null;
  const org = await db.selectFrom('organisations').select(['id', 'name']).where('id', '=', orgId).executeTakeFirst();
  if (!org) return null;
  const municipalities = await db
    .selectFrom('organisation_municipalities')
    .innerJoin('municipalities', 'municipalities.code', 'organisation_municipalities.municipality_code')
    .select(['municipalities.code', 'municipalities.common_name as name'])
    .where('organisation_id', '=', orgId)
    .orderBy('municipalities.common_name')
    .execute();
  const chosen = municipality && municipalities.some((m) => m.code === municipality) ? municipality : '';
  return { kind: 'organisation', id: org.id, name: org.name, municipalityCode: chosen, municipalities };
}

export async function availableYears(db: Db): Promise<number[]> {
  const row = await sql<{ first: number | null; last: number | null }>`select min(year) as first, max(year) as last from reach_cells`.execute(db);
  const { first, last } = row.rows[0] ?? { first: null, last: null };
  if (first === null || last === null) return [];
  const out: number[] = [];
  for (let y = Number(first); y <= Number(last); y++) out.push(y);
  return out;
}

export async function lastRefresh(db: Db): Promise<Date | null> {
  const row = await db.selectFrom('reach_refreshes').select('finished_at').where('status', '=', 'done').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return row?.finished_at ?? null;
}

const CELL_COLUMNS = ['year', 'month', 'municipality_code', 'organisation_id', 'theme', 'age_band', 'received', 'granted', 'rejected', 'net', 'median_days'] as const;

/** The cells of one municipality ('' = national), for the chosen year and four before it. */
export function municipalityCells(db: Db, code: string, year: number): Promise<StoredCell[]> {
  return db.selectFrom('reach_cells').select(CELL_COLUMNS).where('municipality_code', '=', code).where('year', '>', year - 5).where('year', '<=', year).execute();
}

/** An organisation's own cells, in one municipality or all of them (''). */
export function organisationCells(db: Db, orgId: string, code: string, year: number): Promise<StoredCell[]> {
  return db.selectFrom('reach_cells').select(CELL_COLUMNS).where('organisation_id', '=', orgId).where('municipality_code', '=', code).where('year', '>', year - 5).where('year', '<=', year).execute();
}

export async function organisationNames(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('organisations').select(['id', 'name']).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function overlaps(db: Db, code: string, year: number) {
  return db.selectFrom('reach_overlaps').select(['municipality_code', 'organisation_a', 'organisation_b', 'children']).where('year', '=', year).where('municipality_code', '=', code).execute();
}

export function referrals(db: Db, code: string, year: number) {
  return db.selectFrom('reach_referrals').select(['from_organisation_id', 'to_organisation_id', 'referrals']).where('year', '=', year).where('municipality_code', '=', code).execute();
}

export function demand(db: Db, code: string, year: number) {
  return db.selectFrom('reach_demand').select(['theme', 'age_band', 'uses']).where('year', '=', year).where('municipality_code', '=', code).execute();
}

export async function targetGroups(db: Db, code: string): Promise<Map<number, TargetGroup[]>> {
  const rows = await db.selectFrom('reach_target_groups').selectAll().where('municipality_code', '=', code).execute();
  const out = new Map<number, TargetGroup[]>();
  for (const r of rows) {
    const list = out.get(Number(r.year)) ?? [];
    list.push({ source: r.source, children: r.children, socialAssistance: r.social_assistance_children, workingPoor: r.working_poor_children, illustrative: r.illustrative });
    out.set(Number(r.year), list);
  }
  return out;
}

export async function targets(db: Db, code: string): Promise<Map<number, Targets>> {
  const rows = await db.selectFrom('reach_targets').selectAll().where('municipality_code', '=', code).execute();
  return new Map(rows.map((r) => [Number(r.year), { socialAssistancePct: r.social_assistance_pct, workingPoorPct: r.working_poor_pct, lowIncomePct: r.low_income_pct }]));
}

/** The national overview: every municipality's total for the year, with its target group. */
export async function municipalityTotals(db: Db, year: number) {
  const [cells, municipalities, groups] = await Promise.all([
    db.selectFrom('reach_cells').select(CELL_COLUMNS).where('year', '=', year).where('month', '=', 0).where('theme', '=', '').where('age_band', '=', '').where('organisation_id', '=', '').where('municipality_code', '<>', '').execute(),
    db.selectFrom('municipalities').select(['code', 'common_name']).where('active', '=', true).orderBy('common_name').execute(),
    db.selectFrom('reach_target_groups').select(['municipality_code', 'source', 'children', 'social_assistance_children', 'working_poor_children', 'illustrative']).where('year', '=', year).execute(),
  ]);
  const byCode = new Map(cells.map((c) => [c.municipality_code, c]));
  const groupsByCode = new Map<string, TargetGroup[]>();
  for (const g of groups) {
    const list = groupsByCode.get(g.municipality_code) ?? [];
    list.push({ source: g.source, children: g.children, socialAssistance: g.social_assistance_children, workingPoor: g.working_poor_children, illustrative: g.illustrative });
    groupsByCode.set(g.municipality_code, list);
  }
  return { municipalities, byCode, groupsByCode };
}
