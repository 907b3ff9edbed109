import { THEMES, type Theme } from '../../core/db/schema.ts';
import { normaliseReference } from '../applications/reference.ts';

/**
 * The queue's filters, read from the query string, and its keyset cursor. Keyset paging (after
 * the last row's sort key, never OFFSET) keeps every page as fast as the first with 100,000 cases.
 * Anything unreadable is ignored, never an error page.
 */
export const QUEUE_STATES = ['open', 'closed', 'all', 'received', 'information_requested', 'visit_planned', 'granted'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];
export const ORDERS = ['termijn', 'nieuw'] as const;
export type Order = (typeof ORDERS)[number];

export interface QueueFilter {
  state: QueueState;
  municipality: string | null;
  theme: Theme | null;
  /** 'me', 'none' or a user id */
  assignee: string | null;
  overdue: boolean;
  /** a reference (exact), part of a name, or text that may be either */
  search: { reference?: string; name?: string } | null;
  searchText: string;
  order: Order;
  after: Cursor | null;
  before: Cursor | null;
}

export interface Cursor {
  /** the sort key of the row: due date or release time, as an ISO instant */
  key: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const pick = <T extends string>(value: unknown, allowed: readonly T[], fallback: T): T => (typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : fallback);
const one = (value: unknown): unknown => (Array.isArray(value) ? value[0] : value);

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.key}|${c.id}`).toString('base64url');
}

export function decodeCursor(value: unknown): Cursor | null {
  if (typeof value !== 'string' || value.length > 120) return null;
  const [key, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  if (!key || !id || !UUID.test(id) || Number.isNaN(Date.parse(key)) || !/^\d{4}-\d{2}-\d{2}T/.test(key)) return null;
  return { key: new Date(key).toISOString(), id: id.toLowerCase() };
}

export function parseQueueFilter(query: unknown): QueueFilter {
  const q = (query && typeof query === 'object' ? query : {}) as Record<string, unknown>;
  const municipality = typeof one(q.gemeente) === 'string' && /^GM\d{4}$/.test(one(q.gemeente) as string) ? (one(q.gemeente) as string) : null;
  const assigneeRaw = one(q.behandelaar);
  const assignee = assigneeRaw === 'ik' ? 'me' : assigneeRaw === 'niemand' ? 'none' : typeof assigneeRaw === 'string' && UUID.test(assigneeRaw) ? assigneeRaw.toLowerCase() : null;
  const searchText = typeof one(q.zoek) === 'string' ? (one(q.zoek) as string).replaceAll('\u0000', '').trim().slice(0, 100) : '';
  const reference = normaliseReference(searchText);
  // "KR-…" or anything with a digit is a reference; eight letters such as "Yara Kaya" may be either.
  const surelyReference = reference !== null && (/^\s*kr/i.test(searchText) || /\d/.test(searchText));
  // Two letters at least: a single letter would match half the queue and tell nothing.
  const name = !surelyReference && searchText.length >= 2 ? searchText : undefined;
  const search = reference || name ? { ...(reference ? { reference } : {}), ...(name ? { name } : {}) } : null;
  return {
    state: pick(one(q.status), QUEUE_STATES, 'open'),
    municipality,
    theme: pick<Theme | ''>(one(q.thema), THEMES, '') || null,
    assignee,
    overdue: one(q['te-laat']) === '1',
    search,
    searchText,
    order: pick(one(q.volgorde), ORDERS, 'termijn'),
    after: decodeCursor(one(q.na)),
    before: decodeCursor(one(q.voor)),
  };
}

/** The filter as query parameters (without the cursor), for links that keep it. */
export function filterParams(f: QueueFilter): URLSearchParams {
  const p = new URLSearchParams();
  if (f.state !== 'open') p.set('status', f.state);
  if (f.municipality) p.set('gemeente', f.municipality);
  if (f.theme) p.set('thema', f.theme);
  if (f.assignee) p.set('behandelaar', f.assignee === 'me' ? 'ik' : f.assignee === 'none' ? 'niemand' : f.assignee);
  if (f.overdue) p.set('te-laat', '1');
  if (f.searchText) p.set('zoek', f.searchText);
  if (f.order !== 'termijn') p.set('volgorde', f.order);
  return p;
}
