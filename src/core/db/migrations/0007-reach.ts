import type { Kysely } from 'kysely';
import { runStatements } from '../index.ts';

/**
 * Reach figures (issue 7): materialised, already-suppressed aggregates that the dashboards read,
 * the CBS target groups and the municipalities' own targets. The aggregate tables are rebuilt by
 * the refresh job (src/features/reach/refresh.ts) and hold no child key and no figure that is not
 * allowed to be shown: a suppressed figure is stored as null, never as its value.
 * See docs/decisions/0006-child-key-and-reach.md.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
-- One row per published cell. '' in a dimension means "all" (the margin); month 0 is the whole year.
create table reach_cells (
  year smallint not null,
  month smallint not null check (month between 0 and 12),
  municipality_code text not null,
  organisation_id text not null,
  theme text not null,
  age_band text not null,
  received integer,
  granted integer,
  rejected integer,
  net integer,
  median_days numeric(7,1),
  primary key (year, municipality_code, month, organisation_id, theme, age_band)
);
create index reach_cells_organisation on reach_cells(organisation_id, year) where organisation_id <> '';
create index reach_cells_municipal_totals on reach_cells(year, municipality_code) where month = 0 and theme = '' and age_band = '';
-- A dashboard reads one municipality's cells over five years ('' is the national one): without this the primary key, led by year, scans every row.
create index reach_cells_municipality on reach_cells(municipality_code, year);

-- Children helped by both organisations (a < b) in a municipality ('' = anywhere) and year.
create table reach_overlaps (
  year smallint not null,
  municipality_code text not null,
  organisation_a text not null,
  organisation_b text not null,
  children integer,
  primary key (year, municipality_code, organisation_a, organisation_b),
  check (organisation_a < organisation_b)
);

-- Referrals made from one organisation to another, by the family's municipality ('' = all).
create table reach_referrals (
  year smallint not null,
  municipality_code text not null,
  from_organisation_id text not null,
  to_organisation_id text not null,
  referrals integer,
  primary key (year, municipality_code, from_organisation_id, to_organisation_id)
);

-- Demand from the anonymous wizard counters, per theme or age band ('' = all).
create table reach_demand (
  year smallint not null,
  municipality_code text not null,
  theme text not null,
  age_band text not null,
  uses integer,
  primary key (year, municipality_code, theme, age_band)
);

-- Each refresh: when, how long, how much; the newest finished one dates the figures on every page.
create table reach_refreshes (
  id bigserial primary key,
  started_at timestamptz not null default now(),
  finished_at timestamptz,
  duration_ms integer,
  years integer[] not null default '{}',
  cells integer,
  suppressed integer,
  status text not null default 'running' check (status in ('running','done','failed')),
  error text
);

-- The target group: children under 18 in low-income households per municipality and year, from
-- CBS StatLine (source 'cbs') or the municipality's own count (source 'municipality'), which may
-- also split it into households on social assistance and working households.
create table reach_target_groups (
  municipality_code text not null references municipalities(code),
  year smallint not null check (year between 2000 and 2100),
  source text not null check (source in ('cbs','municipality')),
  children integer not null check (children between 0 and 10000000),
  social_assistance_children integer check (social_assistance_children between 0 and 10000000),
  working_poor_children integer check (working_poor_children between 0 and 10000000),
  illustrative boolean not null default false,
  source_note text check (source_note is null or length(source_note) <= 300),
  updated_by uuid references users(id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (municipality_code, year, source)
);

-- The municipality's own targets for a year, as percentages of the groups above.
create table reach_targets (
  municipality_code text not null references municipalities(code),
  year smallint not null check (year between 2000 and 2100),
  social_assistance_pct integer check (social_assistance_pct between 0 and 100),
  working_poor_pct integer check (working_poor_pct between 0 and 100),
  low_income_pct integer check (low_income_pct between 0 and 100),
  updated_by uuid references users(id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (municipality_code, year)
);
`,
  );
}
