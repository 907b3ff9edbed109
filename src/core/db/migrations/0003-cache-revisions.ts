import type { Kysely } from 'kysely';
import { runStatements } from '../index.ts';

/**
 * One counter per cached data set, bumped by a statement trigger on every change, so that each
 * app process can keep a read cache and notice within a second that another process changed it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const tables = ['provisions', 'provision_versions', 'provision_municipalities', 'organisations', 'organisation_municipalities', 'municipalities', 'postcode_areas'];
  await runStatements(
    db,
    `
create table cache_revisions (
  name text primary key,
  revision bigint not null default 0
);
insert into cache_revisions (name) values ('catalogue');

create function bump_cache_revision() returns trigger language plpgsql as $$
begin
  update cache_revisions set revision = revision + 1 where name = TG_ARGV[0];
  return null;
end
$$;
${tables.map((t) => `create trigger ${t}_cache_revision after insert or update or delete or truncate on ${t} for each statement execute function bump_cache_revision('catalogue');`).join('\n')}
`,
  );
}
