import type { Kysely } from 'kysely';
import { runStatements } from '../index.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
-- Reference data: CBS municipalities and PC4 postcode areas. Joined on CBS code, never on name.
create table municipalities (
  code text primary key check (code ~ '^GM[0-9]{4}$'),
  name text not null,
  common_name text not null,
  province text not null,
  active boolean not null default true,
  updated_at timestamptz not null default now()
);

create table postcode_areas (
  pc4 text not null check (pc4 ~ '^[1-9][0-9]{3}$'),
  municipality_code text not null references municipalities(code),
  address_count integer not null,
  share numeric(5,4) not null,
  rank integer not null,
  primary key (pc4, municipality_code)
);
create index postcode_areas_municipality on postcode_areas(municipality_code);

create table reference_imports (
  id bigserial primary key,
  kind text not null,
  source text not null,
  row_count integer not null,
  summary jsonb not null default '{}'::jsonb,
  imported_at timestamptz not null default now()
);

create table organisations (
  id uuid primary key default gen_random_uuid(),
  type text not null check (type in ('leergeld','jeugdfonds','kinderhulp','jarige_job','municipality','other_fund','national_office')),
  name text not null,
  contact_email text,
  contact_phone text,
  website text,
  address text,
  active boolean not null default true,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index organisations_name on organisations(lower(name));

create table organisation_municipalities (
  organisation_id uuid not null references organisations(id) on delete cascade,
  municipality_code text not null references municipalities(code),
  primary key (organisation_id, municipality_code)
);
create index organisation_municipalities_code on organisation_municipalities(municipality_code);

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  name text not null,
  role text not null check (role in ('platform_admin','coordinator','case_handler','volunteer','finance','municipality_officer','read_only')),
  organisation_id uuid not null references organisations(id),
  status text not null default 'invited' check (status in ('invited','active','disabled')),
  password_hash text,
  totp_secret text,
  totp_enabled_at timestamptz,
  is_demo boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  last_login_at timestamptz
);
create unique index users_email on users(lower(email));
create index users_organisation on users(organisation_id);

create table user_municipalities (
  user_id uuid not null references users(id) on delete cascade,
  municipality_code text not null references municipalities(code),
  primary key (user_id, municipality_code)
);

create table recovery_codes (
  id bigserial primary key,
  user_id uuid not null references users(id) on delete cascade,
  code_hash text not null,
  used_at timestamptz
);
create index recovery_codes_user on recovery_codes(user_id);

-- The cookie carries a random token; only its SHA-256 is stored, so a leaked table opens no session.
create table sessions (
  id text primary key,
  user_id uuid not null references users(id) on delete cascade,
  stage text not null check (stage in ('mfa','enrol','full')),
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  revoked_at timestamptz,
  ip text,
  user_agent text
);
create index sessions_user on sessions(user_id);

create table auth_tokens (
  id text primary key,
  user_id uuid not null references users(id) on delete cascade,
  purpose text not null check (purpose in ('invite','password_reset')),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index auth_tokens_user on auth_tokens(user_id);

create table login_attempts (
  id bigserial primary key,
  email_key text not null,
  ip text not null,
  success boolean not null,
  at timestamptz not null default now()
);
create index login_attempts_email on login_attempts(email_key, at);
create index login_attempts_ip on login_attempts(ip, at);

-- Append-only: the trigger below refuses every update and delete.
create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor_user_id uuid,
  actor_email text,
  organisation_id uuid,
  action text not null,
  entity_type text not null,
  entity_id text,
  ip text,
  details jsonb not null default '{}'::jsonb
);
create index audit_log_at on audit_log(at desc);
create index audit_log_actor on audit_log(actor_user_id, at desc);
create index audit_log_entity on audit_log(entity_type, entity_id);
create index audit_log_org on audit_log(organisation_id, at desc);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end
$$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_append_only();

-- Postgres-backed job queue: workers claim with FOR UPDATE SKIP LOCKED, so several
-- app processes never run the same job twice.
create table jobs (
  id bigserial primary key,
  queue text not null,
  payload jsonb not null default '{}'::jsonb,
  status text not null default 'pending' check (status in ('pending','running','done','failed')),
  run_at timestamptz not null default now(),
  attempts integer not null default 0,
  max_attempts integer not null default 8,
  locked_at timestamptz,
  locked_by text,
  last_error text,
  unique_key text,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index jobs_claim on jobs(queue, run_at) where status = 'pending';
create unique index jobs_unique_key on jobs(unique_key) where unique_key is not null;

create table outbound_mails (
  id uuid primary key default gen_random_uuid(),
  to_address text not null,
  subject text not null,
  text_body text not null,
  html_body text,
  status text not null default 'queued' check (status in ('queued','sent','kept','failed')),
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  message_id text
);
create index outbound_mails_created on outbound_mails(created_at desc);
`,
  );
}
