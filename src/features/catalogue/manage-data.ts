import { z } from 'zod';
import type { Db } from '../../core/db/index.ts';
import { THEMES, type OrganisationType, type Theme } from '../../core/db/schema.ts';
import type { StaffUser } from '../../core/auth/sessions.ts';
import { isPlatform, isUuid } from '../admin/data.ts';
import { RulesSchema, type ProvisionRules } from './rules.ts';
import type { ProvisionDraft } from './manage-parse.ts';

/**
 * Data access for the back office's catalogue. Scoping works as in admin/data.ts: every lookup
 * takes the actor and returns null for what lies outside their reach, so that handlers answer
 * "not found" alike for another organisation's record and for one that does not exist.
 *
 * provisions.rules holds the working copy: the rules document plus `draftMeta` (theme and
 * coverage as edited). Both become public only on publishing, when the rules are frozen into
 * provision_versions and the theme and coverage are copied to provisions.theme and
 * provision_municipalities, which the public side reads. A never-published provision has version 0.
 */
export type ProvisionStatus = 'draft' | 'published' | 'archived';

export interface ManagedOrganisation {
  id: string;
  name: string;
  type: OrganisationType;
  contact_email: string | null;
  contact_phone: string | null;
  website: string | null;
}

export interface PublishedState {
  rules: ProvisionRules;
  theme: Theme;
  /** provision_municipalities: empty means every municipality of the organisation */
  municipalities: string[];
}

export interface ProvisionRecord {
  id: string;
  organisation: ManagedOrganisation;
  status: ProvisionStatus;
  version: number;
  updatedAt: Date;
  working: ProvisionDraft;
  published: PublishedState | null;
}

const DraftMeta = z.object({ theme: z.enum(THEMES), municipalities: z.array(z.string()).nullable() });

const parseJson = (raw: unknown): unknown => (typeof raw === 'string' ? JSON.parse(raw) : raw);

export function decodeWorking(raw: unknown, columnTheme: Theme, publishedCoverage: string[]): ProvisionDraft {
  const doc = parseJson(raw) as { draftMeta?: unknown };
  const meta = DraftMeta.safeParse(doc?.draftMeta);
  return {
    rules: RulesSchema.parse(doc),
    theme: meta.success ? meta.data.theme : columnTheme,
    municipalities: meta.success ? meta.data.municipalities : publishedCoverage.length > 0 ? [...publishedCoverage].sort() : null,
  };
}

export function encodeWorking(draft: ProvisionDraft): string {
  return JSON.stringify({ ...draft.rules, draftMeta: { theme: draft.theme, municipalities: draft.municipalities } });
}

/** JSON with sorted keys: jsonb does not keep key order, so compare documents this way. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** Top-level rule keys (plus theme and coverage) in which `next` differs from `previous`. */
export function changedKeys(next: ProvisionDraft, previous: { rules: ProvisionRules; theme: Theme; municipalities: string[] | null } | null): string[] {
  const keys = Object.keys(next.rules) as Array<keyof ProvisionRules>;
  if (!previous) return [...keys, 'theme', 'coverage'];
  const changed: string[] = keys.filter((k) => canonical(next.rules[k]) !== canonical(previous.rules[k]));
  if (next.theme !== previous.theme) changed.push('theme');
  if (canonical([...(next.municipalities ?? [])].sort()) !== canonical([...(previous.municipalities ?? [])].sort())) changed.push('coverage');
  return changed;
}

export function hasUnpublishedChanges(p: Pick<ProvisionRecord, 'working' | 'published'>): boolean {
  return p.published !== null && changedKeys(p.working, p.published).length > 0;
}

const ORG_COLUMNS = ['id', 'name', 'type', 'contact_email', 'contact_phone', 'website'] as const;

/** The organisation whose catalogue the actor may manage: their own, or any for the national office. */
export async function manageableOrganisation(db: Db, actor: StaffUser, orgId: string): Promise<ManagedOrganisation | null> {
  if (!isUuid(orgId)) return null;
  if (!isPlatform(actor) && actor.organisationId !== orgId) return null;
  return (await db.selectFrom('organisations').select(ORG_COLUMNS).where('id', '=', orgId).executeTakeFirst()) ?? null;
}

export function allOrganisations(db: Db) {
  return db.selectFrom('organisations').select(['id', 'name']).orderBy('name').execute();
}

export async function organisationMunicipalityOptions(db: Db, orgId: string) {
  return db
    .selectFrom('organisation_municipalities as om')
    .innerJoin('municipalities as m', 'm.code', 'om.municipality_code')
    .select(['m.code', 'm.common_name'])
    .where('om.organisation_id', '=', orgId)
    .orderBy('m.common_name')
    .execute();
}

async function coverageOf(db: Db, ids: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>();
  if (ids.length === 0) return map;
  const rows = await db.selectFrom('provision_municipalities').select(['provision_id', 'municipality_code']).where('provision_id', 'in', ids).orderBy('municipality_code').execute();
  for (const r of rows) map.set(r.provision_id, [...(map.get(r.provision_id) ?? []), r.municipality_code]);
  return map;
}

function provisionQuery(db: Db) {
  return db
    .selectFrom('provisions as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .leftJoin('provision_versions as v', (join) => join.onRef('v.provision_id', '=', 'p.id').onRef('v.version', '=', 'p.version'))
    .select(['p.id', 'p.theme', 'p.status', 'p.version', 'p.rules', 'p.updated_at', 'v.rules as published_rules'])
    .select(['o.id as org_id', 'o.name as org_name', 'o.type as org_type', 'o.contact_email', 'o.contact_phone', 'o.website']);
}

type ProvisionRow = Awaited<ReturnType<ReturnType<typeof provisionQuery>['execute']>>[number];

function toRecord(row: ProvisionRow, coverage: string[]): ProvisionRecord {
  return {
    id: row.id,
    organisation: { id: row.org_id, name: row.org_name, type: row.org_type, contact_email: row.contact_email, contact_phone: row.contact_phone, website: row.website },
    status: row.status,
    version: row.version,
    updatedAt: row.updated_at,
    working: decodeWorking(row.rules, row.theme, coverage),
    published: row.published_rules ? { rules: RulesSchema.parse(parseJson(row.published_rules)), theme: row.theme, municipalities: coverage } : null,
  };
}

/** One provision, if the actor may manage it. */
export async function provisionFor(db: Db, actor: StaffUser, id: string): Promise<ProvisionRecord | null> {
  if (!isUuid(id)) return null;
  let q = provisionQuery(db).where('p.id', '=', id);
  if (!isPlatform(actor)) q = q.where('p.organisation_id', '=', actor.organisationId);
  const row = await q.executeTakeFirst();
  if (!row) return null;
  return toRecord(row, (await coverageOf(db, [row.id])).get(row.id) ?? []);
}

/** The provisions of one organisation, or of all (null, national office only: the caller checks). */
export async function listProvisions(db: Db, orgId: string | null): Promise<ProvisionRecord[]> {
  let q = provisionQuery(db);
  if (orgId) q = q.where('p.organisation_id', '=', orgId);
  const rows = await q.execute();
  const coverage = await coverageOf(db, rows.map((r) => r.id));
  const order: ProvisionStatus[] = ['draft', 'published', 'archived'];
  return rows
    .map((r) => toRecord(r, coverage.get(r.id) ?? []))
    .sort((a, b) => a.organisation.name.localeCompare(b.organisation.name, 'nl') || order.indexOf(a.status) - order.indexOf(b.status) || a.working.rules.title.nl.localeCompare(b.working.rules.title.nl, 'nl'));
}

export function versionHistory(db: Db, provisionId: string) {
  return db
    .selectFrom('provision_versions as v')
    .leftJoin('users as u', 'u.id', 'v.published_by')
    .select(['v.version', 'v.published_at', 'v.municipality_codes', 'u.name as published_by_name', 'u.email as published_by_email'])
    .where('v.provision_id', '=', provisionId)
    .orderBy('v.version', 'desc')
    .execute();
}
