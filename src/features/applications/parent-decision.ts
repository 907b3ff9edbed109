import { sql } from 'kysely';
import type { Db } from '../../core/db/index.ts';
import { hashToken } from '../../core/auth/totp.ts';
import { queueMail } from '../../core/mail/mailer.ts';
import { statusLinkPath } from './links.ts';
import { changeItemStatus, type Actor } from './case-updates.ts';
import { parentOutcomeMail, type ParentOutcome } from './parent-mails.ts';
import { parseJson, parseRules } from './status-data.ts';
import { isFinal } from './status.ts';

/**
 * A young person under 16 applied; their parent decides by the mailed link. Confirming releases
 * every case to its organisation at once; refusing, or not answering in time, withdraws
 * everything, and no organisation ever sees the application. Each outcome is one transaction
 * with the young person's mail.
 */
export interface ParentOrganisation {
  name: string;
  fields: string[];
  retentionMonths: number;
  titles: Array<{ nl: string; en: string }>;
}

export type ParentLink =
  | { kind: 'unknown' }
  | { kind: 'expired'; youngName: string }
  | { kind: 'decided'; youngName: string; confirmedAt: Date | null; refusedAt: Date | null }
  | { kind: 'open'; applicationId: string; youngName: string; deadline: Date; organisations: ParentOrganisation[] };

export interface Links {
  linkSecret: string;
  publicUrl: string;
}

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

interface ApplicationRow {
  id: string;
  reference: string;
  applicant_name: string;
  applicant_email: string;
  language: string;
  parent_name: string | null;
  parent_token_expires_at: Date | null;
  parent_confirmed_at: Date | null;
  parent_refused_at: Date | null;
}

function stateOf(row: ApplicationRow | undefined, now: Date): ParentLink | null {
  if (!row) return { kind: 'unknown' };
  if (row.parent_confirmed_at || row.parent_refused_at) return { kind: 'decided', youngName: row.applicant_name, confirmedAt: row.parent_confirmed_at, refusedAt: row.parent_refused_at };
  if (!row.parent_token_expires_at || row.parent_token_expires_at.getTime() <= now.getTime()) return { kind: 'expired', youngName: row.applicant_name };
  return null;
}

async function findRow(db: Db, token: string, lock: boolean): Promise<ApplicationRow | undefined> {
  if (!TOKEN.test(token)) return undefined;
  let query = db
    .selectFrom('applications')
    .select(['id', 'reference', 'applicant_name', 'applicant_email', 'language', 'parent_name', 'parent_token_expires_at', 'parent_confirmed_at', 'parent_refused_at'])
    .where('parent_token_hash', '=', hashToken(token));
  if (lock) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function findParentLink(db: Db, token: string, now = new Date()): Promise<ParentLink> {
  const row = await findRow(db, token, false);
  const state = stateOf(row, now);
  if (state) return state;
  const app = row!;
  const [cases, consents, items] = await Promise.all([
    db.selectFrom('cases').innerJoin('organisations', 'organisations.id', 'cases.organisation_id').select(['cases.id', 'cases.organisation_id', 'organisations.name', 'organisations.retention_months']).where('cases.application_id', '=', app.id).orderBy('organisations.name').execute(),
    db.selectFrom('consents').select(['organisation_id', 'statement']).where('application_id', '=', app.id).where('given_by', '!=', 'parent').execute(),
    db
      .selectFrom('case_items')
      .innerJoin('cases', 'cases.id', 'case_items.case_id')
      .innerJoin('provision_versions', (join) => join.onRef('provision_versions.provision_id', '=', 'case_items.provision_id').onRef('provision_versions.version', '=', 'case_items.provision_version'))
      .select(['case_items.case_id', 'provision_versions.rules'])
      .where('cases.application_id', '=', app.id)
      .orderBy('case_items.created_at')
      .execute(),
  ]);
  const organisations = cases.map((c): ParentOrganisation => {
    const statement = parseJson(consents.find((s) => s.organisation_id === c.organisation_id)?.statement) as { fields?: unknown; retentionMonths?: unknown } | undefined;
    return {
      name: c.name,
      fields: Array.isArray(statement?.fields) ? statement.fields.map(String) : [],
      retentionMonths: typeof statement?.retentionMonths === 'number' ? statement.retentionMonths : c.retention_months,
      titles: items.filter((i) => i.case_id === c.id).map((i) => parseRules(i.rules).title),
    };
  });
  return { kind: 'open', applicationId: app.id, youngName: app.applicant_name, deadline: app.parent_token_expires_at!, organisations };
}

export type Decision = 'confirm' | 'refuse';

/** The parent's decision; an already decided, expired or unknown link gives its state back instead. */
export async function decideAsParent(db: Db, token: string, decision: Decision, links: Links, now = new Date()): Promise<ParentLink | { kind: 'done'; decision: Decision }> {
  return db.transaction().execute(async (trx) => {
    // Locked: a double click, or two tabs, decide once.
    const row = await findRow(trx, token, true);
    const state = stateOf(row, now);
    if (state) return state;
    if (decision === 'confirm') await release(trx, row!, now);
    else await stopWaiting(trx, row!, { type: 'parent' }, 'parent_refused', 'applicationStatus.reasons.parentRefused', now);
    await mailYoungPerson(trx, row!, decision === 'confirm' ? 'parentConfirmed' : 'parentRefused', links, now);
    return { kind: 'done', decision } as const;
  });
}

/** Retention: a parent link that expired without a decision withdraws what was asked. Returns false when there was nothing (left) to do. */
export async function expireParentLink(db: Db, applicationId: string, links: Links, now = new Date()): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('applications')
      .select(['id', 'reference', 'applicant_name', 'applicant_email', 'language', 'parent_name', 'parent_token_expires_at', 'parent_confirmed_at', 'parent_refused_at'])
      .where('id', '=', applicationId)
      .forUpdate()
      .executeTakeFirst();
    if (stateOf(row, now)?.kind !== 'expired') return false;
    const waiting = await trx.selectFrom('cases').select('id').where('application_id', '=', applicationId).where('status', '=', 'awaiting_parent').execute();
    if (waiting.length === 0) return false;
    await stopWaiting(trx, row!, { type: 'system' }, 'parent_no_response', 'applicationStatus.reasons.noParentResponse', now);
    await mailYoungPerson(trx, row!, 'parentExpired', links, now);
    return true;
  });
}

async function release(trx: Db, app: ApplicationRow, now: Date): Promise<void> {
  await trx.updateTable('applications').set({ parent_confirmed_at: now }).where('id', '=', app.id).execute();
  const consents = await trx.selectFrom('consents').select(['organisation_id', 'statement']).where('application_id', '=', app.id).where('given_by', '!=', 'parent').execute();
  if (consents.length > 0) {
    await trx
      .insertInto('consents')
      .values(consents.map((c) => ({ application_id: app.id, organisation_id: c.organisation_id, given_by: 'parent' as const, given_at: now, statement: JSON.stringify(parseJson(c.statement)) })))
      .onConflict((oc) => oc.columns(['application_id', 'organisation_id', 'given_by']).doNothing())
      .execute();
  }
  // Each organisation's clock starts now: the shortest handling time of its items.
  const cases = await sql<{ id: string; days: number | null }>`
    select c.id, min((v.rules->>'handlingDays')::int) as days
    from cases c
    join case_items i on i.case_id = c.id
    join provision_versions v on v.provision_id = i.provision_id and v.version = i.provision_version
    where c.application_id = ${app.id} and c.status = 'awaiting_parent'
    group by c.id`.execute(trx);
  for (const c of cases.rows) {
    const days = Number(c.days ?? 28);
    await trx.updateTable('cases').set({ status: 'open', released_at: now, due_at: new Date(now.getTime() + days * 24 * 3600 * 1000), updated_at: now }).where('id', '=', c.id).execute();
  }
  const ids = cases.rows.map((c) => c.id);
  if (ids.length === 0) return;
  await trx.updateTable('case_items').set({ status: 'received', updated_at: now }).where('case_id', 'in', ids).where('status', '=', 'awaiting_parent').execute();
  await trx
    .insertInto('case_events')
    .values(ids.map((id) => ({ case_id: id, at: now, kind: 'parent_confirmed', actor_type: 'parent' as const, visible_to_applicant: true, details: '{}' })))
    .execute();
}

async function stopWaiting(trx: Db, app: ApplicationRow, actor: Actor, eventKind: string, reasonKey: string, now: Date): Promise<void> {
  if (eventKind === 'parent_refused') await trx.updateTable('applications').set({ parent_refused_at: now }).where('id', '=', app.id).execute();
  const items = await trx
    .selectFrom('case_items')
    .innerJoin('cases', 'cases.id', 'case_items.case_id')
    .select(['case_items.id', 'case_items.case_id', 'case_items.status'])
    .where('cases.application_id', '=', app.id)
    .where('cases.status', '=', 'awaiting_parent')
    .execute();
  // Through the status machine, so that campaign places are given back and the cases close.
  for (const item of items.filter((i) => !isFinal(i.status))) {
    await changeItemStatus(trx, { itemId: item.id, caseId: item.case_id, to: 'withdrawn', actor, reasonKey, notify: false, now });
  }
  const caseIds = [...new Set(items.map((i) => i.case_id))];
  if (caseIds.length === 0) return;
  await trx.updateTable('cases').set({ status: 'closed', closed_at: now, updated_at: now }).where('id', 'in', caseIds).where('status', '!=', 'closed').execute();
  await trx
    .insertInto('case_events')
    .values(caseIds.map((id) => ({ case_id: id, at: now, kind: eventKind, actor_type: actor.type, visible_to_applicant: true, details: '{}' })))
    .execute();
}

async function mailYoungPerson(trx: Db, app: ApplicationRow, outcome: ParentOutcome, links: Links, now: Date): Promise<void> {
  await queueMail(
    trx,
    parentOutcomeMail({
      outcome,
      to: app.applicant_email,
      lang: app.language,
      name: app.applicant_name,
      parent: app.parent_name ?? '',
      reference: app.reference,
      statusUrl: links.publicUrl + statusLinkPath(links.linkSecret, app.reference, now.getTime()),
      requestUrl: `${links.publicUrl}/aanvraag`,
    }),
  );
}
