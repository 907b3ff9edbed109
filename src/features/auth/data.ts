import { sql } from 'kysely';
import type { Db } from '../../core/db/index.ts';
import { hashToken, newRecoveryCodes, normaliseRecoveryCode, randomToken } from '../../core/auth/totp.ts';

export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const RESET_TTL_MS = 30 * 60 * 1000;

export function findUserByEmail(db: Db, email: string) {
  return db.selectFrom('users').selectAll().where(sql`lower(email)`, '=', email.trim().toLowerCase()).executeTakeFirst();
}

export function findUserById(db: Db, id: string) {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function issueToken(db: Db, userId: string, purpose: 'invite' | 'password_reset'): Promise<string> {
  const token = randomToken();
  // A new token makes earlier unused ones of the same purpose worthless.
  await db.updateTable('auth_tokens').set({ used_at: new Date() }).where('user_id', '=', userId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
  await db
    .insertInto('auth_tokens')
    .values({ id: hashToken(token), user_id: userId, purpose, expires_at: new Date(Date.now() + (purpose === 'invite' ? INVITE_TTL_MS : RESET_TTL_MS)) })
    .execute();
  return token;
}

/** The token's user id when it is known, unused and not expired. */
export async function peekToken(db: Db, token: string, purpose: 'invite' | 'password_reset'): Promise<string | null> {
  if (!token || token.length > 100) return null;
  const row = await db
    .selectFrom('auth_tokens')
    .select(['user_id'])
    .where('id', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
  return row?.user_id ?? null;
}

/** Marks the token used; false when another request used it first (single use). */
export async function consumeToken(db: Db, token: string, purpose: 'invite' | 'password_reset'): Promise<boolean> {
  const result = await db
    .updateTable('auth_tokens')
    .set({ used_at: new Date() })
    .where('id', '=', hashToken(token))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', new Date())
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function replaceRecoveryCodes(db: Db, userId: string): Promise<string[]> {
  const codes = newRecoveryCodes();
  await db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  await db
    .insertInto('recovery_codes')
    .values(codes.map((c) => ({ user_id: userId, code_hash: hashToken(normaliseRecoveryCode(c)) })))
    .execute();
  return codes;
}

export async function useRecoveryCode(db: Db, userId: string, code: string): Promise<boolean> {
  const normalised = normaliseRecoveryCode(code);
  if (normalised.length !== 10) return false;
  const result = await db
    .updateTable('recovery_codes')
    .set({ used_at: new Date() })
    .where('user_id', '=', userId)
    .where('code_hash', '=', hashToken(normalised))
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function unusedRecoveryCodeCount(db: Db, userId: string): Promise<number> {
  const row = await db.selectFrom('recovery_codes').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirstOrThrow();
  return Number(row.n);
}
