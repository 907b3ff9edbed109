import type { Db } from '../db/index.ts';

/**
 * Login throttling kept in the database, so that it holds across all app processes
 * behind the load balancer (an in-memory counter would reset per process).
 */
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 30;

export type ThrottleVerdict = { allowed: true } | { allowed: false; reason: 'account' | 'ip'; retryAfterMinutes: number };

export function accountKey(kind: 'password' | 'mfa' | 'reset', identifier: string): string {
  return `${kind}:${identifier.trim().toLowerCase()}`;
}

export async function checkThrottle(db: Db, key: string, ip: string, now = new Date()): Promise<ThrottleVerdict> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const [byAccount, byIp] = await Promise.all([
    db.selectFrom('login_attempts').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('first')])
      .where('email_key', '=', key).where('success', '=', false).where('at', '>', since).executeTakeFirstOrThrow(),
    db.selectFrom('login_attempts').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('first')])
      .where('ip', '=', ip).where('success', '=', false).where('at', '>', since).executeTakeFirstOrThrow(),
  ]);
  const minutesLeft = (first: unknown) =>
    Math.max(1, Math.ceil(((first instanceof Date ? first.getTime() : now.getTime()) + THROTTLE_WINDOW_MS - now.getTime()) / 60000));
  if (Number(byAccount.n) >= MAX_FAILURES_PER_ACCOUNT) return { allowed: false, reason: 'account', retryAfterMinutes: minutesLeft(byAccount.first) };
  if (Number(byIp.n) >= MAX_FAILURES_PER_IP) return { allowed: false, reason: 'ip', retryAfterMinutes: minutesLeft(byIp.first) };
  return { allowed: true };
}

export async function recordAttempt(db: Db, key: string, ip: string, success: boolean): Promise<void> {
  await db.insertInto('login_attempts').values({ email_key: key, ip, success }).execute();
  // A success clears the account's earlier failures so that a user who finally typed it right starts afresh.
  if (success) await db.deleteFrom('login_attempts').where('email_key', '=', key).where('success', '=', false).execute();
}
