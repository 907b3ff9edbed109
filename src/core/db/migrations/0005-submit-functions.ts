import type { Kysely } from 'kysely';
import { runStatements } from '../index.ts';

/**
 * Storing a submitted application, as server-side functions: their statements are planned once per
 * connection, and the common case (children nobody asked anything for before) is one round trip.
 * The rules (who may ask what, when something is a duplicate) stay in the application code; these
 * functions only store rows and take locks. See src/features/applications/submit.ts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
-- Every row of one application, given as JSON per table (keys are column names).
create function kr_write_application(p jsonb) returns void language plpgsql as $$
begin
  insert into applications (id, reference, draft_id, channel, applicant_role, applicant_name, applicant_email, language, municipality_code, parent_name, parent_email, parent_token_hash, parent_token_expires_at, submitted_at)
  select id, reference, draft_id, channel, applicant_role, applicant_name, applicant_email, language, municipality_code, parent_name, parent_email, parent_token_hash, parent_token_expires_at, submitted_at
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

  insert into consents (application_id, organisation_id, given_by, given_at, statement)
  select application_id, organisation_id, given_by, given_at, statement
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

  -- The last place of a campaign was just taken: the wizard must say "waiting list" from now on.
  if (p->>'filled')::boolean then
    update cache_revisions set revision = revision + 1 where name = 'catalogue';
  end if;

  -- The draft's answers now live in the cases: keep only the link to the application, so a retry finds it.
  update application_drafts set application_id = (p->'application'->>'id')::uuid, data = '{}'::jsonb, email = null, updated_at = (p->>'now')::timestamptz
  where id = p->>'draftId';
end
$$;

-- The locks every submission takes, always in this order (children, then the draft), so that two
-- submissions never wait for each other in a circle. Returns the draft's state.
create function kr_lock_for_submit(p_draft text, p_keys text[]) returns jsonb language plpgsql as $$
declare
  k text;
  found_draft record;
begin
  for k in select unnest(p_keys) order by 1 loop
    perform pg_advisory_xact_lock(hashtextextended(k, 0));
  end loop;
  select d.application_id, a.reference into found_draft
  from application_drafts d left join applications a on a.id = d.application_id
  where d.id = p_draft for update of d;
  if not found then return jsonb_build_object('outcome', 'gone'); end if;
  if found_draft.application_id is not null then
    return jsonb_build_object('outcome', 'already', 'applicationId', found_draft.application_id, 'reference', found_draft.reference);
  end if;
  return jsonb_build_object('outcome', 'open');
end
$$;

-- The common case in one call: when none of these children was ever asked anything for, no rule
-- can be broken, and the application is stored at once. Otherwise nothing is written and the
-- caller checks the earlier requests against the rules in a transaction of its own.
-- Its one read looks up a handful of child keys in case_items, which grows without end: the
-- index is always right, also when the plan was cached while the table was still small.
create function kr_submit_new(p_draft text, p_keys text[], p jsonb) returns jsonb language plpgsql set enable_seqscan = off as $$
declare
  state jsonb;
begin
  state := kr_lock_for_submit(p_draft, p_keys);
  if state->>'outcome' <> 'open' then return state; end if;
  if exists (select 1 from case_items where child_key = any(p_keys)) then
    return jsonb_build_object('outcome', 'check');
  end if;
  perform kr_write_application(p);
  return jsonb_build_object('outcome', 'submitted', 'applicationId', p->'application'->>'id', 'reference', p->'application'->>'reference');
end
$$;
`,
  );
}
