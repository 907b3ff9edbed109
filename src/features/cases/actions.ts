import type { Db } from '../../core/db/index.ts';
import type { ItemStatus } from '../../core/db/schema.ts';
import { recordAudit, type AuditActor } from '../../core/audit/audit.ts';
import { isLang, type Lang } from '../../core/i18n/index.ts';
import { queueMail } from '../../core/mail/mailer.ts';
import { changeItemStatus, closeCaseIfFinal, postOrganisationMessage, CaseUpdateError, type Notify } from '../applications/case-updates.ts';
import { statusLinkPath } from '../applications/links.ts';
import { canTransition, isFinal } from '../applications/status.ts';
import { visitOverMail, visitPlannedMail, type Links } from './mails.ts';
import { itemsAfterVisit, itemsForVisit, type VisitPlan } from './visits.ts';
import type { RejectionReason } from './reasons.ts';
import { reasonKey } from './reasons.ts';
import { remainingOf } from '../budgets/data.ts';
import type { Delivery } from './delivery.ts';

/**
 * The back office's steps on a case. Each is one transaction holding the case row locked: the
 * change, its timeline entry (what the family sees), its audit entry and its mail are stored
 * together or not at all. Item status changes go through the status machine (case-updates.ts),
 * which refuses an illegal transition with a typed error.
 */
export interface Who {
  userId: string;
  audit: AuditActor;
  organisationId: string;
}

/** Where mailed links point. */
export type LinkConfig = Exclude<Notify, false>;

export const MAX_NOTE = 4000;

async function lockCase(trx: Db, caseId: string, organisationId: string) {
  const row = await trx.selectFrom('cases').selectAll().where('id', '=', caseId).where('organisation_id', '=', organisationId).forUpdate().executeTakeFirst();
  if (!row) throw new CaseUpdateError('not_found');
  return row;
}

async function event(trx: Db, caseId: string, who: Who, kind: string, visible: boolean, details: Record<string, unknown>, now: Date, itemId: string | null = null) {
  await trx
    .insertInto('case_events')
    .values({ case_id: caseId, item_id: itemId, at: now, kind, actor_type: 'staff', actor_user_id: who.userId, visible_to_applicant: visible, details: JSON.stringify(details) })
    .execute();
}

async function audit(trx: Db, who: Who, action: string, caseId: string, details: Record<string, unknown> = {}) {
  await recordAudit(trx, who.audit, { action, entityType: 'case', entityId: caseId, organisationId: who.organisationId, details });
}

export async function applicantTarget(trx: Db, caseId: string, links: LinkConfig, now: Date): Promise<{ to: string; lang: Lang; name: string; reference: string; organisation: string; organisationAddress: string | null; links: Links }> {
  const row = await trx
    .selectFrom('cases')
    .innerJoin('applications', 'applications.id', 'cases.application_id')
    .innerJoin('organisations', 'organisations.id', 'cases.organisation_id')
    .select(['applications.reference', 'cases.applicant_email', 'cases.applicant_name', 'cases.language', 'organisations.name', 'organisations.address'])
    .where('cases.id', '=', caseId)
    .executeTakeFirstOrThrow();
  return {
    to: row.applicant_email,
    lang: isLang(row.language) ? row.language : 'nl',
    name: row.applicant_name,
    reference: row.reference,
    organisation: row.name,
    organisationAddress: row.address,
    links: { statusUrl: links.publicUrl + statusLinkPath(links.linkSecret, row.reference, now.getTime()), requestUrl: `${links.publicUrl}/aanvraag` },
  };
}

async function openItems(trx: Db, caseId: string) {
  return trx.selectFrom('case_items').select(['id', 'status']).where('case_id', '=', caseId).forUpdate().execute();
}

/** Several items move together (a visit, a question to the family): one mail for the case instead of one per item. */
async function moveItems(trx: Db, caseId: string, ids: string[], to: ItemStatus, who: Who, now: Date) {
  for (const itemId of ids) await changeItemStatus(trx, { itemId, caseId, to, actor: { type: 'staff', userId: who.userId }, notify: false, now });
}

export async function assignCase(db: Db, who: Who, caseId: string, userId: string | null): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await lockCase(trx, caseId, who.organisationId);
    if (row.assigned_user_id === userId) return;
    const now = new Date();
    await trx.updateTable('cases').set({ assigned_user_id: userId, updated_at: now }).where('id', '=', caseId).execute();
    await event(trx, caseId, who, 'assigned', false, { userId }, now);
    await audit(trx, who, 'case.assigned', caseId, { from: row.assigned_user_id, to: userId });
  });
}

export async function addNote(db: Db, who: Who, caseId: string, body: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockCase(trx, caseId, who.organisationId);
    const now = new Date();
    const note = await trx.insertInto('case_notes').values({ case_id: caseId, author_user_id: who.userId, body, created_at: now }).returning('id').executeTakeFirstOrThrow();
    await audit(trx, who, 'case.note_added', caseId, { noteId: note.id });
  });
}

/** A question to the family: a message on their status page and a mail; the items wait for the answer. */
export async function requestInformation(db: Db, who: Who, caseId: string, message: string, links: LinkConfig): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await lockCase(trx, caseId, who.organisationId);
    if (row.status !== 'open') throw new CaseUpdateError('illegal_transition');
    const now = new Date();
    const items = await openItems(trx, caseId);
    const waiting = items.filter((i) => i.status !== 'information_requested' && i.status !== 'granted' && canTransition(i.status, 'information_requested')).map((i) => i.id);
    await moveItems(trx, caseId, waiting, 'information_requested', who, now);
    await postOrganisationMessage(trx, { caseId, authorUserId: who.userId, body: message, notify: links, now });
    await audit(trx, who, 'case.information_requested', caseId, { items: waiting });
  });
}

export async function planVisit(db: Db, who: Who, caseId: string, plan: VisitPlan, links: LinkConfig): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const row = await lockCase(trx, caseId, who.organisationId);
    if (row.status !== 'open') throw new CaseUpdateError('illegal_transition');
    const now = new Date();
    const visit = await trx
      .insertInto('case_visits')
      .values({ case_id: caseId, organisation_id: who.organisationId, kind: plan.kind, planned_at: plan.plannedAt, volunteer_user_id: plan.volunteerId, created_by: who.userId, created_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await moveItems(trx, caseId, itemsForVisit(await openItems(trx, caseId)), 'visit_planned', who, now);
    await event(trx, caseId, who, 'visit_planned', true, { visitId: visit.id, kind: plan.kind, at: plan.plannedAt.toISOString() }, now);
    await audit(trx, who, 'case.visit_planned', caseId, { visitId: visit.id, kind: plan.kind, at: plan.plannedAt.toISOString(), volunteer: plan.volunteerId });
    const target = await applicantTarget(trx, caseId, links, now);
    await queueMail(trx, visitPlannedMail({ ...target, kind: plan.kind, at: plan.plannedAt, address: target.organisationAddress }));
    return visit.id;
  });
}

export async function recordVisit(db: Db, who: Who, caseId: string, visitId: string, result: { status: 'done' | 'cancelled'; outcome: string }, links: LinkConfig): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockCase(trx, caseId, who.organisationId);
    const now = new Date();
    const updated = await trx
      .updateTable('case_visits')
      .set({ status: result.status, outcome: result.outcome, recorded_at: now, recorded_by: who.userId })
      .where('id', '=', visitId)
      .where('case_id', '=', caseId)
      .where('status', '=', 'planned')
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) throw new CaseUpdateError('illegal_transition');
    // Another visit may still be planned for the same case: then the items keep waiting for that one.
    const stillPlanned = await trx.selectFrom('case_visits').select('id').where('case_id', '=', caseId).where('status', '=', 'planned').executeTakeFirst();
    const moved = stillPlanned ? [] : itemsAfterVisit(await openItems(trx, caseId));
    await moveItems(trx, caseId, moved, 'in_progress', who, now);
    await event(trx, caseId, who, result.status === 'done' ? 'visit_done' : 'visit_cancelled', true, { visitId }, now);
    await audit(trx, who, 'case.visit_recorded', caseId, { visitId, status: result.status });
    if (moved.length > 0) {
      const target = await applicantTarget(trx, caseId, links, now);
      await queueMail(trx, visitOverMail({ ...target, cancelled: result.status === 'cancelled' }));
    }
  });
}

/** "Start handling": a new, waiting or answered request is being assessed. */
export async function startItem(db: Db, who: Who, caseId: string, itemId: string, notify: Notify): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const row = await lockCase(trx, caseId, who.organisationId);
    if (row.status !== 'open') throw new CaseUpdateError('illegal_transition');
    const change = await changeItemStatus(trx, { itemId, caseId, to: 'in_progress', actor: { type: 'staff', userId: who.userId }, notify });
    await audit(trx, who, 'case.item_status_changed', caseId, { itemId, from: change.from, to: change.to });
  });
}

export type GrantOutcome = { kind: 'done' } | { kind: 'budget_changed'; remainingCents: number };

export async function grantItem(
  db: Db,
  who: Who,
  caseId: string,
  itemId: string,
  grant: { amountCents: number; note: string | null; partial: boolean; aboveMaximum: boolean; overBudget: boolean; budgetId: string | null },
  notify: Notify,
): Promise<GrantOutcome> {
  return db.transaction().execute(async (trx) => {
    await lockCase(trx, caseId, who.organisationId);
    if (grant.budgetId) {
      // The budget line is locked, so that two grants at once cannot both take the last euros unseen.
      await trx.selectFrom('budgets').select('id').where('id', '=', grant.budgetId).where('organisation_id', '=', who.organisationId).forUpdate().executeTakeFirstOrThrow();
      const remaining = await remainingOf(trx, grant.budgetId);
      if (!grant.overBudget && grant.amountCents > remaining) return { kind: 'budget_changed', remainingCents: remaining } as const;
    }
    const change = await changeItemStatus(trx, { itemId, caseId, to: 'granted', grantedCents: grant.amountCents, ...(grant.note ? { reason: grant.note } : {}), actor: { type: 'staff', userId: who.userId }, notify });
    await trx.updateTable('case_items').set({ budget_id: grant.budgetId }).where('id', '=', itemId).execute();
    await audit(trx, who, 'case.item_granted', caseId, { itemId, from: change.from, amountCents: grant.amountCents, partial: grant.partial, aboveMaximum: grant.aboveMaximum, overBudget: grant.overBudget, budgetId: grant.budgetId });
    return { kind: 'done' } as const;
  });
}

export async function rejectItem(db: Db, who: Who, caseId: string, itemId: string, reason: RejectionReason, note: string | null, notify: Notify): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockCase(trx, caseId, who.organisationId);
    const change = await changeItemStatus(trx, { itemId, caseId, to: 'rejected', reasonKey: reasonKey(reason), ...(note ? { reason: note } : {}), actor: { type: 'staff', userId: who.userId }, notify });
    await audit(trx, who, 'case.item_rejected', caseId, { itemId, from: change.from, reason, withNote: Boolean(note) });
  });
}

/**
 * Closing a case before every request is decided (the family cannot be reached, or no longer needs
 * it): what is still open is rejected with the chosen reason. A granted request that was never
 * delivered keeps the case open: it must be delivered first.
 */
export async function closeCase(db: Db, who: Who, caseId: string, reason: RejectionReason, note: string | null, notify: Notify): Promise<'closed' | 'granted_open' | 'already'> {
  return db.transaction().execute(async (trx) => {
    const row = await lockCase(trx, caseId, who.organisationId);
    if (row.status === 'closed') return 'already' as const;
    const items = await openItems(trx, caseId);
    if (items.some((i) => i.status === 'granted')) return 'granted_open' as const;
    const now = new Date();
    for (const item of items.filter((i) => !isFinal(i.status))) {
      await changeItemStatus(trx, { itemId: item.id, caseId, to: 'rejected', reasonKey: reasonKey(reason), ...(note ? { reason: note } : {}), actor: { type: 'staff', userId: who.userId }, notify, now });
    }
    await closeCaseIfFinal(trx, caseId, now);
    await event(trx, caseId, who, 'case_closed', true, {}, now);
    await audit(trx, who, 'case.closed', caseId, { reason, rejected: items.filter((i) => !isFinal(i.status)).length });
    return 'closed' as const;
  });
}

/** The payment to the club, school or supplier, or the goods sent: the item is delivered, and paid against its budget line. */
export async function recordDelivery(db: Db, who: Who, caseId: string, itemId: string, delivery: Delivery, notify: Notify): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await lockCase(trx, caseId, who.organisationId);
    const item = await trx
      .selectFrom('case_items')
      .innerJoin('cases', 'cases.id', 'case_items.case_id')
      .innerJoin('applications', 'applications.id', 'cases.application_id')
      .select(['case_items.status', 'case_items.budget_id', 'applications.reference'])
      .where('case_items.id', '=', itemId)
      .where('case_items.case_id', '=', caseId)
      .executeTakeFirst();
    if (!item) throw new CaseUpdateError('not_found');
    if (!canTransition(item.status, 'delivered')) throw new CaseUpdateError('illegal_transition');
    const now = new Date();
    await trx
      .insertInto('payments')
      .values({
        organisation_id: who.organisationId,
        case_id: caseId,
        item_id: itemId,
        budget_id: item.budget_id,
        kind: delivery.kind,
        payee_name: delivery.payeeName,
        iban: delivery.iban,
        amount_cents: delivery.amountCents,
        paid_on: delivery.paidOn,
        payment_reference: delivery.reference,
        description: delivery.description,
        case_reference: item.reference,
        recorded_by: who.userId,
        recorded_at: now,
      })
      .execute();
    await event(trx, caseId, who, 'delivery_recorded', true, { kind: delivery.kind, payee: delivery.payeeName, amountCents: delivery.amountCents, date: delivery.paidOn }, now, itemId);
    const change = await changeItemStatus(trx, { itemId, caseId, to: 'delivered', actor: { type: 'staff', userId: who.userId }, notify, now });
    if (change.caseClosed) await event(trx, caseId, who, 'case_closed', true, {}, now);
    await audit(trx, who, 'case.delivery_recorded', caseId, { itemId, kind: delivery.kind, amountCents: delivery.amountCents, paidOn: delivery.paidOn });
  });
}
