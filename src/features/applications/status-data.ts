import type { Db } from '../../core/db/index.ts';
import type { ItemStatus } from '../../core/db/schema.ts';

/**
 * What the applicant's status page shows, read in a handful of queries per application. Only the
 * applicant's own application is ever loaded here: the callers pass the id from the applicant
 * session, never one derived from the URL.
 */
export interface ProvisionText {
  title: { nl: string; en: string };
  handlingDays: number;
  capacity: number | null;
}

/** The organisation's reason in plain words, or a reason by translation key (a system reason, or one from the organisation's list) with the handler's own words as a note. */
export interface ItemReason {
  text: string;
  key?: string;
  note?: string;
}

/** The reason as the reader sees it: the translated reason where there is one, followed by the handler's words. */
export function reasonInWords(t: (key: string) => string, reason: ItemReason): string {
  return [reason.key ? t(reason.key) : reason.text, reason.note].filter(Boolean).join(' ');
}

export function parseRules(value: unknown): ProvisionText {
  const rules = (typeof value === 'string' ? JSON.parse(value) : value) as Partial<ProvisionText> | null;
  return {
    title: { nl: rules?.title?.nl ?? '', en: rules?.title?.en ?? rules?.title?.nl ?? '' },
    handlingDays: Number(rules?.handlingDays ?? 28),
    capacity: typeof rules?.capacity === 'number' ? rules.capacity : null,
  };
}

export function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export function parseReason(value: unknown): ItemReason | null {
  const reason = parseJson(value) as Partial<ItemReason> | null;
  if (!reason || typeof reason !== 'object' || typeof reason.text !== 'string') return null;
  return { text: reason.text, ...(typeof reason.key === 'string' ? { key: reason.key } : {}), ...(typeof reason.note === 'string' && reason.note ? { note: reason.note } : {}) };
}

export interface ApplicationSummary {
  id: string;
  reference: string;
  submittedAt: Date;
  role: 'parent' | 'young' | 'professional';
  parentName: string | null;
  parentDeadline: Date | null;
  parentConfirmedAt: Date | null;
  parentRefusedAt: Date | null;
  waitsForParent: boolean;
}

export interface ChildView {
  id: string;
  position: number;
  firstName: string | null;
  lastName: string | null;
  birthDate: string | null;
  ageAtApplication: number;
  fields: Record<string, unknown>;
}

export interface ItemView {
  id: string;
  status: ItemStatus;
  title: { nl: string; en: string };
  childId: string;
  grantedCents: number | null;
  requestedCents: number | null;
  reason: ItemReason | null;
  details: Record<string, unknown>;
}

export interface EventView {
  id: number;
  at: Date;
  kind: string;
  itemId: string | null;
  details: Record<string, unknown>;
}

export interface MessageView {
  id: string;
  sender: 'applicant' | 'organisation';
  body: string;
  createdAt: Date;
}

export interface DocumentView {
  id: string;
  fileName: string;
  contentType: string;
  sizeBytes: number;
  uploadedBy: 'applicant' | 'organisation';
  createdAt: Date;
}

/** Exactly the personal data stored on the case row: what this organisation received. */
export interface CaseData {
  applicantName: string;
  applicantEmail: string;
  applicantPhone: string | null;
  parentName: string | null;
  parentEmail: string | null;
  parentPhone: string | null;
  address: Record<string, unknown> | null;
  municipalityName: string | null;
  household: Record<string, unknown> | null;
  income: Record<string, unknown> | null;
}

export interface CaseView {
  id: string;
  status: 'awaiting_parent' | 'open' | 'closed';
  released: boolean;
  organisation: { name: string; email: string | null; phone: string | null; website: string | null; address: string | null };
  data: CaseData;
  children: ChildView[];
  items: ItemView[];
  events: EventView[];
  messages: MessageView[];
  documents: DocumentView[];
}

export interface StatusData {
  application: ApplicationSummary;
  cases: CaseView[];
}

const asRecord = (value: unknown): Record<string, unknown> => {
  const parsed = parseJson(value);
  return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
};
const asRecordOrNull = (value: unknown): Record<string, unknown> | null => (value === null || value === undefined ? null : asRecord(value));

export async function applicationSummary(db: Db, applicationId: string): Promise<ApplicationSummary | null> {
  const a = await db
    .selectFrom('applications')
    .select(['id', 'reference', 'submitted_at', 'applicant_role', 'parent_name', 'parent_token_hash', 'parent_token_expires_at', 'parent_confirmed_at', 'parent_refused_at'])
    .where('id', '=', applicationId)
    .executeTakeFirst();
  if (!a) return null;
  return {
    id: a.id,
    reference: a.reference,
    submittedAt: a.submitted_at,
    role: a.applicant_role,
    parentName: a.parent_name,
    parentDeadline: a.parent_token_expires_at,
    parentConfirmedAt: a.parent_confirmed_at,
    parentRefusedAt: a.parent_refused_at,
    waitsForParent: Boolean(a.parent_token_hash) && !a.parent_confirmed_at && !a.parent_refused_at,
  };
}

/** One application as its applicant sees it; `only` narrows it to one case (the back office reads its own organisation's case only). */
export async function loadStatus(db: Db, applicationId: string, only?: { caseId: string }): Promise<StatusData | null> {
  const application = await applicationSummary(db, applicationId);
  if (!application) return null;
  let caseQuery = db
    .selectFrom('cases')
    .innerJoin('organisations', 'organisations.id', 'cases.organisation_id')
    .select([
      'cases.id', 'cases.status', 'cases.released_at', 'cases.applicant_name', 'cases.applicant_email', 'cases.applicant_phone', 'cases.parent_name', 'cases.parent_email', 'cases.parent_phone',
      'cases.address', 'cases.household', 'cases.income',
      'organisations.name', 'organisations.contact_email', 'organisations.contact_phone', 'organisations.website', 'organisations.address as organisation_address',
    ])
    .where('cases.application_id', '=', applicationId)
    .orderBy('organisations.name')
    .orderBy('cases.id');
  if (only) caseQuery = caseQuery.where('cases.id', '=', only.caseId);
  const caseRows = await caseQuery.execute();
  const caseIds = caseRows.map((c) => c.id);
  if (caseIds.length === 0) return { application, cases: [] };

  const [children, items, events, messages, documents] = await Promise.all([
    db.selectFrom('case_children').selectAll().where('case_id', 'in', caseIds).orderBy('position').execute(),
    db
      .selectFrom('case_items')
      .innerJoin('provision_versions', (join) => join.onRef('provision_versions.provision_id', '=', 'case_items.provision_id').onRef('provision_versions.version', '=', 'case_items.provision_version'))
      .innerJoin('case_children', 'case_children.id', 'case_items.case_child_id')
      .select(['case_items.id', 'case_items.case_id', 'case_items.case_child_id', 'case_items.status', 'case_items.granted_cents', 'case_items.requested_cents', 'case_items.reason', 'case_items.details', 'provision_versions.rules'])
      .where('case_items.case_id', 'in', caseIds)
      .orderBy('case_children.position')
      .orderBy('case_items.created_at')
      .orderBy('case_items.id')
      .execute(),
    db.selectFrom('case_events').select(['id', 'case_id', 'at', 'kind', 'item_id', 'details']).where('case_id', 'in', caseIds).where('visible_to_applicant', '=', true).orderBy('at', 'desc').orderBy('id', 'desc').execute(),
    db.selectFrom('case_messages').select(['id', 'case_id', 'sender', 'body', 'created_at']).where('case_id', 'in', caseIds).orderBy('created_at').orderBy('id').execute(),
    // Never the content: the page lists documents; a download reads one.
    db.selectFrom('case_documents').select(['id', 'case_id', 'file_name', 'content_type', 'size_bytes', 'uploaded_by', 'created_at']).where('case_id', 'in', caseIds).orderBy('created_at').orderBy('id').execute(),
  ]);

  const codes = [...new Set(caseRows.map((c) => asRecordOrNull(c.address)?.municipalityCode).filter((c): c is string => typeof c === 'string'))];
  const municipalities = codes.length ? await db.selectFrom('municipalities').select(['code', 'common_name']).where('code', 'in', codes).execute() : [];
  const municipalityName = new Map(municipalities.map((m) => [m.code, m.common_name]));

  const cases = caseRows.map((c): CaseView => {
    const address = asRecordOrNull(c.address);
    return {
      id: c.id,
      status: c.status,
      released: c.released_at !== null,
      organisation: { name: c.name, email: c.contact_email, phone: c.contact_phone, website: c.website, address: c.organisation_address },
      data: {
        applicantName: c.applicant_name,
        applicantEmail: c.applicant_email,
        applicantPhone: c.applicant_phone,
        parentName: c.parent_name,
        parentEmail: c.parent_email,
        parentPhone: c.parent_phone,
        address,
        municipalityName: typeof address?.municipalityCode === 'string' ? (municipalityName.get(address.municipalityCode) ?? null) : null,
        household: asRecordOrNull(c.household),
        income: asRecordOrNull(c.income),
      },
      children: children
        .filter((ch) => ch.case_id === c.id)
        .map((ch) => ({ id: ch.id, position: ch.position, firstName: ch.first_name, lastName: ch.last_name, birthDate: ch.birth_date, ageAtApplication: ch.age_at_application, fields: asRecord(ch.fields) })),
      items: items
        .filter((i) => i.case_id === c.id)
        .map((i) => ({
          id: i.id,
          status: i.status,
          title: parseRules(i.rules).title,
          childId: i.case_child_id,
          grantedCents: i.granted_cents,
          requestedCents: i.requested_cents,
          reason: parseReason(i.reason),
          details: asRecord(i.details),
        })),
      events: events.filter((e) => e.case_id === c.id).map((e) => ({ id: Number(e.id), at: e.at, kind: e.kind, itemId: e.item_id, details: asRecord(e.details) })),
      messages: messages.filter((m) => m.case_id === c.id).map((m) => ({ id: m.id, sender: m.sender, body: m.body, createdAt: m.created_at })),
      documents: documents
        .filter((d) => d.case_id === c.id)
        .map((d) => ({ id: d.id, fileName: d.file_name, contentType: d.content_type, sizeBytes: d.size_bytes, uploadedBy: d.uploaded_by, createdAt: d.created_at })),
    };
  });
  return { application, cases };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids from URLs and forms are checked before they reach a uuid column: a malformed one is "not found", never a database error. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/** The case, if it belongs to this application. */
export async function ownCase(db: Db, applicationId: string, caseId: unknown): Promise<{ id: string; status: 'awaiting_parent' | 'open' | 'closed'; released: boolean; organisation: string } | null> {
  if (!isUuid(caseId)) return null;
  const row = await db
    .selectFrom('cases')
    .innerJoin('organisations', 'organisations.id', 'cases.organisation_id')
    .select(['cases.id', 'cases.status', 'cases.released_at', 'organisations.name'])
    .where('cases.id', '=', caseId)
    .where('cases.application_id', '=', applicationId)
    .executeTakeFirst();
  return row ? { id: row.id, status: row.status, released: row.released_at !== null, organisation: row.name } : null;
}

/** Messages and documents go to open cases only: not yet to one waiting for a parent, no more to a closed one. */
export function caseProblem(status: 'awaiting_parent' | 'open' | 'closed'): string | null {
  if (status === 'awaiting_parent') return 'applicationStatus.errors.caseWaiting';
  if (status === 'closed') return 'applicationStatus.errors.caseClosed';
  return null;
}

/** The item with what the withdrawal page shows, if it belongs to this application. */
export async function ownItem(db: Db, applicationId: string, itemId: unknown) {
  if (!isUuid(itemId)) return null;
  const row = await db
    .selectFrom('case_items')
    .innerJoin('cases', 'cases.id', 'case_items.case_id')
    .innerJoin('organisations', 'organisations.id', 'cases.organisation_id')
    .innerJoin('case_children', 'case_children.id', 'case_items.case_child_id')
    .innerJoin('provision_versions', (join) => join.onRef('provision_versions.provision_id', '=', 'case_items.provision_id').onRef('provision_versions.version', '=', 'case_items.provision_version'))
    .select(['case_items.id', 'case_items.case_id', 'case_items.status', 'provision_versions.rules', 'organisations.name as organisation', 'case_children.first_name', 'case_children.position'])
    .where('case_items.id', '=', itemId)
    .where('cases.application_id', '=', applicationId)
    .executeTakeFirst();
  if (!row) return null;
  return { id: row.id, caseId: row.case_id, status: row.status, title: parseRules(row.rules).title, organisation: row.organisation, childName: row.first_name, childPosition: row.position };
}
