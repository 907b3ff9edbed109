import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NotFoundError } from '../../core/errors.ts';
import { sendPage, seeOther } from '../../core/http/context.ts';
import { pageContext } from '../../core/layout/Layout.tsx';
import type { FieldErrors } from '../../core/layout/forms.tsx';
import { can } from '../../core/auth/permissions.ts';
import { CaseUpdateError, MAX_MESSAGE } from '../applications/case-updates.ts';
import { canTransition } from '../applications/status.ts';
import { todayInAmsterdam } from '../wizard/today.ts';
import { budgetLines } from '../budgets/data.ts';
import { applicableLines, remainingCents } from '../budgets/rules.ts';
import { loadCaseDetail, type CaseDetail } from './case-data.ts';
import { caseWorkers, seesAll, type CaseRow } from './scope.ts';
import { ClosePage, DecidePage, DeliveryPage, InformationPage, VisitOutcomePage, VisitPlanPage, type BudgetChoice } from './action-views.tsx';
import { closeCase, grantItem, planVisit, recordDelivery, recordVisit, rejectItem, requestInformation } from './actions.ts';
import { parseDecision, reasonsOf } from './decide.ts';
import { parseDelivery } from './delivery.ts';
import { parseVisitOutcome, parseVisitPlan } from './visits.ts';
import { isRejectionReason } from './reasons.ts';
import { CASES } from './queue-view.tsx';
import { formValues, helpers, type WithCase, type WithItem, type WithVisit } from './route-helpers.ts';

/**
 * The case's forms: ask for information, plan a visit and record it, decide per request, record
 * the delivery, close. GET shows the form, POST checks it (messages next to the fields) and then
 * goes back to the case (post-redirect-get). A step the status machine refuses, because the case
 * changed meanwhile, is a notice on the case page, never an error page.
 */
export async function caseActionRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const h = helpers(app);
  const back = (reply: FastifyReply, row: CaseRow, notice: string) => seeOther(reply, `${CASES}/${row.id}?melding=${notice}`);
  const refused = (reply: FastifyReply, row: CaseRow, error: unknown) => {
    if (!(error instanceof CaseUpdateError)) throw error;
    if (error.problem === 'not_found') throw new NotFoundError();
    return back(reply, row, 'niet-mogelijk');
  };
  const body = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;

  async function detailFor(request: FastifyRequest, row: CaseRow, purpose: string): Promise<CaseDetail> {
    const detail = await loadCaseDetail(db, row);
    await h.recordRead(request, row, purpose);
    return detail;
  }

  function itemOf(detail: CaseDetail, itemId: string) {
    const item = detail.items.find((i) => i.id === itemId);
    if (!item) throw new NotFoundError();
    return item;
  }

  // ---------------------------------------------------------------- ask the family for information
  const information = `${CASES}/:caseId/informatie`;
  app.get<WithCase>(information, { config: { permission: 'cases.handle' } }, async (request, reply) => {
    const row = await h.loadCase(request);
    if (row.status !== 'open') return back(reply, row, 'niet-mogelijk');
    return sendPage(reply, <InformationPage ctx={pageContext(request, reply)} detail={await detailFor(request, row, 'information_request')} errors={{}} values={{}} />);
  });
  app.post<WithCase>(information, { config: { permission: 'cases.handle' } }, async (request, reply) => {
    const row = await h.loadCase(request);
    const values = formValues(request.body);
    const text = (values.bericht ?? '').replaceAll('\u0000', '').replace(/\r\n?/g, '\n').trim();
    const error = !text ? 'cases.information.required' : text.length > MAX_MESSAGE ? 'cases.information.tooLong' : null;
    if (error) return sendPage(reply, <InformationPage ctx={pageContext(request, reply)} detail={await detailFor(request, row, 'information_request')} errors={{ bericht: { key: error, vars: { max: MAX_MESSAGE } } }} values={values} />, 400);
    try {
      await requestInformation(db, h.who(request), row.id, text, h.links());
    } catch (e) {
      return refused(reply, row, e);
    }
    return back(reply, row, 'informatie');
  });

  // ---------------------------------------------------------------- plan a visit, record it
  const visit = `${CASES}/:caseId/afspraak`;
  const volunteersOf = (row: CaseRow) => caseWorkers(db, row.organisation_id);
  app.get<WithCase>(visit, { config: { permission: 'cases.handle' } }, async (request, reply) => {
    const row = await h.loadCase(request);
    if (row.status !== 'open') return back(reply, row, 'niet-mogelijk');
    return sendPage(reply, <VisitPlanPage ctx={pageContext(request, reply)} detail={await detailFor(request, row, 'visit')} errors={{}} values={{}} volunteers={await volunteersOf(row)} />);
  });
  app.post<WithCase>(visit, { config: { permission: 'cases.handle' } }, async (request, reply) => {
    const row = await h.loadCase(request);
    const volunteers = await volunteersOf(row);
    const parsed = parseVisitPlan(body(request), { volunteers: volunteers.map((v) => v.id), today: todayInAmsterdam() });
    if (!parsed.ok) return sendPage(reply, <VisitPlanPage ctx={pageContext(request, reply)} detail={await detailFor(request, row, 'visit')} errors={parsed.errors} values={formValues(request.body)} volunteers={volunteers} />, 400);
    try {
      await planVisit(db, h.who(request), row.id, parsed.plan, h.links());
    } catch (e) {
      return refused(reply, row, e);
    }
    return back(reply, row, 'afspraak');
  });

  /** The planned visit, for its volunteer, or for anyone who sees all the organisation's cases. */
  async function plannedVisit(request: FastifyRequest<WithVisit>, detail: CaseDetail) {
    const found = detail.visits.find((v) => v.id === request.params.visitId);
    if (!found || (!seesAll(request.staff!) && found.volunteerId !== request.staff!.id)) throw new NotFoundError();
    return found;
  }
  const outcome = `${CASES}/:caseId/afspraak/:visitId`;
  app.get<WithVisit>(outcome, { config: { permission: 'visits.record' } }, async (request, reply) => {
    const row = await h.loadCase(request);
    const detail = await detailFor(request, row, 'visit');
    const found = await plannedVisit(request, detail);
    if (found.status !== 'planned') return back(reply, row, 'niet-mogelijk');
    return sendPage(reply, <VisitOutcomePage ctx={pageContext(request, reply)} detail={detail} visit={found} errors={{}} values={{}} />);
  });
  app.post<WithVisit>(outcome, { config: { permission: 'visits.record' } }, async (request, reply) => {
    const row = await h.loadCase(request);
    const detail = await loadCaseDetail(db, row);
    const found = await plannedVisit(request, detail);
    const parsed = parseVisitOutcome(body(request));
    if (!parsed.ok) {
      await h.recordRead(request, row, 'visit');
      return sendPage(reply, <VisitOutcomePage ctx={pageContext(request, reply)} detail={detail} visit={found} errors={parsed.errors} values={formValues(request.body)} />, 400);
    }
    try {
      await recordVisit(db, h.who(request), row.id, found.id, parsed, h.links());
    } catch (e) {
      return refused(reply, row, e);
    }
    return back(reply, row, 'bezoek');
  });

  // ---------------------------------------------------------------- decide per request
  async function budgetChoices(row: CaseRow): Promise<BudgetChoice[]> {
    const year = Number(todayInAmsterdam().slice(0, 4));
    const lines = applicableLines(await budgetLines(db, row.organisation_id, year), year, row.municipality_code);
    return lines.map((l) => ({ id: l.id, label: [String(l.year), l.municipalityName, l.funder].filter(Boolean).join(' – '), remainingCents: remainingCents(l) }));
  }
  const decide = `${CASES}/:caseId/besluit/:itemId`;
  const decidable = (row: CaseRow, status: string) => row.status === 'open' && status !== 'awaiting_parent' && canTransition(status as never, 'granted');
  async function renderDecide(request: FastifyRequest<WithItem>, reply: FastifyReply, row: CaseRow, errors: FieldErrors, values: Record<string, string>, status = 200) {
    const detail = await detailFor(request, row, 'decision');
    const item = itemOf(detail, request.params.itemId);
    if (!decidable(row, item.status)) return back(reply, row, 'niet-mogelijk');
    return sendPage(reply, <DecidePage ctx={pageContext(request, reply)} detail={detail} item={item} errors={errors} values={values} reasons={detail.reasons} budgets={await budgetChoices(row)} />, status);
  }
  app.get<WithItem>(decide, { config: { permission: 'cases.decide' } }, async (request, reply) => renderDecide(request, reply, await h.loadCase(request), {}, {}));
  app.post<WithItem>(decide, { config: { permission: 'cases.decide' } }, async (request, reply) => {
    const row = await h.loadCase(request);
    const detail = await loadCaseDetail(db, row);
    const item = itemOf(detail, request.params.itemId);
    if (!decidable(row, item.status)) return back(reply, row, 'niet-mogelijk');
    const values = formValues(request.body);
    const budgets = await budgetChoices(row);
    const budget = budgets.find((b) => b.id === values.budget) ?? budgets[0] ?? null;
    const parsed = parseDecision(values, {
      requestedCents: item.requestedCents,
      maxCents: item.maxCents,
      remainingCents: budget?.remainingCents ?? null,
      mayOverride: can(request.staff!.role, 'cases.override'),
      reasons: detail.reasons,
      money: h.money(request),
    });
    if (!parsed.ok) return renderDecide(request, reply, row, parsed.errors, values, 400);
    const d = parsed.decision;
    try {
      if (d.kind === 'reject') await rejectItem(db, h.who(request), row.id, item.id, d.reason, d.note, h.links());
      else {
        const result = await grantItem(db, h.who(request), row.id, item.id, { ...d, budgetId: budget?.id ?? null }, h.links());
        if (result.kind === 'budget_changed') {
          const errors = { bedrag: { key: 'cases.decide.errors.budgetChanged', vars: { remaining: h.money(request)(result.remainingCents) } } };
          return renderDecide(request, reply, row, errors, values, 409);
        }
      }
    } catch (e) {
      return refused(reply, row, e);
    }
    return back(reply, row, 'besloten');
  });

  // ---------------------------------------------------------------- delivery: payment or goods
  const delivery = `${CASES}/:caseId/levering/:itemId`;
  async function renderDelivery(request: FastifyRequest<WithItem>, reply: FastifyReply, row: CaseRow, errors: FieldErrors, values: Record<string, string>, status = 200) {
    const detail = await detailFor(request, row, 'delivery');
    const item = itemOf(detail, request.params.itemId);
    if (item.status !== 'granted') return back(reply, row, 'niet-mogelijk');
    return sendPage(reply, <DeliveryPage ctx={pageContext(request, reply)} detail={detail} item={item} errors={errors} values={values} />, status);
  }
  app.get<WithItem>(delivery, { config: { permission: 'payments.record' } }, async (request, reply) => renderDelivery(request, reply, await h.loadCase(request), {}, {}));
  app.post<WithItem>(delivery, { config: { permission: 'payments.record' } }, async (request, reply) => {
    const row = await h.loadCase(request);
    const detail = await loadCaseDetail(db, row);
    const item = itemOf(detail, request.params.itemId);
    if (item.status !== 'granted' || item.grantedCents === null) return back(reply, row, 'niet-mogelijk');
    const values = formValues(request.body);
    const parsed = parseDelivery(values, item.grantedCents, todayInAmsterdam(), h.money(request));
    if (!parsed.ok) return renderDelivery(request, reply, row, parsed.errors, values, 400);
    try {
      await recordDelivery(db, h.who(request), row.id, item.id, parsed.delivery, h.links());
    } catch (e) {
      return refused(reply, row, e);
    }
    return back(reply, row, 'geleverd');
  });

  // ---------------------------------------------------------------- close
  const close = `${CASES}/:caseId/afsluiten`;
  async function renderClose(request: FastifyRequest<WithCase>, reply: FastifyReply, row: CaseRow, errors: FieldErrors, values: Record<string, string>, status = 200) {
    const detail = await detailFor(request, row, 'close');
    const blocked = detail.items.some((i) => i.status === 'granted');
    return sendPage(reply, <ClosePage ctx={pageContext(request, reply)} detail={detail} errors={errors} values={values} reasons={detail.reasons} blocked={blocked} />, status);
  }
  app.get<WithCase>(close, { config: { permission: 'cases.handle' } }, async (request, reply) => {
    const row = await h.loadCase(request);
    if (row.status !== 'open') return back(reply, row, 'niet-mogelijk');
    return renderClose(request, reply, row, {}, {});
  });
  app.post<WithCase>(close, { config: { permission: 'cases.handle' } }, async (request, reply) => {
    const row = await h.loadCase(request);
    const values = formValues(request.body);
    const reason = values.reden;
    const note = (values.toelichting ?? '').replaceAll('\u0000', '').trim();
    const errors: FieldErrors = {};
    const offered = reasonsOf((await db.selectFrom('organisations').select('rejection_reasons').where('id', '=', row.organisation_id).executeTakeFirstOrThrow()).rejection_reasons);
    if (!isRejectionReason(reason) || !offered.includes(reason)) errors.reden = { key: 'cases.decide.errors.reasonRequired' };
    else if (reason === 'other' && !note) errors.toelichting = { key: 'cases.decide.errors.otherNeedsNote' };
    if (note.length > 2000) errors.toelichting = { key: 'cases.decide.errors.noteTooLong', vars: { max: 2000 } };
    if (Object.keys(errors).length > 0) return renderClose(request, reply, row, errors, values, 400);
    let outcome;
    try {
      outcome = await closeCase(db, h.who(request), row.id, reason as never, note || null, h.links());
    } catch (e) {
      return refused(reply, row, e);
    }
    if (outcome === 'granted_open') return renderClose(request, reply, row, {}, values, 409);
    return back(reply, row, outcome === 'closed' ? 'afgesloten' : 'niet-mogelijk');
  });
}
