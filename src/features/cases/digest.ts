import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Db } from '../../core/db/index.ts';
import type { JobHandler } from '../../core/jobs/queue.ts';
import { amsterdamDay } from '../../core/jobs/scheduler.ts';
import { queueMail } from '../../core/mail/mailer.ts';
import { translator } from '../../core/i18n/index.ts';
import { daysBetween } from './dates.ts';

/**
 * The daily mail to each coordinator about their organisation's cases past their handling time.
 * The scheduler enqueues one job per Dutch calendar day whatever the number of processes; on top
 * of that every coordinator is mailed at most once per day (case_digest_sends), so a job that is
 * retried after a crash halfway never mails anyone twice. The mail lists references only: the
 * family's details stay behind the login.
 */
export const DIGEST_QUEUE = 'cases.overdue-digest';
const LISTED = 20;

export interface DigestReport {
  organisations: number;
  mails: number;
}

export async function runOverdueDigest(db: Db, publicUrl: string, now = new Date()): Promise<DigestReport> {
  const day = amsterdamDay(now);
  const overdue = await sql<{ organisation_id: string; name: string; count: number }>`
    select c.organisation_id, o.name, count(*)::int as count
    from cases c join organisations o on o.id = c.organisation_id
    where c.status = 'open' and c.released_at is not null and c.due_at < ${now}
    group by c.organisation_id, o.name`.execute(db);
  let mails = 0;
  const t = translator('nl');
  for (const org of overdue.rows) {
    const [cases, coordinators] = await Promise.all([
      db
        .selectFrom('cases')
        .innerJoin('applications', 'applications.id', 'cases.application_id')
        .leftJoin('users', 'users.id', 'cases.assigned_user_id')
        .select(['applications.reference', 'cases.due_at', 'users.name'])
        .where('cases.organisation_id', '=', org.organisation_id)
        .where('cases.status', '=', 'open')
        .where('cases.released_at', 'is not', null)
        .where('cases.due_at', '<', now)
        .orderBy('cases.due_at')
        .limit(LISTED)
        .execute(),
      db.selectFrom('users').select(['id', 'email', 'name']).where('organisation_id', '=', org.organisation_id).where('role', '=', 'coordinator').where('status', '=', 'active').execute(),
    ]);
    const lines = cases.map((c) =>
      t('cases.digest.line', { reference: c.reference, count: Math.max(1, daysBetween(amsterdamDay(c.due_at!), day)), assignee: c.name ?? t('cases.queue.nobody') }),
    );
    for (const coordinator of coordinators) {
      const sent = await db.transaction().execute(async (trx) => {
        const claimed = await trx.insertInto('case_digest_sends').values({ day, user_id: coordinator.id }).onConflict((oc) => oc.columns(['day', 'user_id']).doNothing()).returning('user_id').executeTakeFirst();
        if (!claimed) return false;
        await queueMail(trx, {
          to: coordinator.email,
          subject: t('cases.digest.subject', { count: org.count, organisation: org.name }),
          text: [
            t('cases.digest.greeting', { name: coordinator.name }),
            '',
            t('cases.digest.intro', { count: org.count, organisation: org.name }),
            '',
            ...lines,
            org.count > LISTED ? t('cases.digest.more', { count: org.count - LISTED }) : null,
            '',
            t('cases.digest.link'),
            `${publicUrl}/beheer/aanvragen?te-laat=1`,
            '',
            t('applicationMail.signature'),
          ].filter((l): l is string => l !== null).join('\n'),
        });
        return true;
      });
      if (sent) mails++;
    }
  }
  return { organisations: overdue.rows.length, mails };
}

export function overdueDigestJob(db: Db, publicUrl: string, log: Logger): JobHandler {
  return async () => {
    const report = await runOverdueDigest(db, publicUrl);
    log.info({ digest: report }, 'overdue digest done');
  };
}
