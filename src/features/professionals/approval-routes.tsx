import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../core/errors.ts';
import { sendPage, seeOther } from '../../core/http/context.ts';
import { pageContext } from '../../core/layout/Layout.tsx';
import type { FieldErrors } from '../../core/layout/forms.tsx';
import { queueMail } from '../../core/mail/mailer.ts';
import { recordAudit, actorOf } from '../../core/audit/audit.ts';
import { SOURCE_LANG, translator } from '../../core/i18n/index.ts';
import type { ApprovalStatus } from '../../core/db/schema.ts';
import { professionalsForOrganisation } from './data.ts';
import { APPROVAL_DECISIONS, allowedDecisions, needsReason, statusAfter, type ApprovalDecision } from './registration.ts';
import { ApprovalsPage, ProfessionalPage } from './manage-views.tsx';

const BASE = '/beheer/intermediairs';
const FILTERS = ['pending', 'approved', 'rejected', 'suspended', 'all'] as const;
export const MAX_REASON = 1000;
type WithId = { Params: { professionalId: string } };

/**
 * A coordinator's side: the professionals put forward to their organisation, a decision on each
 * (approve, reject or suspend with a reason the professional gets by mail), and whether their
 * organisation asks for approval at all. Every decision concerns only the coordinator's own
 * organisation: an approval here gives no rights anywhere else.
 */
export async function approvalRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const { config } = app.deps;
  const cfg = { config: { permission: 'professionals.approve' as const } };

  app.get(BASE, cfg, async (request, reply) => {
    const staff = request.staff!;
    const raw = (request.query as Record<string, unknown>).toon;
    const filter = FILTERS.find((f) => f === raw) ?? 'pending';
    const rows = await professionalsForOrganisation(db, staff.organisationId, filter === 'all' ? null : filter);
    const org = await db.selectFrom('organisations').select('professional_approval').where('id', '=', staff.organisationId).executeTakeFirstOrThrow();
    const notice = (request.query as Record<string, unknown>).melding === 'instelling' ? 'setting' : null;
    return sendPage(reply, <ApprovalsPage ctx={pageContext(request, reply)} rows={rows} filter={filter} requiresApproval={org.professional_approval} notice={notice} errors={{}} />);
  });

  app.post(`${BASE}/instelling`, cfg, async (request, reply) => {
    const staff = request.staff!;
    const value = ((request.body ?? {}) as Record<string, unknown>).goedkeuring;
    if (value !== 'ja' && value !== 'nee') {
      const rows = await professionalsForOrganisation(db, staff.organisationId, 'pending');
      const org = await db.selectFrom('organisations').select('professional_approval').where('id', '=', staff.organisationId).executeTakeFirstOrThrow();
      return sendPage(reply, <ApprovalsPage ctx={pageContext(request, reply)} rows={rows} filter="pending" requiresApproval={org.professional_approval} notice={null} errors={{ goedkeuring: { key: 'professionals.manage.settingRequired' } }} />, 400);
    }
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('organisations').set({ professional_approval: value === 'ja', updated_at: new Date() }).where('id', '=', staff.organisationId).execute();
      await recordAudit(trx, actorOf(request), { action: 'organisation.professional_approval', entityType: 'organisation', entityId: staff.organisationId, organisationId: staff.organisationId, details: { required: value === 'ja' } });
    });
    return seeOther(reply, `${BASE}?melding=instelling`);
  });

  async function load(request: FastifyRequest<WithId>) {
    const [row] = await professionalsForOrganisation(db, request.staff!.organisationId, null, request.params.professionalId);
    if (!row) throw new NotFoundError();
    return row;
  }

  async function detail(request: FastifyRequest<WithId>, reply: FastifyReply, errors: FieldErrors, values: Record<string, unknown>, status = 200) {
    const row = await load(request);
    const raw = (request.query as Record<string, unknown>).melding;
    const notice = typeof raw === 'string' && ['approved', 'rejected', 'suspended'].includes(raw) ? (raw as 'approved' | 'rejected' | 'suspended') : null;
    return sendPage(reply, <ProfessionalPage ctx={pageContext(request, reply)} row={row} decisions={allowedDecisions(row.status)} errors={errors} values={values} notice={notice} />, status);
  }

  app.get<WithId>(`${BASE}/:professionalId`, cfg, (request, reply) => detail(request, reply, {}, {}));

  app.post<WithId>(`${BASE}/:professionalId`, cfg, async (request, reply) => {
    const staff = request.staff!;
    const row = await load(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const decision = APPROVAL_DECISIONS.find((d) => d === body.besluit) as ApprovalDecision | undefined;
    const reason = typeof body.reden === 'string' ? body.reden.replaceAll('\u0000', '').trim() : '';
    const errors: FieldErrors = {};
    if (!decision) errors.besluit = { key: 'professionals.manage.errors.decisionRequired' };
    else if (!allowedDecisions(row.status).includes(decision)) errors.besluit = { key: 'professionals.manage.errors.decisionNotAllowed' };
    else if (needsReason(decision) && !reason) errors.reden = { key: 'professionals.manage.errors.reasonRequired' };
    if (reason.length > MAX_REASON) errors.reden = { key: 'professionals.manage.errors.reasonTooLong' };
    if (Object.keys(errors).length > 0) return detail(request, reply, errors, body, 400);

    const next: ApprovalStatus = statusAfter(decision!);
    const t = translator(SOURCE_LANG);
    const changed = await db.transaction().execute(async (trx) => {
      // Only from the status the coordinator saw: two coordinators deciding at once do not both win.
      const updated = await trx
        .updateTable('professional_approvals')
        .set({ status: next, reason: needsReason(decision!) ? reason : null, decided_at: new Date(), decided_by: staff.id })
        .where('professional_id', '=', row.id)
        .where('organisation_id', '=', staff.organisationId)
        .where('status', '=', row.status)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) === 0) return false;
      const vars = { name: row.name, organisation: staff.organisationName, reason, link: `${config.publicUrl}/inloggen?terug=%2Fintermediair` };
      await queueMail(trx, { to: row.email, subject: t('professionals.mail.decisionSubject', vars), text: t(`professionals.mail.${next}`, vars) });
      await recordAudit(trx, actorOf(request), { action: `professional.${next}`, entityType: 'user', entityId: row.id, organisationId: staff.organisationId, details: { from: row.status } });
      return true;
    });
    if (!changed) return detail(request, reply, { besluit: { key: 'professionals.manage.errors.decisionNotAllowed' } }, body, 409);
    return seeOther(reply, `${BASE}/${row.id}?melding=${next}`);
  });
}
