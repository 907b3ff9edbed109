import type { Kysely } from 'kysely';
import { runStatements } from '../index.ts';

/**
 * The back office's case handling (issue 5): internal notes, house visits and walk-in meetings,
 * decisions against budgets, payments and goods sent, referrals between organisations with the
 * family's consent, applications entered by staff, and the daily overdue digest.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
-- A referral makes a second case for the same application at the same organisation possible
-- (the family applied to Jarige Job for one child; Leergeld refers the other one there).
alter table cases drop constraint cases_application_id_organisation_id_key;
create index cases_application on cases(application_id);

-- The queue pages with keyset paging: most urgent first (due date) or newest first, per organisation.
drop index cases_queue;
create index cases_queue_due on cases(organisation_id, due_at, id) where released_at is not null;
create index cases_queue_status_due on cases(organisation_id, status, due_at, id) where released_at is not null;
create index cases_queue_new on cases(organisation_id, released_at desc, id desc) where released_at is not null;
create index cases_queue_municipality on cases(organisation_id, municipality_code, status, due_at, id) where released_at is not null;
create index cases_assigned on cases(assigned_user_id, due_at) where assigned_user_id is not null;

-- What the queue filters and searches on, kept on the case row so that a filtered page reads only
-- cases, never their items or children: the statuses and themes of its items, and the names in it
-- (lower case). Kept up to date by the statement triggers below, whoever writes the rows.
alter table cases add column item_statuses text[] not null default '{}';
alter table cases add column themes text[] not null default '{}';
alter table cases add column search_text text not null default '';

create function kr_case_items_summary() returns trigger language plpgsql as $$
begin
  update cases c set item_statuses = s.statuses, themes = s.themes
  from (
    select i.case_id, array_agg(distinct i.status order by i.status) as statuses, array_agg(distinct i.theme order by i.theme) as themes
    from case_items i where i.case_id in (select distinct case_id from changed) group by i.case_id
  ) s
  where c.id = s.case_id;
  return null;
end
$$;
create trigger case_items_summary_insert after insert on case_items referencing new table as changed for each statement execute function kr_case_items_summary();
create trigger case_items_summary_update after update on case_items referencing new table as changed for each statement execute function kr_case_items_summary();

create function kr_case_children_search() returns trigger language plpgsql as $$
begin
  update cases c set search_text = lower(c.applicant_name || ' ' || coalesce(c.parent_name, '') || ' ' || s.names)
  from (
    select ch.case_id, string_agg(coalesce(ch.first_name, '') || ' ' || coalesce(ch.last_name, ''), ' ' order by ch.position) as names
    from case_children ch where ch.case_id in (select distinct case_id from changed) group by ch.case_id
  ) s
  where c.id = s.case_id;
  return null;
end
$$;
create trigger case_children_search_insert after insert on case_children referencing new table as changed for each statement execute function kr_case_children_search();
create trigger case_children_search_update after update on case_children referencing new table as changed for each statement execute function kr_case_children_search();

update cases c set item_statuses = s.statuses, themes = s.themes
from (select case_id, array_agg(distinct status order by status) as statuses, array_agg(distinct theme order by theme) as themes from case_items group by case_id) s
where c.id = s.case_id;
update cases c set search_text = lower(c.applicant_name || ' ' || coalesce(c.parent_name, '') || ' ' || s.names)
from (select case_id, string_agg(coalesce(first_name, '') || ' ' || coalesce(last_name, ''), ' ' order by position) as names from case_children group by case_id) s
where c.id = s.case_id;

-- Applications staff enter for a family at a walk-in hour or on the phone: who entered them,
-- and who confirmed the consent the family gave in person.
alter table application_drafts add column created_by uuid references users(id) on delete cascade;
alter table application_drafts add column channel text check (channel in ('walk_in','phone'));
alter table applications add column entered_by uuid references users(id);
alter table consents add column confirmed_by uuid references users(id);

-- Rejection reasons an organisation offers, from the platform's translated list; null means all of them.
alter table organisations add column rejection_reasons text[];

-- Internal notes: never shown to the applicant.
create table case_notes (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id) on delete cascade,
  author_user_id uuid references users(id),
  body text not null check (length(body) between 1 and 4000),
  created_at timestamptz not null default now()
);
create index case_notes_case on case_notes(case_id, created_at);

-- A house visit or a meeting at the office, by a volunteer or a handler, with its outcome.
create table case_visits (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id) on delete cascade,
  organisation_id uuid not null references organisations(id),
  kind text not null check (kind in ('house_visit','office')),
  planned_at timestamptz not null,
  volunteer_user_id uuid not null references users(id),
  status text not null default 'planned' check (status in ('planned','done','cancelled')),
  outcome text check (outcome is null or length(outcome) <= 4000),
  recorded_at timestamptz,
  recorded_by uuid references users(id),
  created_by uuid references users(id),
  created_at timestamptz not null default now()
);
create index case_visits_case on case_visits(case_id, planned_at);
create index case_visits_volunteer on case_visits(volunteer_user_id, planned_at);

-- Money per organisation per year, optionally split per municipality or per funder.
create table budgets (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations(id),
  year integer not null check (year between 2000 and 2100),
  municipality_code text references municipalities(code),
  funder text check (funder is null or length(funder) between 1 and 100),
  allocated_cents bigint not null check (allocated_cents between 0 and 100000000000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index budgets_line on budgets(organisation_id, year, coalesce(municipality_code, ''), coalesce(funder, ''));

-- The budget line a grant is committed against; paid when its delivery is recorded.
alter table case_items add column budget_id uuid references budgets(id);
create index case_items_budget on case_items(budget_id) where budget_id is not null;

-- Payments to a club, school or supplier, and goods sent. Kept for the accounts when a case's
-- personal data is erased: they hold the payee and the reference, never the family's data.
create table payments (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations(id),
  case_id uuid references cases(id) on delete set null,
  item_id uuid unique references case_items(id) on delete set null,
  budget_id uuid references budgets(id),
  kind text not null check (kind in ('payment','goods')),
  payee_name text not null check (length(payee_name) between 1 and 200),
  iban text check (iban is null or iban ~ '^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$'),
  amount_cents integer not null check (amount_cents between 0 and 10000000),
  paid_on date not null,
  payment_reference text check (payment_reference is null or length(payment_reference) <= 140),
  description text check (description is null or length(description) <= 500),
  case_reference text not null,
  recorded_by uuid references users(id),
  recorded_at timestamptz not null default now()
);
create index payments_period on payments(organisation_id, paid_on, id);
create index payments_budget on payments(budget_id) where budget_id is not null;

-- A family referred from one organisation's case to another organisation's provision. The new
-- case exists once the family's consent covers the receiving organisation (to_case_id).
create table referrals (
  id uuid primary key default gen_random_uuid(),
  application_id uuid not null references applications(id) on delete cascade,
  from_case_id uuid references cases(id) on delete set null,
  from_organisation_id uuid not null references organisations(id),
  to_organisation_id uuid not null references organisations(id),
  provision_id uuid not null references provisions(id),
  from_child_id uuid references case_children(id) on delete set null,
  status text not null check (status in ('awaiting_consent','created','refused','expired')),
  consent_token_hash text unique,
  consent_expires_at timestamptz,
  consent_statement jsonb,
  consent_given_by text check (consent_given_by in ('applicant','parent')),
  consent_decided_at timestamptz,
  to_case_id uuid references cases(id) on delete set null,
  note text check (note is null or length(note) <= 2000),
  created_by uuid references users(id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index referrals_from_case on referrals(from_case_id);
create index referrals_to_case on referrals(to_case_id);
create index referrals_pair on referrals(from_organisation_id, to_organisation_id);
create index referrals_application on referrals(application_id, to_organisation_id);

-- One overdue digest per coordinator per Dutch calendar day, however often the job runs.
create table case_digest_sends (
  day date not null,
  user_id uuid not null references users(id) on delete cascade,
  sent_at timestamptz not null default now(),
  primary key (day, user_id)
);

-- The submit function of migration 0005, now also storing who entered an application and who
-- confirmed a consent given in person.
create or replace function kr_write_application(p jsonb) returns void language plpgsql as $$
begin
  insert into applications (id, reference, draft_id, channel, applicant_role, applicant_name, applicant_email, language, municipality_code, parent_name, parent_email, parent_token_hash, parent_token_expires_at, submitted_at, entered_by)
  select id, reference, draft_id, channel, applicant_role, applicant_name, applicant_email, language, municipality_code, parent_name, parent_email, parent_token_hash, parent_token_expires_at, submitted_at, entered_by
  from jsonb_populate_record(null::applications, p->'application');

  insert into cases (id, application_id, organisation_id, municipality_code, channel, status, applicant_role, applicant_name, applicant_email, applicant_phone, language, parent_name, parent_email, parent_phone, address, household, income, created_at, released_at, due_at, updated_at)
  select id, application_id, organisation_id, municipality_code, channel, status, applicant_role, applicant_name, applicant_email, applicant_phone, language, parent_name, parent_email, parent_phone, address, household, income, created_at, released_at, due_at, updated_at
  from jsonb_populate_recordset(null::cases, p->'cases');

  insert into case_children (id, case_id, position, first_name, last_name, birth_date, age_at_application, fields)
  select id, case_id, position, first_name, last_name, birth_date, age_at_application, fields
  from jsonb_populate_recordset(null::case_children, p->'children');

  insert into case_items (id, case_id, case_child_id, provision_id, provision_version, theme, status, requested_cents, details, child_key, period_start, created_at, updated_at)
  select id, case_id, case_child_id, provision_id, provision_version, theme, status, requested_cents, details, child_key, period_start, created_at, updated_at
  from jsonb_populate_recordset(null::case_items, p->'items');

  insert into case_events (case_id, at, kind, actor_type, visible_to_applicant, details)
  select case_id, at, kind, actor_type, visible_to_applicant, details
  from jsonb_populate_recordset(null::case_events, p->'events');

  insert into consents (application_id, organisation_id, given_by, given_at, statement, confirmed_by)
  select application_id, organisation_id, given_by, given_at, statement, confirmed_by
  from jsonb_populate_recordset(null::consents, p->'consents');

  insert into outbound_mails (id, to_address, subject, text_body, html_body)
  select id, to_address, subject, text_body, html_body
  from jsonb_populate_recordset(null::outbound_mails, p->'mails');

  insert into jobs (queue, payload, run_at)
  select 'mail.send', jsonb_build_object('mailId', id), (p->>'now')::timestamptz
  from jsonb_populate_recordset(null::outbound_mails, p->'mails');

  insert into applicant_sessions (id, application_id, created_at, expires_at)
  select id, application_id, created_at, expires_at
  from jsonb_populate_recordset(null::applicant_sessions, coalesce(p->'sessions', '[]'::jsonb));

  if (p->>'filled')::boolean then
    update cache_revisions set revision = revision + 1 where name = 'catalogue';
  end if;

  update application_drafts set application_id = (p->'application'->>'id')::uuid, data = '{}'::jsonb, email = null, updated_at = (p->>'now')::timestamptz
  where id = p->>'draftId';
end
$$;
`,
  );
}
