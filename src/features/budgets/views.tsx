import { CsrfField, Layout, type PageContext } from '../../core/layout/Layout.tsx';
import { ErrorSummary, Notice, SelectField, SubmitButton, TextField, type FieldErrors } from '../../core/layout/forms.tsx';
import { euros } from '../../core/money.ts';
import { formatDate } from '../../core/i18n/format.ts';
import { formatIban } from '../../core/validation/iban.ts';
import { Table } from '../admin/table.tsx';
import { remainingCents } from './rules.ts';
import type { BudgetLineView, PaymentRow } from './data.ts';

export const BUDGETS = '/beheer/budgetten';
export const PAYMENTS = '/beheer/betalingen';

interface BudgetsProps {
  ctx: PageContext;
  year: number;
  years: number[];
  lines: BudgetLineView[];
  unbudgeted: { committedCents: number; paidCents: number };
  manage: boolean;
  municipalities: Array<{ code: string; name: string }>;
  errors: FieldErrors;
  values: Record<string, string>;
  notice: string | null;
}

export function BudgetsPage({ ctx, year, years, lines, unbudgeted, manage, municipalities, errors, values, notice }: BudgetsProps) {
  const { t } = ctx;
  const money = (c: number) => euros(c, ctx.lang);
  const total = lines.reduce((s, l) => ({ a: s.a + l.allocatedCents, c: s.c + l.committedCents, p: s.p + l.paidCents }), { a: 0, c: 0, p: 0 });
  const rows = lines.map((l) => [
    [l.municipalityName ?? t('budgets.allMunicipalities'), l.funder].filter(Boolean).join(' – '),
    money(l.allocatedCents),
    money(l.committedCents),
    money(l.paidCents),
    remainingCents(l) < 0 ? <strong>{money(remainingCents(l))}</strong> : money(remainingCents(l)),
  ]);
  if (unbudgeted.committedCents > 0 || unbudgeted.paidCents > 0) rows.push([t('budgets.unbudgeted'), '–', money(unbudgeted.committedCents), money(unbudgeted.paidCents), '–']);
  if (lines.length > 0) rows.push([<strong>{t('budgets.total')}</strong>, money(total.a), money(total.c + unbudgeted.committedCents), money(total.p + unbudgeted.paidCents), money(total.a - total.c - total.p)]);
  return (
    <Layout ctx={ctx} title={t('budgets.title', { year })} hasErrors={Object.keys(errors).length > 0}>
      <h1 class="utrecht-heading-1">{t('budgets.title', { year })}</h1>
      <p class="utrecht-paragraph">{t('budgets.intro')}</p>
      {notice ? <Notice kind="ok">{t(`budgets.notices.${notice}`)}</Notice> : null}
      <nav aria-label={t('budgets.years')}>
        <ul class="utrecht-link-list kansrijk-actions">
          {years.map((y) => (
            <li class="utrecht-link-list__item" key={y}>
              <a class="utrecht-link" href={`${BUDGETS}?jaar=${y}`} aria-current={y === year ? 'page' : undefined}>{String(y)}</a>
            </li>
          ))}
        </ul>
      </nav>
      <Table
        label={t('budgets.title', { year })}
        empty={t('budgets.empty')}
        head={[t('budgets.line'), t('budgets.allocated'), t('budgets.committed'), t('budgets.paid'), t('budgets.remaining')]}
        rows={rows}
      />
      {manage ? (
        <>
          <h2 class="utrecht-heading-2">{t('budgets.formTitle')}</h2>
          <p class="utrecht-paragraph">{t('budgets.formIntro')}</p>
          <ErrorSummary errors={errors} t={t} />
          <form method="post" action={BUDGETS} novalidate class="kansrijk-form">
            <CsrfField token={ctx.csrfToken} />
            <TextField name="jaar" label={t('budgets.year')} t={t} errors={errors} value={values.jaar ?? String(year)} inputMode="numeric" maxLength={4} />
            <SelectField name="gemeente" label={t('budgets.municipality')} hint={t('budgets.municipalityHint')} t={t} errors={errors} value={values.gemeente ?? ''} emptyLabel={t('budgets.allMunicipalities')} options={municipalities.map((m) => ({ value: m.code, label: m.name }))} />
            <TextField name="financier" label={t('budgets.funder')} hint={t('budgets.funderHint')} t={t} errors={errors} value={values.financier ?? ''} maxLength={100} />
            <TextField name="bedrag" label={t('budgets.amount')} hint={t('budgets.amountHint')} t={t} errors={errors} value={values.bedrag ?? ''} inputMode="numeric" maxLength={16} />
            <SubmitButton>{t('budgets.save')}</SubmitButton>
          </form>
        </>
      ) : null}
    </Layout>
  );
}

export function PaymentsPage({ ctx, from, to, rows, errors, shownMax }: { ctx: PageContext; from: string; to: string; rows: PaymentRow[]; errors: FieldErrors; shownMax: number }) {
  const { t } = ctx;
  const money = (c: number) => euros(c, ctx.lang);
  const total = rows.reduce((s, r) => s + r.amountCents, 0);
  const valid = Object.keys(errors).length === 0;
  const query = new URLSearchParams({ van: from, tot: to });
  return (
    <Layout ctx={ctx} title={t('budgets.payments.title')} hasErrors={!valid}>
      <h1 class="utrecht-heading-1">{t('budgets.payments.title')}</h1>
      <p class="utrecht-paragraph">{t('budgets.payments.intro')}</p>
      <ErrorSummary errors={errors} t={t} />
      <form method="get" action={PAYMENTS} novalidate class="kansrijk-filters" aria-label={t('budgets.payments.period')}>
        <TextField name="van" type="date" label={t('budgets.payments.from')} t={t} errors={errors} value={from} />
        <TextField name="tot" type="date" label={t('budgets.payments.to')} t={t} errors={errors} value={to} />
        <button type="submit" class="utrecht-button utrecht-button--secondary-action">{t('budgets.payments.show')}</button>
      </form>
      {valid ? (
        <>
          <p class="utrecht-paragraph">
            <a class="utrecht-button-link utrecht-button-link--primary-action" href={`${PAYMENTS}/export?${query}`} download>{t('budgets.payments.download')}</a>
          </p>
          <p class="utrecht-paragraph" role="status">{t('budgets.payments.summary', { count: rows.length, total: money(total) })}</p>
          <Table
            label={t('budgets.payments.title')}
            empty={t('budgets.payments.empty')}
            head={[t('budgets.payments.date'), t('budgets.payments.payee'), t('budgets.payments.iban'), t('budgets.payments.amount'), t('budgets.payments.reference'), t('budgets.payments.case')]}
            rows={rows.slice(0, shownMax).map((r) => [formatDate(r.paidOn, ctx.lang), `${r.payeeName}${r.kind === 'goods' ? ` (${t('budgets.payments.goods')})` : ''}`, r.iban ? formatIban(r.iban) : '–', money(r.amountCents), r.paymentReference ?? '–', r.caseReference])}
          />
          {rows.length > shownMax ? <p class="utrecht-paragraph">{t('budgets.payments.more', { count: shownMax })}</p> : null}
        </>
      ) : null}
    </Layout>
  );
}
