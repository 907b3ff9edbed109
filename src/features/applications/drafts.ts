import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../core/db/index.ts';
import { hashToken, randomToken } from '../../core/auth/totp.ts';

/**
 * The application form as it is being filled in, kept server-side between steps. Each step's
 * answers are stored exactly as typed (also when invalid), so that nothing a family typed is
 * lost, whether they go back, leave for a week or come back by the mailed link. Parsing into
 * typed values happens on every read (steps.ts), never trusted from storage.
 */
export const DRAFT_COOKIE = 'kr_concept';
export const DRAFT_DAYS = 30;
const COOKIE = { path: '/', httpOnly: true, secure: true, sameSite: 'lax' as const };

export const STEP_SLUGS = ['keuze', 'aanvrager', 'huishouden', 'kinderen', 'toestemming'] as const;
export type StepSlug = (typeof STEP_SLUGS)[number];

const Raw = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
export type RawValues = z.infer<typeof Raw>;

const Origin = z.object({
  municipalityCode: z.string(),
  role: z.enum(['parent', 'young']),
  children: z.array(z.object({ age: z.number().int().optional(), birthDate: z.string().optional() })).max(8),
  /** the wizard's query string, to go back to it */
  wizard: z.string().max(2000),
});
export type Origin = z.infer<typeof Origin>;

export const DraftDataSchema = z.object({
  v: z.literal(1),
  origin: Origin,
  /** "<child index>:<provision id>" */
  choice: z.array(z.string()).max(64),
  applicant: Raw,
  household: Raw,
  children: Raw,
  consent: Raw,
  /** steps whose answers were valid when last saved: the way forward through the check page */
  done: z.array(z.enum(STEP_SLUGS)),
});
export type DraftData = z.infer<typeof DraftDataSchema>;

export interface Draft {
  id: string;
  token: string;
  data: DraftData;
  email: string | null;
  applicationId: string | null;
}

export function emptyDraft(origin: Origin): DraftData {
  return { v: 1, origin, choice: [], applicant: {}, household: {}, children: {}, consent: {}, done: [] };
}

function expiry(now: Date): Date {
  return new Date(now.getTime() + DRAFT_DAYS * 24 * 3600 * 1000);
}

export async function createDraft(db: Db, reply: FastifyReply, data: DraftData, now = new Date()): Promise<Draft> {
  const token = randomToken();
  const id = hashToken(token);
  await db.insertInto('application_drafts').values({ id, data: JSON.stringify(data), expires_at: expiry(now), created_at: now, updated_at: now }).execute();
  reply.setCookie(DRAFT_COOKIE, token, COOKIE);
  return { id, token, data, email: null, applicationId: null };
}

/** The draft of a token (from the cookie or the mailed link), or null when unknown, expired or unreadable. */
export async function loadDraftByToken(db: Db, token: string | undefined, now = new Date()): Promise<Draft | null> {
  if (!token || token.length > 100) return null;
  const id = hashToken(token);
  const row = await db.selectFrom('application_drafts').select(['data', 'email', 'expires_at', 'application_id']).where('id', '=', id).executeTakeFirst();
  if (!row || row.expires_at.getTime() <= now.getTime()) return null;
  if (row.application_id) return { id, token, data: null as unknown as DraftData, email: null, applicationId: row.application_id };
  const parsed = DraftDataSchema.safeParse(typeof row.data === 'string' ? JSON.parse(row.data) : row.data);
  if (!parsed.success) return null;
  return { id, token, data: parsed.data, email: row.email, applicationId: null };
}

export function loadDraft(db: Db, request: FastifyRequest): Promise<Draft | null> {
  return loadDraftByToken(db, request.cookies[DRAFT_COOKIE]);
}

export function rememberDraft(reply: FastifyReply, token: string): void {
  reply.setCookie(DRAFT_COOKIE, token, COOKIE);
}

export function forgetDraft(reply: FastifyReply): void {
  reply.clearCookie(DRAFT_COOKIE, COOKIE);
}

/** Saves the answers and gives the draft another 30 days. A submitted draft is never written again. */
export async function saveDraft(db: Db, draft: Draft, now = new Date()): Promise<void> {
  await db
    .updateTable('application_drafts')
    .set({ data: JSON.stringify(draft.data), email: draft.email, updated_at: now, expires_at: expiry(now) })
    .where('id', '=', draft.id)
    .where('application_id', 'is', null)
    .execute();
}

/** Retention: drafts 30 days after their last change, submitted or not, are deleted. */
export async function deleteExpiredDrafts(db: Db, now = new Date()): Promise<number> {
  const result = await db.deleteFrom('application_drafts').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows ?? 0);
}
