import type { FastifyInstance, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../core/errors.ts';
import { actorOf, recordPersonalDataRead } from '../../core/audit/audit.ts';
import { euros } from '../../core/money.ts';
import { caseFor, type CaseRow } from './scope.ts';
import type { LinkConfig, Who } from './actions.ts';

/** What every case route needs: the case within the staff member's reach (else 404), who acts, and where mailed links point. */
export type WithCase = { Params: { caseId: string } };
export type WithItem = { Params: { caseId: string; itemId: string } };
export type WithVisit = { Params: { caseId: string; visitId: string } };

export function helpers(app: FastifyInstance) {
  const { db } = app.deps.database;
  const { config } = app.deps;
  return {
    async loadCase(request: FastifyRequest<{ Params: { caseId: string } }>): Promise<CaseRow> {
      const row = await caseFor(db, request.staff!, request.params.caseId);
      if (!row) throw new NotFoundError();
      return row;
    },
    who(request: FastifyRequest): Who {
      return { userId: request.staff!.id, audit: actorOf(request), organisationId: request.staff!.organisationId };
    },
    links(): LinkConfig {
      return { linkSecret: config.sessionSecret, publicUrl: config.publicUrl };
    },
    /** Every page that shows a family's data records that this staff member saw it. */
    async recordRead(request: FastifyRequest, row: CaseRow, purpose: string): Promise<void> {
      await recordPersonalDataRead(db, request, {
        entityType: 'case',
        entityId: row.id,
        organisationId: row.organisation_id,
        fields: ['applicant', 'children', ...(row.address ? ['address'] : []), ...(row.household ? ['household'] : []), ...(row.income ? ['income'] : [])],
        purpose,
      });
    },
    money(request: FastifyRequest) {
      return (cents: number) => euros(cents, request.lang);
    },
  };
}

/** A posted form as string values (checkbox groups as their first value), for re-showing what was typed. */
export function formValues(body: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!body || typeof body !== 'object') return out;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (k === '_csrf') continue;
    const value = Array.isArray(v) ? v[0] : v;
    if (typeof value === 'string') out[k] = value.slice(0, 5000);
  }
  return out;
}
