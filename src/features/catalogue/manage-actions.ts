import { sql } from 'kysely';
import type { Db } from '../../core/db/index.ts';
import { recordAudit, type AuditActor } from '../../core/audit/audit.ts';
import { RulesSchema } from './rules.ts';
import { changedKeys, decodeWorking, encodeWorking, type ProvisionRecord } from './manage-data.ts';
import type { ProvisionDraft } from './manage-parse.ts';

/**
 * Every change to a provision, each in one transaction together with its audit entry.
 * The public side only ever sees what publishProvision copied into provision_versions.
 */
const ENTITY = 'provision';

export async function createProvision(db: Db, actor: AuditActor, organisationId: string, draft: ProvisionDraft): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('provisions')
      .values({ organisation_id: organisationId, theme: draft.theme, status: 'draft', version: 0, rules: encodeWorking(draft) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, actor, { action: 'provision.created', entityType: ENTITY, entityId: row.id, organisationId, details: { title: draft.rules.title.nl, theme: draft.theme } });
    return row.id;
  });
}

export async function updateProvision(db: Db, actor: AuditActor, record: ProvisionRecord, draft: ProvisionDraft): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const changed = changedKeys(draft, record.working);
    // Until its first publication nobody sees a provision, so its theme column may follow the draft.
    const theme = record.version === 0 ? { theme: draft.theme } : {};
    await trx.updateTable('provisions').set({ rules: encodeWorking(draft), ...theme, updated_at: new Date() }).where('id', '=', record.id).execute();
    await recordAudit(trx, actor, { action: 'provision.updated', entityType: ENTITY, entityId: record.id, organisationId: record.organisation.id, details: { changed } });
  });
}

export type PublishResult = { kind: 'published'; version: number } | { kind: 'unchanged' } | { kind: 'coverage' };

/**
 * Freezes the working copy as the next version and makes it the public one: new provision_versions
 * row, provisions.version/status/theme, provision_municipalities replaced, audit entry; all or nothing.
 */
export async function publishProvision(db: Db, actor: AuditActor, provisionId: string): Promise<PublishResult> {
  return db.transaction().execute(async (trx) => {
    // Lock the row: two coordinators publishing at once get versions n+1 and n+2, never a clash.
    const row = await trx.selectFrom('provisions').select(['id', 'organisation_id', 'theme', 'status', 'version', 'rules']).where('id', '=', provisionId).forUpdate().executeTakeFirstOrThrow();
    const coverage = (await trx.selectFrom('provision_municipalities').select('municipality_code').where('provision_id', '=', row.id).execute()).map((r) => r.municipality_code);
    const working = decodeWorking(row.rules, row.theme, coverage);
    const current = row.version > 0 ? await trx.selectFrom('provision_versions').select('rules').where('provision_id', '=', row.id).where('version', '=', row.version).executeTakeFirst() : undefined;
    const previous = current ? { rules: RulesSchema.parse(typeof current.rules === 'string' ? JSON.parse(current.rules) : current.rules), theme: row.theme, municipalities: coverage } : null;
    const changed = changedKeys(working, previous);
    if (previous && changed.length === 0 && row.status === 'published') return { kind: 'unchanged' };

    // The organisation's own coverage may have shrunk since the draft was saved.
    let codes: string[] = [];
    if (working.municipalities) {
      const own = new Set((await trx.selectFrom('organisation_municipalities').select('municipality_code').where('organisation_id', '=', row.organisation_id).execute()).map((r) => r.municipality_code));
      codes = working.municipalities.filter((c) => own.has(c));
      if (codes.length === 0) return { kind: 'coverage' };
    }
    const latest = await trx.selectFrom('provision_versions').select(sql<number>`coalesce(max(version), 0)`.as('max')).where('provision_id', '=', row.id).executeTakeFirstOrThrow();
    const version = Math.max(Number(latest.max), row.version) + 1;
    await trx.insertInto('provision_versions').values({ provision_id: row.id, version, rules: JSON.stringify(working.rules), municipality_codes: codes, published_by: actor.userId }).execute();
    await trx.updateTable('provisions').set({ version, status: 'published', theme: working.theme, updated_at: new Date() }).where('id', '=', row.id).execute();
    await trx.deleteFrom('provision_municipalities').where('provision_id', '=', row.id).execute();
    if (codes.length > 0) await trx.insertInto('provision_municipalities').values(codes.map((code) => ({ provision_id: row.id, municipality_code: code }))).execute();
    await recordAudit(trx, actor, { action: 'provision.published', entityType: ENTITY, entityId: row.id, organisationId: row.organisation_id, details: { version, changed } });
    return { kind: 'published', version };
  });
}

/** Archiving takes a provision out of the public catalogue; restoring brings back its last published version (or its draft). */
export async function setArchived(db: Db, actor: AuditActor, record: ProvisionRecord, archived: boolean): Promise<boolean> {
  if (archived === (record.status === 'archived')) return false;
  const status = archived ? 'archived' : record.version > 0 ? 'published' : 'draft';
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('provisions').set({ status, updated_at: new Date() }).where('id', '=', record.id).execute();
    await recordAudit(trx, actor, { action: archived ? 'provision.archived' : 'provision.restored', entityType: ENTITY, entityId: record.id, organisationId: record.organisation.id, details: { version: record.version, status } });
  });
  return true;
}
