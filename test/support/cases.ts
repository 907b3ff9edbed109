import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../src/core/db/index.ts';
import { Client, type TestApp } from './app.ts';
import { createApplication, type ApplicationSpec } from './applications.ts';

/**
 * Helpers for the back office's tests and the queue benchmark: a logged-in staff client, a case of
 * a given organisation made through the real submit, and many cases at once in bulk SQL.
 */
export async function staffClient(t: TestApp, email: string): Promise<Client> {
  const client = new Client(t.app);
  await client.login(email);
  return client;
}

export async function organisationId(t: TestApp, name: string): Promise<string> {
  return (await t.database.db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirstOrThrow()).id;
}

export async function userId(t: TestApp, email: string): Promise<string> {
  return (await t.database.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
}

export interface MadeCase {
  applicationId: string;
  reference: string;
  email: string;
  caseId: string;
  itemIds: string[];
}

let made = 0;
/** An application through the real submit; returns its case at the named organisation (Leergeld by default). */
export async function caseAt(t: TestApp, spec: Omit<ApplicationSpec, 'email'> & { email?: string }, organisation = 'Stichting Leergeld Eemland'): Promise<MadeCase> {
  const email = spec.email ?? `gezin${made++}-${crypto.randomBytes(3).toString('hex')}@example.nl`;
  const { applicationId, reference } = await createApplication(t, { ...spec, email });
  const { db } = t.database;
  const kase = await db
    .selectFrom('cases')
    .innerJoin('organisations', 'organisations.id', 'cases.organisation_id')
    .select('cases.id')
    .where('cases.application_id', '=', applicationId)
    .where('organisations.name', '=', organisation)
    .executeTakeFirstOrThrow();
  const items = await db.selectFrom('case_items').select('id').where('case_id', '=', kase.id).orderBy('created_at').orderBy('id').execute();
  return { applicationId, reference, email, caseId: kase.id, itemIds: items.map((i) => i.id) };
}

/** A birth date so many years old, shifted by `days`, so that children of one test differ. */
export function bornYearsAgo(years: number, days = 0): string {
  const d = new Date();
  d.setUTCFullYear(d.getUTCFullYear() - years);
  d.setUTCDate(d.getUTCDate() - 45 - days);
  return d.toISOString().slice(0, 10);
}

/** The page without what differs between two requests (the CSRF token, the ids echoed from the address), to compare two answers. */
export function stable(body: string): string {
  return body.replace(/name="_csrf" value="[^"]+"/g, '').replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'ID');
}

export interface FillOptions {
  organisationId: string;
  count: number;
  municipalities: string[];
  /** provisions of the organisation, with version and theme: items alternate between them */
  provisions: Array<{ id: string; version: number; theme: string }>;
  assignees?: string[];
}

/**
 * Many cases for one organisation in a handful of set-based statements (a year of applications,
 * most of them closed, the recent ones open, some past their due date): for paging tests and the
 * queue benchmark. Ids are derived from a run key, so several fills never collide.
 */
export async function fillCases(db: Db, o: FillOptions): Promise<void> {
  const run = crypto.randomBytes(4).toString('hex');
  const offset = crypto.randomInt(0, 2 ** 30);
  const n = o.count;
  const municipalities = o.municipalities;
  const provisions = o.provisions;
  const assignees = o.assignees ?? [];
  const id = (kind: string) => sql.raw(`(md5('${kind}${run}' || n))::uuid`);
  const first = sql`(array['Sara','Noah','Emma','Daan','Lina','Mohammed','Julia','Sem','Fatima','Luuk','Yara','Finn'])[1 + n % 12]`;
  const last = sql`(array['Jansen','de Vries','Bakker','Yilmaz','El Amrani','Visser','Smit','Mulder','de Boer','Peters','Hendriks','Dekker','Bos','Kaya'])[1 + (n / 12) % 14]`;
  const released = sql`(now() - ((n % 365) * interval '1 day') - (n * interval '1 second'))`;
  await sql`
    insert into applications (id, reference, channel, applicant_role, applicant_name, applicant_email, language, municipality_code, submitted_at)
    select ${id('a')}, 'KR-' || substr(upper(lpad(to_hex(${offset} + n), 8, '0')), 1, 4) || '-' || substr(upper(lpad(to_hex(${offset} + n), 8, '0')), 5, 4),
      'online', 'parent', 'Ouder ' || ${last}, 'ouder' || n || '@bulk.example', 'nl', (${municipalities}::text[])[1 + n % ${municipalities.length}], ${released}
    from generate_series(1, ${n}) n`.execute(db);
  await sql`
    insert into cases (id, application_id, organisation_id, municipality_code, channel, status, applicant_role, applicant_name, applicant_email, language, created_at, released_at, due_at, assigned_user_id, closed_at, updated_at)
    select ${id('c')}, ${id('a')}, ${o.organisationId}, (${municipalities}::text[])[1 + n % ${municipalities.length}], 'online',
      case when n % 365 > 60 then 'closed' else 'open' end, 'parent', 'Ouder ' || ${last}, 'ouder' || n || '@bulk.example', 'nl',
      ${released}, ${released}, ${released} + interval '21 days',
      ${assignees.length > 0 ? sql`(${assignees}::uuid[])[1 + n % ${assignees.length + 1}]` : sql`null::uuid`},
      case when n % 365 > 60 then ${released} + interval '30 days' end, ${released}
    from generate_series(1, ${n}) n`.execute(db);
  await sql`
    insert into case_children (id, case_id, position, first_name, last_name, birth_date, age_at_application)
    select ${id('k')}, ${id('c')}, 1, ${first}, ${last}, (current_date - ((4 + n % 13) * 365 + n % 300))::date, 4 + n % 13
    from generate_series(1, ${n}) n`.execute(db);
  await sql`
    insert into case_items (case_id, case_child_id, provision_id, provision_version, theme, status, requested_cents, child_key, period_start, created_at, updated_at)
    select ${id('c')}, ${id('k')}, (${provisions.map((p) => p.id)}::uuid[])[1 + n % ${provisions.length}], (${provisions.map((p) => p.version)}::int[])[1 + n % ${provisions.length}],
      (${provisions.map((p) => p.theme)}::text[])[1 + n % ${provisions.length}],
      case when n % 365 > 60 then (case when n % 7 = 0 then 'rejected' else 'delivered' end) else (array['received','in_progress','visit_planned','granted','information_requested'])[1 + (n / 5) % 5] end,
      (5000 + (n % 30) * 1000), 'bulk:${sql.raw(run)}:' || n, date_trunc('year', ${released})::date, ${released}, ${released}
    from generate_series(1, ${n}) n`.execute(db);
  await sql`
    insert into case_events (case_id, at, kind, actor_type, details)
    select ${id('c')}, ${released}, 'submitted', 'applicant', '{"channel":"online"}'::jsonb
    from generate_series(1, ${n}) n`.execute(db);
  // As autovacuum would after a year of use (PGlite has none): the triggers' summary updates leave old row versions.
  for (const table of ['applications', 'cases', 'case_children', 'case_items', 'case_events']) await sql.raw(`vacuum analyze ${table}`).execute(db);
}

/** Records of an organisation for the authorization matrix: a case with an item, a visit and a document, without going through its (professional-only) form. */
export async function foreignCaseRecords(t: TestApp, organisation: string): Promise<{ caseId: string; itemId: string; visitId: string; documentId: string }> {
  const { db } = t.database;
  const orgId = await organisationId(t, organisation);
  const provision = await db.selectFrom('provisions').select(['id', 'version', 'theme']).where('organisation_id', '=', orgId).where('status', '=', 'published').executeTakeFirstOrThrow();
  const worker = await db.selectFrom('users').select('id').where('organisation_id', '=', orgId).executeTakeFirstOrThrow();
  const municipality = (await db.selectFrom('organisation_municipalities').select('municipality_code').where('organisation_id', '=', orgId).executeTakeFirstOrThrow()).municipality_code;
  await fillCases(db, { organisationId: orgId, count: 1, municipalities: [municipality], provisions: [provision] });
  const kase = await db.selectFrom('cases').select('id').where('organisation_id', '=', orgId).orderBy('created_at', 'desc').executeTakeFirstOrThrow();
  await db.updateTable('cases').set({ status: 'open' }).where('id', '=', kase.id).execute();
  const item = await db.selectFrom('case_items').select('id').where('case_id', '=', kase.id).executeTakeFirstOrThrow();
  await db.updateTable('case_items').set({ status: 'granted', granted_cents: 1000 }).where('id', '=', item.id).execute();
  const visit = await db.insertInto('case_visits').values({ case_id: kase.id, organisation_id: orgId, kind: 'house_visit', planned_at: new Date(Date.now() + 86_400_000), volunteer_user_id: worker.id }).returning('id').executeTakeFirstOrThrow();
  const doc = await db
    .insertInto('case_documents')
    .values({ case_id: kase.id, uploaded_by: 'applicant', file_name: 'brief.pdf', content_type: 'application/pdf', size_bytes: 9, sha256: 'x', content: Buffer.from('%PDF-1.4\n') })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { caseId: kase.id, itemId: item.id, visitId: visit.id, documentId: doc.id };
}
