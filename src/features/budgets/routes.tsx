import type { FastifyInstance } from 'fastify';
import { sendPage, seeOther } from '../../core/http/context.ts';
import { pageContext } from '../../core/layout/Layout.tsx';
import type { FieldErrors } from '../../core/layout/forms.tsx';
import { can } from '../../core/auth/permissions.ts';
import { actorOf, recordAudit } from '../../core/audit/audit.ts';
import { organisationMunicipalities } from '../admin/data.ts';
import { todayInAmsterdam } from '../wizard/today.ts';
import { addDays, parseDay } from '../cases/dates.ts';
import { budgetLines, paymentsInPeriod, saveBudgetLine, unbudgeted } from './data.ts';
import { parseBudgetLine } from './rules.ts';
import { csv, csvAmount } from './csv.ts';
import { BUDGETS, BudgetsPage, PAYMENTS, PaymentsPage } from './views.tsx';

/**
 * Budgets per organisation per year (allocated, committed, paid), and the payments of a period
 * for the finance department, on screen and as CSV. Always the staff member's own organisation.
 */
const SHOWN = 200;
const MAX_PERIOD_DAYS = 731;

function period(query: unknown, today: string): { from: string; to: string; errors: FieldErrors } {
  const q = (query ?? {}) as Record<string, unknown>;
  const errors: FieldErrors = {};
  const raw = (v: unknown) => (typeof v === 'string' ? v.trim().slice(0, 20) : '');
  const fromRaw = raw(q.van);
  const toRaw = raw(q.tot);
  const from = fromRaw ? parseDay(fromRaw) : `${today.slice(0, 7)}-01`;
  const to = toRaw ? parseDay(toRaw) : today;
  if (!from) errors.van = { key: 'budgets.payments.errors.date' };
  if (!to) errors.tot = { key: 'budgets.payments.errors.date' };
  if (from && to && from > to) errors.tot = { key: 'budgets.payments.errors.order' };
  else if (from && to && to > addDays(from, MAX_PERIOD_DAYS)) errors.tot = { key: 'budgets.payments.errors.tooLong' };
  return { from: from ?? fromRaw, to: to ?? toRaw, errors };
}

export async function budgetRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;

  async function render(request: Parameters<typeof pageContext>[0], reply: Parameters<typeof pageContext>[1], year: number, errors: FieldErrors, values: Record<string, string>, status = 200) {
    const staff = request.staff!;
    const thisYear = Number(todayInAmsterdam().slice(0, 4));
    const [lines, without, municipalities] = await Promise.all([budgetLines(db, staff.organisationId, year), unbudgeted(db, staff.organisationId, year), organisationMunicipalities(db, staff.organisationId)]);
    const notice = (request.query as Record<string, unknown>).melding === 'opgeslagen' ? 'saved' : null;
    const years = [thisYear + 1, thisYear, thisYear - 1, thisYear - 2];
    return sendPage(
      reply,
      <BudgetsPage
        ctx={pageContext(request, reply)}
        year={year}
        years={years}
        lines={lines}
        unbudgeted={without}
        manage={can(staff.role, 'budgets.manage')}
        municipalities={municipalities.map((m) => ({ code: m.code, name: m.common_name }))}
        errors={errors}
        values={values}
        notice={notice}
      />,
      status,
    );
  }

  app.get(BUDGETS, { config: { permission: 'budgets.read' } }, async (request, reply) => {
    const thisYear = Number(todayInAmsterdam().slice(0, 4));
    const wanted = Number((request.query as Record<string, unknown>).jaar);
    const year = Number.isInteger(wanted) && wanted >= thisYear - 10 && wanted <= thisYear + 2 ? wanted : thisYear;
    return render(request, reply, year, {}, {});
  });

  app.post(BUDGETS, { config: { permission: 'budgets.manage' } }, async (request, reply) => {
    const staff = request.staff!;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(Object.entries(body).filter(([k, v]) => k !== '_csrf' && typeof v === 'string')) as Record<string, string>;
    const thisYear = Number(todayInAmsterdam().slice(0, 4));
    const municipalities = (await organisationMunicipalities(db, staff.organisationId)).map((m) => m.code);
    const parsed = parseBudgetLine(body, { municipalities, thisYear });
    if (!parsed.ok) return render(request, reply, thisYear, parsed.errors, values, 400);
    const saved = await saveBudgetLine(db, actorOf(request), staff.organisationId, parsed.line);
    if (saved.kind === 'exists') return render(request, reply, parsed.line.year, { bedrag: { key: 'budgets.errors.busy' } }, values, 409);
    return seeOther(reply, `${BUDGETS}?jaar=${parsed.line.year}&melding=opgeslagen`);
  });

  app.get(PAYMENTS, { config: { permission: 'finance.export' } }, async (request, reply) => {
    const p = period(request.query, todayInAmsterdam());
    const valid = Object.keys(p.errors).length === 0;
    const rows = valid ? await paymentsInPeriod(db, request.staff!.organisationId, p.from, p.to, SHOWN + 1) : [];
    return sendPage(reply, <PaymentsPage ctx={pageContext(request, reply)} from={p.from} to={p.to} rows={rows} errors={p.errors} shownMax={SHOWN} />, valid ? 200 : 400);
  });

  app.get(`${PAYMENTS}/export`, { config: { permission: 'finance.export' } }, async (request, reply) => {
    const staff = request.staff!;
    const p = period(request.query, todayInAmsterdam());
    if (Object.keys(p.errors).length > 0) return seeOther(reply, `${PAYMENTS}?${new URLSearchParams({ van: p.from, tot: p.to })}`);
    const rows = await paymentsInPeriod(db, staff.organisationId, p.from, p.to);
    await recordAudit(db, actorOf(request), { action: 'payments.exported', entityType: 'organisation', entityId: staff.organisationId, organisationId: staff.organisationId, details: { from: p.from, to: p.to, rows: rows.length } });
    const t = request.t;
    const body = csv([
      [t('budgets.csv.date'), t('budgets.csv.kind'), t('budgets.csv.payee'), t('budgets.csv.iban'), t('budgets.csv.amount'), t('budgets.csv.reference'), t('budgets.csv.description'), t('budgets.csv.case'), t('budgets.csv.budget')],
      ...rows.map((r) => [r.paidOn, t(`budgets.csv.kinds.${r.kind}`), r.payeeName, r.iban, csvAmount(r.amountCents), r.paymentReference, r.description, r.caseReference, r.budget]),
    ]);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="betalingen-${p.from}-${p.to}.csv"`)
      .header('cache-control', 'private, no-store')
      .send(body);
  });
}
