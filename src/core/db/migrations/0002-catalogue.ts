import type { Kysely } from 'kysely';
import { runStatements } from '../index.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
-- A provision (voorziening) of one organisation. The rules live in one jsonb document so that
-- a version can be frozen whole; the columns beside it are what queries filter on.
create table provisions (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations(id),
  theme text not null check (theme in ('school','sport','culture','birthday','leisure','basic_needs')),
  status text not null default 'draft' check (status in ('draft','published','archived')),
  version integer not null default 1,
  rules jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index provisions_org on provisions(organisation_id);
create index provisions_published on provisions(status) where status = 'published';

-- Coverage narrower than the organisation's: when a provision has rows here, only these municipalities.
create table provision_municipalities (
  provision_id uuid not null references provisions(id) on delete cascade,
  municipality_code text not null references municipalities(code),
  primary key (provision_id, municipality_code)
);

-- Every published version, frozen: an application refers to the version it was made under.
create table provision_versions (
  provision_id uuid not null references provisions(id) on delete cascade,
  version integer not null,
  rules jsonb not null,
  municipality_codes text[] not null default '{}',
  published_at timestamptz not null default now(),
  published_by uuid references users(id),
  primary key (provision_id, version)
);

-- Anonymous wizard use, for demand figures: no identifiers, counted per day.
create table wizard_uses (
  day date not null,
  municipality_code text not null references municipalities(code),
  role text not null,
  age_band text not null,
  theme text not null,
  uses integer not null default 0,
  primary key (day, municipality_code, role, age_band, theme)
);
`,
  );
}
