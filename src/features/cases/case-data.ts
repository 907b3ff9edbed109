import { sql } from 'kysely';
import type { Db } from '../../core/db/index.ts';
import type { ItemStatus, ReferralStatus, Theme, VisitKind } from '../../core/db/schema.ts';
import type { ProvisionRules } from '../catalogue/rules.ts';
import { loadStatus, parseJson, parseReason, type CaseView, type ItemReason } from '../applications/status-data.ts';
import { maxGrantCents, reasonsOf } from './decide.ts';
import type { CaseRow } from './scope.ts';
import type { RejectionReason } from './reasons.ts';

/**
 * Everything the case page shows, read once the caller has established (scope.ts) that the staff
 * member may see the case. The family's data comes through the applicant's own reader
 * (status-data.ts), so staff see exactly the fields the family sees under "data we hold".
 */
export interface StaffItem {
  id: string;
  status: ItemStatus;
  theme: Theme;
  childId: string;
  title: { nl: string; en: string };
  version: number;
  rules: ProvisionRules;
  requestedCents: number | null;
  grantedCents: number | null;
  maxCents: number | null;
  reason: ItemReason | null;
  decidedAt: Date | null;
  budgetId: string | null;
  payment: { kind: 'payment' | 'goods'; payeeName: string; iban: string | null; amountCents: number; paidOn: string; reference: string | null; description: string | null } | null;
}

export interface TimelineEntry {
  at: Date;
  kind: string;
  itemId: string | null;
  actor: string | null;
  actorType: string;
  visible: boolean;
  details: Record<string, unknown>;
}

export interface CaseDetail {
  row: CaseRow;
  reference: string;
  submittedAt: Date;
  enteredBy: string | null;
  municipality: string;
  organisationName: string;
  assignee: string | null;
  view: CaseView;
  items: StaffItem[];
  timeline: TimelineEntry[];
  notes: Array<{ id: string; body: string; at: Date; author: string | null }>;
  visits: Array<{ id: string; kind: VisitKind; plannedAt: Date; volunteerId: string; volunteer: string; status: 'planned' | 'done' | 'cancelled'; outcome: string | null; recordedAt: Date | null }>;
  consents: Array<{ organisation: string; givenBy: string; givenAt: Date; confirmedBy: string | null; fields: string[] }>;
  referralsOut: Array<{ id: string; organisation: string; title: { nl: string; en: string }; status: ReferralStatus; createdAt: Date; itemStatus: ItemStatus | null }>;
  referredFrom: { organisation: string; at: Date; note: string | null } | null;
  reasons: RejectionReason[];
}

const asRecord = (v: unknown): Record<string, unknown> => {
  const p = parseJson(v);
  return p && typeof p === 'object' && !Array.isArray(p) ? (p as Record<string, unknown>) : {};
};

export async function loadCaseDetail(db: Db, row: CaseRow): Promise<CaseDetail> {
  const [status, header, items, events, notes, visits, consents, referralsOut, referredFrom] = await Promise.all([
    loadStatus(db, row.application_id, { caseId: row.id }),
    db
      .selectFrom('cases')
      .innerJoin('applications', 'applications.id', 'cases.application_id')
      .innerJoin('municipalities', 'municipalities.code', 'cases.municipality_code')
      .innerJoin('organisations', 'organisations.id', 'cases.organisation_id')
      .leftJoin('users as assignee', 'assignee.id', 'cases.assigned_user_id')
      .leftJoin('users as enterer', 'enterer.id', 'applications.entered_by')
      .select(['applications.reference', 'applications.submitted_at', 'municipalities.common_name', 'organisations.name as organisation', 'organisations.rejection_reasons', 'assignee.name as assignee', 'enterer.name as entered_by'])
      .where('cases.id', '=', row.id)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('case_items')
      .innerJoin('provision_versions', (j) => j.onRef('provision_versions.provision_id', '=', 'case_items.provision_id').onRef('provision_versions.version', '=', 'case_items.provision_version'))
      .innerJoin('case_children', 'case_children.id', 'case_items.case_child_id')
      .leftJoin('payments', 'payments.item_id', 'case_items.id')
      .select([
        'case_items.id', 'case_items.status', 'case_items.theme', 'case_items.case_child_id', 'case_items.provision_version', 'case_items.requested_cents', 'case_items.granted_cents',
        'case_items.reason', 'case_items.decided_at', 'case_items.budget_id', 'provision_versions.rules', 'case_children.age_at_application',
        'payments.kind as pay_kind', 'payments.payee_name', 'payments.iban', 'payments.amount_cents', 'payments.paid_on', 'payments.payment_reference', 'payments.description',
      ])
      .where('case_items.case_id', '=', row.id)
      .orderBy('case_children.position')
      .orderBy('case_items.created_at')
      .orderBy('case_items.id')
      .execute(),
    db
      .selectFrom('case_events')
      .leftJoin('users', 'users.id', 'case_events.actor_user_id')
      .select(['case_events.at', 'case_events.kind', 'case_events.item_id', 'case_events.actor_type', 'case_events.visible_to_applicant', 'case_events.details', 'users.name'])
      .where('case_events.case_id', '=', row.id)
      .orderBy('case_events.at', 'desc')
      .orderBy('case_events.id', 'desc')
      .execute(),
    db.selectFrom('case_notes').leftJoin('users', 'users.id', 'case_notes.author_user_id').select(['case_notes.id', 'case_notes.body', 'case_notes.created_at', 'users.name']).where('case_notes.case_id', '=', row.id).orderBy('case_notes.created_at', 'desc').execute(),
    db
      .selectFrom('case_visits')
      .innerJoin('users', 'users.id', 'case_visits.volunteer_user_id')
      .select(['case_visits.id', 'case_visits.kind', 'case_visits.planned_at', 'case_visits.volunteer_user_id', 'users.name', 'case_visits.status', 'case_visits.outcome', 'case_visits.recorded_at'])
      .where('case_visits.case_id', '=', row.id)
      .orderBy('case_visits.planned_at')
      .execute(),
    db
      .selectFrom('consents')
      .innerJoin('organisations', 'organisations.id', 'consents.organisation_id')
      .leftJoin('users', 'users.id', 'consents.confirmed_by')
      .select(['organisations.name', 'consents.given_by', 'consents.given_at', 'users.name as confirmed_by', 'consents.statement'])
      .where('consents.application_id', '=', row.application_id)
      .where('consents.organisation_id', '=', row.organisation_id)
      .orderBy('consents.given_at')
      .execute(),
    // The receiving organisation's case is theirs: the referrer sees only the status of the item it asked for.
    sql<{ id: string; name: string; title: { nl: string; en: string } | string; status: ReferralStatus; created_at: Date; item_status: ItemStatus | null }>`
      select r.id, o.name, v.rules->'title' as title, r.status, r.created_at,
        (select i.status from case_items i where i.case_id = r.to_case_id and i.provision_id = r.provision_id order by i.created_at limit 1) as item_status
      from referrals r
      join organisations o on o.id = r.to_organisation_id
      join provisions p on p.id = r.provision_id
      join provision_versions v on v.provision_id = p.id and v.version = p.version
      where r.from_case_id = ${row.id}
      order by r.created_at`.execute(db),
    db
      .selectFrom('referrals')
      .innerJoin('organisations', 'organisations.id', 'referrals.from_organisation_id')
      .select(['organisations.name', 'referrals.created_at', 'referrals.note'])
      .where('referrals.to_case_id', '=', row.id)
      .executeTakeFirst(),
  ]);
  const view = status?.cases.find((c) => c.id === row.id);
  if (!view) throw new Error(`case ${row.id} vanished while reading`);
  return {
    row,
    reference: header.reference,
    submittedAt: header.submitted_at,
    enteredBy: header.entered_by,
    municipality: header.common_name,
    organisationName: header.organisation,
    assignee: header.assignee,
    view,
    items: items.map((i) => {
      const rules = (typeof i.rules === 'string' ? JSON.parse(i.rules) : i.rules) as ProvisionRules;
      return {
        id: i.id,
        status: i.status,
        theme: i.theme,
        childId: i.case_child_id,
        title: rules.title,
        version: i.provision_version,
        rules,
        requestedCents: i.requested_cents,
        grantedCents: i.granted_cents,
        maxCents: maxGrantCents(rules, i.age_at_application),
        reason: parseReason(i.reason),
        decidedAt: i.decided_at,
        budgetId: i.budget_id,
        payment: i.pay_kind
          ? { kind: i.pay_kind, payeeName: i.payee_name!, iban: i.iban, amountCents: i.amount_cents!, paidOn: i.paid_on!, reference: i.payment_reference, description: i.description }
          : null,
      };
    }),
    timeline: events.map((e) => ({ at: e.at, kind: e.kind, itemId: e.item_id, actor: e.name, actorType: e.actor_type, visible: e.visible_to_applicant, details: asRecord(e.details) })),
    notes: notes.map((n) => ({ id: n.id, body: n.body, at: n.created_at, author: n.name })),
    visits: visits.map((v) => ({ id: v.id, kind: v.kind, plannedAt: v.planned_at, volunteerId: v.volunteer_user_id, volunteer: v.name, status: v.status, outcome: v.outcome, recordedAt: v.recorded_at })),
    consents: consents.map((c) => {
      const statement = asRecord(c.statement);
      return { organisation: c.name, givenBy: c.given_by, givenAt: c.given_at, confirmedBy: c.confirmed_by, fields: Array.isArray(statement.fields) ? statement.fields.map(String) : [] };
    }),
    referralsOut: referralsOut.rows.map((r) => ({
      id: r.id,
      organisation: r.name,
      title: typeof r.title === 'string' ? (JSON.parse(r.title) as { nl: string; en: string }) : r.title,
      status: r.status,
      createdAt: r.created_at,
      itemStatus: r.item_status,
    })),
    referredFrom: referredFrom ? { organisation: referredFrom.name, at: referredFrom.created_at, note: referredFrom.note } : null,
    reasons: reasonsOf(header.rejection_reasons),
  };
}
