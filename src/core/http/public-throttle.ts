import type { Db } from '../db/index.ts';

/**
 * Limits on public forms that send mail (a new status link, "continue later"), kept in the
 * database so that they hold across all app processes. Counts every attempt, found or not, so
 * that the answer never tells whether an address or reference exists.
 */
export interface Limit {
  kind: string;
  key: string;
  max: number;
  windowMs: number;
}

export async function allowAttempt(db: Db, limits: readonly Limit[], now = new Date()): Promise<boolean> {
  for (const limit of limits) {
    const since = new Date(now.getTime() - limit.windowMs);
    const row = await db
      .selectFrom('public_attempts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('kind', '=', limit.kind)
      .where('key', '=', limit.key)
      .where('at', '>', since)
      .executeTakeFirstOrThrow();
    if (Number(row.n) >= limit.max) return false;
  }
  await db.insertInto('public_attempts').values(limits.map((l) => ({ kind: l.kind, key: l.key, at: now }))).execute();
  return true;
}
