import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../core/db/index.ts';
import { hashToken, randomToken } from '../../core/auth/totp.ts';

/**
 * The applicant's session: opened by the signed link in a mail (or right after submitting), it
 * gives access to exactly one application. Kept in the database so that every app process knows it.
 */
export const APPLICANT_COOKIE = 'kr_aanvraag';
const LIFETIME_MS = 4 * 60 * 60 * 1000;
const COOKIE = { path: '/', httpOnly: true, secure: true, sameSite: 'lax' as const };

/** A new session token and the id it is stored under, for a session opened inside another transaction (the submit). */
export function newApplicantSession(): { token: string; id: string } {
  const token = randomToken();
  return { token, id: hashToken(token) };
}

export function setApplicantCookie(reply: FastifyReply, token: string): void {
  reply.setCookie(APPLICANT_COOKIE, token, COOKIE);
}

export async function openApplicantSession(db: Db, reply: FastifyReply, applicationId: string, now = new Date()): Promise<void> {
  const token = randomToken();
  await db.insertInto('applicant_sessions').values({ id: hashToken(token), application_id: applicationId, expires_at: new Date(now.getTime() + LIFETIME_MS) }).execute();
  reply.setCookie(APPLICANT_COOKIE, token, COOKIE);
}

/** The application this browser may see, or null. */
export async function applicantApplicationId(db: Db, request: FastifyRequest, now = new Date()): Promise<string | null> {
  const token = request.cookies[APPLICANT_COOKIE];
  if (!token || token.length > 100) return null;
  const row = await db.selectFrom('applicant_sessions').select(['application_id', 'expires_at']).where('id', '=', hashToken(token)).executeTakeFirst();
  if (!row || row.expires_at.getTime() <= now.getTime()) return null;
  return row.application_id;
}

export async function closeApplicantSession(db: Db, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = request.cookies[APPLICANT_COOKIE];
  if (token && token.length <= 100) await db.deleteFrom('applicant_sessions').where('id', '=', hashToken(token)).execute();
  reply.clearCookie(APPLICANT_COOKIE, COOKIE);
}
