import type { Kysely } from 'kysely';
import { runStatements } from '../index.ts';

/**
 * Professionals (intermediairs, issue 6): teachers, wijkteam workers, debt counsellors and others
 * who apply on behalf of families. They are users with role 'professional' and no organisation of
 * the platform: they work for a school or a wijkteam, which the platform does not manage. Their
 * employer is a profile; each organisation on the platform decides for itself whether they may
 * submit there (approvals), so an approval by one organisation gives no rights at another.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
alter table users drop constraint users_role_check;
alter table users add constraint users_role_check check (role in ('platform_admin','coordinator','case_handler','volunteer','finance','municipality_officer','read_only','professional'));
alter table users alter column organisation_id drop not null;
alter table users add constraint users_organisation_by_role check ((role = 'professional') = (organisation_id is null));

create table professionals (
  user_id uuid primary key references users(id) on delete cascade,
  phone text not null,
  employer_type text not null check (employer_type in ('school','wijkteam','youth_care','food_bank','debt_help','coach','leergeld','other')),
  employer_name text not null,
  employer_place text not null,
  job_title text not null,
  email_verified_at timestamptz,
  created_at timestamptz not null default now()
);

-- Whether an organisation wants to approve professionals before they may submit there.
alter table organisations add column professional_approval boolean not null default true;

create table professional_approvals (
  professional_id uuid not null references users(id) on delete cascade,
  organisation_id uuid not null references organisations(id),
  status text not null check (status in ('pending','approved','rejected','suspended')),
  reason text,
  requested_at timestamptz not null default now(),
  decided_at timestamptz,
  decided_by uuid references users(id),
  primary key (professional_id, organisation_id)
);
create index professional_approvals_queue on professional_approvals(organisation_id, status, requested_at);

alter table applications add column professional_id uuid references users(id);
create index applications_professional on applications(professional_id, submitted_at desc) where professional_id is not null;
`,
  );
}
