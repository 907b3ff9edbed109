import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../core/errors.ts';
import { sendPage, seeOther } from '../../core/http/context.ts';
import { pageContext } from '../../core/layout/Layout.tsx';
import type { FieldErrors } from '../../core/layout/forms.tsx';
import { actorOf, recordAudit } from '../../core/audit/audit.ts';
import { isUuid } from '../applications/status-data.ts';
import { contentDisposition } from '../applications/uploads.ts';
import { CaseUpdateError } from '../applications/case-updates.ts';
import { organisationMunicipalities } from '../admin/data.ts';
import { parseQueueFilter } from './queue-filter.ts';
import { queuePage } from './queue-data.ts';
import { CASES, QueueView } from './queue-view.tsx';
import { caseWorkers, seesAll, type CaseRow } from './scope.ts';
import { loadCaseDetail } from './case-data.ts';
import { CASE_NOTICES, CasePage, type CaseNotice } from './case-view.tsx';
import { MAX_NOTE, addNote, assignCase, startItem } from './actions.ts';
import { helpers, type WithCase, type WithItem } from './route-helpers.ts';

/** The queue, the case page, and the small steps taken on the case page itself (assign, note, start). */
export async function caseRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const h = helpers(app);

  app.get(CASES, { config: { permission: 'cases.read' } }, async (request, reply) => {
    const staff = request.staff!;
    const filter = parseQueueFilter(request.query);
    const now = new Date();
    const [page, municipalities, workers] = await Promise.all([queuePage(db, staff, filter, now), organisationMunicipalities(db, staff.organisationId), caseWorkers(db, staff.organisationId)]);
    // The queue shows names: which cases were listed to whom is recorded, as for a case itself.
    if (page.rows.length > 0) {
      await recordAudit(db, actorOf(request), {
        action: 'personal_data.read',
        entityType: 'case_list',
        entityId: staff.organisationId,
        organisationId: staff.organisationId,
        details: { fields: ['applicant_name', 'child_first_name'], purpose: 'queue', caseIds: page.rows.map((r) => r.id) },
      });
    }
    return sendPage(
      reply,
      <QueueView ctx={pageContext(request, reply)} filter={filter} page={page} municipalities={municipalities.map((m) => ({ code: m.code, name: m.common_name }))} workers={workers} scoped={!seesAll(staff)} now={now} />,
    );
  });

  async function renderCase(request: FastifyRequest, reply: FastifyReply, row: CaseRow, view: { errors?: FieldErrors; values?: Record<string, string>; notice?: CaseNotice | null } = {}, status = 200) {
    const [detail, workers] = await Promise.all([loadCaseDetail(db, row), caseWorkers(db, row.organisation_id)]);
    await h.recordRead(request, row, 'case_handling');
    const melding = (request.query as Record<string, unknown> | undefined)?.melding;
    const notice = view.notice ?? (CASE_NOTICES.includes(melding as CaseNotice) ? (melding as CaseNotice) : null);
    return sendPage(reply, <CasePage ctx={pageContext(request, reply)} detail={detail} workers={workers} notice={notice} errors={view.errors ?? {}} values={view.values ?? {}} now={new Date()} />, status);
  }

  app.get<WithCase>(`${CASES}/:caseId`, { config: { permission: 'cases.read' } }, async (request, reply) => renderCase(request, reply, await h.loadCase(request)));

  app.post<WithCase>(`${CASES}/:caseId/toewijzen`, { config: { permission: 'cases.handle' } }, async (request, reply) => {
    const row = await h.loadCase(request);
    const wanted = (request.body as Record<string, unknown> | undefined)?.behandelaar;
    const workers = await caseWorkers(db, row.organisation_id);
    // Only a colleague of the same organisation, or nobody; anything else is ignored as if nothing was chosen.
    const userId = typeof wanted === 'string' && workers.some((w) => w.id === wanted) ? wanted : null;
    if (typeof wanted === 'string' && wanted !== '' && !userId) return seeOther(reply, `${CASES}/${row.id}?melding=niet-mogelijk`);
    await assignCase(db, h.who(request), row.id, userId);
    return seeOther(reply, `${CASES}/${row.id}?melding=toegewezen`);
  });

  app.post<WithCase>(`${CASES}/:caseId/notitie`, { config: { permission: 'cases.note' } }, async (request, reply) => {
    const row = await h.loadCase(request);
    const raw = (request.body as Record<string, unknown> | undefined)?.notitie;
    const text = (typeof raw === 'string' ? raw : '').replaceAll('\u0000', '').replace(/\r\n?/g, '\n');
    const body = text.trim();
    const error = body.length === 0 ? 'cases.case.noteRequired' : body.length > MAX_NOTE ? 'cases.case.noteTooLong' : null;
    if (error) return renderCase(request, reply, row, { errors: { notitie: { key: error, vars: { max: MAX_NOTE } } }, values: { notitie: text } }, 400);
    await addNote(db, h.who(request), row.id, body);
    return seeOther(reply, `${CASES}/${row.id}?melding=notitie#notities`);
  });

  app.post<WithItem>(`${CASES}/:caseId/start/:itemId`, { config: { permission: 'cases.handle' } }, async (request, reply) => {
    const row = await h.loadCase(request);
    if (!isUuid(request.params.itemId)) throw new NotFoundError();
    try {
      await startItem(db, h.who(request), row.id, request.params.itemId, h.links());
    } catch (error) {
      if (!(error instanceof CaseUpdateError)) throw error;
      if (error.problem === 'not_found') throw new NotFoundError();
      return seeOther(reply, `${CASES}/${row.id}?melding=niet-mogelijk`);
    }
    return seeOther(reply, `${CASES}/${row.id}?melding=gestart`);
  });

  app.get<{ Params: { caseId: string; documentId: string } }>(`${CASES}/:caseId/document/:documentId`, { config: { permission: 'cases.read' } }, async (request, reply) => {
    const row = await h.loadCase(request);
    if (!isUuid(request.params.documentId)) throw new NotFoundError();
    const doc = await db.selectFrom('case_documents').select(['id', 'file_name', 'content_type', 'content']).where('id', '=', request.params.documentId).where('case_id', '=', row.id).executeTakeFirst();
    if (!doc) throw new NotFoundError();
    await h.recordRead(request, row, `document:${doc.id}`);
    const content = Buffer.from(doc.content);
    return reply
      .header('content-type', doc.content_type)
      .header('content-disposition', contentDisposition(doc.file_name))
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .header('content-length', String(content.length))
      .send(content);
  });

}
