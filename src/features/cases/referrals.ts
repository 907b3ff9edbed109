import { sql } from 'kysely';
import type { Db } from '../../core/db/index.ts';
import type { ItemStatus } from '../../core/db/schema.ts';
import { hashToken, randomToken } from '../../core/auth/totp.ts';
import { recordAudit } from '../../core/audit/audit.ts';
import { queueMail } from '../../core/mail/mailer.ts';
import { uuidv7 } from '../../core/ids.ts';
import type { Snapshot } from '../catalogue/cache.ts';
import { ageOn, route, type CatalogueEntry, type Option } from '../catalogue/routing.ts';
import { requiredFieldsOf, titleOf } from '../applications/steps.ts';
import { conflictFor, periodStart, type Conflict } from '../applications/period.ts';
import { CaseUpdateError } from '../applications/case-updates.ts';
import { consentCovers, referredData } from './referral-rules.ts';
import { referralConsentMail, referralMail } from './mails.ts';
import { applicantTarget, type LinkConfig, type Who } from './actions.ts';
import type { CaseRow } from './scope.ts';

/**
 * Referring a family from one organisation's case to another organisation's provision (Leergeld →
 * a Jarige Job birthday box). When the family's consent already covers the receiving organisation
 * for what it needs, the new case is made at once; otherwise the family is mailed a link to give
 * (or refuse) that consent, and the case is made when they say yes. The receiving case holds only
 * the fields its provision needs, and only those the referring case had.
 */
export const CONSENT_DAYS = 30;

export interface ChildOptions {
  childId: string;
  label: string;
  options: Option[];
}

async function sourceChildren(db: Db, caseId: string) {
  return db
    .selectFrom('case_children')
    .select(['id', 'position', 'first_name', 'last_name', 'birth_date', 'age_at_application', 'fields'])
    .where('case_id', '=', caseId)
    .orderBy('position')
    .execute();
}

/** What each child of the case could get from another organisation, applied for by a professional. */
export async function referralOptions(db: Db, snapshot: Snapshot, row: CaseRow, today: string): Promise<ChildOptions[]> {
  const catalogue = snapshot.catalogueFor(row.municipality_code).filter((e) => e.organisation.id !== row.organisation_id && e.rules.apply.mode === 'online');
  const children = await sourceChildren(db, row.id);
  return children.map((c) => {
    const [answer] = route(catalogue, { municipalityCode: row.municipality_code, date: today, role: 'professional', children: [c.birth_date ? { birthDate: c.birth_date } : { age: c.age_at_application }], themes: [] });
    const options = answer!.themes.flatMap((g) => g.organisations.flatMap((o) => o.options)).filter((o) => o.via === null);
    return { childId: c.id, label: c.first_name ?? `#${c.position}`, options };
  });
}

export type ReferralOutcome = { kind: 'created'; caseId: string } | { kind: 'consent_asked' } | { kind: 'conflict'; conflict: Conflict } | { kind: 'not_available' } | { kind: 'pending' };

interface Wanted {
  childId: string;
  entry: CatalogueEntry;
  note: string | null;
  today: string;
}

export async function createReferral(db: Db, who: Who, row: CaseRow, wanted: Wanted, links: LinkConfig): Promise<ReferralOutcome> {
  return db.transaction().execute(async (trx) => {
    const source = await trx.selectFrom('cases').selectAll().where('id', '=', row.id).where('organisation_id', '=', who.organisationId).forUpdate().executeTakeFirst();
    if (!source) throw new CaseUpdateError('not_found');
    const entry = wanted.entry;
    if (entry.organisation.id === source.organisation_id) return { kind: 'not_available' } as const;
    const child = await trx.selectFrom('case_children').selectAll().where('id', '=', wanted.childId).where('case_id', '=', source.id).executeTakeFirst();
    const key = await trx.selectFrom('case_items').select('child_key').where('case_child_id', '=', wanted.childId).executeTakeFirst();
    if (!child || !key) throw new CaseUpdateError('not_found');

    // The child's earlier requests at every organisation, under the same lock the application form takes.
    await sql`select pg_advisory_xact_lock(hashtextextended(${key.child_key}, 0))`.execute(trx);
    const earlier = await sql<{ provision_id: string; organisation_id: string; status: ItemStatus; period_start: string; exclusive_group: string | null }>`
      select i.provision_id, c.organisation_id, i.status, i.period_start, v.rules->>'exclusiveGroup' as exclusive_group
      from case_items i join cases c on c.id = i.case_id
      join provision_versions v on v.provision_id = i.provision_id and v.version = i.provision_version
      where i.child_key = ${key.child_key}`.execute(trx);
    const conflict = conflictFor(
      earlier.rows.map((r) => ({ provisionId: r.provision_id, organisationId: r.organisation_id, status: r.status, periodStart: r.period_start, exclusiveGroup: r.exclusive_group })),
      { provisionId: entry.id, organisationId: entry.organisation.id, rules: entry.rules },
      wanted.today,
    );
    if (conflict) return { kind: 'conflict', conflict } as const;
    const pending = await trx.selectFrom('referrals').select('id').where('from_child_id', '=', child.id).where('provision_id', '=', entry.id).where('status', '=', 'awaiting_consent').executeTakeFirst();
    if (pending) return { kind: 'pending' } as const;

    const now = new Date();
    const needed = requiredFieldsOf(entry);
    const statements = await consentStatements(trx, source.application_id, entry.organisation.id);
    const fromOrganisation = (await trx.selectFrom('organisations').select('name').where('id', '=', source.organisation_id).executeTakeFirstOrThrow()).name;
    const base = {
      application_id: source.application_id,
      from_case_id: source.id,
      from_organisation_id: source.organisation_id,
      to_organisation_id: entry.organisation.id,
      provision_id: entry.id,
      from_child_id: child.id,
      note: wanted.note,
      created_by: who.userId,
      created_at: now,
      updated_at: now,
    };
    const target = await applicantTarget(trx, source.id, links, now);
    const title = titleOf(entry, target.lang);
    const childName = child.first_name ?? '';

    if (consentCovers(statements, needed)) {
      const caseId = await createReferredCase(trx, { source, child, entry, childKey: key.child_key, today: wanted.today, now, fromOrganisation });
      await trx.insertInto('referrals').values({ ...base, status: 'created', to_case_id: caseId }).execute();
      await event(trx, source.id, who.userId, 'referred_out', { organisation: entry.organisation.name, title: entry.rules.title, provisionId: entry.id }, now);
      await queueMail(trx, referralMail({ ...target, from: fromOrganisation, to_organisation: entry.organisation.name, title, child: childName }));
      await recordAudit(trx, who.audit, { action: 'case.referred', entityType: 'case', entityId: source.id, organisationId: source.organisation_id, details: { to: entry.organisation.id, provisionId: entry.id, toCase: caseId, consent: 'covered' } });
      return { kind: 'created', caseId } as const;
    }

    const token = randomToken();
    const statement = { organisation: entry.organisation.name, fields: [...needed].sort(), provisions: [{ id: entry.id, version: entry.version, title: entry.rules.title.nl }], retentionMonths: entry.organisation.retentionMonths ?? 24, language: target.lang };
    await trx
      .insertInto('referrals')
      .values({ ...base, status: 'awaiting_consent', consent_token_hash: hashToken(token), consent_expires_at: new Date(now.getTime() + CONSENT_DAYS * 86_400_000), consent_statement: JSON.stringify(statement) })
      .execute();
    await event(trx, source.id, who.userId, 'referral_consent_asked', { organisation: entry.organisation.name, title: entry.rules.title, provisionId: entry.id }, now);
    const recipient = await consentRecipient(trx, source.application_id, target);
    await queueMail(trx, referralConsentMail({ ...recipient, from: fromOrganisation, to_organisation: entry.organisation.name, title, child: childName, url: `${links.publicUrl}/toestemming/${token}`, days: CONSENT_DAYS }));
    await recordAudit(trx, who.audit, { action: 'case.referred', entityType: 'case', entityId: source.id, organisationId: source.organisation_id, details: { to: entry.organisation.id, provisionId: entry.id, consent: 'asked' } });
    return { kind: 'consent_asked' } as const;
  });
}

/** What the family agreed to share with an organisation: at application time, or for an earlier referral. */
async function consentStatements(trx: Db, applicationId: string, organisationId: string): Promise<Array<{ fields?: unknown }>> {
  const [given, referred] = await Promise.all([
    trx.selectFrom('consents').select('statement').where('application_id', '=', applicationId).where('organisation_id', '=', organisationId).execute(),
    trx.selectFrom('referrals').select('consent_statement').where('application_id', '=', applicationId).where('to_organisation_id', '=', organisationId).where('consent_given_by', 'is not', null).execute(),
  ]);
  const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as { fields?: unknown };
  return [...given.map((g) => parse(g.statement)), ...referred.map((r) => parse(r.consent_statement))];
}

/** A young person under 16 applied with their parent's confirmation: the parent decides on sharing more. */
async function consentRecipient(trx: Db, applicationId: string, applicant: { to: string; name: string; lang: import('../../core/i18n/index.ts').Lang }) {
  const app = await trx.selectFrom('applications').select(['parent_confirmed_at', 'parent_email', 'parent_name']).where('id', '=', applicationId).executeTakeFirstOrThrow();
  if (app.parent_confirmed_at && app.parent_email) return { to: app.parent_email, name: app.parent_name ?? '', lang: applicant.lang };
  return { to: applicant.to, name: applicant.name, lang: applicant.lang };
}

async function event(trx: Db, caseId: string, userId: string | null, kind: string, details: Record<string, unknown>, now: Date) {
  await trx
    .insertInto('case_events')
    .values({ case_id: caseId, at: now, kind, actor_type: userId ? 'staff' : 'applicant', actor_user_id: userId, visible_to_applicant: true, details: JSON.stringify(details) })
    .execute();
}

interface NewCase {
  source: CaseRow;
  child: { id: string; first_name: string | null; last_name: string | null; birth_date: string | null; age_at_application: number; fields: unknown };
  entry: CatalogueEntry;
  childKey: string;
  today: string;
  now: Date;
  fromOrganisation: string;
}

/** The receiving organisation's case: released at once, with its own handling time, and only the data its provision needs. */
async function createReferredCase(trx: Db, c: NewCase): Promise<string> {
  const { source, entry, now } = c;
  const fields = (typeof c.child.fields === 'string' ? JSON.parse(c.child.fields) : c.child.fields) as Record<string, unknown>;
  const data = referredData(
    { address: source.address, household: source.household, income: source.income, child: { firstName: c.child.first_name, lastName: c.child.last_name, birthDate: c.child.birth_date, fields } },
    requiredFieldsOf(entry),
  );
  const caseId = uuidv7(now.getTime());
  const json = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'string' ? v : JSON.stringify(v));
  await trx
    .insertInto('cases')
    .values({
      id: caseId,
      application_id: source.application_id,
      organisation_id: entry.organisation.id,
      municipality_code: source.municipality_code,
      channel: 'referral',
      status: 'open',
      applicant_role: source.applicant_role,
      applicant_name: source.applicant_name,
      applicant_email: source.applicant_email,
      applicant_phone: source.applicant_phone,
      language: source.language,
      parent_name: source.parent_name,
      parent_email: source.parent_email,
      parent_phone: source.parent_phone,
      address: json(data.address),
      household: json(data.household),
      income: json(data.income),
      created_at: now,
      released_at: now,
      due_at: new Date(now.getTime() + entry.rules.handlingDays * 86_400_000),
      updated_at: now,
    })
    .execute();
  const childId = uuidv7(now.getTime());
  await trx
    .insertInto('case_children')
    .values({
      id: childId,
      case_id: caseId,
      position: 1,
      first_name: data.child.firstName,
      last_name: data.child.lastName,
      birth_date: data.child.birthDate,
      age_at_application: c.child.birth_date ? ageOn(c.child.birth_date, c.today) : c.child.age_at_application,
      fields: JSON.stringify(data.child.fields),
    })
    .execute();
  let status: ItemStatus = 'received';
  if (entry.rules.capacity !== null) {
    // A campaign with a fixed number of places: first come, first served, as for an application.
    const taken = await trx
      .insertInto('provision_places')
      .values({ provision_id: entry.id, taken: 1 })
      .onConflict((oc) => oc.column('provision_id').doUpdateSet((eb) => ({ taken: eb('provision_places.taken', '+', 1) })))
      .returning('taken')
      .executeTakeFirstOrThrow();
    if (taken.taken > entry.rules.capacity) status = 'waiting_list';
  }
  await trx
    .insertInto('case_items')
    .values({
      case_id: caseId,
      case_child_id: childId,
      provision_id: entry.id,
      provision_version: entry.version,
      theme: entry.theme,
      status,
      details: JSON.stringify({}),
      child_key: c.childKey,
      period_start: periodStart(entry.rules, c.today),
      created_at: now,
      updated_at: now,
    })
    .execute();
  await trx
    .insertInto('case_events')
    .values({ case_id: caseId, at: now, kind: 'referred_in', actor_type: 'system', visible_to_applicant: true, details: JSON.stringify({ organisation: c.fromOrganisation, missing: data.missing }) })
    .execute();
  return caseId;
}

export type ConsentLink =
  | { kind: 'unknown' }
  | { kind: 'expired' }
  | { kind: 'decided'; given: boolean; at: Date }
  | { kind: 'open'; id: string; from: string; to: string; title: { nl: string; en: string }; child: string | null; fields: string[]; retentionMonths: number; deadline: Date };

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

async function findReferral(db: Db, token: string, lock: boolean) {
  if (!TOKEN.test(token)) return undefined;
  let q = db
    .selectFrom('referrals')
    .innerJoin('organisations as src', 'src.id', 'referrals.from_organisation_id')
    .innerJoin('organisations as dst', 'dst.id', 'referrals.to_organisation_id')
    .leftJoin('case_children', 'case_children.id', 'referrals.from_child_id')
    .selectAll('referrals')
    .select(['src.name as from_name', 'dst.name as to_name', 'case_children.first_name'])
    .where('referrals.consent_token_hash', '=', hashToken(token));
  if (lock) q = q.forUpdate('referrals');
  return q.executeTakeFirst();
}

export async function findConsentLink(db: Db, token: string, now = new Date()): Promise<ConsentLink> {
  const r = await findReferral(db, token, false);
  if (!r) return { kind: 'unknown' };
  if (r.consent_decided_at) return { kind: 'decided', given: r.status === 'created', at: r.consent_decided_at };
  if (r.status !== 'awaiting_consent' || !r.consent_expires_at || r.consent_expires_at.getTime() <= now.getTime() || !r.from_case_id) return { kind: 'expired' };
  const statement = (typeof r.consent_statement === 'string' ? JSON.parse(r.consent_statement) : r.consent_statement) as { fields?: string[]; retentionMonths?: number } | null;
  const version = await db.selectFrom('provisions').innerJoin('provision_versions', (j) => j.onRef('provision_versions.provision_id', '=', 'provisions.id').onRef('provision_versions.version', '=', 'provisions.version')).select('provision_versions.rules').where('provisions.id', '=', r.provision_id).executeTakeFirst();
  const rules = (typeof version?.rules === 'string' ? JSON.parse(version.rules) : version?.rules) as { title: { nl: string; en: string } } | undefined;
  return {
    kind: 'open',
    id: r.id,
    from: r.from_name,
    to: r.to_name,
    title: rules?.title ?? { nl: '', en: '' },
    child: r.first_name,
    fields: statement?.fields ?? [],
    retentionMonths: statement?.retentionMonths ?? 24,
    deadline: r.consent_expires_at,
  };
}

/** The family's answer to a referral: yes makes the receiving case, no ends the referral. Both are told to the referring organisation on its case. */
export async function decideReferralConsent(db: Db, snapshot: Snapshot, token: string, decision: 'confirm' | 'refuse', today: string, now = new Date()): Promise<ConsentLink | { kind: 'done'; given: boolean }> {
  return db.transaction().execute(async (trx) => {
    const r = await findReferral(trx, token, true);
    if (!r) return { kind: 'unknown' } as const;
    if (r.consent_decided_at) return { kind: 'decided', given: r.status === 'created', at: r.consent_decided_at } as const;
    const source = r.from_case_id ? await trx.selectFrom('cases').selectAll().where('id', '=', r.from_case_id).forUpdate().executeTakeFirst() : undefined;
    const child = r.from_child_id ? await trx.selectFrom('case_children').selectAll().where('id', '=', r.from_child_id).executeTakeFirst() : undefined;
    const entry = source ? snapshot.catalogueFor(source.municipality_code).find((e) => e.id === r.provision_id) : undefined;
    const expired = r.status !== 'awaiting_consent' || !r.consent_expires_at || r.consent_expires_at.getTime() <= now.getTime() || !source || !child;
    if (expired) return { kind: 'expired' } as const;
    const app = await trx.selectFrom('applications').select(['parent_confirmed_at']).where('id', '=', r.application_id).executeTakeFirstOrThrow();
    const givenBy = app.parent_confirmed_at ? ('parent' as const) : ('applicant' as const);
    if (decision === 'refuse' || !entry) {
      // A provision withdrawn from the catalogue meanwhile cannot be referred to any more: as good as a no.
      await trx.updateTable('referrals').set({ status: entry ? 'refused' : 'expired', consent_decided_at: now, updated_at: now }).where('id', '=', r.id).execute();
      await event(trx, source.id, null, entry ? 'referral_refused' : 'referral_expired', { organisation: r.to_name }, now);
      if (!entry) return { kind: 'expired' } as const;
      return { kind: 'done', given: false } as const;
    }
    const key = await trx.selectFrom('case_items').select('child_key').where('case_child_id', '=', child.id).executeTakeFirstOrThrow();
    const caseId = await createReferredCase(trx, { source, child, entry, childKey: key.child_key, today, now, fromOrganisation: r.from_name });
    await trx.updateTable('referrals').set({ status: 'created', consent_given_by: givenBy, consent_decided_at: now, to_case_id: caseId, updated_at: now }).where('id', '=', r.id).execute();
    // The staff member made the referral; the family only agreed to it.
    await event(trx, source.id, r.created_by, 'referred_out', { organisation: r.to_name, title: entry.rules.title, provisionId: entry.id }, now);
    await recordAudit(trx, { userId: null, email: null, ip: null }, { action: 'referral.consent_given', entityType: 'case', entityId: source.id, organisationId: source.organisation_id, details: { referralId: r.id, toCase: caseId, givenBy } });
    return { kind: 'done', given: true } as const;
  });
}

/** Referral counts per pair of organisations: made (case created), waiting for consent, refused. */
export async function referralCounts(db: Db, organisationId: string | null) {
  const rows = await sql<{ from_name: string; to_name: string; created: number; waiting: number; refused: number }>`
    select src.name as from_name, dst.name as to_name,
      count(*) filter (where r.status = 'created')::int as created,
      count(*) filter (where r.status = 'awaiting_consent')::int as waiting,
      count(*) filter (where r.status in ('refused', 'expired'))::int as refused
    from referrals r
    join organisations src on src.id = r.from_organisation_id
    join organisations dst on dst.id = r.to_organisation_id
    ${organisationId ? sql`where r.from_organisation_id = ${organisationId} or r.to_organisation_id = ${organisationId}` : sql``}
    group by src.name, dst.name
    order by src.name, dst.name`.execute(db);
  return rows.rows;
}
