import { sql } from 'kysely';
import type { Db } from '../../core/db/index.ts';
import type { ApprovalStatus, EmployerType } from '../../core/db/schema.ts';
import { isUuid } from '../applications/status-data.ts';

/**
 * Organisations that take applications from professionals in any of the given municipalities:
 * active, covering the municipality, with a published provision professionals may apply for.
 */
export function organisationsForProfessionals(db: Db, municipalityCodes: string[]) {
  if (municipalityCodes.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('organisations as o')
    .select(['o.id', 'o.name', 'o.professional_approval'])
    .where('o.active', '=', true)
    .where('o.type', '!=', 'national_office')
    .where((eb) =>
      eb.exists(
        eb.selectFrom('organisation_municipalities as om').select('om.organisation_id').whereRef('om.organisation_id', '=', 'o.id').where('om.municipality_code', 'in', municipalityCodes),
      ),
    )
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('provisions as p')
          .select('p.id')
          .whereRef('p.organisation_id', '=', 'o.id')
          .where('p.status', '=', 'published')
          .where(sql<boolean>`p.rules->'applicants' ? 'professional'`),
      ),
    )
    .orderBy('o.name')
    .execute();
}

export interface ApprovalRow {
  organisationId: string;
  organisationName: string;
  status: ApprovalStatus;
  reason: string | null;
  decidedAt: Date | null;
}

/** A professional's standing with every organisation they were put forward to. */
export async function approvalsOf(db: Db, professionalId: string): Promise<ApprovalRow[]> {
  const rows = await db
    .selectFrom('professional_approvals as a')
    .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
    .select(['a.organisation_id', 'o.name', 'a.status', 'a.reason', 'a.decided_at'])
    .where('a.professional_id', '=', professionalId)
    .orderBy('o.name')
    .execute();
  return rows.map((r) => ({ organisationId: r.organisation_id, organisationName: r.name, status: r.status, reason: r.reason, decidedAt: r.decided_at }));
}

export interface ProfessionalSummary {
  id: string;
  name: string;
  email: string;
  employerType: EmployerType;
  employerName: string;
  employerPlace: string;
  jobTitle: string;
  status: ApprovalStatus;
  requestedAt: Date;
  municipalities: string[];
}

/**
 * The professionals put forward to one organisation, for its coordinator. Only professionals with
 * a confirmed work address appear: an unconfirmed registration may be somebody else's address.
 */
export function professionalsForOrganisation(db: Db, organisationId: string, status: ApprovalStatus | null, professionalId?: string) {
  let q = db
    .selectFrom('professional_approvals as a')
    .innerJoin('users as u', 'u.id', 'a.professional_id')
    .innerJoin('professionals as p', 'p.user_id', 'u.id')
    .select([
      'u.id', 'u.name', 'u.email', 'u.status as account_status', 'p.phone', 'p.employer_type', 'p.employer_name', 'p.employer_place', 'p.job_title',
      'a.status', 'a.reason', 'a.requested_at', 'a.decided_at',
      sql<string[]>`coalesce((select array_agg(m.common_name order by m.common_name) from user_municipalities um join municipalities m on m.code = um.municipality_code where um.user_id = u.id), '{}')`.as('municipalities'),
    ])
    .where('a.organisation_id', '=', organisationId)
    .where('p.email_verified_at', 'is not', null)
    .orderBy('a.requested_at', 'desc')
    .orderBy('u.id');
  if (status) q = q.where('a.status', '=', status);
  if (professionalId !== undefined) q = q.where('u.id', '=', isUuid(professionalId) ? professionalId : '00000000-0000-0000-0000-000000000000');
  return q.limit(500).execute();
}
