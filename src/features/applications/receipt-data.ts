import { sql } from 'kysely';
import type { Db } from '../../core/db/index.ts';
import type { ReceiptView } from './views-check.tsx';

/** What the receipt page shows: only for the application this browser's session opens. */
export async function receiptFor(db: Db, applicationId: string, reference: string): Promise<ReceiptView | null> {
  const application = await db
    .selectFrom('applications')
    .select(['id', 'reference', 'applicant_email', 'parent_name', 'parent_confirmed_at', 'parent_refused_at', 'parent_token_hash'])
    .where('id', '=', applicationId)
    .where('reference', '=', reference)
    .executeTakeFirst();
  if (!application) return null;
  const organisations = await sql<{ name: string; days: number }>`
    select o.name, max((v.rules->>'handlingDays')::int) as days
    from cases c
    join organisations o on o.id = c.organisation_id
    join case_items i on i.case_id = c.id
    join provision_versions v on v.provision_id = i.provision_id and v.version = i.provision_version
    where c.application_id = ${applicationId}
    group by o.name
    order by o.name`.execute(db);
  const waiting = application.parent_token_hash && !application.parent_confirmed_at && !application.parent_refused_at;
  return {
    reference: application.reference,
    email: application.applicant_email,
    waitingForParent: waiting ? application.parent_name : null,
    organisations: organisations.rows.map((r) => ({ name: r.name, days: Number(r.days) })),
  };
}
