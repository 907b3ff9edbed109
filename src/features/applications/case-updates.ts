import { sql } from 'kysely';
import type { Db } from '../../core/db/index.ts';
import type { ItemStatus } from '../../core/db/schema.ts';
import { isLang, translator, type Lang } from '../../core/i18n/index.ts';
import { queueMail } from '../../core/mail/mailer.ts';
import { euros } from '../../core/money.ts';
import { canTransition, isFinal } from './status.ts';
import { statusLinkPath } from './links.ts';
import { messageMail, statusChangedMail } from './mails.ts';
import { parseRules, reasonInWords, type ItemReason } from './status-data.ts';

/**
 * Changes to a case that the applicant hears about: an item's status and a message from the
 * organisation. Each runs inside the caller's transaction, so that the change, its timeline entry
 * and its mail are stored together or not at all. The back office (issue 5) builds on these.
 */
export type CaseUpdateProblem = 'not_found' | 'illegal_transition' | 'amount_required' | 'reason_required' | 'message_invalid' | 'not_released';

export class CaseUpdateError extends Error {
  constructor(
    readonly problem: CaseUpdateProblem,
    message: string = problem,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class IllegalTransitionError extends CaseUpdateError {
  constructor(
    readonly from: ItemStatus,
    readonly to: ItemStatus,
  ) {
    super('illegal_transition', `an item cannot go from ${from} to ${to}`);
  }
}

export interface Actor {
  type: 'staff' | 'system' | 'applicant' | 'parent';
  userId?: string;
}

/** Where mailed status links point; false when the applicant must not be mailed (their own action). */
export type Notify = { linkSecret: string; publicUrl: string } | false;

export interface ChangeItemStatus {
  itemId: string;
  caseId: string;
  to: ItemStatus;
  actor: Actor;
  notify: Notify;
  grantedCents?: number;
  /** the organisation's reason in plain words; with a reasonKey, the handler's own words added to it. A rejection needs one of the two */
  reason?: string;
  /** a reason shown in the reader's language: a system reason (applicationStatus.reasons.*) or one of the organisation's (caseApplicant.reasons.*) */
  reasonKey?: string;
  now?: Date;
}

export interface StatusChange {
  from: ItemStatus;
  to: ItemStatus;
  caseClosed: boolean;
  placeFreed: boolean;
}

const MAX_CENTS = 10_000_000;
export const MAX_MESSAGE = 4000;
const MAX_REASON = 2000;
/** From these, an item held a campaign place that a withdrawal or rejection gives back. */
const HOLDS_PLACE: readonly ItemStatus[] = ['awaiting_parent', 'received', 'waiting_list', 'in_progress', 'information_requested', 'visit_planned'];

export async function changeItemStatus(trx: Db, input: ChangeItemStatus): Promise<StatusChange> {
  const now = input.now ?? new Date();
  // The case first, then the item: every writer locks in this order (the case row is updated too), so two never wait in a circle.
  await trx.selectFrom('cases').select('id').where('id', '=', input.caseId).forUpdate().execute();
  const item = await trx
    .selectFrom('case_items')
    .select(['id', 'case_id', 'case_child_id', 'status', 'provision_id', 'provision_version'])
    .where('id', '=', input.itemId)
    .where('case_id', '=', input.caseId)
    .forUpdate()
    .executeTakeFirst();
  if (!item) throw new CaseUpdateError('not_found');
  const from = item.status;
  const to = input.to;
  if (!canTransition(from, to)) throw new IllegalTransitionError(from, to);
  const reasonText = input.reason?.trim() ?? '';
  if (to === 'granted' && (!Number.isInteger(input.grantedCents) || input.grantedCents! < 0 || input.grantedCents! > MAX_CENTS)) throw new CaseUpdateError('amount_required');
  if ((to === 'rejected' && reasonText.length === 0 && !input.reasonKey) || reasonText.length > MAX_REASON) throw new CaseUpdateError('reason_required');

  const reason: ItemReason | null = input.reasonKey
    ? { text: translator('nl')(input.reasonKey), key: input.reasonKey, ...(reasonText ? { note: reasonText } : {}) }
    : reasonText
      ? { text: reasonText }
      : null;
  const decided = to === 'granted' || to === 'rejected';
  await trx
    .updateTable('case_items')
    .set({
      status: to,
      updated_at: now,
      ...(decided ? { decided_at: now } : {}),
      ...(to === 'granted' ? { granted_cents: input.grantedCents! } : {}),
      ...(reason ? { reason: JSON.stringify(reason) } : {}),
    })
    .where('id', '=', item.id)
    .execute();
  await trx
    .insertInto('case_events')
    .values({
      case_id: item.case_id,
      item_id: item.id,
      at: now,
      kind: to === 'withdrawn' ? 'withdrawn' : 'status_changed',
      actor_type: input.actor.type,
      actor_user_id: input.actor.userId ?? null,
      visible_to_applicant: true,
      details: JSON.stringify({ from, to, ...(to === 'granted' ? { grantedCents: input.grantedCents } : {}) }),
    })
    .execute();

  const placeFreed = (to === 'withdrawn' || to === 'rejected') && HOLDS_PLACE.includes(from) && (await giveBackPlace(trx, item.provision_id, item.provision_version));
  const caseClosed = await closeCaseIfFinal(trx, item.case_id, now);
  if (input.notify) await mailStatusChange(trx, item, to, input.grantedCents ?? null, reason, input.notify, now);
  return { from, to, caseClosed, placeFreed };
}

/**
 * A campaign place (provision_places.taken, counted at submission) is free again. When that turns
 * a full campaign into one with room, the catalogue revision moves so that every process's wizard
 * stops saying "waiting list".
 */
async function giveBackPlace(trx: Db, provisionId: string, version: number): Promise<boolean> {
  const row = await sql<{ held: number | null; now_capacity: number | null }>`
    select (held.rules->>'capacity')::int as held, (cur.rules->>'capacity')::int as now_capacity
    from provision_versions held
    join provisions p on p.id = held.provision_id
    left join provision_versions cur on cur.provision_id = p.id and cur.version = p.version
    where held.provision_id = ${provisionId} and held.version = ${version}`.execute(trx);
  const rules = row.rows[0];
  if (!rules || rules.held === null) return false;
  const updated = await trx
    .updateTable('provision_places')
    .set((eb) => ({ taken: sql<number>`greatest(${eb.ref('taken')} - 1, 0)` }))
    .where('provision_id', '=', provisionId)
    .returning('taken')
    .executeTakeFirst();
  if (!updated) return false;
  const capacity = rules.now_capacity;
  if (capacity !== null && updated.taken + 1 >= capacity && updated.taken < capacity) {
    await trx.updateTable('cache_revisions').set((eb) => ({ revision: eb('revision', '+', 1) })).where('name', '=', 'catalogue').execute();
  }
  return true;
}

/** A case whose every item is final (delivered, rejected, withdrawn) is closed; its retention period starts then. */
export async function closeCaseIfFinal(trx: Db, caseId: string, now: Date): Promise<boolean> {
  const items = await trx.selectFrom('case_items').select('status').where('case_id', '=', caseId).execute();
  const allFinal = items.length > 0 && items.every((i) => isFinal(i.status));
  await trx
    .updateTable('cases')
    .set(allFinal ? { status: 'closed', closed_at: now, updated_at: now } : { updated_at: now })
    .where('id', '=', caseId)
    .where('status', '!=', 'closed')
    .execute();
  return allFinal;
}

interface MailTarget {
  reference: string;
  email: string;
  name: string;
  lang: Lang;
  organisation: string;
}

async function mailTarget(trx: Db, caseId: string): Promise<MailTarget> {
  const row = await trx
    .selectFrom('cases')
    .innerJoin('applications', 'applications.id', 'cases.application_id')
    .innerJoin('organisations', 'organisations.id', 'cases.organisation_id')
    .select(['applications.reference', 'cases.applicant_email', 'cases.applicant_name', 'cases.language', 'organisations.name as organisation'])
    .where('cases.id', '=', caseId)
    .executeTakeFirstOrThrow();
  return { reference: row.reference, email: row.applicant_email, name: row.applicant_name, lang: isLang(row.language) ? row.language : 'nl', organisation: row.organisation };
}

function links(notify: { linkSecret: string; publicUrl: string }, reference: string, now: Date) {
  return { statusUrl: notify.publicUrl + statusLinkPath(notify.linkSecret, reference, now.getTime()), requestUrl: `${notify.publicUrl}/aanvraag` };
}

async function mailStatusChange(
  trx: Db,
  item: { case_id: string; case_child_id: string; provision_id: string; provision_version: number },
  to: ItemStatus,
  grantedCents: number | null,
  reason: ItemReason | null,
  notify: { linkSecret: string; publicUrl: string },
  now: Date,
): Promise<void> {
  const target = await mailTarget(trx, item.case_id);
  const t = translator(target.lang);
  const [child, version] = await Promise.all([
    trx.selectFrom('case_children').select('first_name').where('id', '=', item.case_child_id).executeTakeFirst(),
    trx.selectFrom('provision_versions').select('rules').where('provision_id', '=', item.provision_id).where('version', '=', item.provision_version).executeTakeFirstOrThrow(),
  ]);
  const rules = parseRules(version.rules);
  let detail: string | null = null;
  if (to === 'granted' && grantedCents !== null) {
    // A partial grant explains itself: the reason follows the amount.
    detail = t('applicationStatus.mail.granted', { amount: euros(grantedCents, target.lang) });
    if (reason) detail += `\n${t('applicationStatus.mail.reason', { reason: reasonInWords(t, reason) })}`;
  } else if (to === 'rejected' && reason) detail = t('applicationStatus.mail.reason', { reason: reasonInWords(t, reason) });
  else if (to === 'information_requested') detail = t('applicationStatus.mail.informationRequested');
  else if (to === 'visit_planned') detail = t('applicationStatus.mail.visitPlanned');
  await queueMail(
    trx,
    statusChangedMail({
      to: target.email,
      lang: target.lang,
      name: target.name,
      reference: target.reference,
      childName: child?.first_name ?? t('applicationStatus.mail.yourChild'),
      title: target.lang === 'nl' ? rules.title.nl : rules.title.en,
      organisation: target.organisation,
      status: to,
      detail,
      ...links(notify, target.reference, now),
    }),
  );
}

export interface OrganisationMessage {
  caseId: string;
  authorUserId: string;
  body: string;
  notify: Notify;
  now?: Date;
}

/** A message from the organisation to the applicant: stored, on the timeline, and announced by mail (the text itself stays on the site). */
export async function postOrganisationMessage(trx: Db, input: OrganisationMessage): Promise<string> {
  const now = input.now ?? new Date();
  const body = input.body.trim();
  if (body.length === 0 || body.length > MAX_MESSAGE) throw new CaseUpdateError('message_invalid');
  const found = await trx.selectFrom('cases').select(['id', 'released_at']).where('id', '=', input.caseId).forUpdate().executeTakeFirst();
  if (!found) throw new CaseUpdateError('not_found');
  if (!found.released_at) throw new CaseUpdateError('not_released');
  const message = await trx
    .insertInto('case_messages')
    .values({ case_id: input.caseId, sender: 'organisation', author_user_id: input.authorUserId, body, created_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('case_events')
    .values({ case_id: input.caseId, at: now, kind: 'organisation_message', actor_type: 'staff', actor_user_id: input.authorUserId, visible_to_applicant: true, details: JSON.stringify({ messageId: message.id }) })
    .execute();
  await trx.updateTable('cases').set({ updated_at: now }).where('id', '=', input.caseId).execute();
  if (input.notify) {
    const target = await mailTarget(trx, input.caseId);
    await queueMail(trx, messageMail({ to: target.email, lang: target.lang, name: target.name, reference: target.reference, organisation: target.organisation, ...links(input.notify, target.reference, now) }));
  }
  return message.id;
}
