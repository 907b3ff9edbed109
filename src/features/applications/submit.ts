import { sql } from 'kysely';
import type { Db } from '../../core/db/index.ts';
import type { ItemStatus } from '../../core/db/schema.ts';
import type { OutgoingMail } from '../../core/mail/mailer.ts';
import { uuidv7 } from '../../core/ids.ts';
import { hashToken, randomToken } from '../../core/auth/totp.ts';
import { ageOn } from '../catalogue/routing.ts';
import { childKey } from './child-key.ts';
import { conflictFor, periodStart, type Conflict, type ExistingItem } from './period.ts';
import { newReference } from './reference.ts';
import { statusLinkPath } from './links.ts';
import { confirmationMail, parentConsentMail, type MailItem } from './mails.ts';
import { fieldsNeeded, pick } from './fields.ts';
import { titleOf, type ValidApplication } from './steps.ts';

/**
 * Submitting an application: one transaction that either stores everything (the application,
 * one case per organisation with only its part of the data, the consents, the first timeline
 * entries and the mails) or nothing. The draft row is locked first, so that a double click or a
 * retry after a time-out finds the application the first attempt made instead of making another.
 *
 * Every id is made here, so that all rows go to the database as one JSON document, stored by the
 * functions of migration 0005: the common case is one round trip however many children it has.
 */
export const PARENT_LINK_DAYS = 14;
/** Young people below this age need their parent's confirmation before anything is sent. */
export const PARENT_CONSENT_BELOW = 16;
const APPLICANT_SESSION_MS = 4 * 60 * 60 * 1000;

export interface SubmitInput {
  draftId: string;
  application: ValidApplication;
  today: string;
  now?: Date;
  childKeySecret: string;
  linkSecret: string;
  publicUrl: string;
  channel?: 'online' | 'walk_in' | 'phone';
  /** the staff member who entered a walk-in or phone application and confirmed the consent given in person */
  staffUserId?: string;
  /** hash of a new applicant-session token, opened in the same transaction (see applicant-session.ts) */
  applicantSessionId?: string;
}

export type SubmitResult =
  | { kind: 'submitted'; applicationId: string; reference: string }
  | { kind: 'already'; applicationId: string; reference: string }
  | { kind: 'conflicts'; conflicts: Array<{ child: number; provisionId: string; conflict: Conflict }> }
  | { kind: 'gone' };

export function needsParentConsent(app: ValidApplication, today: string): boolean {
  if (app.role !== 'young') return false;
  const self = app.children[0];
  return Boolean(self && ageOn(self.birthDate, today) < PARENT_CONSENT_BELOW);
}

const UNIQUE_VIOLATION = '23505';

export async function submitApplication(db: Db, input: SubmitInput): Promise<SubmitResult> {
  // 40 random bits per reference: a clash is rare, and then the whole transaction is simply run again.
  for (let attempt = 0; ; attempt++) {
    try {
      return await submitOnce(db, input);
    } catch (error) {
      const clash = (error as { code?: string; constraint?: string }).code === UNIQUE_VIOLATION && String((error as { constraint?: string }).constraint ?? (error as Error).message).includes('reference');
      if (!clash || attempt >= 4) throw error;
    }
  }
}

type Outcome = { outcome: 'gone' | 'open' | 'check' } | { outcome: 'already' | 'submitted'; applicationId: string; reference: string };

function readOutcome(value: unknown): Outcome {
  return (typeof value === 'string' ? JSON.parse(value) : value) as Outcome;
}

async function submitOnce(db: Db, input: SubmitInput): Promise<SubmitResult> {
  const now = input.now ?? new Date();
  const app = input.application;
  const keys = new Map(app.children.map((c) => [c.index, childKey(input.childKeySecret, c)]));
  const sortedKeys = [...new Set(keys.values())].sort();

  // The common case, one round trip: children nobody asked anything for before cannot break a rule.
  if (!app.chosen.some((c) => c.option.entry.rules.capacity !== null)) {
    const rows = buildRows(input, now, keys, new Map());
    const result = await sql<{ result: unknown }>`select kr_submit_new(${input.draftId}, ${sortedKeys}::text[], ${json(rows)}::jsonb) as result`.execute(db);
    const fast = readOutcome(result.rows[0]!.result);
    if (fast.outcome === 'gone') return { kind: 'gone' };
    if (fast.outcome === 'already' || fast.outcome === 'submitted') return { kind: fast.outcome, applicationId: fast.applicationId, reference: fast.reference };
  }

  // Otherwise the earlier requests are checked against the rules, under the same locks, in one transaction.
  return db.transaction().execute(async (trx) => {
    const locked = await sql<{ result: unknown }>`select kr_lock_for_submit(${input.draftId}, ${sortedKeys}::text[]) as result`.execute(trx);
    const state = readOutcome(locked.rows[0]!.result);
    if (state.outcome === 'gone') return { kind: 'gone' } as const;
    if (state.outcome === 'already' || state.outcome === 'submitted') return { kind: 'already', applicationId: state.applicationId, reference: state.reference } as const;

    const earlier = await sql<{ child_key: string; provision_id: string; organisation_id: string; status: ItemStatus; period_start: string; exclusive_group: string | null }>`
      select i.child_key, i.provision_id, c.organisation_id, i.status, i.period_start, v.rules->>'exclusiveGroup' as exclusive_group
      from case_items i
      join cases c on c.id = i.case_id
      join provision_versions v on v.provision_id = i.provision_id and v.version = i.provision_version
      where i.child_key = any(${sortedKeys}::text[])`.execute(trx);
    const conflicts = findConflicts(app, keys, earlier.rows, input.today);
    if (conflicts.length > 0) return { kind: 'conflicts', conflicts } as const;

    // Campaign places are taken at once, also while a parent's confirmation is pending: first come, first served.
    const taken = new Map<string, number>();
    for (const c of app.chosen.filter((x) => x.option.entry.rules.capacity !== null)) taken.set(c.option.entry.id, await takePlace(trx, c.option.entry.id));
    const rows = buildRows(input, now, keys, taken);
    await sql`select kr_write_application(${json(rows)}::jsonb)`.execute(trx);
    return { kind: 'submitted', applicationId: rows.application.id, reference: rows.application.reference } as const;
  });
}

function findConflicts(app: ValidApplication, keys: Map<number, string>, rows: Array<{ child_key: string; provision_id: string; organisation_id: string; status: ItemStatus; period_start: string; exclusive_group: string | null }>, today: string) {
  const byKey = new Map<string, ExistingItem[]>();
  for (const r of rows) {
    const list = byKey.get(r.child_key) ?? [];
    list.push({ provisionId: r.provision_id, organisationId: r.organisation_id, status: r.status, periodStart: r.period_start, exclusiveGroup: r.exclusive_group });
    byKey.set(r.child_key, list);
  }
  const conflicts: Array<{ child: number; provisionId: string; conflict: Conflict }> = [];
  for (const c of app.chosen) {
    const entry = c.option.entry;
    const conflict = conflictFor(byKey.get(keys.get(c.child)!) ?? [], { provisionId: entry.id, organisationId: entry.organisation.id, rules: entry.rules }, today);
    if (conflict) conflicts.push({ child: c.child, provisionId: entry.id, conflict });
  }
  return conflicts;
}

async function takePlace(trx: Db, provisionId: string): Promise<number> {
  const row = await trx
    .insertInto('provision_places')
    .values({ provision_id: provisionId, taken: 1 })
    .onConflict((oc) => oc.column('provision_id').doUpdateSet((eb) => ({ taken: eb('provision_places.taken', '+', 1) })))
    .returning('taken')
    .executeTakeFirstOrThrow();
  return row.taken;
}

type Row = Record<string, unknown>;
interface Rows {
  application: { id: string; reference: string } & Row;
  cases: Row[];
  children: Row[];
  items: Row[];
  events: Row[];
  consents: Row[];
  mails: Row[];
  sessions: Row[];
  draftId: string;
  now: string;
  /** the last place of a campaign was just taken */
  filled: boolean;
}

function buildRows(input: SubmitInput, nowDate: Date, keys: Map<number, string>, taken: Map<string, number>): Rows {
  const app = input.application;
  const now = nowDate.toISOString();
  const waitsForParent = needsParentConsent(app, input.today);
  const parentToken = waitsForParent ? randomToken() : null;
  const channel = input.channel ?? 'online';
  const applicantName = `${app.applicant.firstName} ${app.applicant.lastName}`;
  const application = {
    id: uuidv7(nowDate.getTime()),
    reference: newReference(),
    draft_id: input.draftId,
    channel,
    applicant_role: app.role,
    applicant_name: applicantName,
    applicant_email: app.applicant.email,
    language: app.applicant.language,
    municipality_code: app.municipalityCode,
    parent_name: app.applicant.parent?.name ?? null,
    parent_email: app.applicant.parent?.email ?? null,
    parent_token_hash: parentToken ? hashToken(parentToken) : null,
    parent_token_expires_at: parentToken ? new Date(nowDate.getTime() + PARENT_LINK_DAYS * 24 * 3600 * 1000).toISOString() : null,
    submitted_at: now,
    entered_by: input.staffUserId ?? null,
  };
  const rows: Rows = { application, cases: [], children: [], items: [], events: [], consents: [], mails: [], sessions: [], draftId: input.draftId, now, filled: false };
  for (const plan of app.organisations) {
    const caseId = uuidv7(nowDate.getTime());
    const needs = fieldsNeeded(plan.fields);
    const shortest = Math.min(...plan.items.map((i) => i.option.entry.rules.handlingDays));
    rows.cases.push({
      id: caseId,
      application_id: application.id,
      organisation_id: plan.organisation.id,
      municipality_code: app.municipalityCode,
      channel,
      status: waitsForParent ? 'awaiting_parent' : 'open',
      applicant_role: app.role,
      applicant_name: applicantName,
      applicant_email: app.applicant.email,
      applicant_phone: app.applicant.phone,
      language: app.applicant.language,
      parent_name: app.applicant.parent?.name ?? null,
      parent_email: app.applicant.parent?.email ?? null,
      parent_phone: app.applicant.parent?.phone ?? null,
      address: needs.address ? app.household.address : null,
      household: needs.household ? app.household.household : null,
      income: needs.income ? app.household.income : null,
      created_at: now,
      released_at: waitsForParent ? null : now,
      due_at: waitsForParent ? null : new Date(nowDate.getTime() + shortest * 24 * 3600 * 1000).toISOString(),
      updated_at: now,
    });
    const childIds = new Map<number, string>();
    for (const [position, child] of app.children.filter((ch) => plan.items.some((i) => i.child === ch.index)).entries()) {
      const id = uuidv7(nowDate.getTime());
      childIds.set(child.index, id);
      const childNeeds = fieldsNeeded(plan.items.filter((i) => i.child === child.index).flatMap((i) => i.option.entry.rules.requiredFields));
      rows.children.push({
        id,
        case_id: caseId,
        position: position + 1,
        first_name: needs.childName ? child.firstName : null,
        last_name: needs.childName ? child.lastName : null,
        birth_date: needs.birthDate ? child.birthDate : null,
        age_at_application: ageOn(child.birthDate, input.today),
        fields: pick(child.details, childNeeds.child),
      });
    }
    for (const item of plan.items) {
      const entry = item.option.entry;
      const details = app.children.find((ch) => ch.index === item.child)?.items.find((i) => i.provisionId === entry.id)?.details ?? {};
      const places = taken.get(entry.id);
      let status: ItemStatus = waitsForParent ? 'awaiting_parent' : 'received';
      if (places !== undefined && entry.rules.capacity !== null) {
        if (places > entry.rules.capacity) status = 'waiting_list';
        else if (places === entry.rules.capacity) rows.filled = true;
      }
      rows.items.push({
        id: uuidv7(nowDate.getTime()),
        case_id: caseId,
        case_child_id: childIds.get(item.child)!,
        provision_id: entry.id,
        provision_version: entry.version,
        theme: entry.theme,
        status,
        requested_cents: details.fee ?? details.cost ?? null,
        details: pick(details, fieldsNeeded(entry.rules.requiredFields).item),
        child_key: keys.get(item.child)!,
        period_start: periodStart(entry.rules, input.today),
        created_at: now,
        updated_at: now,
      });
    }
    rows.events.push({ case_id: caseId, at: now, kind: 'submitted', actor_type: 'applicant', visible_to_applicant: true, details: { channel } });
    if (waitsForParent) rows.events.push({ case_id: caseId, at: now, kind: 'awaiting_parent', actor_type: 'system', visible_to_applicant: true, details: {} });
    rows.consents.push({
      application_id: application.id,
      organisation_id: plan.organisation.id,
      given_by: channel === 'walk_in' || channel === 'phone' ? 'staff_in_person' : 'applicant',
      given_at: now,
      confirmed_by: input.staffUserId ?? null,
      statement: {
        organisation: plan.organisation.name,
        fields: [...plan.fields].sort(),
        provisions: plan.items.map((i) => ({ id: i.option.entry.id, version: i.option.entry.version, title: i.option.entry.rules.title.nl })),
        retentionMonths: plan.organisation.retentionMonths ?? 24,
        language: app.applicant.language,
      },
    });
  }
  rows.mails = mailsFor(input, application.reference, parentToken, nowDate).map((m) => ({ id: uuidv7(nowDate.getTime()), to_address: m.to, subject: m.subject, text_body: m.text, html_body: m.html ?? null }));
  if (input.applicantSessionId) rows.sessions.push({ id: input.applicantSessionId, application_id: application.id, created_at: now, expires_at: new Date(nowDate.getTime() + APPLICANT_SESSION_MS).toISOString() });
  return rows;
}

const json = (value: unknown) => JSON.stringify(value);

function mailsFor(input: SubmitInput, reference: string, parentToken: string | null, now: Date): OutgoingMail[] {
  const app = input.application;
  const lang = app.applicant.language;
  const items: MailItem[] = app.chosen.map((c) => ({
    childName: app.children.find((ch) => ch.index === c.child)?.firstName ?? '',
    title: titleOf(c.option.entry, lang),
    organisation: c.option.entry.organisation.name,
    handlingDays: Math.max(...app.chosen.filter((o) => o.option.entry.organisation.id === c.option.entry.organisation.id).map((o) => o.option.entry.rules.handlingDays)),
  }));
  const mails: OutgoingMail[] = [
    confirmationMail({
      to: app.applicant.email,
      lang,
      name: app.applicant.firstName,
      reference,
      items,
      statusUrl: input.publicUrl + statusLinkPath(input.linkSecret, reference, now.getTime()),
      requestUrl: `${input.publicUrl}/aanvraag`,
      young: app.role === 'young',
      waitsForParent: parentToken ? (app.applicant.parent?.name ?? null) : null,
    }),
  ];
  if (parentToken && app.applicant.parent) {
    mails.push(
      parentConsentMail({
        to: app.applicant.parent.email,
        lang,
        parentName: app.applicant.parent.name,
        youngName: app.applicant.firstName,
        items,
        url: `${input.publicUrl}/ouder/${parentToken}`,
        days: PARENT_LINK_DAYS,
      }),
    );
  }
  return mails;
}
