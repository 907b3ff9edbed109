import type { FastifyRequest } from 'fastify';
import type { Db } from '../db/index.ts';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  /** The organisation the record belongs to, so that a coordinator can read their own organisation's log. */
  organisationId?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditActor {
  userId: string | null;
  email: string | null;
  ip: string | null;
}

export function actorOf(request: FastifyRequest): AuditActor {
  return {
    userId: request.staff?.id ?? request.sessionUserId ?? null,
    email: request.staff?.email ?? null,
    ip: request.ip,
  };
}

/** Appends one entry to the audit log. Pass a transaction to make the entry part of the change it records. */
export async function recordAudit(db: Db, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_user_id: actor.userId,
      actor_email: actor.email,
      organisation_id: entry.organisationId ?? null,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId ?? null,
      ip: actor.ip,
      details: JSON.stringify(entry.details ?? {}),
    })
    .execute();
}

/**
 * The one call every feature makes when staff look at personal data (a case, an applicant,
 * a child). It records who read what, when and from where; the fields list names what was shown.
 */
export async function recordPersonalDataRead(
  db: Db,
  request: FastifyRequest,
  read: { entityType: string; entityId: string; organisationId: string | null; fields?: string[]; purpose?: string },
): Promise<void> {
  await recordAudit(db, actorOf(request), {
    action: 'personal_data.read',
    entityType: read.entityType,
    entityId: read.entityId,
    organisationId: read.organisationId,
    details: { fields: read.fields ?? [], purpose: read.purpose ?? 'case_handling', path: request.url.split('?')[0] },
  });
}
