import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Db } from '../../core/db/index.ts';
import type { JobHandler } from '../../core/jobs/queue.ts';
import { deleteExpiredDrafts } from './drafts.ts';
import { expireParentLink, type Links } from './parent-decision.ts';

/**
 * The daily clean-up of what the application flow leaves behind, run once a day through the job
 * queue (src/core/jobs/scheduler.ts). Each step is safe to run twice: a retried job finds less
 * to do, never something done double.
 */
export const RETENTION_QUEUE = 'retention.daily';
/** Throttle rows are only needed for the longest throttle window (an hour); two days leaves room for investigating abuse. */
const ATTEMPTS_KEPT_MS = 2 * 24 * 3600 * 1000;

export interface RetentionReport {
  drafts: number;
  sessions: number;
  attempts: number;
  parentLinksExpired: number;
}

export async function runRetention(db: Db, links: Links, now = new Date()): Promise<RetentionReport> {
  const drafts = await deleteExpiredDrafts(db, now);
  const sessions = Number((await db.deleteFrom('applicant_sessions').where('expires_at', '<=', now).executeTakeFirst()).numDeletedRows ?? 0);
  const attempts = Number((await db.deleteFrom('public_attempts').where('at', '<', new Date(now.getTime() - ATTEMPTS_KEPT_MS)).executeTakeFirst()).numDeletedRows ?? 0);
  const expired = await sql<{ id: string }>`
    select a.id from applications a
    where a.parent_token_expires_at <= ${now} and a.parent_confirmed_at is null and a.parent_refused_at is null
      and exists (select 1 from cases c where c.application_id = a.id and c.status = 'awaiting_parent')`.execute(db);
  let parentLinksExpired = 0;
  for (const row of expired.rows) if (await expireParentLink(db, row.id, links, now)) parentLinksExpired++;
  return { drafts, sessions, attempts, parentLinksExpired };
}

export function retentionJob(db: Db, links: Links, log: Logger): JobHandler {
  return async () => {
    const report = await runRetention(db, links);
    log.info({ retention: report }, 'daily retention done');
  };
}
