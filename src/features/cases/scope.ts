import type { ExpressionBuilder } from 'kysely';
import type { DB, Db } from '../../core/db/index.ts';
import type { StaffUser } from '../../core/auth/sessions.ts';
import { can } from '../../core/auth/permissions.ts';
import type { Selectable } from 'kysely';
import type { CasesTable } from '../../core/db/schema.ts';
import { isUuid } from '../applications/status-data.ts';

/**
 * Organisation scoping of cases, in data access: every lookup takes the staff member and answers
 * null for a case of another organisation, for one not yet released to the organisation (a parent's
 * confirmation pending) and for one that does not exist, so that a handler can never tell them
 * apart. Without cases.read.all (volunteers) only cases assigned to oneself or with one's own visit.
 */
export type CaseRow = Selectable<CasesTable>;

export function ownWork(userId: string) {
  return (eb: ExpressionBuilder<DB, 'cases'>) =>
    eb.or([
      eb('cases.assigned_user_id', '=', userId),
      eb.exists(eb.selectFrom('case_visits').select('case_visits.id').whereRef('case_visits.case_id', '=', 'cases.id').where('case_visits.volunteer_user_id', '=', userId)),
    ]);
}

export function seesAll(staff: StaffUser): boolean {
  return can(staff.role, 'cases.read.all');
}

export async function caseFor(db: Db, staff: StaffUser, caseId: unknown, options: { lock?: boolean } = {}): Promise<CaseRow | null> {
  if (!isUuid(caseId)) return null;
  let q = db
    .selectFrom('cases')
    .selectAll('cases')
    .where('cases.id', '=', caseId)
    .where('cases.organisation_id', '=', staff.organisationId)
    .where('cases.released_at', 'is not', null);
  if (!seesAll(staff)) q = q.where(ownWork(staff.id));
  if (options.lock) q = q.forUpdate();
  return (await q.executeTakeFirst()) ?? null;
}

/** Colleagues a case can be assigned to, and who can make visits: active users of the organisation who work on cases. */
export function caseWorkers(db: Db, organisationId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'name', 'role'])
    .where('organisation_id', '=', organisationId)
    .where('status', '=', 'active')
    .where('role', 'in', ['coordinator', 'case_handler', 'volunteer'])
    .orderBy('name')
    .execute();
}
