import { sql } from 'kysely';
import type { Db } from '../../core/db/index.ts';
import type { StaffUser } from '../../core/auth/sessions.ts';
import type { ItemStatus, Theme } from '../../core/db/schema.ts';
import { escapeLike } from '../admin/data.ts';
import { ownWork, seesAll } from './scope.ts';
import { encodeCursor, type QueueFilter } from './queue-filter.ts';

/**
 * One page of an organisation's queue. Keyset paging over (due date, id) or (release time, id)
 * with indexes of migration 0006 that lead with the organisation, so the first page and every next
 * page read about one page of index entries, however many cases the organisation has.
 */
export const PAGE_SIZE = 25;

export interface QueueRow {
  id: string;
  reference: string;
  applicantName: string;
  municipality: string;
  status: 'awaiting_parent' | 'open' | 'closed';
  dueAt: Date;
  releasedAt: Date;
  assignee: string | null;
  channel: string;
  items: Array<{ status: ItemStatus; theme: Theme; title: { nl: string; en: string }; child: string | null }>;
  /** the family wrote or sent a document after the organisation's last step */
  newFromApplicant: boolean;
}

export interface QueuePage {
  rows: QueueRow[];
  next: string | null;
  previous: string | null;
}

export async function queuePage(db: Db, staff: StaffUser, f: QueueFilter, now = new Date()): Promise<QueuePage> {
  const byDue = f.order === 'termijn';
  const keyCol = byDue ? 'cases.due_at' : 'cases.released_at';
  const backwards = f.before !== null;
  const cursor = f.before ?? f.after;

  let q = db
    .selectFrom('cases')
    .innerJoin('applications', 'applications.id', 'cases.application_id')
    .innerJoin('municipalities', 'municipalities.code', 'cases.municipality_code')
    .leftJoin('users as assignee', 'assignee.id', 'cases.assigned_user_id')
    .select(['cases.id', 'applications.reference', 'cases.applicant_name', 'municipalities.common_name', 'cases.status', 'cases.due_at', 'cases.released_at', 'assignee.name as assignee', 'cases.channel'])
    .where('cases.organisation_id', '=', staff.organisationId)
    .where('cases.released_at', 'is not', null);
  if (!seesAll(staff)) q = q.where(ownWork(staff.id));

  if (f.state === 'open' || f.state === 'closed') q = q.where('cases.status', '=', f.state);
  else if (f.state !== 'all') {
    q = q.where('cases.status', '=', 'open').where('cases.item_statuses', '@>', sql<ItemStatus[]>`array[${f.state}]::text[]`);
  }
  if (f.municipality) q = q.where('cases.municipality_code', '=', f.municipality);
  if (f.theme) {
    q = q.where('cases.themes', '@>', sql<Theme[]>`array[${f.theme}]::text[]`);
  }
  if (f.assignee === 'me') q = q.where('cases.assigned_user_id', '=', staff.id);
  else if (f.assignee === 'none') q = q.where('cases.assigned_user_id', 'is', null);
  else if (f.assignee) q = q.where('cases.assigned_user_id', '=', f.assignee);
  if (f.overdue) q = q.where('cases.status', '=', 'open').where('cases.due_at', '<', now);
  const search = f.search;
  if (search?.reference && !search.name) q = q.where('applications.reference', '=', search.reference);
  else if (search?.name) {
    // Names of the applicant, the parent and the children, in lower case on the case row (search_text).
    const like = `%${escapeLike(search.name.toLowerCase().replace(/\s+/g, ' '))}%`;
    const reference = search.reference;
    // The reference as a sub-select, looked up once, so that the name test per case reads the case row only.
    q = q.where((eb) =>
      eb.or([...(reference ? [eb('cases.application_id', 'in', eb.selectFrom('applications as ra').select('ra.id').where('ra.reference', '=', reference))] : []), eb('cases.search_text', 'like', like)]),
    );
  }

  // Ascending by due date (most urgent first), or descending by release (newest first); "previous" reads the other way.
  const ascending = byDue !== backwards;
  if (cursor) {
    const after = byDue !== backwards;
    q = q.where((eb) => eb(eb.refTuple(keyCol, 'cases.id'), after ? '>' : '<', eb.tuple(new Date(cursor.key), cursor.id)));
  }
  q = q.orderBy(keyCol, ascending ? 'asc' : 'desc').orderBy('cases.id', ascending ? 'asc' : 'desc').limit(PAGE_SIZE + 1);

  const found = await q.execute();
  const more = found.length > PAGE_SIZE;
  const page = found.slice(0, PAGE_SIZE);
  if (backwards) page.reverse();
  const details = await pageDetails(db, page.map((r) => r.id));
  const rows: QueueRow[] = page.map((r) => ({
    id: r.id,
    reference: r.reference,
    applicantName: r.applicant_name,
    municipality: r.common_name,
    status: r.status,
    dueAt: r.due_at!,
    releasedAt: r.released_at!,
    assignee: r.assignee,
    channel: r.channel,
    items: details.items.get(r.id) ?? [],
    newFromApplicant: details.fresh.has(r.id),
  }));
  const keyOf = (r: QueueRow) => encodeCursor({ key: (byDue ? r.dueAt : r.releasedAt).toISOString(), id: r.id });
  const first = rows[0];
  const last = rows.at(-1);
  return {
    rows,
    next: last && (backwards || more) ? keyOf(last) : null,
    previous: first && (backwards ? more : cursor !== null) ? keyOf(first) : null,
  };
}

async function pageDetails(db: Db, ids: string[]) {
  const items = new Map<string, QueueRow['items']>();
  const fresh = new Set<string>();
  if (ids.length === 0) return { items, fresh };
  const [itemRows, freshRows] = await Promise.all([
    db
      .selectFrom('case_items')
      .innerJoin('provision_versions', (j) => j.onRef('provision_versions.provision_id', '=', 'case_items.provision_id').onRef('provision_versions.version', '=', 'case_items.provision_version'))
      .innerJoin('case_children', 'case_children.id', 'case_items.case_child_id')
      .select(['case_items.case_id', 'case_items.status', 'case_items.theme', sql<{ nl: string; en: string }>`provision_versions.rules->'title'`.as('title'), 'case_children.first_name', 'case_children.position'])
      .where('case_items.case_id', 'in', ids)
      .orderBy('case_children.position')
      .orderBy('case_items.created_at')
      .execute(),
    // A message or document from the family newer than anything the organisation did on the case.
    sql<{ case_id: string }>`
      select e.case_id from case_events e
      where e.case_id = any(${ids}::uuid[]) and e.kind in ('applicant_message', 'document_uploaded')
        and not exists (select 1 from case_events s where s.case_id = e.case_id and s.actor_type = 'staff' and s.at > e.at)
      group by e.case_id`.execute(db),
  ]);
  for (const r of itemRows) {
    const list = items.get(r.case_id) ?? [];
    const title = typeof r.title === 'string' ? (JSON.parse(r.title) as { nl: string; en: string }) : r.title;
    list.push({ status: r.status, theme: r.theme, title, child: r.first_name });
    items.set(r.case_id, list);
  }
  for (const r of freshRows.rows) fresh.add(r.case_id);
  return { items, fresh };
}
