import type { Kysely } from 'kysely';
import { runStatements } from '../index.ts';

/**
 * Online applications. One application (what the family sent, under one reference) is split into
 * one case per handling organisation; a case holds only the personal data its provisions need.
 * The application row itself keeps just what the platform needs to talk to the applicant.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
-- How long an organisation keeps a case's personal data after it is closed; shown in every consent.
alter table organisations add column retention_months integer not null default 24 check (retention_months between 1 and 120);

-- A half-filled application form, kept server-side. The cookie and the resume mail carry a random
-- token; only its SHA-256 is stored here. Deleted 30 days after the last change.
create table application_drafts (
  id text primary key,
  data jsonb not null default '{}'::jsonb,
  email text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  expires_at timestamptz not null,
  application_id uuid
);
create index application_drafts_expires on application_drafts(expires_at);

create table applications (
  id uuid primary key default gen_random_uuid(),
  reference text not null unique check (reference ~ '^KR-[0-9A-Z]{4}-[0-9A-Z]{4}$'),
  -- The draft it came from: a second submit of the same draft finds this row instead of making another.
  draft_id text unique,
  channel text not null default 'online' check (channel in ('online','walk_in','phone','professional')),
  applicant_role text not null check (applicant_role in ('parent','young','professional')),
  applicant_name text not null,
  applicant_email text not null,
  language text not null,
  municipality_code text not null references municipalities(code),
  parent_name text,
  parent_email text,
  -- Young people under 16: the parent confirms by a mailed link before any case is released.
  parent_token_hash text unique,
  parent_token_expires_at timestamptz,
  parent_confirmed_at timestamptz,
  parent_refused_at timestamptz,
  submitted_at timestamptz not null default now()
);
create index applications_email on applications(lower(applicant_email));

create table consents (
  id bigserial primary key,
  application_id uuid not null references applications(id) on delete cascade,
  organisation_id uuid not null references organisations(id),
  given_by text not null check (given_by in ('applicant','parent','staff_in_person')),
  given_at timestamptz not null default now(),
  -- What was agreed to, as shown: the fields, the purpose (provisions) and the retention period.
  statement jsonb not null,
  unique (application_id, organisation_id, given_by)
);

create table cases (
  id uuid primary key default gen_random_uuid(),
  application_id uuid not null references applications(id) on delete cascade,
  organisation_id uuid not null references organisations(id),
  municipality_code text not null references municipalities(code),
  channel text not null default 'online',
  status text not null default 'open' check (status in ('awaiting_parent','open','closed')),
  applicant_role text not null,
  applicant_name text not null,
  applicant_email text not null,
  applicant_phone text,
  language text not null,
  parent_name text,
  parent_email text,
  parent_phone text,
  -- Only what this organisation's provisions need; null when it needs none of it.
  address jsonb,
  household jsonb,
  income jsonb,
  created_at timestamptz not null default now(),
  -- Null until the case may reach the organisation (a parent's confirmation may be pending).
  released_at timestamptz,
  due_at timestamptz,
  assigned_user_id uuid references users(id),
  closed_at timestamptz,
  updated_at timestamptz not null default now(),
  unique (application_id, organisation_id)
);
create index cases_queue on cases(organisation_id, released_at desc) where released_at is not null;

create table case_children (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id) on delete cascade,
  position integer not null,
  first_name text,
  last_name text,
  birth_date date,
  age_at_application integer not null,
  fields jsonb not null default '{}'::jsonb,
  unique (case_id, position)
);

create table case_items (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id) on delete cascade,
  case_child_id uuid not null references case_children(id) on delete cascade,
  provision_id uuid not null references provisions(id),
  provision_version integer not null,
  theme text not null,
  status text not null check (status in ('awaiting_parent','received','waiting_list','in_progress','information_requested','visit_planned','granted','delivered','rejected','withdrawn')),
  requested_cents integer,
  granted_cents integer,
  details jsonb not null default '{}'::jsonb,
  -- Pseudonymous child key (HMAC of the normalised identity): never shown, used to find duplicates and count unique children.
  child_key text not null,
  period_start date not null,
  reason jsonb,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  decided_at timestamptz,
  foreign key (provision_id, provision_version) references provision_versions(provision_id, version)
);
create index case_items_case on case_items(case_id);
create index case_items_child_provision on case_items(child_key, provision_id, period_start);

-- What happened to a case, in order; the applicant sees the entries marked visible.
create table case_events (
  id bigserial primary key,
  case_id uuid not null references cases(id) on delete cascade,
  item_id uuid references case_items(id) on delete cascade,
  at timestamptz not null default now(),
  kind text not null,
  actor_type text not null check (actor_type in ('applicant','parent','staff','system')),
  actor_user_id uuid references users(id),
  visible_to_applicant boolean not null default true,
  details jsonb not null default '{}'::jsonb
);
create index case_events_case on case_events(case_id, at);

create table case_messages (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id) on delete cascade,
  sender text not null check (sender in ('applicant','organisation')),
  author_user_id uuid references users(id),
  body text not null,
  created_at timestamptz not null default now()
);
create index case_messages_case on case_messages(case_id, created_at);

-- Uploads live in the database so that every app process behind the load balancer serves them.
create table case_documents (
  id uuid primary key default gen_random_uuid(),
  case_id uuid not null references cases(id) on delete cascade,
  message_id uuid references case_messages(id) on delete set null,
  uploaded_by text not null check (uploaded_by in ('applicant','organisation')),
  file_name text not null,
  content_type text not null check (content_type in ('application/pdf','image/jpeg','image/png')),
  size_bytes integer not null check (size_bytes between 1 and 10485760),
  sha256 text not null,
  content bytea not null,
  created_at timestamptz not null default now()
);
create index case_documents_case on case_documents(case_id);

-- Campaign places taken per provision with a capacity, counted in the submitting transaction.
create table provision_places (
  provision_id uuid primary key references provisions(id) on delete cascade,
  taken integer not null default 0
);

-- The applicant's own session, opened by the signed link in a mail: it opens one application only.
create table applicant_sessions (
  id text primary key,
  application_id uuid not null references applications(id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index applicant_sessions_expires on applicant_sessions(expires_at);

-- Throttling of the public "send me a new link" and "continue later" forms, across processes.
create table public_attempts (
  id bigserial primary key,
  kind text not null,
  key text not null,
  at timestamptz not null default now()
);
create index public_attempts_key on public_attempts(kind, key, at);
`,
  );
}
