import { sql } from 'kysely';
import type { Db } from '../../core/db/index.ts';
import type { StaffUser } from '../../core/auth/sessions.ts';
import { can } from '../../core/auth/permissions.ts';
import type { OrganisationType, Role } from '../../core/db/schema.ts';

/**
 * Organisation scoping for the back office. Every function takes the actor and returns null for
 * records outside their reach, so that handlers answer "not found" whether a record is someone
 * else's or does not exist at all.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
export const isUuid = (v: string) => UUID.test(v);

export function isPlatform(actor: StaffUser): boolean {
  return can(actor.role, 'platform.manage');
}

export async function organisationFor(db: Db, actor: StaffUser, orgId: string) {
  if (!isUuid(orgId)) return null;
  if (!isPlatform(actor) && actor.organisationId !== orgId) return null;
  return (await db.selectFrom('organisations').selectAll().where('id', '=', orgId).executeTakeFirst()) ?? null;
}

export async function userFor(db: Db, actor: StaffUser, userId: string) {
  if (!isUuid(userId)) return null;
  let q = db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select([
      'users.id', 'users.email', 'users.name', 'users.role', 'users.status', 'users.organisation_id', 'users.totp_enabled_at',
      'users.last_login_at', 'users.created_at', 'users.is_demo', 'organisations.name as organisation_name', 'organisations.type as organisation_type',
    ])
    .where('users.id', '=', userId)
    .where('users.role', '!=', 'professional');
  if (!isPlatform(actor)) q = q.where('users.organisation_id', '=', actor.organisationId).where('users.role', '!=', 'platform_admin');
  const row = await q.executeTakeFirst();
  // Staff always belong to an organisation (a check constraint); professionals are managed elsewhere.
  return row ? { ...row, role: row.role as Role, organisation_id: row.organisation_id! } : null;
}

export function organisationUsers(db: Db, orgId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'email', 'role', 'status', 'last_login_at'])
    .where('organisation_id', '=', orgId)
    .orderBy('name')
    .execute();
}

export function organisationMunicipalities(db: Db, orgId: string) {
  return db
    .selectFrom('organisation_municipalities')
    .innerJoin('municipalities', 'municipalities.code', 'organisation_municipalities.municipality_code')
    .select(['municipalities.code', 'municipalities.name', 'municipalities.common_name', 'municipalities.province'])
    .where('organisation_municipalities.organisation_id', '=', orgId)
    .orderBy('municipalities.common_name')
    .execute();
}

export function userMunicipalityCodes(db: Db, userId: string) {
  return db.selectFrom('user_municipalities').select('municipality_code').where('user_id', '=', userId).execute().then((r) => r.map((x) => x.municipality_code));
}

export interface OrganisationFilter {
  type?: OrganisationType | undefined;
  q?: string | undefined;
}

export function listOrganisations(db: Db, filter: OrganisationFilter) {
  let q = db
    .selectFrom('organisations')
    .select([
      'organisations.id', 'organisations.name', 'organisations.type', 'organisations.active',
      sql<number>`(select count(*) from organisation_municipalities om where om.organisation_id = organisations.id)`.as('municipality_count'),
      sql<number>`(select count(*) from users u where u.organisation_id = organisations.id)`.as('user_count'),
    ])
    .orderBy('organisations.name');
  if (filter.type) q = q.where('organisations.type', '=', filter.type);
  if (filter.q) q = q.where('organisations.name', 'ilike', `%${escapeLike(filter.q)}%`);
  return q.execute();
}

export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function allMunicipalities(db: Db) {
  return db.selectFrom('municipalities').select(['code', 'name', 'common_name', 'province']).where('active', '=', true).orderBy('province').orderBy('common_name').execute();
}

/** True for PostgreSQL's unique_violation: two requests raced past the friendly check before the insert. */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

export async function emailTaken(db: Db, email: string, exceptUserId?: string): Promise<boolean> {
  let q = db.selectFrom('users').select('id').where(sql`lower(email)`, '=', email.trim().toLowerCase());
  if (exceptUserId) q = q.where('id', '!=', exceptUserId);
  return Boolean(await q.executeTakeFirst());
}
