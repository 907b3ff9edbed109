import { sql } from 'kysely';
import type { Db } from '../db/index.ts';
import type { OrganisationType, Role, SessionStage } from '../db/schema.ts';
import { hashToken, randomToken } from './totp.ts';

export const SESSION_COOKIE = 'kr_session';
export const IDLE_TIMEOUT_MS = 30 * 60 * 1000;
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** A half-finished login (password given, code not yet) expires sooner. */
const PARTIAL_TIMEOUT_MS = 10 * 60 * 1000;
/** last_seen_at is written at most this often, to keep reads cheap. */
const TOUCH_INTERVAL_MS = 60 * 1000;

export interface StaffUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisationId: string;
  organisationName: string;
  organisationType: OrganisationType;
  municipalityCodes: string[];
}

/** A professional (intermediair) with a complete login: works for a school, wijkteam or the like, not for an organisation of the platform. */
export interface ProfessionalUser {
  id: string;
  email: string;
  name: string;
  employerName: string;
  municipalityCodes: string[];
}

export interface LoadedSession {
  id: string;
  stage: SessionStage;
  userId: string;
}

export async function createSession(
  db: Db,
  userId: string,
  stage: SessionStage,
  meta: { ip: string; userAgent: string | undefined },
): Promise<{ token: string; id: string }> {
  const token = randomToken();
  const id = hashToken(token);
  const lifetime = stage === 'full' ? ABSOLUTE_TIMEOUT_MS : PARTIAL_TIMEOUT_MS;
  await db
    .insertInto('sessions')
    .values({
      id,
      user_id: userId,
      stage,
      expires_at: new Date(Date.now() + lifetime),
      ip: meta.ip,
      user_agent: meta.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, id };
}

/** Returns the live session for a cookie token, or null when unknown, revoked, idle or expired. */
export async function loadSession(db: Db, token: string | undefined, now = new Date()): Promise<LoadedSession | null> {
  if (!token || token.length > 100) return null;
  const id = hashToken(token);
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id', 'sessions.stage', 'sessions.user_id', 'sessions.last_seen_at', 'sessions.expires_at', 'sessions.revoked_at', 'users.status'])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!row || row.revoked_at || row.status === 'disabled') return null;
  if (row.expires_at.getTime() <= now.getTime()) return null;
  if (now.getTime() - row.last_seen_at.getTime() > IDLE_TIMEOUT_MS) return null;
  if (now.getTime() - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
    await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
  }
  return { id: row.id, stage: row.stage, userId: row.user_id };
}

export async function revokeSession(db: Db, id: string): Promise<void> {
  await db.updateTable('sessions').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** "Log out everywhere", and what a password reset or a disabled account does. */
export async function revokeAllSessions(db: Db, userId: string, exceptId?: string): Promise<number> {
  let q = db.updateTable('sessions').set({ revoked_at: new Date() }).where('user_id', '=', userId).where('revoked_at', 'is', null);
  if (exceptId) q = q.where('id', '!=', exceptId);
  const result = await q.executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0);
}

/** The municipalities a user (staff or professional) is tied to, as one column of a users query. */
const municipalityCodes = sql<string[]>`coalesce((select array_agg(um.municipality_code order by um.municipality_code) from user_municipalities um where um.user_id = users.id), '{}')`.as('municipality_codes');

export async function loadStaffUser(db: Db, userId: string): Promise<StaffUser | null> {
  const row = await db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select([
      'users.id',
      'users.email',
      'users.name',
      'users.role',
      'users.status',
      'users.organisation_id',
      'organisations.name as organisation_name',
      'organisations.type as organisation_type',
      'organisations.active as organisation_active',
      municipalityCodes,
    ])
    .where('users.id', '=', userId)
    .executeTakeFirst();
  if (!row || row.status !== 'active' || !row.organisation_active || row.role === 'professional' || !row.organisation_id) return null;
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
    organisationType: row.organisation_type,
    municipalityCodes: row.municipality_codes,
  };
}

export async function loadProfessional(db: Db, userId: string): Promise<ProfessionalUser | null> {
  const row = await db
    .selectFrom('users')
    .innerJoin('professionals', 'professionals.user_id', 'users.id')
    .select([
      'users.id',
      'users.email',
      'users.name',
      'users.status',
      'professionals.employer_name',
      municipalityCodes,
    ])
    .where('users.id', '=', userId)
    .where('users.role', '=', 'professional')
    .executeTakeFirst();
  if (!row || row.status !== 'active') return null;
  return { id: row.id, email: row.email, name: row.name, employerName: row.employer_name, municipalityCodes: row.municipality_codes };
}

export async function listActiveSessions(db: Db, userId: string) {
  return db
    .selectFrom('sessions')
    .select(['id', 'created_at', 'last_seen_at', 'ip', 'user_agent', 'stage'])
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', new Date())
    .where('last_seen_at', '>', new Date(Date.now() - IDLE_TIMEOUT_MS))
    .orderBy('last_seen_at', 'desc')
    .execute();
}
